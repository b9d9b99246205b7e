"""Catalog endpoints. Thin: parse the query, call a selector, serialize."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from iwm.api.views import ApiView, ListApiView, PublicReadMixin

from movies.filters import MovieFilterSet, PersonFilterSet
from movies.models import Movie, Theater
from movies.selectors import catalog, discovery, search, similar, theaters
from movies.serializers import (
    CodeCountOutput,
    GenreListOutput,
    MovieAutocompleteOutput,
    MovieShowtimesParams,
    MovieDetailOutput,
    MovieSummaryOutput,
    PersonAutocompleteOutput,
    PersonDetailOutput,
    PersonSummaryOutput,
    PlatformListOutput,
    PlatformParams,
    SearchHitOutput,
    SearchParams,
    SimilarOutput,
    SimilarParams,
    ShowtimeDateParams,
    TheaterDetailOutput,
    TheaterOutput,
    TheaterParams,
    TheaterShowingOutput,
    WatchOutput,
    WatchParams,
)


def building_schema(view) -> bool:
    """True while drf-spectacular introspects the view: get_queryset() must not touch the
    database then (the schema is built at import time by the fuzz tests, before the test
    database exists, and a query there would bind the connection pool to the wrong database)."""
    return getattr(view, "swagger_fake_view", False)


class MovieListApi(PublicReadMixin, ListApiView):
    """The catalog, filtered and ordered."""

    serializer_class = MovieSummaryOutput
    filterset_class = MovieFilterSet

    def get_queryset(self):
        return catalog.movie_list()


class MovieDetailApi(PublicReadMixin, ApiView):
    @extend_schema(responses=MovieDetailOutput, summary="A movie with genres, credits, scenes and offers")
    def get(self, request, movie_id: int):
        return Response(MovieDetailOutput(catalog.movie_detail(movie_id)).data)


class MovieSimilarApi(PublicReadMixin, ApiView):
    params_class = SimilarParams

    @extend_schema(responses=SimilarOutput, summary="Movies like this one")
    def get(self, request, movie_id: int):
        limit = self.query_params()["limit"]
        movie = get_object_or_404(Movie.objects.only("id"), pk=movie_id)
        method, movies = similar.similar_movies(movie, limit=limit)
        return Response(SimilarOutput({"method": method, "results": movies}).data)


class MovieWatchApi(PublicReadMixin, ApiView):
    params_class = WatchParams

    @extend_schema(responses=WatchOutput, summary="Where to watch, by region")
    def get(self, request, movie_id: int):
        region = self.query_params().get("region")
        movie, options = catalog.watch_options(movie_id, region)
        grouped = catalog.group_offers_by_region(options)
        return Response(
            WatchOutput({"movie_id": movie.pk, "title": movie.title, "region": region, "regions": grouped}).data
        )


class MovieAutocompleteApi(PublicReadMixin, ApiView):
    params_class = SearchParams

    @extend_schema(responses=MovieAutocompleteOutput(many=True), summary="Title suggestions")
    def get(self, request):
        query = self.query_params()["q"]
        return Response(MovieAutocompleteOutput(search.movie_autocomplete(query), many=True).data)


class PersonAutocompleteApi(PublicReadMixin, ApiView):
    params_class = SearchParams

    @extend_schema(responses=PersonAutocompleteOutput(many=True), summary="Name suggestions")
    def get(self, request):
        query = self.query_params()["q"]
        return Response(PersonAutocompleteOutput(search.person_autocomplete(query), many=True).data)


class SearchApi(PublicReadMixin, ListApiView):
    """Movies and people in one ranked list; each hit says its `type`."""

    serializer_class = SearchHitOutput
    filter_backends = []
    params_class = SearchParams

    def get_queryset(self):
        return search.search(self.query_params()["q"])


class PersonListApi(PublicReadMixin, ListApiView):
    """People in the catalog, by name."""

    serializer_class = PersonSummaryOutput
    filterset_class = PersonFilterSet

    def get_queryset(self):
        return catalog.person_list()


class PersonDetailApi(PublicReadMixin, ApiView):
    @extend_schema(responses=PersonDetailOutput, summary="A person with their filmography by role")
    def get(self, request, person_id: int):
        return Response(PersonDetailOutput(catalog.person_detail(person_id)).data)


class TheaterListApi(PublicReadMixin, ListApiView):
    """Theaters, nearest first when `near` is given, each with today's showtimes not yet started."""

    serializer_class = TheaterOutput
    filter_backends = []
    params_class = TheaterParams

    def get_queryset(self):
        params = self.query_params()
        if params.get("near"):
            latitude, longitude = params["near"]
            return theaters.theaters_near(latitude, longitude, params["radius_km"])
        return theaters.theater_list()


class TheaterDetailApi(PublicReadMixin, ApiView):
    params_class = ShowtimeDateParams

    @extend_schema(responses=TheaterDetailOutput, summary="A theater with its showtimes on a date (its local today)")
    def get(self, request, theater_id: int):
        theater, listed = theaters.theater_with_showtimes(theater_id, self.query_params().get("date"))
        theater.date = listed
        return Response(TheaterDetailOutput(theater).data)


class MovieShowtimesApi(PublicReadMixin, ListApiView):
    """Theaters showing this movie on a date, nearest first when `near` is given, with the showings."""

    serializer_class = TheaterShowingOutput
    filter_backends = []
    params_class = MovieShowtimesParams

    def get_queryset(self):
        if building_schema(self):
            return Theater.objects.none()
        params = self.query_params()
        get_object_or_404(Movie.objects.only("id"), pk=self.kwargs["movie_id"])
        return theaters.theaters_showing(
            self.kwargs["movie_id"], near=params.get("near"), radius_km=params["radius_km"], on_date=params.get("date")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "date": self.query_params().get("date")}


# --- discovery: the values the filters take -------------------------------------------------------


class GenreListApi(PublicReadMixin, ListApiView):
    """Genres, with how many movies each has (the values of /movies/?genre=)."""

    serializer_class = GenreListOutput
    filter_backends = []

    def get_queryset(self):
        return discovery.genre_list()


class PlatformListApi(PublicReadMixin, ListApiView):
    """Streaming platforms and the regions each has offers in (the values of ?watch_platforms=)."""

    serializer_class = PlatformListOutput
    filter_backends = []
    params_class = PlatformParams

    def get_queryset(self):
        return discovery.platform_list(region=self.query_params().get("region"))


class RegionListApi(PublicReadMixin, ListApiView):
    """Regions with streaming offers tracked, and how many movies each has (the values of ?watch_region=)."""

    serializer_class = CodeCountOutput
    filter_backends = []

    def get_queryset(self):
        return [] if building_schema(self) else discovery.region_list()


class LanguageListApi(PublicReadMixin, ListApiView):
    """Original languages of the catalog's movies, with counts (the values of ?language=)."""

    serializer_class = CodeCountOutput
    filter_backends = []

    def get_queryset(self):
        return [] if building_schema(self) else discovery.language_list()


class CountryListApi(PublicReadMixin, ListApiView):
    """Production countries of the catalog's movies, with counts (the values of ?country=)."""

    serializer_class = CodeCountOutput
    filter_backends = []

    def get_queryset(self):
        return [] if building_schema(self) else discovery.country_list()
