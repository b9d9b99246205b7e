"""Reads of the catalog, with everything the API shows already joined or prefetched."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from awards.selectors.profiles import award_counts_for_movies, award_counts_for_people

from movies.models import (
    Genre,
    Movie,
    MovieCredit,
    MovieStreamingOption,
    Person,
    Scene,
)

ROLE_ORDER = ["director", "writer", "actor", "producer", "composer", "cinematographer", "editor"]
# The columns the movie list outputs (MovieSummaryOutput): never the search vector or long text.
MOVIE_SUMMARY_COLUMNS = (
    "id", "external_id", "imdb_id", "title", "year", "release_date", "runtime", "rating", "language", "country",
    "status", "siddu_score", "imdb_rating", "rotten_tomatoes_score", "review_count", "poster_url",
)  # fmt: skip
PERSON_SUMMARY_COLUMNS = ("id", "external_id", "imdb_id", "name", "image_url", "birth_date", "known_for")


def genres_prefetch() -> Prefetch:
    return Prefetch("genres", queryset=Genre.objects.order_by("name"))


def movie_list() -> QuerySet[Movie]:
    """Movies for the catalog list, genres prefetched: a page costs a count and 2 queries.
    Filtering and ordering from the query string are movies.filters.MovieFilterSet's job."""
    return Movie.objects.only(*MOVIE_SUMMARY_COLUMNS).prefetch_related(genres_prefetch())


def movie_detail(movie_id: int) -> Movie:
    """One movie with genres, credits (people joined), scenes and streaming offers, and its
    award counts (`award_counts`, from the awards app): 7 queries."""
    queryset = Movie.objects.prefetch_related(
        genres_prefetch(),
        Prefetch(
            "credits",
            queryset=MovieCredit.objects.select_related("person").order_by("role", "billing_order", "id"),
        ),
        Prefetch("scenes", queryset=Scene.objects.order_by("id")),
        Prefetch(
            "streaming_options",
            queryset=MovieStreamingOption.objects.select_related("platform").order_by(
                "region", "type", "platform__name"
            ),
        ),
    )
    movie = get_object_or_404(queryset, pk=movie_id)
    movie.award_counts = award_counts_for_movies([movie.pk])[movie.pk]
    return movie


def group_by_role(credits) -> OrderedDict[str, list[MovieCredit]]:
    """Credits keyed by role (directors first, as ROLE_ORDER says), each list in the order
    the credits came in (the selectors order them: billing order, or release date)."""
    grouped: OrderedDict[str, list[MovieCredit]] = OrderedDict()
    for role in ROLE_ORDER:
        members = [credit for credit in credits if credit.role == role]
        if members:
            grouped[role] = members
    return grouped


def group_offers_by_region(options) -> OrderedDict[str, list[MovieStreamingOption]]:
    grouped: OrderedDict[str, list[MovieStreamingOption]] = OrderedDict()
    for option in sorted(options, key=lambda o: (o.region, o.type, o.platform.name)):
        grouped.setdefault(option.region, []).append(option)
    return grouped


def watch_options(movie_id: int, region: str | None = None) -> tuple[Movie, list[MovieStreamingOption]]:
    """Where to watch one movie, optionally in one region: 2 queries."""
    movie = get_object_or_404(Movie.objects.only("id", "title", "year"), pk=movie_id)
    options = MovieStreamingOption.objects.filter(movie_id=movie_id).select_related("platform")
    if region:
        options = options.filter(region=region)
    return movie, list(options.order_by("region", "type", "price", "platform__name"))


def person_list() -> QuerySet[Person]:
    """People by name, case and accents aside ("Céline Sciamma" among the Cs): the stored
    `name_sort` key and its (name_sort, id) index."""
    return Person.objects.only(*PERSON_SUMMARY_COLUMNS).order_by("name_sort", "id")


def person_detail(person_id: int) -> Person:
    """A person with their filmography (credits with the movie joined) and their award counts
    (`award_counts`, from the awards app): 4 queries."""
    queryset = Person.objects.prefetch_related(
        Prefetch(
            "credits",
            queryset=MovieCredit.objects.select_related("movie").order_by(
                F("movie__release_date").desc(nulls_last=True), "movie_id", "role"
            ),
        )
    )
    person = get_object_or_404(queryset, pk=person_id)
    person.award_counts = award_counts_for_people([person.pk])[person.pk]
    return person

