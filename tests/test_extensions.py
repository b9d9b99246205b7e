"""Extensions: required ones enabled, optional ones exactly where the server offers them,
a clear stop when a required one is missing, and db_status telling it all."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from iwm.db import extensions as catalog
from iwm.db.features import forget, has_extension
from iwm.db.operations import ExtensionMissing, ensure_extension

pytestmark = pytest.mark.django_db


def server_facts():
    with connection.cursor() as cursor:
        return (
            catalog.installed_extensions(cursor),
            catalog.available_extensions(cursor),
            catalog.preloaded_libraries(cursor),
        )


@pytest.mark.parametrize("name", catalog.REQUIRED)
def test_required_extension_is_enabled(name):
    installed, _, _ = server_facts()
    assert name in installed


@pytest.mark.parametrize("name", catalog.OPTIONAL)
def test_optional_extension_is_enabled_exactly_when_the_server_offers_it(name):
    installed, available, preloaded = server_facts()
    offered = name in available and (not catalog.BY_NAME[name].preload or name in preloaded)
    assert (name in installed) == offered, f"{name}: offered={offered}, enabled={name in installed}"


def test_objects_that_need_an_optional_extension_exist_exactly_with_it():
    tables = set(connection.introspection.table_names())
    assert ("movie_embeddings" in tables) == has_extension("vector")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'theaters_earth_point_gist'")
        assert bool(cursor.fetchall()) == has_extension("earthdistance")


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("vector", ["-pgvector", "brew install pgvector"]),
        ("postgis", ["-postgis-3", "brew install postgis"]),
        ("pg_trgm", ["postgresql-contrib"]),
    ],
)
def test_a_missing_required_extension_stops_with_installation_advice(monkeypatch, name, advice):
    installed, available, _ = server_facts()
    monkeypatch.setattr(catalog, "installed_extensions", lambda cursor: {k: v for k, v in installed.items() if k != name})
    monkeypatch.setattr(catalog, "available_extensions", lambda cursor: available - {name})
    with pytest.raises(ExtensionMissing) as raised:
        ensure_extension(connection, name, required=True)
    message = str(raised.value)
    assert f"'{name}' is required" in message
    for words in advice:
        assert words in message


def test_a_missing_optional_extension_is_skipped(monkeypatch):
    installed, available, _ = server_facts()
    monkeypatch.setattr(catalog, "installed_extensions", lambda cursor: {})
    monkeypatch.setattr(catalog, "available_extensions", lambda cursor: available - {"postgis"})
    assert ensure_extension(connection, "postgis", required=False) is False


def test_db_status_reports_every_extension_and_the_degraded_features():
    out = StringIO()
    call_command("db_status", stdout=out, no_color=True)
    text = out.getvalue()
    installed, available, preloaded = server_facts()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert f"PostgreSQL {cursor.fetchone()[0]}" in text
    for extension in catalog.EXTENSIONS:
        line = next(line for line in text.splitlines() if line.startswith(extension.name + " "))
        kind = "required" if extension.required else "optional"
        state = "enabled" if extension.name in installed else "available" if extension.name in available else "missing"
        assert kind in line and state in line, line
    if "vector" not in installed:
        assert "similar movies are ranked by shared genres and credits" in text
    if "postgis" not in installed:
        assert "theaters near me" in text
    if "pg_stat_statements" not in preloaded:
        assert "query statistics are not collected" in text


# Per optional extension: SQL that removes it and what it enables, and how to see them back.
RESTORABLE = {
    "earthdistance": (
        ["DROP INDEX theaters_earth_point_gist", "DROP FUNCTION public.iwm_earth_point(float8, float8)",
         "DROP EXTENSION earthdistance"],
        "SELECT 1 FROM pg_indexes WHERE indexname = 'theaters_earth_point_gist'",
    ),
    "vector": (
        ["DROP TABLE movie_embeddings", "DROP EXTENSION vector"],
        "SELECT 1 FROM pg_indexes WHERE indexname = 'movie_embeddings_hnsw_cosine'",
    ),
}  # fmt: skip


def test_enable_extensions_restores_optional_extensions_and_their_objects():
    """As after installing an extension on a server that was migrated without it."""
    targets = [name for name in RESTORABLE if has_extension(name)]
    assert targets, "both supported servers (embedded PostgreSQL 18, Debian's 15) ship earthdistance"
    with connection.cursor() as cursor:
        for name in targets:
            for statement in RESTORABLE[name][0]:
                cursor.execute(statement)
    forget()
    assert not any(has_extension(name) for name in targets)

    call_command("enable_extensions", stdout=StringIO())
    forget()
    with connection.cursor() as cursor:
        for name in targets:
            assert has_extension(name)
            cursor.execute(RESTORABLE[name][1])
            assert cursor.fetchall(), f"{name}: its objects were not re-created"
