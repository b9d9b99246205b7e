"""lists_account_data_remove: a leaving member's collections, follows, watchlist and favorites go,
and the followers counter of others' collections they followed is corrected, in the caller's
transaction."""

import pytest
from django.db import connection, transaction
from django.db.models import Count

from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry
from movies.services import lists_account_data_remove
from movies.services import lists as writes
from movies.tests.factories import MovieFactory, PersonFactory
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def follower_mismatches():
    """Collections whose stored counter differs from their follow rows."""
    return [
        (row.pk, row.followers, row.counted)
        for row in Collection.objects.annotate(counted=Count("follow_rows"))
        if row.followers != row.counted
    ]


def test_removes_their_rows_and_corrects_others_counters():
    leaving, staying, third = UserFactory(), UserFactory(), UserFactory()
    films = [MovieFactory() for _ in range(3)]

    theirs = writes.collection_create(owner=leaving, title="Leaving's list")
    writes.collection_movie_put(collection_id=theirs.pk, user=leaving, movie=films[0].pk)
    writes.collection_follow(collection_id=theirs.pk, user=staying)  # a follow of THEIR collection
    others = writes.collection_create(owner=staying, title="Staying's list")
    writes.collection_movie_put(collection_id=others.pk, user=staying, movie=films[1].pk)
    writes.collection_follow(collection_id=others.pk, user=leaving)
    writes.collection_follow(collection_id=others.pk, user=third)
    writes.watchlist_add(user=leaving, movie=films[0].pk)
    writes.watchlist_add(user=staying, movie=films[0].pk)
    writes.favorite_add(user=leaving, type="movie", target=films[2].pk)
    writes.favorite_add(user=leaving, type="person", target=PersonFactory().pk)
    writes.favorite_add(user=staying, type="movie", target=films[2].pk)
    assert Collection.objects.get(pk=others.pk).followers == 2

    with transaction.atomic():
        done = lists_account_data_remove(user=leaving)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert done["collections"] == 1 and done["watchlist"] == 1 and done["favorites"] == 2
    assert not Collection.objects.filter(owner=leaving).exists()
    assert not CollectionMovie.objects.filter(collection_id=theirs.pk).exists()
    assert not CollectionFollow.objects.filter(user=leaving).exists()
    assert not CollectionFollow.objects.filter(collection_id=theirs.pk).exists()
    assert not WatchlistEntry.objects.filter(user=leaving).exists()
    assert not Favorite.objects.filter(user=leaving).exists()
    # Others' rows stay, and their counters say what the rows say.
    assert Collection.objects.get(pk=others.pk).followers == 1
    assert CollectionMovie.objects.filter(collection=others).count() == 1
    assert WatchlistEntry.objects.filter(user=staying).count() == 1
    assert Favorite.objects.filter(user=staying).count() == 1
    assert follower_mismatches() == []
    # The user row itself can go now (the caller's job).
    leaving.delete()


def test_runs_in_the_callers_transaction():
    leaving, owner = UserFactory(), UserFactory()
    collection = writes.collection_create(owner=owner, title="Kept")
    writes.collection_follow(collection_id=collection.pk, user=leaving)
    writes.watchlist_add(user=leaving, movie=MovieFactory().pk)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        lists_account_data_remove(user=leaving)
        raise Abort
    assert Collection.objects.get(pk=collection.pk).followers == 1
    assert WatchlistEntry.objects.filter(user=leaving).count() == 1


def test_a_member_with_nothing_is_fine():
    done = lists_account_data_remove(user=UserFactory())
    assert set(done.values()) == {0}
