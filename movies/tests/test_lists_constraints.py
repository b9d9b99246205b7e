"""What the database itself refuses in the lists' tables, whatever the code above it does."""

import pytest
from django.db import IntegrityError, connection, transaction

from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry
from movies.tests.factories import MovieFactory, PersonFactory
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred ones too


@pytest.fixture
def collection(member):
    return Collection.objects.create(owner=member, title="Noir")


def test_collection_rules(member, collection):
    film = MovieFactory()
    CollectionMovie.objects.create(collection=collection, movie=film, position=1)
    refused(lambda: CollectionMovie.objects.create(collection=collection, movie=film, position=2))
    refused(lambda: CollectionMovie.objects.create(collection=collection, movie=MovieFactory(), position=1))
    refused(lambda: CollectionMovie.objects.create(collection=collection, movie=MovieFactory(), position=0))
    refused(lambda: Collection.objects.filter(pk=collection.pk).update(followers=-1))
    refused(lambda: Collection.objects.filter(pk=collection.pk).update(tags={"a": 1}))
    refused(lambda: Collection.objects.create(owner=member, title="Copy", external_id=collection.external_id))
    fan = UserFactory()
    CollectionFollow.objects.create(collection=collection, user=fan)
    refused(lambda: CollectionFollow.objects.create(collection=collection, user=fan))


def test_positions_may_cross_within_a_transaction(collection):
    """The position key is deferred: a reorder shifts a run of rows in one UPDATE."""
    films = [MovieFactory() for _ in range(3)]
    for n, film in enumerate(films, start=1):
        CollectionMovie.objects.create(collection=collection, movie=film, position=n)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE collection_movies SET position = CASE position WHEN 3 THEN 1 ELSE position + 1 END "
                "WHERE collection_id = %s",
                [collection.pk],
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_watchlist_rules(member):
    film = MovieFactory()
    WatchlistEntry.objects.create(user=member, movie=film)
    refused(lambda: WatchlistEntry.objects.create(user=member, movie=film))
    other = MovieFactory()
    refused(lambda: WatchlistEntry.objects.create(user=member, movie=other, progress=101))
    refused(lambda: WatchlistEntry.objects.create(user=member, movie=other, progress=-1))
    refused(lambda: WatchlistEntry.objects.create(user=member, movie=other, status="seen"))
    refused(lambda: WatchlistEntry.objects.create(user=member, movie=other, priority="urgent"))


def test_favorite_rules(member):
    film, person = MovieFactory(), PersonFactory()
    Favorite.objects.create(user=member, type="movie", movie=film)
    refused(lambda: Favorite.objects.create(user=member, type="movie", movie=film))  # once per target
    refused(lambda: Favorite.objects.create(user=member, type="movie"))  # no target
    refused(lambda: Favorite.objects.create(user=member, type="movie", movie=MovieFactory(), person=person))  # two
    refused(lambda: Favorite.objects.create(user=member, type="person", movie=MovieFactory()))  # wrong type
    refused(lambda: Favorite.objects.create(user=member, type="song", person=person))
    Favorite.objects.create(user=member, type="person", person=person)
    refused(lambda: Favorite.objects.create(user=member, type="person", person=person))
    Favorite.objects.create(user=UserFactory(), type="movie", movie=film)  # another member: fine


def test_deleting_a_film_takes_its_list_rows(member, collection):
    film = MovieFactory()
    CollectionMovie.objects.create(collection=collection, movie=film, position=1)
    WatchlistEntry.objects.create(user=member, movie=film)
    Favorite.objects.create(user=member, type="movie", movie=film)
    film.delete()
    assert not CollectionMovie.objects.filter(collection=collection).exists()
    assert not WatchlistEntry.objects.filter(user=member).exists()
    assert not Favorite.objects.filter(user=member).exists()
