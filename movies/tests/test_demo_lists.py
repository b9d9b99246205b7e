"""The demo lists: loaded with the test data after the sample members, consistent, idempotent,
and visible through the API as their owners' privacy says."""

import pytest
from django.db.models import Count

from conftest import bearer_client
from iwm.demo import DEMO_MODULES
from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry
from movies.services import demo_lists
from social.services.demo import demo_member

pytestmark = pytest.mark.django_db


def sample_counts():
    demo = {"owner__external_id__startswith": "user-demo-"}
    mine = {"user__external_id__startswith": "user-demo-"}
    return {
        "collections": Collection.objects.filter(**demo).count(),
        "collection_movies": CollectionMovie.objects.filter(**{f"collection__{k}": v for k, v in demo.items()}).count(),
        "collection_follows": CollectionFollow.objects.filter(**mine).count(),
        "watchlist": WatchlistEntry.objects.filter(**mine).count(),
        "favorites": Favorite.objects.filter(**mine).count(),
    }


def test_loaded_after_the_members_and_consistent():
    assert DEMO_MODULES.index("movies.services.demo_lists") > DEMO_MODULES.index("social.services.demo")
    assert demo_lists.demo_is_loaded()
    data = demo_lists.demo_lists_data()
    assert sample_counts() == {
        "collections": len(data["collections"]),
        "collection_movies": sum(len(c["movies"]) for c in data["collections"]),
        "collection_follows": sum(len(c["followers"]) for c in data["collections"]),
        "watchlist": len(data["watchlist"]),
        "favorites": len(data["favorites"]),
    }
    assert {"movie", "person", "scene"} == set(Favorite.objects.values_list("type", flat=True))
    assert Collection.objects.filter(owner__external_id__startswith="user-demo-", is_public=False).exists()
    for collection in Collection.objects.annotate(counted=Count("follow_rows")):
        assert collection.followers == collection.counted
        positions = list(CollectionMovie.objects.filter(collection=collection).order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_loading_again_changes_nothing():
    before = sample_counts()
    demo_lists.demo_load()
    assert sample_counts() == before


def test_the_private_demo_collection_is_its_owners_only(api_client):
    private = Collection.objects.get(external_id="demo-collection-dev-rewatch")
    assert api_client.get(f"/api/v1/collections/{private.pk}/").status_code == 404
    owner = bearer_client(demo_member("user-demo-dev"))
    assert owner.get(f"/api/v1/collections/{private.pk}/movies/").json()["count"] == 2
    ada = demo_member("user-demo-ada")
    assert api_client.get(f"/api/v1/users/{ada.pk}/watchlist/").json()["count"] == 3
    assert api_client.get(f"/api/v1/users/{ada.pk}/favorites/?type=scene").json()["count"] == 1
