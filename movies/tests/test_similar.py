"""Similar movies, on the demo catalog."""

import pytest

from iwm.db.features import has_extension
from movies.models import Movie
from movies.selectors.similar import _sharing_genres_and_credits

pytestmark = pytest.mark.django_db

FILMS = ["Interstellar", "The Godfather", "Toy Story", "The Shining", "Amélie", "Seven Samurai", "La La Land",
         "Mad Max: Fury Road", "Free Solo", "Unforgiven"]  # fmt: skip


def similar(client, title, **params):
    movie = Movie.objects.get(title=title)
    response = client.get(f"/api/v1/movies/{movie.pk}/similar/", params)
    assert response.status_code == 200, response.json()
    return movie, response.json()


def share_a_genre(movie, rows) -> float:
    genres = set(movie.genres.values_list("slug", flat=True))
    return sum(bool(genres & {g["slug"] for g in row["genres"]}) for row in rows) / len(rows)


@pytest.mark.parametrize("title", FILMS)
def test_similar_films_mostly_share_a_genre_and_never_include_the_film(api_client, title):
    movie, body = similar(api_client, title)
    rows = body["results"]
    assert len(rows) == 10
    assert movie.pk not in [row["id"] for row in rows]
    assert share_a_genre(movie, rows) > 0.5, [row["title"] for row in rows]
    expected = "embedding" if has_extension("vector") else "shared-genres-and-credits"
    assert body["method"] == expected


def test_similar_to_a_nolan_film_finds_other_nolan_films(api_client):
    _, body = similar(api_client, "The Dark Knight", limit=20)
    titles = {row["title"] for row in body["results"]}
    assert titles & {"Batman Begins", "The Dark Knight Rises", "Inception", "The Prestige", "Interstellar", "Tenet"}


def test_the_fallback_ranks_by_shared_genres_and_people_too():
    movie = Movie.objects.get(title="The Godfather")
    ranked = _sharing_genres_and_credits(movie.pk, 10)
    assert movie not in ranked
    assert ranked[0].title == "The Godfather Part II"  # same director, writers, cast and genres
    scores = [m.shared_score for m in ranked]
    assert scores == sorted(scores, reverse=True)


def test_limit_is_validated(api_client):
    movie = Movie.objects.get(title="Interstellar")
    assert len(api_client.get(f"/api/v1/movies/{movie.pk}/similar/", {"limit": 3}).json()["results"]) == 3
    for bad in ("0", "51", "many"):
        response = api_client.get(f"/api/v1/movies/{movie.pk}/similar/", {"limit": bad})
        assert response.status_code == 400 and "limit" in response.json()["error"]["fields"]
    assert api_client.get("/api/v1/movies/999999999/similar/").status_code == 404


def test_similar_query_count_is_bounded(api_client, django_assert_max_num_queries):
    movie = Movie.objects.get(title="Interstellar")
    # movie, its embedding, its neighbours, their rows, their genres
    with django_assert_max_num_queries(5):
        api_client.get(f"/api/v1/movies/{movie.pk}/similar/", {"limit": 50})
