"""Query-string filters of the catalog lists (django-filter): parsing and validation of the
input, each filter one indexed condition."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef

from iwm.api.filters import DecimalFilter, IntegerFilter
from movies.choices import Department, MovieStatus, Region
from movies.models import Genre, Movie, MovieStreamingOption, Person

# `?ordering=` values and what each means. Scores sort with missing values last in both
# directions; every ordering ends on id so that pages never overlap.
MOVIE_ORDERINGS = {
    "release_date": [F("release_date").asc(nulls_last=True), "id"],
    "-release_date": [F("release_date").desc(nulls_last=True), "id"],
    "siddu_score": [F("siddu_score").asc(nulls_last=True), "id"],
    "-siddu_score": [F("siddu_score").desc(nulls_last=True), "id"],
    "title": ["title", "id"],
    "-title": ["-title", "id"],
}
DEFAULT_MOVIE_ORDERING = "-release_date"


class YearFilter(IntegerFilter):
    """A whole year (the column is a smallint: 2014.5 or 99999 are input errors, not filters)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1800)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """A comma-separated list: ?watch_platforms=netflix,mubi"""


class MovieFilterSet(django_filters.FilterSet):
    genre = django_filters.CharFilter(method="filter_genre", help_text="Genre slug, e.g. science-fiction.")
    year_min = YearFilter(field_name="year", lookup_expr="gte", help_text="Released in or after.")
    year_max = YearFilter(field_name="year", lookup_expr="lte", help_text="Released in or before.")
    language = django_filters.CharFilter(field_name="language", help_text="ISO 639-1 code, e.g. ja.")
    country = django_filters.CharFilter(field_name="country", help_text="ISO 3166-1 code, e.g. KR.")
    status = django_filters.ChoiceFilter(field_name="status", choices=MovieStatus.choices)
    min_siddu_score = DecimalFilter(
        field_name="siddu_score", lookup_expr="gte", min_value=0, max_value=10, help_text="0 to 10."
    )
    watch_region = django_filters.ChoiceFilter(
        choices=Region.choices, method="filter_noop", help_text="Only movies offered in this region."
    )
    watch_platforms = CharInFilter(
        method="filter_noop", help_text="Comma-separated platform slugs: only movies on one of them."
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in MOVIE_ORDERINGS],
        method="filter_noop",
        empty_label=None,
        help_text=f"Sort order; default {DEFAULT_MOVIE_ORDERING}.",
    )

    class Meta:
        model = Movie
        fields = []

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_genre(self, queryset, name, value):
        return queryset.filter(Exists(Genre.objects.filter(slug=value, movie_genres__movie=OuterRef("pk"))))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        region = self.form.cleaned_data.get("watch_region")
        platforms = [slug for slug in (self.form.cleaned_data.get("watch_platforms") or []) if slug]
        if region or platforms:
            offers = MovieStreamingOption.objects.filter(movie=OuterRef("pk"))
            if region:
                offers = offers.filter(region=region)
            if platforms:
                offers = offers.filter(platform__slug__in=platforms)
            queryset = queryset.filter(Exists(offers))
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_MOVIE_ORDERING
        return queryset.order_by(*MOVIE_ORDERINGS[ordering])


class PersonFilterSet(django_filters.FilterSet):
    known_for = django_filters.ChoiceFilter(field_name="known_for", choices=Department.choices)

    class Meta:
        model = Person
        fields = []
