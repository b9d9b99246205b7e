"""Fixtures shared by every app's tests: the usual actors, an API client, the demo catalog.

Tests run on real PostgreSQL with every migration applied (the embedded server, or
DATABASE_URL). The demo data of every app (iwm.demo) is loaded once per run into the test
database; tests that use `db` see it and roll back their own changes around it.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from iwm.db.features import forget
    from iwm.demo import demo_load_all
    from movies.services.embeddings import movie_embeddings_refresh

    with django_db_blocker.unblock():
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
