"""Query-string filters of the catalog lists (django-filter): parsing and validation of the
input, each filter one indexed condition.

Values are strict like the parameter names: an unknown genre or platform slug, region,
language or country code, content rating or person id is a 400 that names it (and, where
there is one, the endpoint that lists the valid values), never an empty page. Codes are
case-insensitive (movies.codes).
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from rest_framework.exceptions import ValidationError

from iwm.api.filters import INTEGER, ChoiceFilter, DecimalFilter, IntegerFilter
from movies import codes
from movies.choices import ContentRating, Department, MovieStatus
from movies.models import Genre, Movie, MovieCredit, MovieGenre, MovieStreamingOption, Person, StreamingPlatform
from movies.models.catalog import IMDB_NAME_ID, IMDB_TITLE_ID

# `?ordering=` values and what each means. Every ordering ends on id so that pages never overlap.
MOVIE_ORDERINGS = {
    "release_date": [F("release_date").asc(nulls_last=True), "id"],
    "-release_date": [F("release_date").desc(nulls_last=True), "id"],
    "siddu_score": [F("siddu_score").asc(nulls_last=True), "id"],
    "-siddu_score": [F("siddu_score").desc(nulls_last=True), "id"],
    "imdb_rating": [F("imdb_rating").asc(nulls_last=True), "id"],
    "-imdb_rating": [F("imdb_rating").desc(nulls_last=True), "id"],
    # The exact reverse of -popularity, so one index serves both.
    "popularity": [F("review_count").asc(), F("imdb_rating").asc(nulls_first=True), F("id").desc()],
    "-popularity": [F("review_count").desc(), F("imdb_rating").desc(nulls_last=True), "id"],
    "title": ["title_sort", "id"],
    "-title": ["-title_sort", "-id"],
}
DEFAULT_MOVIE_ORDERING = "-release_date"
ORDERING_HELP = (
    f"Sort order; default {DEFAULT_MOVIE_ORDERING} (newest first). A leading '-' reverses. Films without a "
    "release date, and scores (siddu_score, imdb_rating) that are missing, come last either way. "
    "`-popularity`: most reviewed first (review_count), then by IMDb rating (missing last), then id; "
    "`popularity` is its exact reverse. `title`: case, accents and a leading The/A/An ignored."
)
MAX_LIST_ITEMS = 10


def _items(value: str, separator: str) -> list[str]:
    return [item.strip() for item in value.split(separator) if item.strip()]


class CodeField(forms.CharField):
    """A country, language or region code through one of movies.codes' readers."""

    def __init__(self, *, read, **kwargs):
        self.read = read
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return self.read(value)
        except codes.UnknownValue as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class CodeFilter(django_filters.CharFilter):
    field_class = CodeField


class ContentRatingField(forms.CharField):
    """`pg-13,R`: any of these content ratings (case-insensitive)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        by_upper = {rating.upper(): rating for rating in ContentRating.values}
        ratings = _items(value, ",")
        wrong = [rating for rating in ratings if rating.upper() not in by_upper]
        if wrong:
            raise forms.ValidationError(
                str(codes.unknown("content rating", wrong, accepted=ContentRating.values)), code="invalid"
            )
        return [by_upper[rating.upper()] for rating in ratings]


class ContentRatingFilter(django_filters.CharFilter):
    field_class = ContentRatingField

    def filter(self, queryset, value):
        return queryset.filter(rating__in=value) if value else queryset


class GenreExpressionField(forms.CharField):
    """`drama,crime` (all of them) or `drama|crime` (any of them) -> (mode, slugs)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if "," in value and "|" in value:
            raise forms.ValidationError(
                "Use commas for all of the genres (drama,crime) or bars for any of them (drama|crime), not both.",
                code="invalid",
            )
        mode, separator = ("any", "|") if "|" in value else ("all", ",")
        slugs = list(dict.fromkeys(_items(value, separator)))
        if len(slugs) > MAX_LIST_ITEMS:
            raise forms.ValidationError(f"At most {MAX_LIST_ITEMS} genres.", code="invalid")
        return (mode, slugs) if slugs else None


class GenreFilter(django_filters.CharFilter):
    field_class = GenreExpressionField

    def filter(self, queryset, value):
        if not value:
            return queryset
        mode, slugs = value
        ids = dict(Genre.objects.filter(slug__in=slugs).values_list("slug", "id"))
        missing = [slug for slug in slugs if slug not in ids]
        if missing:
            raise ValidationError({self.field_name: [str(codes.unknown("genre", missing, "genre-list"))]})
        if mode == "any":
            return queryset.filter(
                Exists(MovieGenre.objects.filter(movie=OuterRef("pk"), genre_id__in=list(ids.values())))
            )
        for genre_id in ids.values():
            queryset = queryset.filter(Exists(MovieGenre.objects.filter(movie=OuterRef("pk"), genre_id=genre_id)))
        return queryset


