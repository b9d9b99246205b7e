"""Writes of awards and festivals: each a function with keyword-only arguments, in one
transaction. The database enforces the rules (awards.models); these functions say them first,
as 400s naming the field, and turn a lost race on the winner index into the same message."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.choices import FILM_NOMINEE_TYPES, NomineeType
from awards.models import Category, Nomination, NominationPerson
from movies.models import Movie, Person

ONE_WINNER = "This category already has a winner and does not allow ties."
WINNER_INDEX = "award_nominations_one_winner_per_category"


def _check_nomination(*, nominee_type, nominee_name, film_title, movie, person, details) -> None:
    errors: dict[str, list[str]] = {}
    if nominee_type not in NomineeType.values:
        errors["nominee_type"] = [f"Must be one of: {', '.join(NomineeType.values)}."]
    if not nominee_name.strip():
        errors["nominee_name"] = ["Name the nominee (or give a catalog person or film to take the name from)."]
    if nominee_type == NomineeType.MOVIE and person is not None:
        errors["person"] = ["A film nomination names no person; credit its people instead."]
    if nominee_type in FILM_NOMINEE_TYPES and movie is None and not film_title.strip():
        errors["movie"] = ["A film, song or screenplay nomination needs its film: a catalog movie or a film title."]
    if nominee_type == NomineeType.SONG and not details.strip():
        errors["details"] = ["A song nomination gives the song's title in details."]
    if errors:
        raise ValidationError(errors)


def _other_winners(category: Category, *, exclude: int | None = None):
    winners = Nomination.objects.filter(category=category, is_winner=True)
    return winners.exclude(pk=exclude) if exclude is not None else winners


@transaction.atomic
def nomination_create(
    *,
    category: Category,
    nominee_type: str,
    external_id: str,
    nominee_name: str = "",
    film_title: str = "",
    movie: Movie | None = None,
    person: Person | None = None,
    credited_people: Iterable[Person] = (),
    details: str = "",
    image_url: str = "",
    is_winner: bool = False,
) -> Nomination:
    """A nomination in `category`. The name defaults to the catalog person's (person nominee)
    or the film's title (film nominee); `film_title` defaults to the catalog film's title, so
    the nomination keeps naming its film if the film leaves the catalog."""
    if movie is not None and not film_title:
        film_title = movie.title
    if not nominee_name:
        if nominee_type == NomineeType.PERSON and person is not None:
            nominee_name = person.name
        elif nominee_type == NomineeType.MOVIE:
            nominee_name = film_title
    _check_nomination(
        nominee_type=nominee_type, nominee_name=nominee_name, film_title=film_title, movie=movie, person=person,
        details=details,
    )  # fmt: skip
    # Lock the category: a concurrent change of allows_ties or a concurrent winner waits for us.
    category = Category.objects.select_for_update().get(pk=category.pk)
    if is_winner and not category.allows_ties and _other_winners(category).exists():
        raise ValidationError({"is_winner": [ONE_WINNER]})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                category=category, nominee_type=nominee_type, external_id=external_id, nominee_name=nominee_name,
                film_title=film_title, movie=movie, person=person, details=details, image_url=image_url,
                is_winner=is_winner,
            )  # fmt: skip
    except IntegrityError as exc:
        if WINNER_INDEX in str(exc):
            raise ValidationError({"is_winner": [ONE_WINNER]}) from exc
        raise
    NominationPerson.objects.bulk_create(
        [NominationPerson(nomination=nomination, person=credited) for credited in credited_people],
        ignore_conflicts=True,
    )
    return nomination


@transaction.atomic
def nomination_winner_set(*, nomination: Nomination, is_winner: bool = True, replace: bool = False) -> Nomination:
    """Mark (or unmark) a nomination as its category's winner. In a category without ties a
    second winner is refused, unless `replace`, which unmarks the current winner first."""
    category = Category.objects.select_for_update().get(pk=nomination.category_id)
    if is_winner and not category.allows_ties:
        others = _other_winners(category, exclude=nomination.pk)
        if others.exists():
            if not replace:
                raise ValidationError({"is_winner": [ONE_WINNER]})
            others.update(is_winner=False)
    Nomination.objects.filter(pk=nomination.pk).update(is_winner=is_winner)
    nomination.is_winner = is_winner
    return nomination


@transaction.atomic
def category_allows_ties_set(*, category: Category, allows_ties: bool) -> Category:
    """Allow or forbid ties; forbidding them while the category has several winners is a 400."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    if not allows_ties and _other_winners(category).count() > 1:
        raise ValidationError({"allows_ties": ["This category has several winners; unmark all but one first."]})
    category.allows_ties = allows_ties
    category.save(update_fields=["allows_ties"])
    return category
