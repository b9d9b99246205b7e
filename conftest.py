"""Fixtures shared by every app's tests: the usual actors, an API client, the demo catalog.

Tests run on real PostgreSQL with every migration applied (the embedded server, or
DATABASE_URL). The demo data of every app (iwm.demo) is loaded once per run into the test
database; tests that use `db` see it and roll back their own changes around it.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


def pytest_sessionstart(session):
    """Refuse settings that could reach a running install; start the test servers if needed.

    `make test` runs under the launcher, which has started PostgreSQL and the tests' own Redis
    (var/redis-test). A plain `pytest` starts them here and leaves them running (`make stop`)."""
    from django.conf import settings

    from iwm import embedded

    if not getattr(settings, "IWM_TEST_SETTINGS", False):
        pytest.exit(
            f"tests run with iwm.settings.test (or a module built on it), not {settings.SETTINGS_MODULE}: "
            "other settings share the broker of a running `make run`",
            returncode=2,
        )
    embedded.start_configured(settings)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Before the test database is created: close any connection pool a module opened at
    import (collection) time. Django renames the database in the settings, but a pool keeps
    the address it was opened with, so every test would run against the development database
    (and the transactional tests would empty it)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from iwm.db.features import forget
    from iwm.demo import demo_load_all
    from movies.services.embeddings import movie_embeddings_refresh

    from django.db import connection

    if not connection.settings_dict["NAME"].startswith("test_"):
        # No test in this run uses the database, so pytest-django made no test database and the
        # connection still names the development one: never load anything into that.
        return
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            actual = cursor.fetchone()[0]
        expected = connection.settings_dict["NAME"]
        assert actual == expected, f"the tests are connected to database {actual!r}, not the test database {expected!r}"
        forget()
        demo_load_all(log=lambda line: None)
        movie_embeddings_refresh()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def member(db):
    from social.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def moderator(db):
    from social.services import moderators_group_ensure
    from social.tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(moderators_group_ensure())
    return user


@pytest.fixture
def admin_user(db):
    from social.tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


def bearer_client(user) -> APIClient:
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def member_client(member) -> APIClient:
    return bearer_client(member)
