"""Festivals, their editions with the status derived from today's date, an edition's program
and prizes."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from awards.choices import EditionStatus
from awards.models import Festival, FestivalEdition, FestivalWinner, ProgramEntry, ProgramSection, WinnerCategory

FESTIVAL_FIELDS = ("id", "external_id", "name", "location", "description", "website", "image_url", "logo_url", "founding_year")
EDITION_FIELDS = ("id", "festival_id", "external_id", "year", "edition_label", "starts_on", "ends_on")


def today() -> datetime.date:
    """The date the statuses are computed for: the project's time zone's today."""
    return timezone.localdate()


def edition_status(on: datetime.date) -> Case:
    """SQL for an edition's status on the date `on`: upcoming before it starts, past after it
    ends, live in between (both days included), NULL while a date is unknown."""
    return Case(
        When(Q(starts_on__isnull=True) | Q(ends_on__isnull=True), then=Value(None)),
        When(starts_on__gt=on, then=Value(EditionStatus.UPCOMING.value)),
        When(ends_on__lt=on, then=Value(EditionStatus.PAST.value)),
        default=Value(EditionStatus.LIVE.value),
        output_field=CharField(),
    )


def editions_with_status(on: datetime.date) -> QuerySet[FestivalEdition]:
    return FestivalEdition.objects.only(*EDITION_FIELDS).annotate(status=edition_status(on))


def festival_list() -> QuerySet[Festival]:
    """Every festival by name: a page costs a count and one query."""
    return Festival.objects.only(*FESTIVAL_FIELDS).order_by("name", "id")


def festival_detail(festival_id: int, *, on: datetime.date | None = None) -> Festival:
    """One festival with its editions (newest first), each with its status on `on` (today by
    default): 2 queries."""
    editions = editions_with_status(on or today()).order_by("-year")
    queryset = Festival.objects.only(*FESTIVAL_FIELDS).prefetch_related(Prefetch("editions", queryset=editions))
    return get_object_or_404(queryset, pk=festival_id)


def edition_detail(festival_id: int, year: int, *, on: datetime.date | None = None) -> FestivalEdition:
    """One edition with its status, its program (sections with their films) and its prizes
    (categories with their winners): 5 queries, whatever the size of the program."""
    entries = ProgramEntry.objects.select_related("movie").only(
        "id", "section_id", "external_id", "title", "director", "country", "premiere_type",
        "movie__id", "movie__title", "movie__year",
    )  # fmt: skip
    sections = ProgramSection.objects.only("id", "edition_id", "external_id", "name", "description").prefetch_related(
        Prefetch("entries", queryset=entries.order_by("order_index", "id"))
    )
    winners = FestivalWinner.objects.select_related("movie", "person").only(
        "id", "category_id", "external_id", "title", "recipient_name", "details",
        "movie__id", "movie__title", "movie__year", "person__id", "person__name", "person__image_url",
    )  # fmt: skip
    prizes = WinnerCategory.objects.only("id", "edition_id", "external_id", "name").prefetch_related(
        Prefetch("winners", queryset=winners.order_by("order_index", "id"))
    )
    queryset = (
        FestivalEdition.objects.select_related("festival")
        .annotate(status=edition_status(on or today()))
        .prefetch_related(
            Prefetch("sections", queryset=sections.order_by("order_index", "id")),
            Prefetch("winner_categories", queryset=prizes.order_by("order_index", "id")),
        )
    )
    return get_object_or_404(queryset, festival_id=festival_id, year=year)


__all__ = ["edition_detail", "edition_status", "editions_with_status", "festival_detail", "festival_list", "today"]
