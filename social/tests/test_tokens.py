"""Refresh tokens are single-use; sign-out and password changes end sessions for real."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
PASSWORD = "/api/v1/auth/password/"
ME = "/api/v1/auth/me/"
NEW_PASSWORD = "quiet-harbour-lamp-77"


def sign_in(client, email, password=TEST_PASSWORD):
    response = client.post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def assert_401(response, code="token_not_valid"):
    assert response.status_code == 401, response.content
    error = response.json()["error"]
    assert error["status"] == 401 and error["code"] == code and error["message"]
    return error


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.fixture
def lin(db):
    return UserFactory(email="lin@example.com", username="lin")


def test_refresh_rotates_and_the_used_token_is_refused_the_second_time(api_client, lin):
    first = sign_in(api_client, "lin@example.com")
    response = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert response.status_code == 200
    second = response.json()
    assert second["refresh"] != first["refresh"] and second["access"]
    assert bearer(second["access"]).get(ME).json()["id"] == lin.id

    error = assert_401(api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json"))
    assert "blacklisted" in error["message"]
    # the new one works, once
    assert api_client.post(REFRESH, {"refresh": second["refresh"]}, format="json").status_code == 200
    assert_401(api_client.post(REFRESH, {"refresh": second["refresh"]}, format="json"))


def test_refresh_refuses_an_access_token_and_junk(api_client, lin):
    tokens = sign_in(api_client, "lin@example.com")
    assert_401(api_client.post(REFRESH, {"refresh": tokens["access"]}, format="json"))
    assert_401(api_client.post(REFRESH, {"refresh": "a.b.c"}, format="json"))
    response = api_client.post(REFRESH, {}, format="json")
    assert response.status_code == 400 and "refresh" in response.json()["error"]["fields"]


def test_refresh_for_a_deleted_or_deactivated_account_is_401(api_client, lin):
    tokens = sign_in(api_client, "lin@example.com")
    lin.is_active = False
    lin.save()
    assert_401(api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json"))


def test_a_refresh_token_naming_a_user_id_that_is_no_integer_is_401_not_500(api_client, lin):
    from rest_framework_simplejwt.tokens import RefreshToken

    for user_id in ["abc", "99999999999999999999999", None]:
        token = RefreshToken.for_user(lin)
        token["user_id"] = user_id
        # re-sign with the changed claim; its jti stays the recorded one
        assert_401(api_client.post(REFRESH, {"refresh": str(token)}, format="json"))


def test_logout_revokes_the_refresh_token(api_client, lin):
    tokens = sign_in(api_client, "lin@example.com")
    response = api_client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 204 and not response.content
    assert_401(api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json"))
    # other sessions of the same account are untouched
    other = sign_in(APIClient(), "lin@example.com")
    assert api_client.post(REFRESH, {"refresh": other["refresh"]}, format="json").status_code == 200


def test_logout_with_a_bad_token_is_401_and_without_one_a_400(api_client):
    assert_401(api_client.post(LOGOUT, {"refresh": "nope"}, format="json"))
    response = api_client.post(LOGOUT, {}, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"refresh"}


def test_password_change_needs_the_current_password(lin):
    tokens = sign_in(APIClient(), "lin@example.com")
    client = bearer(tokens["access"])
    response = client.post(PASSWORD, {"current_password": "wrong", "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"current_password"}
    lin.refresh_from_db()
    assert lin.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("new_password", ["short", "password123", "lin@example.com1", "12345678901"])
def test_password_change_runs_the_password_validators(lin, new_password):
    client = bearer(sign_in(APIClient(), "lin@example.com")["access"])
    response = client.post(PASSWORD, {"current_password": TEST_PASSWORD, "new_password": new_password}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"new_password"}
    lin.refresh_from_db()
    assert lin.check_password(TEST_PASSWORD)


def test_password_change_needs_a_signed_in_user(api_client):
    response = api_client.post(PASSWORD, {"current_password": "x", "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 401


def test_password_change_ends_every_other_session_and_keeps_this_one(lin):
    phone = sign_in(APIClient(), "lin@example.com")
    laptop = sign_in(APIClient(), "lin@example.com")
    client = bearer(laptop["access"])
    response = client.post(PASSWORD, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    fresh = response.json()

    anyone = APIClient()
    # every refresh token issued before the change is refused...
    assert_401(anyone.post(REFRESH, {"refresh": phone["refresh"]}, format="json"))
    assert_401(anyone.post(REFRESH, {"refresh": laptop["refresh"]}, format="json"))
    # ...and so is every access token issued before it, at once
    assert_401(bearer(phone["access"]).get(ME), code="password_changed")
    assert_401(bearer(laptop["access"]).get(ME), code="password_changed")
    # the pair in the response works
    assert bearer(fresh["access"]).get(ME).status_code == 200
    assert anyone.post(REFRESH, {"refresh": fresh["refresh"]}, format="json").status_code == 200
    # and the new password signs in, the old one does not
    sign_in(APIClient(), "lin@example.com", NEW_PASSWORD)
    assert APIClient().post(TOKEN, {"email": "lin@example.com", "password": TEST_PASSWORD}).status_code == 401


def test_password_change_refuses_the_same_password(lin):
    client = bearer(sign_in(APIClient(), "lin@example.com")["access"])
    response = client.post(PASSWORD, {"current_password": TEST_PASSWORD, "new_password": TEST_PASSWORD}, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"new_password"}


def test_password_change_refuses_unknown_fields(lin):
    client = bearer(sign_in(APIClient(), "lin@example.com")["access"])
    response = client.post(
        PASSWORD, {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "email": "x@y.z"}, format="json"
    )
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"email"}


def test_expired_outstanding_tokens_are_flushed(lin):
    from django.utils import timezone
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    from social.services import expired_tokens_flush

    tokens = sign_in(APIClient(), "lin@example.com")
    APIClient().post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    sign_in(APIClient(), "lin@example.com")
    OutstandingToken.objects.filter(pk=OutstandingToken.objects.order_by("pk").first().pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert expired_tokens_flush() == 1
    assert OutstandingToken.objects.filter(user=lin).count() == 1
    assert BlacklistedToken.objects.count() == 0


@pytest.mark.parametrize("path", [REFRESH, LOGOUT, PASSWORD])
def test_token_and_password_endpoints_are_throttled_with_the_auth_scope(path, lin, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    tokens = sign_in(APIClient(), "lin@example.com")
    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "2/min"})
    client = bearer(tokens["access"])
    statuses = [client.post(path, {"refresh": "junk"}, format="json").status_code for _ in range(3)]
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    error = client.post(path, {"refresh": "junk"}, format="json").json()["error"]
    assert error["code"] == "throttled" and error["status"] == 429


def test_sign_in_refresh_and_logout_cost_a_few_queries(lin, django_assert_max_num_queries):
    client = APIClient()
    with django_assert_max_num_queries(8):
        tokens = sign_in(client, "lin@example.com")
    with django_assert_max_num_queries(10):
        tokens = client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").json()
    with django_assert_max_num_queries(8):
        assert client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json").status_code == 204
    with django_assert_max_num_queries(12):  # a failure is recorded for the lockout
        assert client.post(TOKEN, {"email": "lin@example.com", "password": "bad"}, format="json").status_code == 401
