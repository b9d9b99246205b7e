"""What the database itself refuses, whatever the code above it does."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from movies.models import Movie, MovieCredit, MovieStreamingOption
from movies.tests.factories import MovieFactory, PersonFactory, PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"imdb_rating": Decimal("10.5")},
        {"siddu_score": Decimal("-1")},
        {"rotten_tomatoes_score": 101},
        {"rating": "X"},
        {"status": "lost"},
        {"runtime": 0},
        {"budget": -5},
        {"language": "EN"},
        {"country": "us"},
        {"year": 1999, "release_date": datetime.date(2001, 1, 1)},
        {"trivia": {"not": "a list"}},
    ],
)
def test_movie_checks(changes):
    movie = MovieFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Movie.objects.filter(pk=movie.pk).update(**changes)


def test_external_id_is_unique():
    MovieFactory(external_id="tmdb-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        MovieFactory(external_id="tmdb-1")


def test_one_credit_per_person_role_and_movie_but_several_roles_allowed():
    movie, person = MovieFactory(), PersonFactory()
    MovieCredit.objects.create(movie=movie, person=person, role="director")
    MovieCredit.objects.create(movie=movie, person=person, role="writer")
    with pytest.raises(IntegrityError), transaction.atomic():
        MovieCredit.objects.create(movie=movie, person=person, role="director")


@pytest.mark.parametrize(
    "offer",
    [
        {"type": "subscription", "price": Decimal("9.99"), "currency": "USD"},  # subscriptions carry no price
        {"type": "rent", "price": Decimal("3.99"), "currency": ""},  # a price needs its currency
        {"type": "rent", "price": Decimal("-1"), "currency": "USD"},
        {"type": "buy", "region": "XX"},
        {"type": "stream"},
        {"type": "rent", "quality": "8K"},
    ],
)
def test_streaming_offer_checks(offer):
    movie, platform = MovieFactory(), PlatformFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MovieStreamingOption.objects.create(movie=movie, platform=platform, **({"region": "US"} | offer))


def test_search_vector_is_kept_current_by_the_database():
    movie = MovieFactory(title="Zyxwv Quest", overview="A lighthouse keeper befriends a whale.")
    assert Movie.objects.filter(pk=movie.pk, search_vector="whale").exists()
    Movie.objects.filter(pk=movie.pk).update(overview="A baker opens a shop.")
    assert not Movie.objects.filter(pk=movie.pk, search_vector="whale").exists()
    assert Movie.objects.filter(pk=movie.pk, search_vector="baker").exists()


@pytest.mark.parametrize(
    ("model_factory", "bad"),
    [
        (MovieFactory, "nm1375666"),  # a name id on a title
        (MovieFactory, "tt123"),
        (MovieFactory, "tt123456"),
        (MovieFactory, "TT1375666"),
        (PersonFactory, "tt0634240"),
        (PersonFactory, "nm06342x0"),
    ],
)
def test_imdb_ids_have_imdbs_format(model_factory, bad):
    row = model_factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(imdb_id=bad)


def test_imdb_ids_are_unique_where_given_and_optional():
    MovieFactory(imdb_id="tt9999998"), MovieFactory(imdb_id=""), MovieFactory(imdb_id="")  # many without one
    with pytest.raises(IntegrityError), transaction.atomic():
        MovieFactory(imdb_id="tt9999998")
    PersonFactory(imdb_id="nm99999998")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(imdb_id="nm99999998")


def test_review_count_is_never_negative_and_starts_at_zero():
    movie = MovieFactory()
    movie.refresh_from_db()
    assert movie.review_count == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Movie.objects.filter(pk=movie.pk).update(review_count=-1)


def test_original_title_is_in_the_full_text_vector():
    movie = MovieFactory(title="The Bicycle Man", original_title="Ladri di lanterne")
    assert Movie.objects.filter(pk=movie.pk, search_vector="lanterne").exists()


def test_sort_keys_are_kept_by_the_database():
    movie = MovieFactory(title="The Éclair Affair")
    person = PersonFactory(name="Céline Sciamma")
    movie.refresh_from_db()
    person.refresh_from_db()
    assert (movie.title_sort, person.name_sort) == ("eclair affair", "celine sciamma")
