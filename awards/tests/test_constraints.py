"""What the database itself refuses, whatever the code above it does (plain SQL where it matters)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from awards.models import Category, CeremonyYear, FestivalEdition, FestivalWinner, Nomination, ProgramEntry
from awards.tests.factories import (
    CategoryFactory,
    CeremonyYearFactory,
    EditionFactory,
    EntryFactory,
    FestivalWinnerFactory,
    NominationFactory,
    PrizeFactory,
    SectionFactory,
)
from movies.tests.factories import MovieFactory, PersonFactory

pytestmark = pytest.mark.django_db


def sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def refused(statement: str, params=()) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(statement, params)


INSERT_NOMINATION = """
    INSERT INTO award_nominations (external_id, category_id, nominee_type, nominee_name, film_title, movie_id,
        person_id, details, image_url, is_winner, category_allows_ties)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s)
"""


def insert_nomination(category_id, *, ext, type="person", name="Someone", film="", movie=None, person=None,
                      details="", winner=False, allows_ties=False):  # fmt: skip
    sql(INSERT_NOMINATION, [ext, category_id, type, name, film, movie, person, details, winner, allows_ties])


# The winner rule


def test_a_second_winner_is_refused_by_a_plain_insert_even_claiming_ties():
    category = CategoryFactory(allows_ties=False)
    insert_nomination(category.pk, ext="w1", winner=True)
    # The copied column is the trigger's to write: claiming ties in the INSERT changes nothing.
    refused(INSERT_NOMINATION, ["w2", category.pk, "person", "Other", "", None, None, "", True, True])
    insert_nomination(category.pk, ext="loser", winner=False)  # nominees that did not win are fine
    assert Nomination.objects.filter(category=category).count() == 2


def test_marking_a_second_winner_by_plain_update_is_refused():
    category = CategoryFactory()
    NominationFactory(category=category, is_winner=True)
    other = NominationFactory(category=category)
    refused("UPDATE award_nominations SET is_winner = true WHERE id = %s", [other.pk])
    refused("UPDATE award_nominations SET is_winner = true, category_allows_ties = true WHERE id = %s", [other.pk])


def test_moving_a_winner_into_a_category_that_has_one_is_refused():
    first, second = CategoryFactory(), CategoryFactory()
    NominationFactory(category=first, is_winner=True)
    mover = NominationFactory(category=second, is_winner=True)
    refused("UPDATE award_nominations SET category_id = %s WHERE id = %s", [first.pk, mover.pk])


def test_a_category_that_allows_ties_takes_several_winners():
    category = CategoryFactory(allows_ties=True)
    insert_nomination(category.pk, ext="t1", winner=True)
    insert_nomination(category.pk, ext="t2", winner=True)
    assert sql("SELECT count(*) FROM award_nominations WHERE category_id = %s AND is_winner", [category.pk]) == [(2,)]
    assert sql("SELECT bool_and(category_allows_ties) FROM award_nominations WHERE category_id = %s", [category.pk]) == [
        (True,)
    ]


def test_forbidding_ties_while_two_winners_stand_is_refused_and_allowed_with_one():
    category = CategoryFactory(allows_ties=True)
    NominationFactory(category=category, is_winner=True)
    second = NominationFactory(category=category, is_winner=True)
    refused("UPDATE award_categories SET allows_ties = false WHERE id = %s", [category.pk])
    Nomination.objects.filter(pk=second.pk).update(is_winner=False)
    sql("UPDATE award_categories SET allows_ties = false WHERE id = %s", [category.pk])
    # ...and the copy followed the category, so a new second winner is now refused.
    assert not Nomination.objects.filter(category=category, category_allows_ties=True).exists()
    refused("UPDATE award_nominations SET is_winner = true WHERE id = %s", [second.pk])


def test_allowing_ties_is_copied_to_existing_nominations():
    category = CategoryFactory()
    NominationFactory(category=category, is_winner=True)
    other = NominationFactory(category=category)
    sql("UPDATE award_categories SET allows_ties = true WHERE id = %s", [category.pk])
    sql("UPDATE award_nominations SET is_winner = true WHERE id = %s", [other.pk])
    assert Nomination.objects.filter(category=category, is_winner=True).count() == 2


# What a nomination must point at


@pytest.mark.parametrize(
    "row",
    [
        {"type": "movie", "name": "A Film", "film": "", "movie": None},  # a film nomination without its film
        {"type": "screenplay", "name": "A Writer", "film": "  ", "movie": None},
        {"type": "song", "name": "A Songwriter", "film": "A Film", "details": ""},  # a song without its title
        {"type": "person", "name": " ", "film": "A Film"},  # nobody named
        {"type": "director", "name": "Someone", "film": "A Film"},  # not a nominee type
    ],
)
def test_nominations_that_do_not_identify_their_nominee_are_refused(row):
    category = CategoryFactory()
    refused(
        INSERT_NOMINATION,
        ["bad", category.pk, row["type"], row["name"], row.get("film", ""), row.get("movie"), None,
         row.get("details", ""), False, False],
    )  # fmt: skip


def test_a_film_nomination_names_no_person():
    category, person, movie = CategoryFactory(), PersonFactory(), MovieFactory()
    refused(INSERT_NOMINATION, ["bad", category.pk, "movie", "A Film", "A Film", movie.pk, person.pk, "", False, False])


def test_the_allowed_shapes_of_each_nominee_type():
    category, person, movie = CategoryFactory(allows_ties=True), PersonFactory(), MovieFactory()
    insert_nomination(category.pk, ext="m-catalog", type="movie", name=movie.title, movie=movie.pk)
    insert_nomination(category.pk, ext="m-named", type="movie", name="Not In Catalog", film="Not In Catalog")
    insert_nomination(category.pk, ext="p-catalog", person=person.pk, name=person.name, movie=movie.pk)
    insert_nomination(category.pk, ext="p-named", name="A Person Not In The Catalog", film="Some Film")
    insert_nomination(category.pk, ext="p-no-film", name="An Honorary Nominee")
    insert_nomination(category.pk, ext="sc", type="screenplay", name="Two Writers", film="Some Film")
    insert_nomination(category.pk, ext="so", type="song", name="A Songwriter", movie=movie.pk, details="A Song")
    assert Nomination.objects.filter(category=category).count() == 7


def test_deleting_a_catalog_film_keeps_its_nominations_by_title():
    movie = MovieFactory(title="Soon Gone")
    nomination = NominationFactory(nominee_type="movie", nominee_name="Soon Gone", film_title="Soon Gone", movie=movie)
    movie.delete()
    nomination.refresh_from_db()
    assert (nomination.movie_id, nomination.film_title) == (None, "Soon Gone")


# Uniqueness


def test_one_year_per_ceremony():
    year = CeremonyYearFactory(year=2001)
    with pytest.raises(IntegrityError), transaction.atomic():
        CeremonyYear.objects.create(external_id="dup", ceremony=year.ceremony, year=2001)


def test_one_edition_per_festival_and_year():
    edition = EditionFactory(year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        FestivalEdition.objects.create(external_id="dup", festival=edition.festival, year=2026)


def test_one_category_name_per_year_and_external_ids_unique():
    category = CategoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(external_id="other", ceremony_year=category.ceremony_year, name=category.name)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(external_id=NominationFactory().external_id)


# Dates and festival rows


def test_a_ceremony_year_matches_its_date():
    year = CeremonyYearFactory(year=2010)
    with pytest.raises(IntegrityError), transaction.atomic():
        CeremonyYear.objects.filter(pk=year.pk).update(date=datetime.date(2011, 2, 1))


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_on": datetime.date(2026, 5, 20), "ends_on": datetime.date(2026, 5, 10)},  # ends before it starts
        {"starts_on": datetime.date(2025, 5, 10)},  # another year's dates
    ],
)
def test_edition_dates(changes):
    edition = EditionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FestivalEdition.objects.filter(pk=edition.pk).update(**changes)


@pytest.mark.parametrize(
    "changes", [{"title": "", "movie": None}, {"country": "fr"}, {"premiere_type": "galactic"}]
)
def test_program_entry_checks(changes):
    entry = EntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramEntry.objects.filter(pk=entry.pk).update(**changes)


def test_a_film_appears_once_per_section():
    section, movie = SectionFactory(), MovieFactory()
    EntryFactory(section=section, movie=movie)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(section=section, movie=movie)


def test_festival_winners_name_their_film_and_shared_prizes_are_allowed():
    prize = PrizeFactory()
    FestivalWinnerFactory(category=prize, title="Spirited Away")
    FestivalWinnerFactory(category=prize, title="Bloody Sunday")  # the 2002 Golden Bear was shared
    with pytest.raises(IntegrityError), transaction.atomic():
        FestivalWinnerFactory(category=prize, title="", movie=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        FestivalWinner.objects.create(external_id="x", category=prize, title="Film", person=PersonFactory())


@pytest.mark.django_db(transaction=True)
def test_forbidding_ties_and_crowning_a_second_winner_at_once_cannot_both_succeed():
    """The copy trigger reads the category FOR SHARE: a second winner inserted while another
    transaction turns ties off waits for it, then sees ties are off and is refused. (Reading
    the category without the lock, it would see ties still allowed and both would commit.)"""
    import threading

    from django.db import connections

    category = CategoryFactory(allows_ties=True)
    NominationFactory(category=category, is_winner=True)
    outcome: dict[str, object] = {}

    def crown_second_winner():
        try:
            with transaction.atomic():
                NominationFactory(category=Category.objects.get(pk=category.pk), is_winner=True)
            outcome["result"] = "committed"
        except IntegrityError:
            outcome["result"] = "refused"
        finally:
            connections.close_all()

    with transaction.atomic():
        Category.objects.filter(pk=category.pk).update(allows_ties=False)
        other = threading.Thread(target=crown_second_winner)
        other.start()
        other.join(timeout=1.5)
        assert other.is_alive(), "the second winner did not wait for the change of allows_ties"
    other.join(timeout=15)
    assert outcome == {"result": "refused"}
    assert Nomination.objects.filter(category=category, is_winner=True).count() == 1
