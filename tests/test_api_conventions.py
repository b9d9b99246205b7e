"""The API's shared conventions: one error shape, pagination limits, the OpenAPI schema."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


def test_unknown_api_address_is_a_json_404(api_client):
    error = assert_error_shape(api_client.get("/api/v1/no-such-thing/"), 404)
    assert error["code"] == "not_found"


def test_missing_object_is_a_json_404(api_client):
    assert_error_shape(api_client.get("/api/v1/movies/999999999/"), 404)
    assert_error_shape(api_client.get("/api/v1/people/999999999/"), 404)


def test_page_size_over_the_maximum_is_a_400_that_names_the_limit(api_client):
    limit = settings.API_MAX_PAGE_SIZE
    error = assert_error_shape(api_client.get(f"/api/v1/movies/?page_size={limit + 1}"), 400)
    assert str(limit) in error["fields"]["page_size"][0]


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1.5"])
def test_bad_page_size_is_a_400(api_client, value):
    assert_error_shape(api_client.get(f"/api/v1/movies/?page_size={value}"), 400)


def test_default_and_maximum_page_sizes(api_client):
    body = api_client.get("/api/v1/movies/").json()
    assert len(body["results"]) == settings.API_PAGE_SIZE
    body = api_client.get(f"/api/v1/movies/?page_size={settings.API_MAX_PAGE_SIZE}").json()
    assert len(body["results"]) == settings.API_MAX_PAGE_SIZE
    assert body["count"] > settings.API_MAX_PAGE_SIZE


def test_page_past_the_end_is_a_404_and_a_bad_page_a_400(api_client):
    assert_error_shape(api_client.get("/api/v1/movies/?page=100000"), 404)
    assert_error_shape(api_client.get("/api/v1/movies/?page=abc"), 400)


def test_pages_do_not_overlap(api_client):
    first = api_client.get("/api/v1/movies/?page_size=7&ordering=title").json()
    second = api_client.get(first["next"]).json()
    assert not {m["id"] for m in first["results"]} & {m["id"] for m in second["results"]}


def test_malformed_json_is_a_400(api_client):
    response = api_client.post("/api/v1/auth/register/", data="{not json", content_type="application/json")
    error = assert_error_shape(response, 400)
    assert error["code"] == "parse_error"


def test_a_list_body_instead_of_an_object_is_a_400(api_client):
    response = api_client.post("/api/v1/auth/register/", data=[1, 2], format="json")
    assert_error_shape(response, 400)


def test_wrong_method_is_a_405(api_client):
    error = assert_error_shape(api_client.delete("/api/v1/movies/"), 405)
    assert error["code"] == "method_not_allowed"


def test_unsupported_media_type_is_a_415(api_client):
    response = api_client.post("/api/v1/auth/register/", data="email=a", content_type="text/plain")
    assert_error_shape(response, 415)


def test_openapi_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/movies/", "/api/v1/movies/{movie_id}/", "/api/v1/search/", "/api/v1/theaters/",
        "/api/v1/auth/token/", "/api/v1/movies/{movie_id}/similar/", "/api/v1/people/autocomplete/",
    ]:  # fmt: skip
        assert path in paths
    page_size = next(p for p in paths["/api/v1/movies/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == settings.API_MAX_PAGE_SIZE
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_unknown_api_address_is_json_even_in_debug(api_client, settings):
    settings.DEBUG = True
    error = assert_error_shape(api_client.get("/api/v1/movies/not-a-number/"), 404)
    assert error["code"] == "not_found"


def test_auth_endpoints_are_throttled_in_the_error_shape(api_client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()  # the request history of earlier tests from the same test client address
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})
    for _ in range(3):
        assert api_client.post("/api/v1/auth/token/", {"email": "x@example.com", "password": "y"}).status_code == 401
    error = assert_error_shape(api_client.post("/api/v1/auth/token/", {"email": "x@example.com", "password": "y"}), 429)
    assert error["code"] == "throttled"
    assert api_client.get("/api/v1/movies/").status_code == 200  # only the auth scope is limited


@pytest.mark.parametrize("params", [{"year_min": "2014.5"}, {"year_max": "99999"}, {"genre": "x" * 5000}])
def test_out_of_range_filters_are_400s_not_500s(api_client, params):
    response = api_client.get("/api/v1/movies/", params)
    assert response.status_code in {200, 400}
    if "year" in next(iter(params)):
        assert_error_shape(response, 400)


def test_null_characters_are_refused_cleanly(api_client):
    assert_error_shape(api_client.get("/api/v1/search/", {"q": "ab\x00cd"}), 400)
    assert_error_shape(api_client.get("/api/v1/movies/", {"language": "e\x00n"}), 400)
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "a@example.com", "username": "nul_user", "password": "pale-orbit\x00lantern", "name": "x"},
        format="json",
    )
    assert_error_shape(response, 400)


def test_the_last_page_knows_its_count_without_counting(api_client, django_assert_num_queries):
    total = api_client.get("/api/v1/movies/?page_size=100").json()["count"]
    last_page = (total + 99) // 100
    with django_assert_num_queries(2):  # the page (plus one row) and its genres; no count(*)
        body = api_client.get(f"/api/v1/movies/?page_size=100&page={last_page}").json()
    assert body["count"] == total and body["count_exact"] is True and body["next"] is None


def test_counts_past_the_cap_are_an_estimate_or_a_lower_bound(api_client, monkeypatch):
    from django.db import connection

    from iwm.api import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 50)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE movies")
    unfiltered = api_client.get("/api/v1/movies/?page_size=10").json()
    exact = api_client.get("/api/v1/movies/?page_size=100&page=2").json()["count"]  # the last page counts itself
    assert unfiltered["count_exact"] is False and unfiltered["count"] == exact  # reltuples after ANALYZE
    filtered = api_client.get("/api/v1/movies/?page_size=10&year_min=1900").json()
    assert filtered["count_exact"] is False and filtered["count"] == 50  # a lower bound
    assert filtered["next"] and api_client.get(filtered["next"]).status_code == 200
