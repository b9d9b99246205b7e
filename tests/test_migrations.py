"""Migrations: clean, reversible to zero, and re-appliable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from iwm.db import extensions as catalog

OUR_TABLES = ["users", "movies", "people", "movie_credits", "theaters", "showtimes", "movie_streaming_options"]


def test_makemigrations_is_clean(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _extensions() -> set[str]:
    with connection.cursor() as cursor:
        return set(catalog.installed_extensions(cursor))


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_apply_again():
    assert set(OUR_TABLES) <= _tables()
    # Unapplying an app's first migration unapplies every migration built on it too
    # (admin's on social's users; every domain app's on iwm's extensions).
    call_command("migrate", "social", "zero", verbosity=0)
    call_command("migrate", "iwm", "zero", verbosity=0)
    remaining = _tables() & set(OUR_TABLES)
    assert remaining == set()
    assert not (_extensions() & set(catalog.REQUIRED)), "extensions are dropped on the way down"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname IN ('iwm_unaccent', 'iwm_earth_point')")
        assert cursor.fetchall() == []

    call_command("migrate", verbosity=0)
    assert set(OUR_TABLES) <= _tables()
    assert set(catalog.REQUIRED) <= _extensions()
