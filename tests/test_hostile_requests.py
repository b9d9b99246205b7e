"""Requests that once gave a 500 or an HTML page, kept as regression tests.

Each was found by hand or by fuzzing the schema; every one must get a 4xx in the API's JSON
error shape, with DEBUG on (development) and off (production).
"""

import json

import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

EXOTIC_DIGITS = ["²", "³", "①", "٣", "３", "߃", "𝟚"]


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug_either_way(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize("digit", EXOTIC_DIGITS)
@pytest.mark.parametrize("param", ["page", "page_size"])
def test_non_ascii_digits_in_paging_are_400s(api_client, debug_either_way, param, digit):
    error = assert_error_shape(api_client.get(f"/api/v1/movies/?{param}={digit}"), 400)
    assert "0-9" in error["fields"][param][0]


@pytest.mark.parametrize("param", ["page", "page_size"])
def test_a_page_number_of_5000_digits_is_a_400(api_client, param):
    assert_error_shape(api_client.get(f"/api/v1/movies/?{param}={'9' * 5000}"), 400)


def test_non_ascii_digits_in_a_numeric_parameter_are_a_400(api_client):
    assert_error_shape(api_client.get("/api/v1/movies/1/similar/?limit=٣"), 400)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/auth/register/"),
        ("post", "/api/v1/auth/token/"),
        ("post", "/api/v1/auth/token/refresh/"),
        ("patch", "/api/v1/auth/me/"),
    ],
)
def test_json_nested_5000_deep_is_a_400(api_client, member, debug_either_way, method, path):
    api_client.force_authenticate(member)
    body = '{"email": ' + _nested(5000) + "}"
    response = getattr(api_client, method)(path, data=body, content_type="application/json")
    error = assert_error_shape(response, 400)
    assert "nested" in error["message"]


def test_json_nested_a_little_still_parses(api_client):
    body = json.dumps({"email": [[["a"]]], "username": "x", "password": "y"})
    response = api_client.post("/api/v1/auth/register/", data=body, content_type="application/json")
    error = assert_error_shape(response, 400)
    assert "email" in error["fields"]  # a validation error about the field, not a parse error


def test_brackets_inside_strings_do_not_count_as_nesting(api_client, member):
    api_client.force_authenticate(member)
    response = api_client.patch("/api/v1/auth/me/", data={"bio": "[" * 1000}, format="json")
    assert response.status_code == 200, response.json()


def test_nan_is_not_json(api_client):
    response = api_client.post("/api/v1/auth/token/", data='{"email": NaN}', content_type="application/json")
    assert_error_shape(response, 400)


@pytest.mark.parametrize("user_id", ["abc", "", "1.5", -1, 0, 2**70, None, [1], True])
def test_a_signed_token_with_a_bad_user_id_is_a_401(api_client, member, user_id):
    token = AccessToken.for_user(member)
    token["user_id"] = user_id
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_error_shape(api_client.get("/api/v1/auth/me/"), 401)


@pytest.mark.parametrize("user_id", ["abc", 2**70, 999_999_999])
def test_a_signed_refresh_token_with_a_bad_or_missing_user_is_a_401(api_client, member, user_id):
    refresh = RefreshToken.for_user(member)
    refresh["user_id"] = user_id
    response = api_client.post("/api/v1/auth/token/refresh/", {"refresh": str(refresh)}, format="json")
    assert_error_shape(response, 401)


def test_a_refresh_token_of_a_deleted_user_is_a_401(api_client, member):
    refresh = str(RefreshToken.for_user(member))
    member.delete()
    response = api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert_error_shape(response, 401)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_on_an_unknown_api_path_are_a_json_404_not_the_csrf_page(client, debug_either_way, method):
    # Django's test client skips CSRF checks unless asked: ask, as a browser would be treated.
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = getattr(browser, method)("/api/v1/no-such-thing/", data="{}", content_type="application/json")
    assert_error_shape(response, 404)


def test_more_than_a_thousand_query_parameters_is_a_json_400(api_client, debug_either_way):
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5))
    error = assert_error_shape(api_client.get(f"/api/v1/movies/?{query}"), 400)
    assert str(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS) in error["message"]


def test_an_oversized_body_is_a_json_400(api_client, debug_either_way):
    body = json.dumps({"bio": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    error = assert_error_shape(
        api_client.post("/api/v1/auth/register/", data=body, content_type="application/json"), 400
    )
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in error["message"]


def test_a_nul_character_in_a_query_parameter_is_a_400(api_client):
    assert_error_shape(api_client.get("/api/v1/search/?q=ab%00cd"), 400)


def test_an_html_error_page_under_the_api_becomes_the_json_shape(rf):
    """The safety net: whatever answers an /api/ request with an HTML error, the client gets JSON."""
    from django.http import HttpResponseNotAllowed

    from iwm.api.middleware import ApiGuardMiddleware

    middleware = ApiGuardMiddleware(lambda request: HttpResponseNotAllowed(["GET"], content=b"<h1>no</h1>"))
    response = middleware(rf.post("/api/v1/anything/"))
    assert response.status_code == 405 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"
    untouched = ApiGuardMiddleware(lambda request: HttpResponseNotAllowed(["GET"], content=b"<h1>no</h1>"))
    assert untouched(rf.post("/admin/anything/"))["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("body", "field"),
    [({"location": 0}, "location"), ({"bio": ["a"]}, "bio"), ({"name": True}, "name"), ({"website": {}}, "website")],
)
def test_a_json_value_of_the_wrong_type_is_a_400_on_its_field(member_client, body, field):
    error = assert_error_shape(member_client.patch("/api/v1/auth/me/", body, format="json"), 400)
    assert error["fields"][field] == ["Must be a string."]


@pytest.mark.parametrize("param", ["page", "page_size"])
def test_an_empty_paging_parameter_is_a_400_not_the_default(api_client, param):
    assert_error_shape(api_client.get(f"/api/v1/movies/?{param}="), 400)
