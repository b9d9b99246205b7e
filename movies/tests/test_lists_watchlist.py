"""The watchlist through the API: add, change, remove, filters, duplicates, another member's
watchlist under their privacy setting, authorization per route, the query bound."""

import pytest

from conftest import bearer_client
from movies.models import WatchlistEntry
from movies.services import lists as writes
from movies.tests.factories import MovieFactory
from social.services.settings import user_settings_update
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/watchlist/"


def theirs(user):
    return f"/api/v1/users/{user.pk}/watchlist/"


def test_add_change_and_remove(member, member_client):
    film = MovieFactory(title="Stalker")
    added = member_client.post(MINE, {"movie": film.pk, "priority": "high"}, format="json")
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["movie"]["id"] == film.pk and body["movie"]["title"] == "Stalker"
    assert (body["status"], body["priority"], body["progress"]) == ("want-to-watch", "high", 0)

    changed = member_client.patch(f"{MINE}{film.pk}/", {"status": "watching", "progress": 40}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["priority"], changed.json()["progress"]) == ("watching", "high", 40)

    listed = member_client.get(MINE).json()
    assert listed["count"] == 1 and listed["results"][0]["progress"] == 40

    assert member_client.delete(f"{MINE}{film.pk}/").status_code == 204
    assert not WatchlistEntry.objects.filter(user=member).exists()
    assert_error_shape(member_client.delete(f"{MINE}{film.pk}/"), 404)
    assert_error_shape(member_client.patch(f"{MINE}{film.pk}/", {"progress": 1}, format="json"), 404)


def test_a_film_twice_is_a_409_with_a_message(member, member_client):
    film = MovieFactory()
    assert member_client.post(MINE, {"movie": film.pk}, format="json").status_code == 201
    error = assert_error_shape(member_client.post(MINE, {"movie": film.pk, "status": "watched"}, format="json"), 409)
    assert "already" in error["message"]
    assert WatchlistEntry.objects.get(user=member, movie=film).status == "want-to-watch"


def test_bad_input_is_a_400_naming_the_field(member, member_client):
    film = MovieFactory()
    for body, field in [
        ({}, "movie"),
        ({"movie": 999999999}, "movie"),
        ({"movie": str(film.pk)}, "movie"),
        ({"movie": film.pk, "status": "seen"}, "status"),
        ({"movie": film.pk, "priority": "urgent"}, "priority"),
        ({"movie": film.pk, "progress": 101}, "progress"),
        ({"movie": film.pk, "progress": -1}, "progress"),
        ({"movie": film.pk, "progress": 5.5}, "progress"),
        ({"movie": film.pk, "rating": 5}, "rating"),
    ]:
        error = assert_error_shape(member_client.post(MINE, body, format="json"), 400)
        assert field in error["fields"], (body, error)
    writes.watchlist_add(user=member, movie=film.pk)
    error = assert_error_shape(member_client.patch(f"{MINE}{film.pk}/", {"movie": film.pk}, format="json"), 400)
    assert "movie" in error["fields"]
    assert_error_shape(member_client.get(MINE, {"status": "seen"}), 400)
    for name in ("status", "priority"):
        error = assert_error_shape(member_client.get(MINE, {name: ""}), 400)
        assert name in error["fields"]
    assert_error_shape(member_client.get(MINE, {"sort": "x"}), 400)


def test_filters_by_status_and_priority_newest_first(member, member_client):
    films = [MovieFactory() for _ in range(4)]
    writes.watchlist_add(user=member, movie=films[0].pk, status="watched", priority="low")
    writes.watchlist_add(user=member, movie=films[1].pk, status="watching", priority="high")
    writes.watchlist_add(user=member, movie=films[2].pk, status="watched", priority="high")
    writes.watchlist_add(user=member, movie=films[3].pk)

    def ids(**params):
        return [row["movie"]["id"] for row in member_client.get(MINE, params).json()["results"]]

    assert ids() == [films[3].pk, films[2].pk, films[1].pk, films[0].pk]
    assert ids(status="watched") == [films[2].pk, films[0].pk]
    assert ids(priority="high") == [films[2].pk, films[1].pk]
    assert ids(status="watched", priority="low") == [films[0].pk]


def test_authorization_per_route(member, member_client, api_client):
    film = MovieFactory()
    writes.watchlist_add(user=member, movie=film.pk)
    other = bearer_client(UserFactory())
    # Anonymous: 401 on every /me/ route.
    assert_error_shape(api_client.get(MINE), 401)
    assert_error_shape(api_client.post(MINE, {"movie": film.pk}, format="json"), 401)
    assert_error_shape(api_client.patch(f"{MINE}{film.pk}/", {"progress": 5}, format="json"), 401)
    assert_error_shape(api_client.delete(f"{MINE}{film.pk}/"), 401)
    # Another member's /me/ is their own: my entry is not there to change.
    assert other.get(MINE).json()["results"] == []
    assert_error_shape(other.patch(f"{MINE}{film.pk}/", {"progress": 5}, format="json"), 404)
    assert_error_shape(other.delete(f"{MINE}{film.pk}/"), 404)
    assert WatchlistEntry.objects.get(user=member, movie=film).progress == 0
    # Reading a member's watchlist: anyone while public.
    for client in (api_client, other, member_client):
        assert [row["movie"]["id"] for row in client.get(theirs(member)).json()["results"]] == [film.pk]


def test_a_private_watchlist_is_a_404_to_others(member, member_client, api_client):
    writes.watchlist_add(user=member, movie=MovieFactory().pk, status="watched")
    user_settings_update(user=member, changes={"privacy": {"watchlist": "private"}})
    assert_error_shape(api_client.get(theirs(member)), 404)
    assert_error_shape(bearer_client(UserFactory()).get(theirs(member)), 404)
    assert member_client.get(theirs(member), {"status": "watched"}).json()["count"] == 1
    assert_error_shape(api_client.get("/api/v1/users/999999999/watchlist/"), 404)
    assert_error_shape(api_client.get(theirs(UserFactory(is_active=False))), 404)


def test_list_queries_do_not_grow_with_the_page(member, member_client, api_client, django_assert_max_num_queries):
    for _ in range(30):
        writes.watchlist_add(user=member, movie=MovieFactory().pk)
    for size in (1, 10, 100):
        with django_assert_max_num_queries(4):
            assert member_client.get(MINE, {"page_size": size, "status": "want-to-watch"}).status_code == 200
        with django_assert_max_num_queries(5):
            assert api_client.get(theirs(member), {"page_size": size}).status_code == 200
