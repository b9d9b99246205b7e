"""The catalog's vocabularies: genres, platforms (with their regions), regions, languages and
countries, each with its movie count, each one bounded query whatever the page size."""

import pytest

from movies.choices import Region
from movies.models import Genre, Movie, MovieStreamingOption, StreamingPlatform
from movies.tests.factories import MovieFactory, OfferFactory, PlatformFactory

pytestmark = pytest.mark.django_db


def every_row(client, path, **params):
    body = client.get(path, {"page_size": 100, **params}).json()
    assert body["next"] is None, "fits one page of 100"
    return body["results"]


def test_genres_with_their_movie_counts(api_client):
    rows = every_row(api_client, "/api/v1/genres/")
    assert len(rows) == Genre.objects.count()
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["science-fiction"]["name"] == "Science Fiction"
    assert by_slug["drama"]["movie_count"] == Movie.objects.filter(genres__slug="drama").count() > 50
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)


def test_platforms_list_the_regions_they_serve_from_the_offers(api_client):
    rows = every_row(api_client, "/api/v1/platforms/")
    assert len(rows) == StreamingPlatform.objects.count()
    netflix = next(row for row in rows if row["slug"] == "netflix")
    assert netflix["name"] == "Netflix" and netflix["website_url"].startswith("https://")
    expected = sorted(set(MovieStreamingOption.objects.filter(platform__slug="netflix").values_list("region", flat=True)))
    assert netflix["regions"] == expected and "US" in expected
    lonely = PlatformFactory(slug="lonely-tv", name="Lonely TV")
    OfferFactory(platform=lonely, region="NZ")
    OfferFactory(platform=lonely, region="NZ", movie=MovieFactory())
    OfferFactory(platform=lonely, region="CL")
    lonely_row = next(row for row in every_row(api_client, "/api/v1/platforms/") if row["slug"] == "lonely-tv")
    assert lonely_row["regions"] == ["CL", "NZ"]


def test_platforms_of_one_region_in_any_case(api_client):
    in_gb = {row["slug"] for row in every_row(api_client, "/api/v1/platforms/", region="gb")}
    assert in_gb and in_gb == set(
        MovieStreamingOption.objects.filter(region="GB").values_list("platform__slug", flat=True)
    )
    response = api_client.get("/api/v1/platforms/", {"region": "XX"})
    assert response.status_code == 400 and "GET /api/v1/regions/" in response.json()["error"]["fields"]["region"][0]


def test_regions_are_every_tracked_market_with_the_movies_offered_there(api_client):
    rows = every_row(api_client, "/api/v1/regions/")
    assert {row["code"] for row in rows} == set(Region.values)
    by_code = {row["code"]: row for row in rows}
    assert by_code["GB"]["name"] == "United Kingdom"
    assert by_code["US"]["movie_count"] == MovieStreamingOption.objects.filter(region="US").values("movie").distinct().count()
    assert by_code["AR"]["movie_count"] == 0


def test_languages_of_the_catalog_with_english_names(api_client):
    rows = every_row(api_client, "/api/v1/languages/")
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == set(Movie.objects.exclude(language="").values_list("language", flat=True))
    assert (by_code["ja"]["name"], by_code["ko"]["name"], by_code["fa"]["name"]) == ("Japanese", "Korean", "Persian")
    assert by_code["ja"]["movie_count"] == Movie.objects.filter(language="ja").count()
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)


def test_countries_of_the_catalog_with_names(api_client):
    by_code = {row["code"]: row for row in every_row(api_client, "/api/v1/countries/")}
    assert by_code["KR"]["name"] == "South Korea" and by_code["IR"]["name"] == "Iran"
    assert by_code["US"]["movie_count"] == Movie.objects.filter(country="US").count()


def test_a_code_outside_the_tables_that_the_catalog_uses_is_listed_and_filterable(api_client):
    movie = MovieFactory(language="yue", country="SU")
    languages = {row["code"]: row for row in every_row(api_client, "/api/v1/languages/")}
    assert languages["yue"] == {"code": "yue", "name": "yue", "movie_count": 1}
    assert [m["id"] for m in api_client.get("/api/v1/movies/", {"language": "YUE"}).json()["results"]] == [movie.pk]
    countries = {row["code"]: row for row in every_row(api_client, "/api/v1/countries/")}
    assert countries["SU"]["name"] == "Soviet Union (former)"


@pytest.mark.parametrize("path", ["genres", "platforms", "regions", "languages", "countries"])
def test_discovery_lists_are_bounded_in_queries_and_strict(api_client, django_assert_max_num_queries, path):
    for size in (1, 100):
        with django_assert_max_num_queries(2):  # the count and the page (or one query for the whole list)
            response = api_client.get(f"/api/v1/{path}/", {"page_size": size})
        assert response.status_code == 200 and len(response.json()["results"]) >= 1
    response = api_client.get(f"/api/v1/{path}/", {"q": "x"})
    assert response.status_code == 400 and "q" in response.json()["error"]["fields"]
