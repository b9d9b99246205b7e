"""Collections through the API: CRUD, privacy, films in order with notes, follows and the
followers counter, authorization per route, pagination's query bound."""

import pytest

from conftest import bearer_client
from movies.models import Collection, CollectionFollow, CollectionMovie
from movies.services import lists as writes
from movies.tests.factories import MovieFactory
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

BASE = "/api/v1/collections/"


def url(collection, tail=""):
    return f"{BASE}{collection.pk}/{tail}"


def make(owner, **fields):
    return writes.collection_create(owner=owner, **{"title": "Night films", **fields})


def order(collection):
    return list(CollectionMovie.objects.filter(collection=collection).order_by("position").values_list("movie_id", "position"))


def test_create_read_edit_delete(member, member_client, api_client):
    created = member_client.post(
        BASE, {"title": "Rainy Sundays", "description": "Slow\nand warm.", "tags": ["Cozy", "cozy ", "noir"]}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Rainy Sundays" and body["is_public"] is True and body["tags"] == ["cozy", "noir"]
    assert body["owner"]["id"] == member.pk and body["followers"] == 0 and body["movies_count"] == 0
    assert body["is_following"] is False
    collection_id = body["id"]

    seen = api_client.get(f"{BASE}{collection_id}/").json()
    assert seen["title"] == "Rainy Sundays" and seen["is_following"] is None

    edited = member_client.patch(f"{BASE}{collection_id}/", {"title": "Rainy days", "tags": []}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "Rainy days" and edited.json()["tags"] == []
    assert edited.json()["description"] == "Slow\nand warm."

    assert member_client.delete(f"{BASE}{collection_id}/").status_code == 204
    assert_error_shape(api_client.get(f"{BASE}{collection_id}/"), 404)
    assert not Collection.objects.filter(pk=collection_id).exists()


def test_a_private_collection_is_a_404_to_everyone_but_its_owner(member, member_client, api_client):
    secret = make(member, is_public=False, title="Guilty pleasures")
    film = MovieFactory()
    writes.collection_movie_put(collection_id=secret.pk, user=member, movie=film.pk)
    other = bearer_client(UserFactory())
    for client in (api_client, other):
        assert_error_shape(client.get(url(secret)), 404)
        assert_error_shape(client.get(url(secret, "movies/")), 404)
        assert secret.pk not in [row["id"] for row in client.get(BASE, {"page_size": 100}).json()["results"]]
    assert_error_shape(other.post(url(secret, "follow/")), 404)
    assert_error_shape(other.patch(url(secret), {"title": "Mine now"}, format="json"), 404)
    assert_error_shape(other.delete(url(secret)), 404)
    assert_error_shape(other.post(url(secret, "movies/"), {"movie": film.pk}, format="json"), 404)
    assert member_client.get(url(secret)).json()["is_public"] is False
    assert member_client.get(url(secret, "movies/")).json()["results"][0]["movie"]["id"] == film.pk
    mine = member_client.get(BASE, {"owner": member.pk}).json()["results"]
    assert [row["id"] for row in mine] == [secret.pk]


def test_only_the_owner_writes(member, member_client, api_client):
    shared = make(member)
    film = MovieFactory()
    other = bearer_client(UserFactory())
    for method, tail, body in [
        ("patch", "", {"title": "x"}),
        ("delete", "", None),
        ("post", "movies/", {"movie": film.pk}),
        ("delete", "movies/", {"movie": film.pk}),
    ]:
        assert_error_shape(getattr(other, method)(url(shared, tail), body, format="json"), 403)
        assert_error_shape(getattr(api_client, method)(url(shared, tail), body, format="json"), 401)
    assert_error_shape(api_client.post(BASE, {"title": "x"}, format="json"), 401)
    for method in ("post", "delete"):
        assert_error_shape(getattr(api_client, method)(url(shared, "follow/")), 401)
    assert Collection.objects.get(pk=shared.pk).title == "Night films"


def test_bad_input_is_a_400_naming_the_field(member, member_client):
    for body, field in [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": 5}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "is_public": "yes"}, "is_public"),
        ({"title": "ok", "tags": "noir"}, "tags"),
        ({"title": "ok", "tags": ["x"] * 11}, "tags"),
        ({"title": "ok", "tags": [0]}, "tags.0"),
        ({"title": "ok\x00"}, "title"),
        ({"title": "ok", "colour": "red"}, "colour"),
    ]:
        error = assert_error_shape(member_client.post(BASE, body, format="json"), 400)
        assert field in error["fields"], (body, error)
    collection = make(member)
    for body, field in [({"movie": "1"}, "movie"), ({"movie": 0}, "movie"), ({"movie": 999999999}, "movie"),
                        ({"movie": MovieFactory().pk, "position": 0}, "position"), ({}, "movie")]:  # fmt: skip
        error = assert_error_shape(member_client.post(url(collection, "movies/"), body, format="json"), 400)
        assert field in error["fields"], (body, error)
    assert_error_shape(member_client.get(BASE, {"owner": "me"}), 400)
    for name in ("owner", "tag"):
        assert name in assert_error_shape(member_client.get(BASE, {name: ""}), 400)["fields"]
    assert_error_shape(member_client.get(BASE, {"sort": "title"}), 400)


def test_films_in_order_added_moved_and_removed(member, member_client):
    collection = make(member)
    films = [MovieFactory() for _ in range(4)]
    a, b, c, d = (film.pk for film in films)
    for film in (a, b, c):
        response = member_client.post(url(collection, "movies/"), {"movie": film}, format="json")
        assert response.status_code == 201
    assert order(collection) == [(a, 1), (b, 2), (c, 3)]

    first = member_client.post(url(collection, "movies/"), {"movie": d, "position": 1, "note": "Start here"}, format="json")
    assert first.status_code == 201 and first.json()["position"] == 1 and first.json()["note"] == "Start here"
    assert order(collection) == [(d, 1), (a, 2), (b, 3), (c, 4)]

    moved = member_client.post(url(collection, "movies/"), {"movie": a, "position": 4}, format="json")
    assert moved.status_code == 200 and moved.json()["position"] == 4
    assert order(collection) == [(d, 1), (b, 2), (c, 3), (a, 4)]
    back = member_client.post(url(collection, "movies/"), {"movie": a, "position": 2, "note": "The best"}, format="json")
    assert back.status_code == 200
    assert order(collection) == [(d, 1), (a, 2), (b, 3), (c, 4)]
    far = member_client.post(url(collection, "movies/"), {"movie": b, "position": 99}, format="json")
    assert far.json()["position"] == 4  # past the end means the end

    listed = member_client.get(url(collection, "movies/")).json()["results"]
    assert [row["movie"]["id"] for row in listed] == [d, a, c, b]
    assert listed[1]["note"] == "The best" and listed[0]["note"] == "Start here"
    assert member_client.get(url(collection)).json()["movies_count"] == 4

    assert member_client.delete(url(collection, "movies/"), {"movie": a}, format="json").status_code == 204
    assert order(collection) == [(d, 1), (c, 2), (b, 3)]
    assert_error_shape(member_client.delete(url(collection, "movies/"), {"movie": a}, format="json"), 404)


def test_follow_once_and_the_counter(member, member_client, api_client):
    owner = UserFactory()
    collection = make(owner)
    first = member_client.post(url(collection, "follow/"))
    again = member_client.post(url(collection, "follow/"))
    assert first.status_code == again.status_code == 200
    assert again.json() == {"following": True, "followers": 1}
    assert CollectionFollow.objects.filter(collection=collection).count() == 1
    assert member_client.get(url(collection)).json()["is_following"] is True
    bearer_client(UserFactory()).post(url(collection, "follow/"))
    assert api_client.get(url(collection)).json()["followers"] == 2
    assert member_client.delete(url(collection, "follow/")).status_code == 204
    assert member_client.delete(url(collection, "follow/")).status_code == 204
    assert Collection.objects.get(pk=collection.pk).followers == 1
    assert member_client.get(url(collection)).json()["is_following"] is False

    error = assert_error_shape(bearer_client(owner).post(url(collection, "follow/")), 400)
    assert "own collection" in error["message"]
    assert_error_shape(member_client.post(f"{BASE}999999999/follow/"), 404)


def test_list_filters_by_owner_and_tag(member, member_client, api_client):
    other = UserFactory()
    noir = make(other, title="Noir", tags=["noir"])
    make(other, title="Comedy", tags=["comedy"])
    make(member, title="Mine", tags=["noir"])
    by_owner = api_client.get(BASE, {"owner": other.pk, "page_size": 100}).json()["results"]
    assert {row["title"] for row in by_owner} == {"Noir", "Comedy"}
    tagged = api_client.get(BASE, {"tag": "NOIR", "owner": other.pk}).json()["results"]
    assert [row["id"] for row in tagged] == [noir.pk]


def test_list_is_newest_first_and_paginated(member, member_client):
    owner = UserFactory()
    made = [make(owner, title=f"List {n}") for n in range(3)]
    page = member_client.get(BASE, {"owner": owner.pk, "page_size": 2}).json()
    assert [row["id"] for row in page["results"]] == [made[2].pk, made[1].pk] and page["next"]
    writes.collection_movie_put(collection_id=made[0].pk, user=owner, movie=MovieFactory().pk)  # touches updated_at
    page = member_client.get(BASE, {"owner": owner.pk}).json()
    assert page["results"][0]["id"] == made[0].pk and page["results"][0]["movies_count"] == 1


def test_list_queries_do_not_grow_with_the_page(member, member_client, api_client, django_assert_max_num_queries):
    owner = UserFactory()
    collections = [make(owner, title=f"List {n}") for n in range(25)]
    films = [MovieFactory() for _ in range(25)]
    for film in films:
        writes.collection_movie_put(collection_id=collections[0].pk, user=owner, movie=film.pk)
    writes.collection_follow(collection_id=collections[1].pk, user=member)
    for size in (1, 10, 100):
        for client in (member_client, api_client):
            with django_assert_max_num_queries(5):
                assert client.get(BASE, {"page_size": size}).status_code == 200
            with django_assert_max_num_queries(6):
                assert client.get(url(collections[0], "movies/"), {"page_size": size}).status_code == 200


def test_deleting_a_collection_takes_its_films_and_follows(member, member_client):
    collection = make(member)
    writes.collection_movie_put(collection_id=collection.pk, user=member, movie=MovieFactory().pk)
    writes.collection_follow(collection_id=collection.pk, user=UserFactory())
    assert member_client.delete(url(collection)).status_code == 204
    assert not CollectionMovie.objects.filter(collection_id=collection.pk).exists()
    assert not CollectionFollow.objects.filter(collection_id=collection.pk).exists()
