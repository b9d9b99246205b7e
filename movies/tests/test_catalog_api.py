"""The catalog list and detail endpoints, people, and where to watch."""

import re
import unicodedata
from decimal import Decimal

import pytest

from movies.models import Movie, MovieStreamingOption, Person
from movies.tests.factories import CreditFactory, GenreFactory, MovieFactory, OfferFactory, PlatformFactory

pytestmark = pytest.mark.django_db

MOVIES = "/api/v1/movies/"


def movie_id(title: str) -> int:
    return Movie.objects.get(title=title).pk


def results(client, **params):
    response = client.get(MOVIES, params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_list_is_newest_first_by_default(api_client):
    dates = [m["release_date"] for m in results(api_client, page_size=50) if m["release_date"]]
    assert dates == sorted(dates, reverse=True)


def test_filter_by_genre_slug(api_client):
    rows = results(api_client, genre="animation", page_size=100)
    assert rows and all("animation" in [g["slug"] for g in m["genres"]] for m in rows)
    assert "Spirited Away" in [m["title"] for m in rows]


def test_filter_by_year_range_language_and_country(api_client):
    rows = results(api_client, year_min=1970, year_max=1979, page_size=100)
    assert rows and all(1970 <= m["year"] <= 1979 for m in rows)
    assert "The Godfather" in [m["title"] for m in rows]
    japanese = results(api_client, language="ja", page_size=100)
    assert japanese and all(m["language"] == "ja" for m in japanese)
    korean = results(api_client, country="KR", page_size=100)
    assert "Parasite" in [m["title"] for m in korean]


def test_filter_by_status(api_client):
    upcoming = results(api_client, status="upcoming", page_size=100)
    assert all(m["status"] == "upcoming" for m in upcoming)
    assert api_client.get(MOVIES, {"status": "bogus"}).status_code == 400


def test_filter_by_minimum_siddu_score_and_order_by_it(api_client):
    Movie.objects.update(siddu_score=None)  # the demo reviews scored some films; only these three here
    Movie.objects.filter(title="Interstellar").update(siddu_score=Decimal("9.1"))
    Movie.objects.filter(title="Inception").update(siddu_score=Decimal("8.4"))
    Movie.objects.filter(title="Tenet").update(siddu_score=Decimal("6.0"))
    rows = results(api_client, min_siddu_score="8", ordering="-siddu_score")
    assert [m["title"] for m in rows] == ["Interstellar", "Inception"]
    ordered = results(api_client, ordering="-siddu_score", page_size=5)
    assert ordered[0]["title"] == "Interstellar"  # scored films before unscored ones


def title_key(title: str) -> str:
    """What title ordering means: case and accents aside, a leading The/A/An skipped."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)).lower()
    return re.sub(r"^(the|a|an)\s+", "", plain)


def test_ordering_by_title_ignores_case_accents_and_a_leading_article(api_client):
    titles = [m["title"] for page in (1, 2) for m in results(api_client, ordering="title", page_size=100, page=page)]
    assert len(titles) == Movie.objects.count()
    assert titles == sorted(titles, key=title_key)
    assert titles.index("Amélie") < titles.index("Amour") < titles.index("Anatomy of a Fall")
    godfather = titles.index("The Godfather")
    assert titles[godfather - 1][0] in "FG" and titles[godfather + 1].startswith(("The Godfather", "G"))
    reverse = [m["title"] for m in results(api_client, ordering="-title", page_size=100)]
    assert reverse == titles[::-1][:100]
    assert api_client.get(MOVIES, {"ordering": "budget"}).status_code == 400


def test_films_without_a_release_date_come_last_both_ways(api_client):
    undated = MovieFactory(title="Undated", year=None, release_date=None)
    count = Movie.objects.count()
    for ordering in ("-release_date", "release_date"):
        last_page = results(api_client, ordering=ordering, page_size=1, page=count)
        assert last_page[0]["id"] == undated.pk
    assert Movie.objects.all()[count - 1] == undated  # the model's default order (the admin's) too


def test_watch_region_and_platforms_filter_the_catalog(api_client):
    rows = results(api_client, watch_region="US", watch_platforms="netflix,mubi", page_size=100)
    assert rows
    ids = [m["id"] for m in rows]
    assert len(ids) == len(set(ids)), "a film on two of my platforms is listed once"
    for movie_pk in ids:
        assert MovieStreamingOption.objects.filter(
            movie_id=movie_pk, region="US", platform__slug__in=["netflix", "mubi"]
        ).exists()
    expected = (
        MovieStreamingOption.objects.filter(region="US", platform__slug__in=["netflix", "mubi"])
        .values("movie_id")
        .distinct()
        .count()
    )
    assert api_client.get(MOVIES, {"watch_region": "US", "watch_platforms": "netflix,mubi"}).json()["count"] == expected
    assert api_client.get(MOVIES, {"watch_region": "XX"}).status_code == 400


def test_bad_filter_values_are_400s_naming_the_field(api_client):
    for params, field in [({"year_min": "abc"}, "year_min"), ({"min_siddu_score": "high"}, "min_siddu_score")]:
        response = api_client.get(MOVIES, params)
        assert response.status_code == 400
        assert field in response.json()["error"]["fields"]


def test_list_query_count_is_fixed_whatever_the_page_size(api_client, django_assert_max_num_queries):
    # count + movies + genres, whatever the page size and filters
    for size in (1, 20, 100):
        with django_assert_max_num_queries(3):
            assert len(results(api_client, page_size=size, watch_region="US")) >= 1


def test_detail_has_genres_credits_by_role_scenes_and_offers_by_region(api_client, django_assert_max_num_queries):
    pk = movie_id("Interstellar")
    with django_assert_max_num_queries(7):
        response = api_client.get(f"{MOVIES}{pk}/")
    body = response.json()
    assert body["title"] == "Interstellar" and body["year"] == 2014
    assert "science-fiction" in [g["slug"] for g in body["genres"]]
    assert body["credits"]["director"][0]["person"]["name"] == "Christopher Nolan"
    actors = body["credits"]["actor"]
    assert actors[0]["person"]["name"] == "Matthew McConaughey" and actors[0]["character_name"]
    assert [a["billing_order"] for a in actors] == sorted(a["billing_order"] for a in actors)
    assert body["streaming"] and all(
        offer["region"] == region for region, offers in body["streaming"].items() for offer in offers
    )
    assert list(body["streaming"]) == sorted(body["streaming"])


def test_detail_query_count_does_not_grow_with_credits(api_client, django_assert_max_num_queries):
    movie = MovieFactory()
    for _ in range(30):
        CreditFactory(movie=movie)
    for region in ("US", "GB", "FR"):
        OfferFactory(movie=movie, region=region)
    with django_assert_max_num_queries(7):
        assert len(api_client.get(f"{MOVIES}{movie.pk}/").json()["credits"]["actor"]) == 30


def test_watch_lists_offers_for_a_region(api_client, django_assert_max_num_queries):
    movie = MovieFactory()
    netflix, itunes = PlatformFactory(slug="test-flix"), PlatformFactory(slug="test-store")
    OfferFactory(movie=movie, platform=netflix, region="US")
    OfferFactory(movie=movie, platform=itunes, region="US", type="rent", price=Decimal("3.99"), currency="USD")
    OfferFactory(movie=movie, platform=netflix, region="GB")
    with django_assert_max_num_queries(2):
        body = api_client.get(f"{MOVIES}{movie.pk}/watch/", {"region": "US"}).json()
    assert list(body["regions"]) == ["US"]
    offers = body["regions"]["US"]
    assert {(o["platform"]["slug"], o["type"]) for o in offers} == {("test-flix", "subscription"), ("test-store", "rent")}
    rent = next(o for o in offers if o["type"] == "rent")
    assert (rent["price"], rent["currency"]) == ("3.99", "USD")
    everywhere = api_client.get(f"{MOVIES}{movie.pk}/watch/").json()
    assert set(everywhere["regions"]) == {"US", "GB"}
    assert api_client.get(f"{MOVIES}{movie.pk}/watch/", {"region": "ZZ"}).status_code == 400
    assert api_client.get(f"{MOVIES}999999999/watch/").status_code == 404


def test_people_list_and_detail_with_filmography_by_role(api_client, django_assert_max_num_queries):
    nolan = Person.objects.get(name="Christopher Nolan")
    with django_assert_max_num_queries(4):
        body = api_client.get(f"/api/v1/people/{nolan.pk}/").json()
    assert body["name"] == "Christopher Nolan"
    directed = {entry["movie"]["title"] for entry in body["filmography"]["director"]}
    assert {"Interstellar", "Inception", "The Dark Knight", "Oppenheimer"} <= directed
    assert "writer" in body["filmography"]
    for size in (1, 50):
        with django_assert_max_num_queries(2):
            people = api_client.get("/api/v1/people/", {"page_size": size}).json()["results"]
        assert len(people) == size
    directors = api_client.get("/api/v1/people/", {"known_for": "directing", "page_size": 100}).json()["results"]
    assert directors and all(p["known_for"] == "directing" for p in directors)


def test_genre_factory_movies_show_up_under_their_genre(api_client):
    genre = GenreFactory(slug="test-only-genre")
    movie = MovieFactory(genres=[genre])
    rows = results(api_client, genre="test-only-genre")
    assert [m["id"] for m in rows] == [movie.pk]


def test_people_sort_by_name_with_accents_and_case_aside(api_client):
    names = []
    for page in range(1, 20):
        body = api_client.get("/api/v1/people/", {"page_size": 100, "page": page}).json()
        names += [p["name"] for p in body["results"]]
        if not body["next"]:
            break
    assert len(names) == Person.objects.count()
    letters = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE", "æ": "ae"})
    plain = [
        "".join(c for c in unicodedata.normalize("NFKD", n.translate(letters)) if not unicodedata.combining(c)).lower()
        for n in names
    ]
    assert plain == sorted(plain)
    sciamma = names.index("Céline Sciamma")
    assert names[sciamma - 1][0] == "C" and names[sciamma + 1][0] == "C"  # among the Cs, not after the Zs
