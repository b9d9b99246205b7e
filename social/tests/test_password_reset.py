"""Password reset by email: no account enumeration, one-time tokens, sessions end."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from iwm.celery import app as celery_app
from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/api/v1/auth/password-reset/"
CONFIRM = "/api/v1/auth/password-reset/confirm/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
ME = "/api/v1/auth/me/"
NEW_PASSWORD = "amber-canyon-violin-31"


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process (the email is sent by a task)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def ada(db):
    return UserFactory(email="ada@example.com", username="ada")


def ask(client, email, capture):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, format="json")


def reset_values(message) -> dict:
    return dict(re.findall(r"^(uid|token):\s+(\S+)$", message.body, flags=re.M))


def test_the_answer_is_the_same_whether_or_not_the_account_exists(
    api_client, ada, eager_tasks, django_capture_on_commit_callbacks
):
    known = ask(api_client, "ada@example.com", django_capture_on_commit_callbacks)
    unknown = ask(api_client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"] and "password" in message.subject.lower()
    assert set(reset_values(message)) == {"uid", "token"}


def test_the_email_is_found_whatever_its_case_and_domain_spelling(
    api_client, eager_tasks, django_capture_on_commit_callbacks
):
    UserFactory(email="jose@xn--exmple-cua.com", username="jose")
    assert ask(api_client, "JOSE@EXÄMPLE.com", django_capture_on_commit_callbacks).status_code == 202
    assert [m.to for m in mail.outbox] == [["jose@xn--exmple-cua.com"]]


def test_no_email_for_an_inactive_account_or_one_without_a_password(
    api_client, eager_tasks, django_capture_on_commit_callbacks
):
    UserFactory(email="gone@example.com", username="gone", is_active=False)
    nopass = UserFactory(email="nopass@example.com", username="nopass")
    nopass.set_unusable_password()
    nopass.save()
    for email in ("gone@example.com", "nopass@example.com"):
        assert ask(api_client, email, django_capture_on_commit_callbacks).status_code == 202
    assert mail.outbox == []


def test_a_bad_email_is_a_400_on_email(api_client):
    response = api_client.post(RESET, {"email": "not an email"}, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"email"}


def test_reset_sets_the_password_once_and_ends_every_session(
    api_client, ada, eager_tasks, django_capture_on_commit_callbacks
):
    session = APIClient().post(TOKEN, {"email": "ada@example.com", "password": TEST_PASSWORD}, format="json").json()
    ask(api_client, "ada@example.com", django_capture_on_commit_callbacks)
    values = reset_values(mail.outbox[0])

    response = api_client.post(CONFIRM, {**values, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 204, response.content
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)

    # the old session's refresh and access tokens stop working
    refreshed = APIClient().post(REFRESH, {"refresh": session["refresh"]}, format="json")
    assert refreshed.status_code == 401
    old_access = APIClient()
    old_access.credentials(HTTP_AUTHORIZATION=f"Bearer {session['access']}")
    assert old_access.get(ME).status_code == 401

    # the token is spent
    again = api_client.post(CONFIRM, {**values, "new_password": "another-fresh-phrase-9"}, format="json")
    assert again.status_code == 400
    assert set(again.json()["error"]["fields"]) == {"token"}
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "change",
    [
        {"token": "abc-123"},
        {"uid": "MTIzNDU2Nzg5"},  # base64 of a user id that does not exist
        {"uid": "not base64!"},
        {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"},  # a number too big for a bigint
    ],
)
def test_a_bad_uid_or_token_is_a_400_on_token(api_client, ada, change):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    body = {
        "uid": urlsafe_base64_encode(force_bytes(ada.pk)),
        "token": default_token_generator.make_token(ada),
        "new_password": NEW_PASSWORD,
    } | change
    response = api_client.post(CONFIRM, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"token"}
    ada.refresh_from_db()
    assert ada.check_password(TEST_PASSWORD)


def test_the_new_password_must_pass_the_validators(api_client, ada):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    body = {
        "uid": urlsafe_base64_encode(force_bytes(ada.pk)),
        "token": default_token_generator.make_token(ada),
        "new_password": "password",
    }
    response = api_client.post(CONFIRM, body, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"new_password"}
    ada.refresh_from_db()
    assert ada.check_password(TEST_PASSWORD)


def test_reset_link_uses_the_configured_address(api_client, ada, eager_tasks, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_URL = "https://app.example.com/reset?uid={uid}&token={token}"
    ask(api_client, "ada@example.com", django_capture_on_commit_callbacks)
    assert re.search(r"https://app\.example\.com/reset\?uid=\w+&token=[\w-]+", mail.outbox[0].body)


def test_reset_requests_are_throttled(api_client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "2/min"})
    statuses = [api_client.post(RESET, {"email": "x@example.com"}, format="json").status_code for _ in range(3)]
    assert statuses == [202, 202, 429]
    confirm = api_client.post(CONFIRM, {"uid": "x", "token": "y", "new_password": NEW_PASSWORD}, format="json")
    assert confirm.status_code == 429


def test_the_development_default_writes_mail_under_var(tmp_path, settings, ada):
    """Without EMAIL_BACKEND, mail goes to files under var/mail (the test settings use locmem)."""
    from django.conf import settings as live

    from iwm.embedded import VAR_DIR
    from social.services import password_reset_email_send

    assert live.EMAIL_FILE_PATH == VAR_DIR / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    assert password_reset_email_send(user_id=ada.pk) is True
    [written] = list(tmp_path.iterdir())
    assert "ada@example.com" in written.read_text()
