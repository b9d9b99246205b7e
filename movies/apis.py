"""Catalog endpoints. Thin: parse the query, call a selector, serialize."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from iwm.api.views import ApiView, ListApiView, PublicReadMixin

from movies.filters import MovieFilterSet, PersonFilterSet
from movies.models import Movie
from movies.selectors import catalog, search, similar, theaters
from movies.serializers import (
    MovieAutocompleteOutput,
    MovieDetailOutput,
    MovieSummaryOutput,
    PersonAutocompleteOutput,
    PersonDetailOutput,
    PersonSummaryOutput,
    SearchHitOutput,
    SearchParams,
    SimilarOutput,
    SimilarParams,
    TheaterOutput,
    TheaterParams,
    WatchOutput,
    WatchParams,
)


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
    """Theaters, nearest first when `near` is given, each with today's showtimes (local time)."""

    serializer_class = TheaterOutput
    filter_backends = []
    params_class = TheaterParams

    def get_queryset(self):
        params = self.query_params()
        if params.get("near"):
            latitude, longitude = params["near"]
            return theaters.theaters_near(latitude, longitude, params["radius_km"])
        return theaters.theater_list()
