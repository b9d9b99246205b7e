"""The write path: the rules said as 400-style errors naming the field, before the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Nomination, NominationPerson
from awards.selectors.festivals import editions_with_status, festival_detail
from awards.tests.factories import CategoryFactory, EditionFactory, NominationFactory
from movies.tests.factories import MovieFactory, PersonFactory

pytestmark = pytest.mark.django_db


def fields_of(exc: pytest.ExceptionInfo) -> set[str]:
    return set(exc.value.message_dict)


def test_create_takes_names_from_the_catalog_and_credits_people():
    category = CategoryFactory()
    movie, person, producer = MovieFactory(title="Heat Wave"), PersonFactory(name="Ann Lee"), PersonFactory()
    acting = services.nomination_create(
        category=category, nominee_type="person", external_id="n1", person=person, movie=movie
    )
    assert (acting.nominee_name, acting.film_title) == ("Ann Lee", "Heat Wave")
    film = services.nomination_create(
        category=CategoryFactory(), nominee_type="movie", external_id="n2", movie=movie, credited_people=[producer]
    )
    assert (film.nominee_name, film.film_title) == ("Heat Wave", "Heat Wave")
    assert list(NominationPerson.objects.filter(nomination=film).values_list("person_id", flat=True)) == [producer.pk]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nominee_type": "movie"}, "movie"),
        ({"nominee_type": "movie", "film_title": "F", "person": "person"}, "person"),
        ({"nominee_type": "song", "film_title": "F", "nominee_name": "Writer"}, "details"),
        ({"nominee_type": "screenplay", "nominee_name": "Writer"}, "movie"),
        ({"nominee_type": "person"}, "nominee_name"),
        ({"nominee_type": "star", "nominee_name": "X"}, "nominee_type"),
    ],
)
def test_create_refuses_what_the_type_forbids_naming_the_field(kwargs, field):
    if kwargs.get("person") == "person":
        kwargs = {**kwargs, "person": PersonFactory()}
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(category=CategoryFactory(), external_id="bad", **kwargs)
    assert field in fields_of(exc)
    assert not Nomination.objects.filter(external_id="bad").exists()


def test_a_second_winner_is_a_field_error_unless_ties_are_allowed():
    category = CategoryFactory()
    services.nomination_create(category=category, nominee_type="person", nominee_name="A", external_id="a", is_winner=True)
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(
            category=category, nominee_type="person", nominee_name="B", external_id="b", is_winner=True
        )
    assert fields_of(exc) == {"is_winner"}
    tied = CategoryFactory(allows_ties=True)
    for ext in ("t1", "t2"):
        services.nomination_create(category=tied, nominee_type="person", nominee_name=ext, external_id=ext, is_winner=True)
    assert Nomination.objects.filter(category=tied, is_winner=True).count() == 2


def test_winner_set_refuses_or_replaces():
    category = CategoryFactory()
    first = NominationFactory(category=category, is_winner=True)
    second = NominationFactory(category=category)
    with pytest.raises(ValidationError):
        services.nomination_winner_set(nomination=second)
    services.nomination_winner_set(nomination=second, replace=True)
    assert list(Nomination.objects.filter(category=category, is_winner=True)) == [second]
    first.refresh_from_db()
    assert first.is_winner is False


def test_forbidding_ties_with_two_winners_is_a_field_error():
    category = CategoryFactory(allows_ties=True)
    NominationFactory.create_batch(2, category=category, is_winner=True)
    with pytest.raises(ValidationError) as exc:
        services.category_allows_ties_set(category=category, allows_ties=False)
    assert fields_of(exc) == {"allows_ties"}


# The edition status is derived from the dates and the day asked about, never stored.


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2026, 5, 9), "upcoming"),
        (datetime.date(2026, 5, 10), "live"),  # first day
        (datetime.date(2026, 5, 15), "live"),
        (datetime.date(2026, 5, 20), "live"),  # last day
        (datetime.date(2026, 5, 21), "past"),
    ],
)
def test_edition_status_in_sql_and_in_python_agree(day, status):
    edition = EditionFactory(starts_on=datetime.date(2026, 5, 10), ends_on=datetime.date(2026, 5, 20))
    assert editions_with_status(day).get(pk=edition.pk).status == status
    assert edition.status_on(day) == status
    assert festival_detail(edition.festival_id, on=day).editions.all()[0].status == status


def test_edition_without_dates_has_no_status():
    edition = EditionFactory(starts_on=None, ends_on=None)
    assert editions_with_status(datetime.date(2026, 1, 1)).get(pk=edition.pk).status is None
    assert edition.status_on(datetime.date(2026, 1, 1)) is None
