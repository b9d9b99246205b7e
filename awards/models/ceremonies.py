"""Award ceremonies (the Oscars, the Golden Globes, BAFTA...), their yearly editions, categories
and nominations.

Rules the database enforces (tests: awards/tests/test_constraints.py):

* one edition per ceremony and year; one category of a name per edition;
* a nomination names its nominee (`nominee_name`, never blank), and points at what its
  `nominee_type` requires:
    - `movie` (Best Picture, Animated Feature...): the film, through `movie` when the catalog has
      it or else by `film_title`; never a `person` (the people credited, e.g. producers, are in
      `credited_people`);
    - `song` and `screenplay`: the film they belong to (`movie` or `film_title`), and a song its
      title (`details`);
    - `person` (directing, acting, score...): `person` when the catalog has them; a nominee
      missing from the catalog (or a pair, "Daniel Kwan and Daniel Scheinert") is kept by
      `nominee_name` alone, so a category lists every real nominee, not only those the catalog
      happens to hold. `movie`/`film_title` say which film the nomination was for.
  A film or person missing from the catalog is the normal case at scale (50,000 nominations
  against 10,000 films), which is why the catalog link is a link, not the only way to name one;
* at most one winner per category unless the category allows ties (see Nomination.Meta).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from awards.choices import FILM_NOMINEE_TYPES, NomineeType
from iwm.db.constraints import choices_check, jsonb_array_check, range_check, unique_external_id


def not_blank(field: str) -> Q:
    """`field` holds more than whitespace."""
    return Q(**{f"{field}__regex": r"\S"})


class Ceremony(models.Model):
    external_id = models.CharField(max_length=100, help_text="Stable import id, e.g. oscars.")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    description = models.TextField(blank=True)
    logo_url = models.URLField(max_length=500, blank=True)
    background_image_url = models.URLField(max_length=500, blank=True)
    current_year = models.SmallIntegerField(
        null=True, blank=True, help_text="The edition the ceremony's page features (editorial)."
    )
    next_ceremony_date = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "award_ceremonies"
        ordering = ["name", "id"]
        constraints = [
            unique_external_id(table="award_ceremonies"),
            models.UniqueConstraint(Lower("name"), name="award_ceremonies_name_ci_key"),
            models.CheckConstraint(condition=not_blank("name"), name="award_ceremonies_name_present"),
            range_check("current_year", 1900, 2100, table="award_ceremonies"),
        ]
        indexes = [models.Index(fields=["name", "id"], name="award_ceremonies_name_id")]  # the list's order

    def __str__(self) -> str:
        return self.name


class CeremonyYear(models.Model):
    external_id = models.CharField(max_length=100, help_text="e.g. oscars-2024.")
    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="years", db_index=False)
    year = models.SmallIntegerField(help_text="The year the ceremony is held.")
    label = models.CharField(max_length=200, blank=True, help_text="e.g. 96th Academy Awards.")
    film_year = models.SmallIntegerField(null=True, blank=True, help_text="The year of the films it honours.")
    date = models.DateField(null=True, blank=True, help_text="Day of the ceremony.")
    location = models.CharField(max_length=300, blank=True)
    hosted_by = models.JSONField(default=list, blank=True, help_text="List of host names.")
    description = models.TextField(blank=True)
    highlights = models.JSONField(default=list, blank=True, help_text="List of short sentences.")

    class Meta:
        db_table = "award_ceremony_years"
        ordering = ["ceremony_id", "-year"]
        constraints = [
            unique_external_id(table="award_ceremony_years"),
            # Also the index behind "a ceremony's years" and "a ceremony's year N".
            models.UniqueConstraint(fields=["ceremony", "year"], name="award_ceremony_years_ceremony_year_key"),
            range_check("year", 1900, 2100, table="award_ceremony_years"),
            range_check("film_year", 1900, 2100, table="award_ceremony_years"),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(year=models.F("date__year")),
                name="award_ceremony_years_year_matches_date",
            ),
            jsonb_array_check("hosted_by", table="award_ceremony_years"),
            jsonb_array_check("highlights", table="award_ceremony_years"),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.ceremony} {self.year}"


class Category(models.Model):
    external_id = models.CharField(max_length=150, help_text="e.g. oscars-2024-best-picture.")
    ceremony_year = models.ForeignKey(CeremonyYear, on_delete=models.CASCADE, related_name="categories", db_index=False)
    name = models.CharField(max_length=200)
    order_index = models.SmallIntegerField(default=0, help_text="Display order within the year.")
    allows_ties = models.BooleanField(
        default=False, help_text="More than one nomination of this category may win (an ex aequo)."
    )

    class Meta:
        db_table = "award_categories"
        verbose_name_plural = "categories"
        ordering = ["ceremony_year_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="award_categories"),
            models.UniqueConstraint(fields=["ceremony_year", "name"], name="award_categories_year_name_key"),
            models.CheckConstraint(condition=not_blank("name"), name="award_categories_name_present"),
        ]
        indexes = [models.Index(fields=["ceremony_year", "order_index", "id"], name="award_categories_year_order")]

    def clean(self):
        # The database refuses it too (the copied column meets the winner index); say it first.
        if self.pk is not None and not self.allows_ties:
            if self.nominations.filter(is_winner=True).count() > 1:
                raise ValidationError({"allows_ties": ["This category has several winners; unmark all but one first."]})

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    external_id = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="nominations", db_index=False)
    nominee_type = models.CharField(max_length=20, choices=NomineeType.choices)
    nominee_name = models.CharField(
        max_length=500, help_text="As the ceremony credits it: the film, the person(s), the songwriters."
    )
    film_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The film the nomination is for, as credited (kept if the film leaves the catalog).",
    )
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.SET_NULL, null=True, blank=True, related_name="award_nominations",
        db_index=False,
    )
    person = models.ForeignKey(
        "movies.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_nominations",
        help_text="The nominee of a person nomination, when the catalog has them.",
        db_index=False,
    )
    credited_people = models.ManyToManyField(
        "movies.Person",
        through="NominationPerson",
        related_name="credited_award_nominations",
        blank=True,
    )
    details = models.CharField(max_length=500, blank=True, help_text="Role played, song title, producers...")
    image_url = models.URLField(max_length=500, blank=True)
    is_winner = models.BooleanField(default=False)
    # A copy of category.allows_ties, written only by the database (trigger
    # award_nominations_copy_allows_ties, migration 0002), so that the partial unique index below
    # can see it: an index cannot look at another table. Whatever a client writes here is
    # overwritten on INSERT and on UPDATE of category_id/category_allows_ties, and a change of
    # award_categories.allows_ties is copied to its nominations in the same statement, so
    # turning ties off while two winners stand fails on this index.
    category_allows_ties = models.BooleanField(default=False, editable=False)

    class Meta:
        db_table = "award_nominations"
        ordering = ["category_id", "-is_winner", "id"]
        constraints = [
            unique_external_id(table="award_nominations"),
            choices_check("nominee_type", NomineeType, table="award_nominations"),
            models.CheckConstraint(
                condition=not_blank("nominee_name"),
                name="award_nominations_nominee_named",
                violation_error_message="A nomination names its nominee.",
            ),
            models.CheckConstraint(
                condition=~Q(nominee_type=NomineeType.MOVIE) | Q(person__isnull=True),
                name="award_nominations_film_nominee_has_no_person",
                violation_error_message="A film nomination names no person; credit its people instead.",
            ),
            models.CheckConstraint(
                condition=~Q(nominee_type__in=FILM_NOMINEE_TYPES) | Q(movie__isnull=False) | not_blank("film_title"),
                name="award_nominations_film_identified",
                violation_error_message=(
                    "A film, song or screenplay nomination needs its film: a catalog movie or a film title."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(nominee_type=NomineeType.SONG) | not_blank("details"),
                name="award_nominations_song_titled",
                violation_error_message="A song nomination gives the song's title in details.",
            ),
            # At most one winner per category unless the category allows ties.
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(is_winner=True, category_allows_ties=False),
                name="award_nominations_one_winner_per_category",
                violation_error_message="This category already has a winner and does not allow ties.",
            ),
        ]
        indexes = [
            # A category's nominees, winners first: the ceremony-year page and the admin list.
            models.Index(fields=["category", "-is_winner", "id"], name="award_nominations_category"),
            models.Index(fields=["movie"], name="award_nominations_movie", condition=Q(movie__isnull=False)),
            models.Index(fields=["person"], name="award_nominations_person", condition=Q(person__isnull=False)),
        ]

    def clean(self):
        """Form validation (the admin) of what the database will check: the winner rule against
        the category's real setting (the copied column is not a form field, so Django's own
        constraint validation skips that index), and the film title kept beside a catalog film."""
        if self.movie_id is not None and not self.film_title:
            self.film_title = self.movie.title
        if self.category_id is None:
            return
        self.category_allows_ties = (
            Category.objects.filter(pk=self.category_id).values_list("allows_ties", flat=True).first() or False
        )
        # In the admin's category page the formset checks the category's nominees together.
        if self.is_winner and not self.category_allows_ties and not getattr(self, "winner_rule_checked_by_formset", False):
            others = Nomination.objects.filter(category_id=self.category_id, is_winner=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"is_winner": ["This category already has a winner and does not allow ties."]})

    def __str__(self) -> str:
        if self.film_title and self.film_title != self.nominee_name:
            return f"{self.nominee_name} ({self.film_title})"
        return self.nominee_name


class NominationPerson(models.Model):
    """A catalog person credited on a nomination besides (or as) its nominee: a film's
    producers, a song's writers, a screenplay's writers, each of a directing pair."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="credits", db_index=False)
    person = models.ForeignKey(
        "movies.Person",
        on_delete=models.CASCADE,
        related_name="award_nomination_credits",
        db_index=False,
    )

    class Meta:
        db_table = "award_nomination_people"
        constraints = [
            models.UniqueConstraint(fields=["nomination", "person"], name="award_nomination_people_key"),
        ]
        indexes = [models.Index(fields=["person", "nomination"], name="award_nomination_people_person")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.nomination_id}"

