"""Ceremonies, their years, and a year's categories with every nominee."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from awards.models import Category, Ceremony, CeremonyYear, Nomination
from movies.models import Person

CEREMONY_FIELDS = (
    "id", "external_id", "name", "short_name", "description", "logo_url", "background_image_url",
    "current_year", "next_ceremony_date",
)  # fmt: skip
YEAR_SUMMARY_FIELDS = ("id", "ceremony_id", "external_id", "year", "label", "film_year", "date", "location", "hosted_by")


def ceremony_list() -> QuerySet[Ceremony]:
    """Every ceremony by name: a page costs a count and one query."""
    return Ceremony.objects.only(*CEREMONY_FIELDS).order_by("name", "id")


def ceremony_detail(ceremony_id: int) -> Ceremony:
    """One ceremony with its years, newest first: 2 queries."""
    years = CeremonyYear.objects.only(*YEAR_SUMMARY_FIELDS).order_by("-year")
    queryset = Ceremony.objects.only(*CEREMONY_FIELDS).prefetch_related(Prefetch("years", queryset=years))
    return get_object_or_404(queryset, pk=ceremony_id)


def nominations_prefetch() -> Prefetch:
    """A category's nominations, winners first, then in the ceremony's order; the catalog film
    and person joined and the credited people prefetched."""
    nominations = (
        Nomination.objects.select_related("movie", "person")
        .only(
            "id", "category_id", "external_id", "nominee_type", "nominee_name", "film_title", "details",
            "image_url", "is_winner", "movie__id", "movie__title", "movie__year", "person__id", "person__name",
            "person__image_url",
        )  # fmt: skip
        .prefetch_related(Prefetch("credited_people", queryset=Person.objects.only("id", "name").order_by("name")))
        .order_by("-is_winner", "id")
    )
    return Prefetch("nominations", queryset=nominations)


def ceremony_year_detail(ceremony_id: int, year: int) -> CeremonyYear:
    """One year of a ceremony with its categories and every nomination: 4 queries (the year with
    its ceremony, the categories, the nominations with film and person, the credited people),
    whatever the number of categories and nominees."""
    categories = Category.objects.only("id", "ceremony_year_id", "external_id", "name", "order_index", "allows_ties")
    queryset = CeremonyYear.objects.select_related("ceremony").prefetch_related(
        Prefetch("categories", queryset=categories.order_by("order_index", "id").prefetch_related(nominations_prefetch()))
    )
    return get_object_or_404(queryset, ceremony_id=ceremony_id, year=year)
