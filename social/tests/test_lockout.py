"""Password guessing against the admin's login form and the token endpoint is locked out
(django-axes), and the two count together: neither is a way around the other."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from rest_framework.test import APIClient

from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", username="staff", is_staff=True, is_superuser=True)


def admin_login(client, password, email="staff@example.com", **extra):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"}, **extra)


def token(client, password, email="staff@example.com", **extra):
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **extra)


def cool_off_passes():
    """Move every recorded failure back past the cool-off period (as if that time went by)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))


def assert_locked_page(response):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert b"Sign-in temporarily locked" in response.content
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())


def test_the_limit_is_configured():
    assert 3 <= LIMIT <= 10
    assert timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME <= timedelta(hours=1)


def test_wrong_passwords_on_the_admin_then_the_right_one_is_refused_until_the_cool_off(client, staff):
    for _ in range(LIMIT - 1):
        response = admin_login(client, "wrong")
        assert response.status_code == 200 and b"Please enter the correct" in response.content
    assert_locked_page(admin_login(client, "wrong"))  # the failure that reaches the limit

    assert_locked_page(admin_login(client, TEST_PASSWORD))
    assert "_auth_user_id" not in client.session  # not signed in

    cool_off_passes()
    response = admin_login(client, TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_lock_is_per_email_and_address(client, staff):
    other = UserFactory(email="other@example.com", username="other_staff", is_staff=True)
    for _ in range(LIMIT):
        admin_login(client, "wrong")
    assert_locked_page(admin_login(client, TEST_PASSWORD))
    # the same email from another address, and another email from this address, still sign in
    assert admin_login(client, TEST_PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
    client.logout()
    assert admin_login(client, TEST_PASSWORD, email=other.email).status_code == 302


def test_the_email_counts_whatever_its_case(client, staff):
    for n in range(LIMIT):
        admin_login(client, "wrong", email="Staff@EXAMPLE.com" if n % 2 else "staff@example.com")
    assert_locked_page(admin_login(client, TEST_PASSWORD, email="STAFF@example.COM"))


def test_token_endpoint_failures_lock_the_admin_too(client, staff):
    api = APIClient()
    for _ in range(LIMIT):
        token(api, "wrong")
    assert_locked_page(admin_login(client, TEST_PASSWORD))


def test_admin_failures_lock_the_token_endpoint_in_the_api_error_shape(client, staff):
    for _ in range(LIMIT):
        admin_login(client, "wrong")
    response = token(APIClient(), TEST_PASSWORD)
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "locked_out" and "Try again" in body["error"]["message"]
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    cool_off_passes()
    assert token(APIClient(), TEST_PASSWORD).status_code == 200


def test_the_token_endpoint_locks_after_the_limit_even_with_the_right_password():
    UserFactory(email="member@example.com", username="member_a")
    api = APIClient()
    statuses = [token(api, "wrong", email="member@example.com").status_code for _ in range(LIMIT)]
    assert statuses == [401] * (LIMIT - 1) + [429]
    assert token(api, TEST_PASSWORD, email="member@example.com").status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(staff):
    api = APIClient()
    for _ in range(LIMIT - 1):
        token(api, "wrong")
    assert token(api, TEST_PASSWORD).status_code == 200
    for _ in range(LIMIT - 1):
        assert token(api, "wrong").status_code == 401
    assert token(api, TEST_PASSWORD).status_code == 200


def test_sign_in_attempt_records_keep_no_password(client, staff):
    admin_login(client, "hunter2-secret")
    token(APIClient(), "hunter3-secret")
    for attempt in AccessAttempt.objects.all():
        assert "hunter" not in attempt.post_data + attempt.get_data
