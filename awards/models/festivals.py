"""Film festivals (Cannes, Venice, Berlin, Sundance, Toronto...), their yearly editions, the
program of an edition (sections and their films) and its prizes.

An edition's status (upcoming, live, past) is not a column: a stored status goes stale the day
an edition opens, and a generated column cannot read the date (CURRENT_DATE is not immutable).
It is derived from `starts_on`/`ends_on` at read time: `FestivalEdition.status_on(today)` in
Python and `awards.selectors.festivals.edition_status(today)` in SQL.

Festival prizes are often shared (an ex aequo Jury Prize, the 2002 Golden Bear), so a prize
category may have several winners; nothing limits it to one.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from awards.choices import EditionStatus, PremiereType
from awards.models.ceremonies import not_blank
from iwm.db.constraints import choices_check, range_check, unique_external_id

COUNTRY_CODE = r"^[A-Z]{2}$"


class Festival(models.Model):
    external_id = models.CharField(max_length=100, help_text="Stable import id, e.g. cannes.")
    name = models.CharField(max_length=200)
    location = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    logo_url = models.URLField(max_length=500, blank=True)
    founding_year = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "festivals"
        ordering = ["name", "id"]
        constraints = [
            unique_external_id(table="festivals"),
            models.UniqueConstraint(Lower("name"), name="festivals_name_ci_key"),
            models.CheckConstraint(condition=not_blank("name"), name="festivals_name_present"),
            range_check("founding_year", 1850, 2100, table="festivals"),
        ]
        indexes = [models.Index(fields=["name", "id"], name="festivals_name_id")]  # the list's order

    def __str__(self) -> str:
        return self.name


class FestivalEdition(models.Model):
    external_id = models.CharField(max_length=100, help_text="e.g. cannes-2019.")
    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="editions", db_index=False)
    year = models.SmallIntegerField()
    edition_label = models.CharField(max_length=200, blank=True, help_text="e.g. 72nd Festival de Cannes.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        db_table = "festival_editions"
        ordering = ["festival_id", "-year"]
        constraints = [
            unique_external_id(table="festival_editions"),
            # Also the index behind "a festival's editions" and "a festival's edition of year N".
            models.UniqueConstraint(fields=["festival", "year"], name="festival_editions_festival_year_key"),
            range_check("year", 1850, 2100, table="festival_editions"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="festival_editions_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(year=models.F("starts_on__year")),
                name="festival_editions_year_matches_start",
            ),
        ]

    def __str__(self) -> str:
        return self.edition_label or f"{self.festival} {self.year}"

    def status_on(self, today: datetime.date) -> str | None:
        """upcoming / live / past on `today`; None while the dates are not known."""
        if self.starts_on is None or self.ends_on is None:
            return None
        if today < self.starts_on:
            return EditionStatus.UPCOMING.value
        if today > self.ends_on:
            return EditionStatus.PAST.value
        return EditionStatus.LIVE.value


class ProgramSection(models.Model):
    external_id = models.CharField(max_length=150, help_text="e.g. cannes-2019-competition.")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.CASCADE, related_name="sections", db_index=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order_index = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "festival_program_sections"
        ordering = ["edition_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="festival_program_sections"),
            models.UniqueConstraint(fields=["edition", "name"], name="festival_program_sections_edition_name_key"),
            models.CheckConstraint(condition=not_blank("name"), name="festival_program_sections_name_present"),
        ]
        indexes = [models.Index(fields=["edition", "order_index", "id"], name="festival_sections_edition")]

    def __str__(self) -> str:
        return self.name


class ProgramEntry(models.Model):
    """A film in a section: a catalog film (`movie`) or, for one the catalog lacks, a free title.
    `title` keeps the title as the festival listed it either way, so the entry survives the
    film leaving the catalog."""

    external_id = models.CharField(max_length=200)
    section = models.ForeignKey(ProgramSection, on_delete=models.CASCADE, related_name="entries", db_index=False)
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.SET_NULL, null=True, blank=True, related_name="festival_entries",
        db_index=False,
    )
    title = models.CharField(max_length=300, blank=True)
    director = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    premiere_type = models.CharField(max_length=20, choices=PremiereType.choices, blank=True)
    order_index = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "festival_program_entries"
        verbose_name_plural = "program entries"
        ordering = ["section_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="festival_program_entries"),
            models.CheckConstraint(
                condition=Q(movie__isnull=False) | not_blank("title"), name="festival_program_entries_film_identified"
            ),
            models.UniqueConstraint(
                fields=["section", "movie"],
                condition=Q(movie__isnull=False),
                name="festival_program_entries_section_movie_key",
            ),
            choices_check("premiere_type", PremiereType, table="festival_program_entries", blank=True),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=COUNTRY_CODE), name="festival_program_entries_country_format"
            ),
        ]
        indexes = [
            models.Index(fields=["section", "order_index", "id"], name="festival_entries_section"),
            models.Index(fields=["movie"], name="festival_entries_movie", condition=Q(movie__isnull=False)),
        ]

    def clean(self):
        # Keep the title beside the catalog link, so the entry still names its film without it.
        if self.movie_id is not None and not self.title:
            self.title = self.movie.title

    def __str__(self) -> str:
        return self.title or str(self.movie_id)


class WinnerCategory(models.Model):
    external_id = models.CharField(max_length=150, help_text="e.g. cannes-2019-palme-d-or.")
    edition = models.ForeignKey(
        FestivalEdition,
        on_delete=models.CASCADE,
        related_name="winner_categories",
        db_index=False,
    )
    name = models.CharField(max_length=200)
    order_index = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "festival_winner_categories"
        verbose_name_plural = "winner categories"
        ordering = ["edition_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="festival_winner_categories"),
            models.UniqueConstraint(fields=["edition", "name"], name="festival_winner_categories_edition_name_key"),
            models.CheckConstraint(condition=not_blank("name"), name="festival_winner_categories_name_present"),
        ]
        indexes = [models.Index(fields=["edition", "order_index", "id"], name="festival_prizes_edition")]

    def __str__(self) -> str:
        return self.name


class FestivalWinner(models.Model):
    """A prize given: to a film (`movie`, or `title` when the catalog lacks it), and for a
    personal prize (best director, best actress) to a person (`person`, or `recipient_name`)."""

    external_id = models.CharField(max_length=200)
    category = models.ForeignKey(WinnerCategory, on_delete=models.CASCADE, related_name="winners", db_index=False)
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.SET_NULL, null=True, blank=True, related_name="festival_wins",
        db_index=False,
    )
    title = models.CharField(max_length=300, blank=True, help_text="The film as the festival credited it.")
    person = models.ForeignKey(
        "movies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="festival_wins",
        db_index=False,
    )
    recipient_name = models.CharField(max_length=300, blank=True, help_text="For a personal prize.")
    details = models.CharField(max_length=500, blank=True)
    order_index = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "festival_winners"
        ordering = ["category_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="festival_winners"),
            models.CheckConstraint(
                condition=Q(movie__isnull=False) | not_blank("title"), name="festival_winners_film_identified"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | not_blank("recipient_name"),
                name="festival_winners_person_named",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "order_index", "id"], name="festival_winners_category"),
            models.Index(fields=["movie"], name="festival_winners_movie", condition=Q(movie__isnull=False)),
            models.Index(fields=["person"], name="festival_winners_person", condition=Q(person__isnull=False)),
        ]

    def clean(self):
        # Keep the names beside the catalog links (see ProgramEntry.clean).
        if self.movie_id is not None and not self.title:
            self.title = self.movie.title
        if self.person_id is not None and not self.recipient_name:
            self.recipient_name = self.person.name

    def __str__(self) -> str:
        return self.recipient_name or self.title or str(self.movie_id)
