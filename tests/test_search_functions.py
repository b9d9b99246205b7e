"""iwm_unaccent(): accent-free text for indexes, inlined by the planner (no per-row call of a
SQL function) where the migration could declare the C entry point (a superuser, as here)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_iwm_unaccent_strips_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT iwm_unaccent('Amélie Poulain, Céline Sciamma, Þór')")
        assert cursor.fetchone()[0] == "Amelie Poulain, Celine Sciamma, THor"


def test_iwm_unaccent_is_inlined_into_queries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the migration role is not a superuser: the plain SQL wrapper is kept (documented)")
        cursor.execute("EXPLAIN (VERBOSE, COSTS OFF) SELECT iwm_unaccent(name) FROM people")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "iwm_unaccent_dict(" in plan and "iwm_unaccent(" not in plan.replace("iwm_unaccent_dict(", "")
