"""Catalog endpoints. Thin: parse the query, call a selector, serialize."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

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


def _params(serializer_class, request):
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class PublicReadApi:
    permission_classes = [permissions.AllowAny]


class MovieListApi(PublicReadApi, generics.ListAPIView):
    """The catalog, filtered and ordered."""

    serializer_class = MovieSummaryOutput
    filterset_class = MovieFilterSet

    def get_queryset(self):
        return catalog.movie_list()


class MovieDetailApi(PublicReadApi, APIView):
    @extend_schema(responses=MovieDetailOutput, summary="A movie with genres, credits, scenes and offers")
    def get(self, request, movie_id: int):
        return Response(MovieDetailOutput(catalog.movie_detail(movie_id)).data)


class MovieSimilarApi(PublicReadApi, APIView):
    @extend_schema(parameters=[SimilarParams], responses=SimilarOutput, summary="Movies like this one")
    def get(self, request, movie_id: int):
        limit = _params(SimilarParams, request)["limit"]
        movie = get_object_or_404(Movie.objects.only("id"), pk=movie_id)
        method, movies = similar.similar_movies(movie, limit=limit)
        return Response(SimilarOutput({"method": method, "results": movies}).data)


class MovieWatchApi(PublicReadApi, APIView):
    @extend_schema(parameters=[WatchParams], responses=WatchOutput, summary="Where to watch, by region")
    def get(self, request, movie_id: int):
        region = _params(WatchParams, request).get("region")
        movie, options = catalog.watch_options(movie_id, region)
        grouped = catalog.group_offers_by_region(options)
        return Response(
            WatchOutput({"movie_id": movie.pk, "title": movie.title, "region": region, "regions": grouped}).data
        )


class MovieAutocompleteApi(PublicReadApi, APIView):
    @extend_schema(parameters=[SearchParams], responses=MovieAutocompleteOutput(many=True), summary="Title suggestions")
    def get(self, request):
        query = _params(SearchParams, request)["q"]
        return Response(MovieAutocompleteOutput(search.movie_autocomplete(query), many=True).data)


class PersonAutocompleteApi(PublicReadApi, APIView):
    @extend_schema(parameters=[SearchParams], responses=PersonAutocompleteOutput(many=True), summary="Name suggestions")
    def get(self, request):
        query = _params(SearchParams, request)["q"]
        return Response(PersonAutocompleteOutput(search.person_autocomplete(query), many=True).data)


class SearchApi(PublicReadApi, generics.ListAPIView):
    """Movies and people in one ranked list; each hit says its `type`."""

    serializer_class = SearchHitOutput
    filter_backends = []

    @extend_schema(parameters=[SearchParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return search.search(_params(SearchParams, self.request)["q"])


class PersonListApi(PublicReadApi, generics.ListAPIView):
    serializer_class = PersonSummaryOutput
    filterset_class = PersonFilterSet

    def get_queryset(self):
        return catalog.person_list()


class PersonDetailApi(PublicReadApi, APIView):
    @extend_schema(responses=PersonDetailOutput, summary="A person with their filmography by role")
    def get(self, request, person_id: int):
        return Response(PersonDetailOutput(catalog.person_detail(person_id)).data)


class TheaterListApi(PublicReadApi, generics.ListAPIView):
    """Theaters, nearest first when `near` is given, each with today's showtimes (local time)."""

    serializer_class = TheaterOutput
    filter_backends = []

    @extend_schema(parameters=[TheaterParams])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = _params(TheaterParams, self.request)
        if params.get("near"):
            latitude, longitude = params["near"]
            return theaters.theaters_near(latitude, longitude, params["radius_km"])
        return theaters.theater_list()
