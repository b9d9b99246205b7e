"""Awards and festivals endpoints. Thin: call a selector, serialize."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from awards.selectors import ceremonies, festivals, profiles
from awards.serializers import (
    CeremonyDetailOutput,
    CeremonyOutput,
    CeremonyYearDetailOutput,
    EditionDetailOutput,
    FestivalDetailOutput,
    FestivalOutput,
    MovieAwardsOutput,
    PersonAwardsOutput,
)
from iwm.api.views import ApiView, ListApiView, PublicReadMixin


class CeremonyListApi(PublicReadMixin, ListApiView):
    """Award ceremonies (Oscars, Golden Globes, BAFTA...), by name."""

    serializer_class = CeremonyOutput
    filter_backends = []

    def get_queryset(self):
        return ceremonies.ceremony_list()


class CeremonyDetailApi(PublicReadMixin, ApiView):
    @extend_schema(responses=CeremonyDetailOutput, summary="A ceremony with its years")
    def get(self, request, ceremony_id: int):
        return Response(CeremonyDetailOutput(ceremonies.ceremony_detail(ceremony_id)).data)


class CeremonyYearDetailApi(PublicReadMixin, ApiView):
    @extend_schema(
        responses=CeremonyYearDetailOutput,
        summary="A ceremony's year: every category with its nominees, winners marked",
    )
    def get(self, request, ceremony_id: int, year: int):
        return Response(CeremonyYearDetailOutput(ceremonies.ceremony_year_detail(ceremony_id, year)).data)


class FestivalListApi(PublicReadMixin, ListApiView):
    """Film festivals (Cannes, Venice, Berlin, Sundance...), by name."""

    serializer_class = FestivalOutput
    filter_backends = []

    def get_queryset(self):
        return festivals.festival_list()


class FestivalDetailApi(PublicReadMixin, ApiView):
    @extend_schema(responses=FestivalDetailOutput, summary="A festival with its editions and their status")
    def get(self, request, festival_id: int):
        return Response(FestivalDetailOutput(festivals.festival_detail(festival_id)).data)


class EditionDetailApi(PublicReadMixin, ApiView):
    @extend_schema(responses=EditionDetailOutput, summary="A festival edition: its program and its prizes")
    def get(self, request, festival_id: int, year: int):
        return Response(EditionDetailOutput(festivals.edition_detail(festival_id, year)).data)


class MovieAwardsApi(PublicReadMixin, ApiView):
    @extend_schema(
        responses=MovieAwardsOutput,
        summary="A film's wins and nominations by ceremony and year, and its festival prizes",
    )
    def get(self, request, movie_id: int):
        return Response(MovieAwardsOutput(profiles.movie_awards(movie_id)).data)


class PersonAwardsApi(PublicReadMixin, ApiView):
    @extend_schema(
        responses=PersonAwardsOutput,
        summary="A person's wins and nominations by ceremony and year, and their festival prizes",
    )
    def get(self, request, person_id: int):
        return Response(PersonAwardsOutput(profiles.person_awards(person_id)).data)
