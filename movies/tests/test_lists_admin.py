"""The admin of members' lists: every model's changelist, search and filters open; counters and
positions stay the services' (read-only or view-only); a favorite naming two targets is a form
error, not a server error."""

import pytest
from django.urls import reverse

from movies.models import Collection, CollectionFollow, CollectionMovie, Favorite, WatchlistEntry
from movies.services import lists as writes
from movies.tests.factories import MovieFactory, PersonFactory
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def lists():
    owner, fan = UserFactory(username="listowner"), UserFactory()
    film = MovieFactory(title="Vertigo")
    collection = writes.collection_create(owner=owner, title="Hitchcock")
    writes.collection_movie_put(collection_id=collection.pk, user=owner, movie=film.pk, note="Start here")
    writes.collection_follow(collection_id=collection.pk, user=fan)
    writes.watchlist_add(user=owner, movie=film.pk)
    writes.favorite_add(user=owner, type="movie", target=film.pk)
    return collection


MODELS = [Collection, CollectionMovie, CollectionFollow, WatchlistEntry, Favorite]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_search_filter_and_change_pages_open(admin_client_, lists, model, django_assert_max_num_queries):
    url = reverse(f"admin:movies_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client_.get(url)
    assert response.status_code == 200
    assert admin_client_.get(url, {"q": "listowner"}).status_code == 200
    row = model.objects.first()
    assert admin_client_.get(reverse(f"admin:movies_{model._meta.model_name}_change", args=[row.pk])).status_code == 200


def test_collection_followers_are_read_only_and_follows_view_only(admin_client_, lists):
    page = admin_client_.get(reverse("admin:movies_collection_change", args=[lists.pk]))
    assert b'name="followers"' not in page.content and b"Start here" in page.content
    follow = CollectionFollow.objects.get(collection=lists)
    assert admin_client_.get(reverse("admin:movies_collectionfollow_add")).status_code == 403
    assert admin_client_.post(reverse("admin:movies_collectionfollow_delete", args=[follow.pk]), {"post": "yes"}).status_code == 403
    assert CollectionFollow.objects.filter(pk=follow.pk).exists()


def test_a_favorite_with_two_targets_is_a_form_error(admin_client_, lists):
    favorite = Favorite.objects.get(user=lists.owner)
    response = admin_client_.post(
        reverse("admin:movies_favorite_change", args=[favorite.pk]),
        {
            "user": favorite.user_id,
            "type": "movie",
            "movie": favorite.movie_id,
            "person": PersonFactory().pk,
            "added_date_0": "2026-01-01",
            "added_date_1": "10:00:00",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert Favorite.objects.get(pk=favorite.pk).person_id is None
