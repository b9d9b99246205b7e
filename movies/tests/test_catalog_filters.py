"""The movie list's filters and orderings: strict values, codes in any case, people, genres
(all of / any of), runtime, content rating, IMDb ids, popularity."""

from decimal import Decimal

import pytest
from django.db.models import F

from movies.models import Movie, Person
from movies.tests.factories import CreditFactory, GenreFactory, MovieFactory, PersonFactory

pytestmark = pytest.mark.django_db

MOVIES = "/api/v1/movies/"


def results(client, **params):
    response = client.get(MOVIES, params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def titles(client, **params):
    """Every title the list gives, all pages."""
    found, page = [], 1
    while True:
        body = client.get(MOVIES, {**params, "page_size": 100, "page": page}).json()
        found += [m["title"] for m in body["results"]]
        if not body["next"]:
            return found
        page += 1


def error_on(client, field, **params):
    response = client.get(MOVIES, params)
    assert response.status_code == 400, response.json()
    return " ".join(response.json()["error"]["fields"][field])


@pytest.mark.parametrize(
    ("params", "field", "names"),
    [
        ({"genre": "sci-fi"}, "genre", ["'sci-fi'", "GET /api/v1/genres/"]),
        ({"genre": "drama,sci-fi"}, "genre", ["'sci-fi'", "GET /api/v1/genres/"]),
        ({"genre": "drama|nope"}, "genre", ["'nope'", "GET /api/v1/genres/"]),
        ({"watch_platforms": "netflix,nopeflix"}, "watch_platforms", ["'nopeflix'", "GET /api/v1/platforms/"]),
        ({"watch_region": "XX"}, "watch_region", ["'XX'", "GET /api/v1/regions/"]),
        ({"language": "xx"}, "language", ["'xx'", "GET /api/v1/languages/"]),
        ({"country": "QQ"}, "country", ["'QQ'", "GET /api/v1/countries/"]),
        ({"rating": "X"}, "rating", ["'X'", "PG-13"]),
        ({"people": "999999999"}, "people", ["'999999999'", "GET /api/v1/people/"]),
    ],
)
def test_an_unknown_value_is_a_400_naming_it_and_where_to_find_the_valid_ones(api_client, params, field, names):
    message = error_on(api_client, field, **params)
    for name in names:
        assert name in message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"genre": "drama,crime|war"}, "genre"),
        ({"people": "1,x"}, "people"),
        ({"people": ",".join(str(n) for n in range(1, 13))}, "people"),
        ({"imdb_id": "1375666"}, "imdb_id"),
        ({"runtime_min": "90.5"}, "runtime_min"),
        ({"runtime_max": "0"}, "runtime_max"),
        ({"year": "1994.0"}, "year"),
        ({"year": "١٩٩٤"}, "year"),
    ],
)
def test_malformed_values_are_400s_on_their_parameter(api_client, params, field):
    assert error_on(api_client, field, **params)


def test_codes_are_case_insensitive(api_client):
    assert titles(api_client, language="JA") == titles(api_client, language="ja") != []
    assert titles(api_client, country="kr") == titles(api_client, country="KR") != []
    assert "Parasite" in titles(api_client, country="kr")
    assert titles(api_client, watch_region="gb") == titles(api_client, watch_region="GB") != []
    response = api_client.get(f"{MOVIES}{Movie.objects.get(title='Inception').pk}/watch/", {"region": "us"})
    assert response.status_code == 200 and list(response.json()["regions"]) == ["US"]


def test_a_real_code_the_catalog_has_no_film_for_is_an_empty_list_not_an_error(api_client):
    assert titles(api_client, language="et") == []
    assert titles(api_client, country="EE") == []


def test_year_filters_one_year(api_client):
    rows = results(api_client, year=1994, page_size=100)
    assert rows and {m["year"] for m in rows} == {1994}
    assert {"Pulp Fiction", "The Shawshank Redemption"} <= {m["title"] for m in rows}
    assert len(rows) == Movie.objects.filter(year=1994).count()


def test_people_means_every_one_of_them_in_cast_or_crew(api_client):
    nolan = Person.objects.get(name="Christopher Nolan")
    caine = Person.objects.get(name="Michael Caine")
    both = set(titles(api_client, people=f"{nolan.pk},{caine.pk}"))
    assert {"Interstellar", "The Prestige", "The Dark Knight"} <= both
    assert {"Oppenheimer", "Inception"}.isdisjoint(both)  # Nolan's, without Caine in the demo credits
    nolans = set(titles(api_client, people=str(nolan.pk)))
    assert "Oppenheimer" in nolans and both < nolans
    expected = set(
        Movie.objects.filter(credits__person=nolan).filter(credits__person=caine).values_list("title", flat=True)
    )
    assert both == expected


def test_people_counts_crew_roles_too(api_client):
    movie, composer, actor = MovieFactory(), PersonFactory(), PersonFactory()
    CreditFactory(movie=movie, person=composer, role="composer")
    CreditFactory(movie=movie, person=actor, role="actor")
    assert [m["id"] for m in results(api_client, people=f"{composer.pk},{actor.pk}")] == [movie.pk]