class IdListField(forms.CharField):
    """`316,712`: whole numbers written with the digits 0-9, at most MAX_LIST_ITEMS."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        items = _items(value, ",")
        if not all(INTEGER.fullmatch(item) and not item.startswith("-") for item in items):
            raise forms.ValidationError("Give comma-separated ids written with the digits 0-9.", code="invalid")
        if len(items) > MAX_LIST_ITEMS:
            raise forms.ValidationError(f"At most {MAX_LIST_ITEMS} ids.", code="invalid")
        return list(dict.fromkeys(int(item) for item in items))


class PeopleFilter(django_filters.CharFilter):
    """Movies crediting every one of the given people (in the cast or the crew)."""

    field_class = IdListField

    def filter(self, queryset, value):
        if not value:
            return queryset
        found = set(Person.objects.filter(pk__in=value).values_list("pk", flat=True))
        missing = [pk for pk in value if pk not in found]
        if missing:
            raise ValidationError({self.field_name: [str(codes.unknown("person", missing, "person-list"))]})
        for person_id in value:
            # movie_credits_person_role (person_id, role) finds a person's films.
            queryset = queryset.filter(pk__in=MovieCredit.objects.filter(person_id=person_id).values("movie_id"))
        return queryset


class ImdbIdFilter(django_filters.CharFilter):
    """An exact IMDb id (case-insensitive on input; stored lower case)."""

    def __init__(self, *args, pattern: str, example: str, **kwargs):
        self.pattern, self.example = re.compile(pattern), example
        super().__init__(*args, field_name="imdb_id", **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        value = value.strip().lower()
        if not self.pattern.fullmatch(value):
            prefix = self.example[:2]
            raise ValidationError(
                {"imdb_id": [f"An IMDb id here is '{prefix}' and 7 or 8 digits, e.g. {self.example}."]}
            )
        return queryset.filter(imdb_id=value)


class YearFilter(IntegerFilter):
    """A whole year (the column is a smallint: 2014.5 or 99999 are input errors, not filters)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1800)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """A comma-separated list: ?watch_platforms=netflix,mubi"""


class MovieFilterSet(django_filters.FilterSet):
    genre = GenreFilter(
        field_name="genre",
        help_text="Genre slugs: `drama,crime` for films in all of them, `drama|crime` for any of them. "
        "GET /api/v1/genres/ lists them.",
    )
    people = PeopleFilter(
        field_name="people",
        help_text=f"Comma-separated person ids (at most {MAX_LIST_ITEMS}): films crediting every one of them, "
        "in the cast or the crew.",
    )
    year = YearFilter(field_name="year", help_text="Released in this year.")
    year_min = YearFilter(field_name="year", lookup_expr="gte", help_text="Released in or after.")
    year_max = YearFilter(field_name="year", lookup_expr="lte", help_text="Released in or before.")
    runtime_min = IntegerFilter(
        field_name="runtime", lookup_expr="gte", min_value=1, max_value=1000, help_text="At least this many minutes."
    )
    runtime_max = IntegerFilter(
        field_name="runtime", lookup_expr="lte", min_value=1, max_value=1000, help_text="At most this many minutes."
    )
    rating = ContentRatingFilter(
        field_name="rating",
        help_text=f"Content rating, case-insensitive; a comma list means any of them ({', '.join(ContentRating.values)}).",
    )
    language = CodeFilter(
        field_name="language",
        read=codes.language_code,
        help_text="Original language, ISO 639-1 code, e.g. ja (any case). GET /api/v1/languages/ lists the catalog's.",
    )
    country = CodeFilter(
        field_name="country",
        read=codes.country_code,
        help_text="Main production country, ISO 3166-1 code, e.g. KR (any case). GET /api/v1/countries/ lists the "
        "catalog's.",
    )
    status = ChoiceFilter(field_name="status", choices=MovieStatus.choices)
    imdb_id = ImdbIdFilter(pattern=IMDB_TITLE_ID, example="tt0111161", help_text="Exact IMDb title id, e.g. tt0111161.")
    min_siddu_score = DecimalFilter(
        field_name="siddu_score", lookup_expr="gte", min_value=0, max_value=10, help_text="0 to 10."
    )
    watch_region = CodeFilter(
        read=codes.region_code,
        method="filter_noop",
        help_text="Only movies offered in this region (any case). GET /api/v1/regions/ lists them.",
    )
    watch_platforms = CharInFilter(
        method="filter_noop",
        help_text="Comma-separated platform slugs: only movies on one of them. GET /api/v1/platforms/ lists them.",
    )
    ordering = ChoiceFilter(
        choices=[(key, key) for key in MOVIE_ORDERINGS], method="filter_noop", empty_label=None, help_text=ORDERING_HELP
    )

    class Meta:
        model = Movie
        fields = []

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        region = self.form.cleaned_data.get("watch_region")
        platforms = list(dict.fromkeys(slug.strip() for slug in self.form.cleaned_data.get("watch_platforms") or []))
        platforms = [slug for slug in platforms if slug]
        if region or platforms:
            offers = MovieStreamingOption.objects.filter(movie=OuterRef("pk"))
            if region:
                offers = offers.filter(region=region)
            if platforms:
                ids = dict(StreamingPlatform.objects.filter(slug__in=platforms).values_list("slug", "id"))
                missing = [slug for slug in platforms if slug not in ids]
                if missing:
                    raise ValidationError(
                        {"watch_platforms": [str(codes.unknown("platform", missing, "platform-list"))]}
                    )
                offers = offers.filter(platform_id__in=list(ids.values()))
            queryset = queryset.filter(Exists(offers))
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_MOVIE_ORDERING
        return queryset.order_by(*MOVIE_ORDERINGS[ordering])


class PersonFilterSet(django_filters.FilterSet):
    known_for = ChoiceFilter(field_name="known_for", choices=Department.choices)
    imdb_id = ImdbIdFilter(pattern=IMDB_NAME_ID, example="nm0634240", help_text="Exact IMDb name id, e.g. nm0634240.")

    class Meta:
        model = Person
        fields = []
