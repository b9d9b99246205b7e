"""The catalog's vocabularies, for clients to discover the values the filters take: genres,
streaming platforms (with the regions each serves), regions, languages and countries, each
with how many movies it has. Every list is one query."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from movies import codes
from movies.choices import Region
from movies.models import Genre, Movie, MovieStreamingOption, StreamingPlatform


def genre_list() -> QuerySet[Genre]:
    """Genres by name, each with `movie_count`."""
    return Genre.objects.annotate(movie_count=Count("movie_genres")).order_by("name", "id")


def platform_list(*, region: str | None = None) -> QuerySet[StreamingPlatform]:
    """Platforms by name, each with `regions`: the region codes where it has offers.

    The regions come from the offers without a query per platform and without reading every
    offer: for each platform, one probe per tracked region of the (platform, region, movie)
    index (`EXISTS`), ~45 index probes per platform however many offers it has.
    """
    regions = RawSQL(
        "ARRAY(SELECT r.code FROM unnest(%s::text[]) AS r(code) WHERE EXISTS ("
        "SELECT 1 FROM movie_streaming_options o "
        'WHERE o.platform_id = "streaming_platforms"."id" AND o.region = r.code) ORDER BY r.code)',
        (sorted(Region.values),),
        output_field=ArrayField(CharField()),
    )
    platforms = StreamingPlatform.objects.annotate(regions=regions).order_by("name", "id")
    if region:
        platforms = platforms.filter(
            Exists(MovieStreamingOption.objects.filter(platform=OuterRef("pk"), region=region))
        )
    return platforms.only("id", "slug", "name", "logo_url", "website_url")


REGION_MOVIE_COUNTS = """
    SELECT r.code, (SELECT count(DISTINCT o.movie_id) FROM movie_streaming_options o WHERE o.region = r.code)
    FROM unnest(%s::text[]) AS r(code)
"""


def region_list() -> list[dict]:
    """Every region the platform tracks (by name), with how many movies are offered there.

    One count per region, each an index-only scan of (region, movie) in movie_id order: at
    100,000 offers that is ~10x cheaper than one GROUP BY over the table, which has to hash
    or sort every (region, movie) pair to count the distinct movies."""
    with connection.cursor() as cursor:
        cursor.execute(REGION_MOVIE_COUNTS, [list(Region.values)])
        counts = dict(cursor.fetchall())
    rows = [{"code": code, "name": name, "movie_count": counts.get(code, 0)} for code, name in Region.choices]
    return sorted(rows, key=lambda row: row["name"])


def _code_counts(column: str, name_of) -> list[dict]:
    counts = (
        Movie.objects.exclude(**{column: ""})
        .order_by()
        .values(column)
        .annotate(movies=Count("id"))
        .values_list(column, "movies")
    )
    rows = [{"code": code, "name": name_of(code), "movie_count": count} for code, count in counts]
    return sorted(rows, key=lambda row: (row["name"], row["code"]))


def language_list() -> list[dict]:
    """The original languages of the catalog's movies (ISO 639-1), by English name, with counts."""
    return _code_counts("language", codes.language_name)


def country_list() -> list[dict]:
    """The main production countries of the catalog's movies (ISO 3166-1), by name, with counts."""
    return _code_counts("country", codes.country_name)
