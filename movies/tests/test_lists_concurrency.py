"""Lists under real concurrency: two connections at once, the second waiting on the first's lock."""

import pytest

from iwm.api.errors import Conflict
from movies.models import Collection, CollectionMovie, Favorite, WatchlistEntry
from movies.services import lists as writes
from movies.tests.factories import MovieFactory
from social.tests.factories import UserFactory
from social.tests.test_concurrency import hold_open_while

pytestmark = pytest.mark.django_db(transaction=True)


def expect_conflict(action, outcomes):
    def run():
        try:
            action()
        except Conflict as exc:
            outcomes.append(exc)

    return run


def test_the_same_film_on_a_watchlist_twice_at_once_is_one_row_and_one_409():
    member, film = UserFactory(), MovieFactory()
    conflicts = []
    hold_open_while(
        lambda: writes.watchlist_add(user=member, movie=film.pk),
        expect_conflict(lambda: writes.watchlist_add(user=member, movie=film.pk), conflicts),
    )
    assert len(conflicts) == 1 and "already" in str(conflicts[0].detail)
    assert WatchlistEntry.objects.filter(user=member, movie=film).count() == 1


def test_the_same_favorite_twice_at_once_is_one_row_and_one_409():
    member, film = UserFactory(), MovieFactory()
    conflicts = []
    hold_open_while(
        lambda: writes.favorite_add(user=member, type="movie", target=film.pk),
        expect_conflict(lambda: writes.favorite_add(user=member, type="movie", target=film.pk), conflicts),
    )
    assert len(conflicts) == 1
    assert Favorite.objects.filter(user=member, movie=film).count() == 1


def test_two_films_added_at_once_get_positions_one_after_the_other():
    owner = UserFactory()
    collection = writes.collection_create(owner=owner, title="Race")
    first, second = MovieFactory(), MovieFactory()
    hold_open_while(
        lambda: writes.collection_movie_put(collection_id=collection.pk, user=owner, movie=first.pk),
        lambda: writes.collection_movie_put(collection_id=collection.pk, user=owner, movie=second.pk, position=1),
    )
    rows = list(CollectionMovie.objects.filter(collection=collection).order_by("position").values_list("movie_id", "position"))
    assert rows == [(second.pk, 1), (first.pk, 2)]


def test_two_members_following_a_collection_at_once_are_both_counted():
    collection = writes.collection_create(owner=UserFactory(), title="Popular")
    a, b = UserFactory(), UserFactory()
    hold_open_while(
        lambda: writes.collection_follow(collection_id=collection.pk, user=a),
        lambda: writes.collection_follow(collection_id=collection.pk, user=b),
    )
    assert Collection.objects.get(pk=collection.pk).followers == 2
