"""Favorites through the API: a movie, a person or a scene, once each; by type; another member's
favorites under their privacy setting; authorization per route; the query bound."""

import pytest

from conftest import bearer_client
from movies.models import Favorite, Scene
from movies.services import lists as writes
from movies.tests.factories import MovieFactory, PersonFactory
from social.services.settings import user_settings_update
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/favorites/"


def theirs(user):
    return f"/api/v1/users/{user.pk}/favorites/"


def scene_of(movie, n=1):
    return Scene.objects.create(external_id=f"test-scene-{movie.pk}-{n}", movie=movie, title=f"Scene {n}")


def test_a_movie_a_person_and_a_scene(member, member_client):
    film, person = MovieFactory(title="Heat"), PersonFactory(name="Michael Mann")
    scene = scene_of(film)
    made = {}
    for kind, target in (("movie", film), ("person", person), ("scene", scene)):
        response = member_client.post(MINE, {kind: target.pk}, format="json")
        assert response.status_code == 201, response.content
        made[kind] = response.json()
        assert made[kind]["type"] == kind
    assert made["movie"]["movie"]["title"] == "Heat" and made["movie"]["person"] is None
    assert made["person"]["person"]["name"] == "Michael Mann" and made["person"]["scene"] is None
    assert made["scene"]["scene"]["title"] == "Scene 1" and made["scene"]["scene"]["movie"]["id"] == film.pk

    listed = member_client.get(MINE).json()["results"]
    assert [row["type"] for row in listed] == ["scene", "person", "movie"]
    assert [row["type"] for row in member_client.get(MINE, {"type": "person"}).json()["results"]] == ["person"]

    assert member_client.delete(f"{MINE}{made['person']['id']}/").status_code == 204
    assert_error_shape(member_client.delete(f"{MINE}{made['person']['id']}/"), 404)
    assert sorted(Favorite.objects.filter(user=member).values_list("type", flat=True)) == ["movie", "scene"]


def test_once_each_then_409(member, member_client):
    film = MovieFactory()
    assert member_client.post(MINE, {"movie": film.pk}, format="json").status_code == 201
    error = assert_error_shape(member_client.post(MINE, {"movie": film.pk}, format="json"), 409)
    assert "already" in error["message"]
    assert Favorite.objects.filter(user=member).count() == 1
    # Another member may favorite the same film.
    assert bearer_client(UserFactory()).post(MINE, {"movie": film.pk}, format="json").status_code == 201


def test_bad_input_is_a_400(member, member_client):
    film, person = MovieFactory(), PersonFactory()
    for body, field in [
        ({"movie": 999999999}, "movie"),
        ({"person": 999999999}, "person"),
        ({"scene": 999999999}, "scene"),
        ({"movie": "x"}, "movie"),
        ({"movie": None}, "movie"),
        ({"type": "movie", "movie": film.pk}, "type"),
    ]:
        error = assert_error_shape(member_client.post(MINE, body, format="json"), 400)
        assert field in error["fields"], (body, error)
    for body in ({}, {"movie": film.pk, "person": person.pk}):
        error = assert_error_shape(member_client.post(MINE, body, format="json"), 400)
        assert "exactly one" in error["message"]
    assert_error_shape(member_client.get(MINE, {"type": "song"}), 400)


def test_authorization_per_route(member, member_client, api_client):
    favorite = writes.favorite_add(user=member, type="movie", target=MovieFactory().pk)
    other = bearer_client(UserFactory())
    assert_error_shape(api_client.get(MINE), 401)
    assert_error_shape(api_client.post(MINE, {"movie": favorite.movie_id}, format="json"), 401)
    assert_error_shape(api_client.delete(f"{MINE}{favorite.pk}/"), 401)
    assert_error_shape(other.delete(f"{MINE}{favorite.pk}/"), 404)  # not theirs
    assert Favorite.objects.filter(pk=favorite.pk).exists()
    for client in (api_client, other, member_client):
        assert [row["id"] for row in client.get(theirs(member)).json()["results"]] == [favorite.pk]


def test_private_favorites_are_a_404_to_others(member, member_client, api_client):
    writes.favorite_add(user=member, type="person", target=PersonFactory().pk)
    user_settings_update(user=member, changes={"privacy": {"favorites": "private"}})
    assert_error_shape(api_client.get(theirs(member)), 404)
    assert_error_shape(bearer_client(UserFactory()).get(theirs(member)), 404)
    assert member_client.get(theirs(member), {"type": "person"}).json()["count"] == 1
    # The watchlist's own setting is separate.
    assert api_client.get(f"/api/v1/users/{member.pk}/watchlist/").status_code == 200


def test_list_queries_do_not_grow_with_the_page(member, member_client, api_client, django_assert_max_num_queries):
    for _ in range(12):
        film = MovieFactory()
        writes.favorite_add(user=member, type="movie", target=film.pk)
        writes.favorite_add(user=member, type="person", target=PersonFactory().pk)
        writes.favorite_add(user=member, type="scene", target=scene_of(film).pk)
    for size in (1, 10, 100):
        with django_assert_max_num_queries(4):
            assert member_client.get(MINE, {"page_size": size}).status_code == 200
        with django_assert_max_num_queries(5):
            assert api_client.get(theirs(member), {"page_size": size, "type": "scene"}).status_code == 200