def test_genre_all_of_and_any_of(api_client):
    drama, crime = set(titles(api_client, genre="drama")), set(titles(api_client, genre="crime"))
    both = set(titles(api_client, genre="drama,crime"))
    either = set(titles(api_client, genre="drama|crime"))
    assert both and both == drama & crime
    assert either == drama | crime
    assert "The Godfather" in both


def test_runtime_range(api_client):
    rows = results(api_client, runtime_min=90, runtime_max=100, page_size=100)
    assert rows and all(90 <= m["runtime"] <= 100 for m in rows)
    assert len(rows) == Movie.objects.filter(runtime__range=(90, 100)).count()


def test_content_rating_any_of_in_any_case(api_client):
    rows = results(api_client, rating="pg-13,g", page_size=100)
    assert rows and {m["rating"] for m in rows} == {"PG-13", "G"}
    assert len(results(api_client, rating="nr", page_size=100)) == min(100, Movie.objects.filter(rating="NR").count())


def test_imdb_id_finds_the_one_film_and_the_one_person(api_client):
    rows = results(api_client, imdb_id="tt1375666")
    assert [m["title"] for m in rows] == ["Inception"] and rows[0]["imdb_id"] == "tt1375666"
    assert results(api_client, imdb_id="TT1375666")[0]["title"] == "Inception"
    assert results(api_client, imdb_id="tt0000001") == []
    people = api_client.get("/api/v1/people/", {"imdb_id": "nm0634240"}).json()["results"]
    assert [p["name"] for p in people] == ["Christopher Nolan"] and people[0]["imdb_id"] == "nm0634240"
    assert api_client.get("/api/v1/people/", {"imdb_id": "tt0634240"}).status_code == 400


def test_detail_outputs_carry_imdb_ids(api_client):
    inception = Movie.objects.get(title="Inception")
    assert api_client.get(f"{MOVIES}{inception.pk}/").json()["imdb_id"] == "tt1375666"
    nolan = Person.objects.get(name="Christopher Nolan")
    assert api_client.get(f"/api/v1/people/{nolan.pk}/").json()["imdb_id"] == "nm0634240"


def test_ordering_by_imdb_rating_puts_unrated_films_last(api_client):
    unrated = MovieFactory(imdb_rating=None)
    best = [m["imdb_rating"] for m in results(api_client, ordering="-imdb_rating", page_size=100)]
    assert [Decimal(r) for r in best] == sorted((Decimal(r) for r in best), reverse=True)
    count = Movie.objects.count()
    for ordering in ("-imdb_rating", "imdb_rating"):
        assert results(api_client, ordering=ordering, page_size=1, page=count)[0]["id"] == unrated.pk
    worst = [Decimal(m["imdb_rating"]) for m in results(api_client, ordering="imdb_rating", page_size=20)]
    assert worst == sorted(worst)


def test_popularity_is_reviews_then_imdb_rating(api_client):
    Movie.objects.update(review_count=0)  # the demo reviews counted on some films; only these three here
    Movie.objects.filter(title="Tenet").update(review_count=40)
    Movie.objects.filter(title="Jaws").update(review_count=40, imdb_rating=Decimal("1.0"))  # same reviews, rated lower
    Movie.objects.filter(title="Inception").update(review_count=12)
    rows = results(api_client, ordering="-popularity", page_size=4)
    assert [m["title"] for m in rows[:3]] == ["Tenet", "Jaws", "Inception"]
    assert rows[0]["review_count"] == 40
    rows = results(api_client, ordering="-popularity", page_size=100)
    unreviewed = Movie.objects.filter(review_count=0).order_by(F("imdb_rating").desc(nulls_last=True), "id")
    assert rows[3]["title"] == unreviewed[0].title
    least = results(api_client, ordering="popularity", page_size=100, page=2)
    assert least[-1]["title"] == "Tenet"


def test_filters_do_not_add_queries_per_row(api_client, django_assert_max_num_queries):
    nolan = Person.objects.get(name="Christopher Nolan")
    genre = GenreFactory(slug="only-here")
    for _ in range(3):
        MovieFactory(genres=[genre])
    params = {"genre": "drama|crime", "people": str(nolan.pk), "watch_platforms": "netflix,mubi", "rating": "pg-13,r"}
    for size in (1, 100):
        # count + movies + genres, plus one lookup each for the genre slugs, the people, the platforms
        with django_assert_max_num_queries(6):
            response = api_client.get(MOVIES, {**params, "page_size": size})
        assert response.status_code == 200 and response.json()["results"]
        with django_assert_max_num_queries(3):
            response = api_client.get(MOVIES, {"ordering": "-popularity", "year": 2010, "page_size": size})
        assert response.status_code == 200 and response.json()["results"]


@pytest.mark.parametrize(("path", "param"), [(MOVIES, "status"), (MOVIES, "ordering"), ("/api/v1/people/", "known_for")])
def test_a_choice_given_with_no_value_is_a_400(api_client, path, param):
    response = api_client.get(path, {param: ""})
    assert response.status_code == 400 and param in response.json()["error"]["fields"]


def test_a_code_given_with_no_value_is_no_filter(api_client):
    everyone = api_client.get("/api/v1/platforms/", {"page_size": 100}).json()["count"]
    assert api_client.get("/api/v1/platforms/", {"region": "", "page_size": 100}).json()["count"] == everyone
