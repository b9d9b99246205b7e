"""Search and autocomplete over movies and people.

Typo-tolerant through trigrams (pg_trgm: "Intersteller" finds Interstellar), word-aware
through the weighted full-text vector on movies (title A, tagline B, overview C), and
accent-insensitive (both sides go through iwm_unaccent). Every condition is one the GIN
indexes `movies_title_trgm`, `people_name_trgm` and `movies_search_vector` serve.

Ranking, one scale for both kinds of hit:
    movie:  word_similarity(q, title) + 0.3 * similarity(q, title) + 0.5 * full-text rank
    person: word_similarity(q, name) + 0.1 * similarity(q, name) + 0.1 * prominence
word_similarity finds the query inside a longer title or name ("nolan" in "Christopher
Nolan"); the full similarity prefers the closer whole string ("The Godfather" over "The
Godfather Part II"); the full-text rank lets a plot word ("dreams") find a movie. For people
the whole-string similarity mostly rewards short names, so it weighs less and prominence
(how many credits, on a log scale saturating at 30) breaks near-ties: "nolan" gives
Christopher before Jonathan.
"""

from __future__ import annotations

import math

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity, TrigramWordSimilarity
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Ln

from iwm.db.lookups import like_pattern
from movies.models import Movie, MovieCredit, Person
from movies.models.catalog import SEARCH_CONFIG, unaccented

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
AUTOCOMPLETE_LIMIT = 10


def _unaccent_value(text: str) -> Func:
    return Func(Value(text), function="iwm_unaccent", output_field=TextField())


def _text_match(field_alias: str, query: str):
    """word_similarity (q <% name) or similarity (name % q), served by the trigram index."""
    needle = _unaccent_value(query)
    return Q(**{f"{field_alias}__trigram_word_similar": needle}) | Q(**{f"{field_alias}__trigram_similar": needle})


def _text_score(field_alias: str, query: str, *, whole_weight: float):
    needle = _unaccent_value(query)
    return TrigramWordSimilarity(needle, field_alias) + whole_weight * TrigramSimilarity(field_alias, needle)


def movie_hits(query: str) -> QuerySet:
    fulltext = SearchQuery(_unaccent_value(query), search_type="websearch", config=SEARCH_CONFIG)
    return (
        Movie.objects.annotate(name_u=unaccented("title"))
        .filter(_text_match("name_u", query) | Q(search_vector=fulltext))
        .annotate(
            score=_text_score("name_u", query, whole_weight=0.3)
            + 0.5 * SearchRank(F("search_vector"), fulltext, cover_density=True, normalization=32),
            popularity=Coalesce(F("imdb_rating"), Value(0), output_field=FloatField()),
            kind=Value("movie", output_field=TextField()),
            label=F("title"),
            detail=F("year"),
        )
        .values("kind", "id", "label", "detail", "score", "popularity")
    )


def person_hits(query: str) -> QuerySet:
    credit_count = (
        MovieCredit.objects.filter(person=OuterRef("pk")).order_by().values("person").annotate(n=Count("*")).values("n")
    )
    credits = Coalesce(Subquery(credit_count, output_field=FloatField()), Value(0.0))
    prominence = Least(Value(1.0), Ln(Value(1.0) + F("popularity")) / Value(math.log(30)))
    return (
        Person.objects.annotate(name_u=unaccented("name"))
        .filter(_text_match("name_u", query))
        .annotate(popularity=credits)
        .annotate(
            score=_text_score("name_u", query, whole_weight=0.1) + 0.1 * prominence,
            kind=Value("person", output_field=TextField()),
            label=F("name"),
            detail=Value(None, output_field=IntegerField()),
        )
        .values("kind", "id", "label", "detail", "score", "popularity")
    )


def search(query: str) -> QuerySet:
    """Movies and people matching `query`, best first, as one union (paginate it like any
    queryset). Rows: kind ('movie' | 'person'), id, label, detail (a movie's year), score."""
    return movie_hits(query).union(person_hits(query), all=True).order_by("-score", "-popularity", "kind", "id")


def _autocomplete(queryset: QuerySet, field: str, prefix: str, *, tie_breaks: list, fields: list[str], limit: int):
    """Rows whose `field` starts with the text first, then those containing it or close to it."""
    needle = _unaccent_value(prefix)

    def unaccented_pattern(pattern: str) -> Func:
        return Func(Value(pattern), function="iwm_unaccent", output_field=TextField())

    return list(
        queryset.annotate(name_u=unaccented(field))
        .filter(Q(name_u__ilike=unaccented_pattern(like_pattern(prefix))) | Q(name_u__trigram_word_similar=needle))
        .annotate(
            starts=Case(
                When(name_u__ilike=unaccented_pattern(like_pattern(prefix, prefix=True)), then=Value(1)),
                default=Value(0),
            ),
            closeness=Greatest(TrigramWordSimilarity(needle, "name_u"), TrigramSimilarity("name_u", needle)),
        )
        .order_by("-starts", "-closeness", *tie_breaks, "id")
        .values(*fields)[:limit]
    )


def movie_autocomplete(prefix: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict]:
    return _autocomplete(
        Movie.objects.all(),
        "title",
        prefix,
        tie_breaks=[F("imdb_rating").desc(nulls_last=True)],
        fields=["id", "title", "year"],
        limit=limit,
    )


def person_autocomplete(prefix: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict]:
    return _autocomplete(
        Person.objects.all(), "name", prefix, tie_breaks=["name"], fields=["id", "name", "known_for"], limit=limit
    )
