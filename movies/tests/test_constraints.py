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
