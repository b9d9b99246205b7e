"""The client address that limits count by is the socket's peer unless TRUSTED_PROXY_COUNT says
how many proxies to trust: a client cannot dodge a limit by writing its own X-Forwarded-For."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.throttling import ScopedRateThrottle

from iwm.client_address import client_address

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "/api/v1/auth/token/"
BODY = {"email": "nobody@example.com", "password": "wrong-password"}


@pytest.fixture
def three_per_minute(monkeypatch):
    cache.clear()  # the request history of earlier tests from the same test client address
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})


@pytest.fixture
def trust(settings):
    def set_count(count: int) -> None:
        settings.TRUSTED_PROXY_COUNT = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return set_count


def post(client, forwarded: str | None = None, remote: str = "127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(TOKEN, BODY, format="json", **extra)


def test_without_trusted_proxies_a_new_forwarded_for_each_time_still_hits_the_throttle(api_client, three_per_minute):
    from django.conf import settings

    assert settings.TRUSTED_PROXY_COUNT == 0  # the default, as the suite runs
    statuses = [post(api_client, f"203.0.113.{n}").status_code for n in range(6)]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429, 429]
    error = post(api_client, "198.51.100.1").json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled" and error["fields"] == {}


def test_with_one_trusted_proxy_the_last_forwarded_address_is_the_client(api_client, three_per_minute, trust):
    trust(1)
    # The proxy (the socket's peer) appends the address it saw; what the client wrote before it is ignored.
    statuses = [post(api_client, f"10.9.9.{n}, 203.0.113.7", remote="192.0.2.1").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    # another client behind the same proxy has its own allowance
    assert post(api_client, "10.9.9.1, 203.0.113.8", remote="192.0.2.1").status_code == 401


def test_client_address_function():
    factory = RequestFactory()

    def request(forwarded=None, remote="192.0.2.1"):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return factory.get("/", **meta)

    from django.test import override_settings

    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_address(request("203.0.113.7")) == "192.0.2.1"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(request("1.1.1.1, 203.0.113.7")) == "203.0.113.7"
        assert client_address(request()) == "192.0.2.1"
        assert client_address(request("not-an-address")) == "192.0.2.1"  # a broken chain: the proxy itself
        assert client_address(request(" 2001:db8::1 ")) == "2001:db8::1"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_address(request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
        assert client_address(request("203.0.113.7")) == "203.0.113.7"  # fewer hops than proxies


def test_the_setting_feeds_drf_and_axes():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'], s.AXES_CLIENT_IP_CALLABLE, s.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": "/tmp",
            "DJANGO_SETTINGS_MODULE": "iwm.settings.base",
            "DATABASE_URL": "postgres://x@/y",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TRUSTED_PROXY_COUNT": "2",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "2",
        "2",
        "iwm.client_address.client_address",
        "django.core.mail.backends.filebased.EmailBackend",  # development default: files under var/mail
    ]


def test_a_negative_proxy_count_stops_start_up():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": "/tmp",
            "DJANGO_SETTINGS_MODULE": "iwm.settings.base",
            "DATABASE_URL": "postgres://x@/y",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "TRUSTED_PROXY_COUNT": "-1",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT" in result.stderr
