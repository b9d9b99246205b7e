"""What a newcomer meets first: the home page, the API index, the docs, and the API's manners
(trailing slashes, strict parameters, CORS, compression, the padlocks in Swagger UI)."""

import gzip
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from iwm.api.params import StrictQueryParamsMixin
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db


def test_home_page_says_what_iwm_is_and_links_the_docs_schema_and_admin(client):
    response = client.get("/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "I Watch Movies" in page
    for link in ('href="/api/v1/"', 'href="/api/docs/"', 'href="/api/schema/"', 'href="/admin/"'):
        assert link in page


def test_api_root_indexes_every_collection_and_the_docs(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["documentation"].endswith("/api/docs/") and body["schema"].endswith("/api/schema/")
    resources = body["resources"]
    for name in ("movie-list", "person-list", "search", "theater-list", "auth-register", "auth-token"):
        assert name in resources
    for url in resources.values():
        assert url.startswith("http://testserver/api/v1/") and "<" not in url
    # every link answers (GET where GET exists; POST-only routes answer 405 to GET)
    for url in resources.values():
        status = api_client.get(url.replace("http://testserver", "")).status_code
        assert status in (200, 400, 401, 405), (url, status)


def test_a_missing_trailing_slash_redirects_get_keeping_the_query(api_client):
    response = api_client.get("/api/v1/movies?page_size=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/movies/?page_size=2"
    assert api_client.get("/api/v1/movies/1").status_code == 301
    assert api_client.head("/api/v1/movies").status_code == 301


def test_a_missing_trailing_slash_on_a_post_says_so(api_client):
    error = assert_error_shape(api_client.post("/api/v1/auth/register", {}, format="json"), 404)
    assert "trailing slash" in error["message"] and "/api/v1/auth/register/" in error["message"]


def test_an_unknown_path_without_a_slash_is_a_plain_404(api_client):
    error = assert_error_shape(api_client.get("/api/v1/nothing-here"), 404)
    assert "slash" not in error["message"]


def test_unknown_query_parameters_are_400s_that_list_the_accepted_ones(api_client):
    error = assert_error_shape(api_client.get("/api/v1/movies/?yeer=1994"), 400)
    message = error["fields"]["yeer"][0]
    assert "genre" in message and "page_size" in message
    error = assert_error_shape(api_client.get("/api/v1/movies/1/?expand=all"), 400)
    assert "none" in error["fields"]["expand"][0]
    assert_error_shape(api_client.get("/api/v1/search/?q=alien&type=movie"), 400)


def _api_views(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            yield route, entry.callback


def test_every_api_view_refuses_unknown_parameters():
    """New apps must build on iwm.api.views (or add the mixin): strictness is not opt-in."""
    loose = [route for route, callback in _api_views() if not issubclass(callback.view_class, StrictQueryParamsMixin)]
    assert loose == []


def _schema(api_client):
    return api_client.get("/api/schema/?format=json").json()


def test_every_operation_has_a_summary(api_client):
    missing = [
        f"{method.upper()} {path}"
        for path, operations in _schema(api_client)["paths"].items()
        for method, operation in operations.items()
        if not operation.get("summary")
    ]
    assert missing == []


def test_padlocks_public_routes_are_open_and_member_routes_closed(api_client):
    paths = _schema(api_client)["paths"]
    assert "security" not in paths["/api/v1/movies/"]["get"]
    assert "security" not in paths["/api/v1/auth/register/"]["post"]
    assert "security" not in paths["/api/v1/auth/token/"]["post"]
    assert paths["/api/v1/auth/me/"]["get"]["security"] == [{"jwtAuth": []}]
    assert paths["/api/v1/auth/me/"]["patch"]["security"] == [{"jwtAuth": []}]


def test_documented_query_parameters_are_the_accepted_ones(api_client):
    parameters = _schema(api_client)["paths"]["/api/v1/movies/{movie_id}/similar/"]["get"]["parameters"]
    assert {p["name"] for p in parameters if p["in"] == "query"} == {"limit"}


def test_cors_allows_configured_origins_on_the_api_only(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = api_client.get("/api/v1/movies/?page_size=1", HTTP_ORIGIN="https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    other = api_client.get("/api/v1/movies/?page_size=1", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = api_client.options(
        "/api/v1/auth/token/",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    admin = api_client.get("/admin/login/", HTTP_ORIGIN="https://app.example.com")
    assert "Access-Control-Allow-Origin" not in admin


def test_large_json_is_gzipped_for_clients_that_accept_it(api_client):
    response = api_client.get("/api/v1/movies/?page_size=50", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = json.loads(gzip.decompress(response.content))
    assert len(body["results"]) == 50
    plain = api_client.get("/api/v1/movies/?page_size=50")
    assert "Content-Encoding" not in plain


def test_responses_with_tokens_are_never_compressed(api_client, member):
    from social.tests.factories import TEST_PASSWORD

    response = api_client.post(
        "/api/v1/auth/token/", {"email": member.email, "password": TEST_PASSWORD}, format="json",
        HTTP_ACCEPT_ENCODING="gzip",
    )  # fmt: skip
    assert response.status_code == 200 and "Content-Encoding" not in response
