"""`manage.py seed --scale tiny` in a copy of the test database: every seeded table filled,
counters equal to the rows, DEFAULT partitions empty, the same random seed giving the same
data, the schema (indexes, constraints and their validity) exactly the migrated one, and the
refusal of a database that holds data without --reset.

The copy (CREATE DATABASE ... TEMPLATE the test database) is dropped afterwards; the seed
runs in a subprocess pointed at it, as an operator runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, connections
from psycopg import sql

from iwm.ops.clients import Target
from iwm.ops.restore import _admin, database_drop
from awards.seed import TABLES as AWARD_TABLES
from boxoffice.seed import TABLES as BOXOFFICE_TABLES
from iwm.seed.schema import schema_fingerprint
from moderation.seed import TABLES as MODERATION_TABLES
from movies.seed import TABLES as MOVIE_TABLES
from movies.seed_lists import TABLES as LIST_TABLES
from movies.seed_reviews import TABLES as REVIEW_TABLES
from quizzes.seed import TABLES as QUIZ_TABLES
from social.seed import TABLES as SOCIAL_TABLES
from social.selectors.counters import PULSE_MISMATCHES_SQL, USER_MISMATCHES_SQL
from talent.seed import TABLES as TALENT_TABLES

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def close_own_connections() -> None:
    for conn in connections.all(initialized_only=True):
        conn.close()
        if hasattr(conn, "close_pool"):
            conn.close_pool()


@pytest.fixture
def database_copy():
    """A new database copied from the test database (migrated, demo data in it)."""
    name = f"test_seed_{uuid.uuid4().hex[:10]}"
    source = Target.from_settings()
    close_own_connections()
    copied = False
    for _ in range(10):  # another session (a finishing test's) may still be leaving
        try:
            with _admin(source) as admin:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source.dbname))
                )
            copied = True
            break
        except Exception as exc:  # noqa: BLE001
            if "being accessed by other users" not in str(exc):
                raise
            time.sleep(0.5)
    target = Target.from_settings(dbname=name)
    if not copied:
        # A session that stays (pg_cron's launcher, where cron.database_name is the test
        # database) forbids a copy: a new database, migrated, instead.
        with _admin(source) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        env = dict(os.environ, DATABASE_URL=url_of(target), DJANGO_SETTINGS_MODULE="iwm.settings.test")
        done = subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=900)  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
    yield target
    database_drop(Target.from_settings(dbname=name))


def url_of(target: Target) -> str:
    user = target.user or "postgres"
    password = f":{target.password}" if target.password else ""
    if target.host.startswith("/"):
        return f"postgres://{user}{password}@/{target.dbname}?host={target.host}"
    port = f":{target.port}" if target.port else ""
    return f"postgres://{user}{password}@{target.host}{port}/{target.dbname}"


def seed(target: Target, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url_of(target), DJANGO_SETTINGS_MODULE="iwm.settings.test")
    return subprocess.run([sys.executable, "manage.py", "seed", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


# The seed's own first rows (the demo's real ones come first and are always the same), members
# named by external id: the same data whatever ids a sequence handed out.
FIRST_ROWS = {
    "pulses": "SELECT u.external_id, p.content_text, p.hashtags FROM pulses p JOIN users u ON u.id = p.user_id "
              "WHERE p.content_text LIKE 'Sample pulse%' ORDER BY p.id LIMIT 5",
    "user_follows": "SELECT a.external_id, b.external_id FROM user_follows f JOIN users a ON a.id = f.follower_id "
                    "JOIN users b ON b.id = f.following_id WHERE a.external_id LIKE 'seed-%' ORDER BY f.id LIMIT 5",
    "movies": "SELECT external_id, title, year FROM movies WHERE external_id LIKE 'seed-%' ORDER BY id LIMIT 5",
}  # fmt: skip


def first_rows(conn, table: str) -> list[tuple]:
    return conn.execute(FIRST_ROWS[table]).fetchall()


def test_tiny_seed_fills_every_table_consistently_and_repeatably(database_copy, tmp_path):
    with database_copy.connect() as conn:
        migrated_schema = schema_fingerprint(conn.cursor())

    figures = tmp_path / "seed.json"
    done = seed(database_copy, "--scale", "tiny", "--random-seed", "7", "--reset", "--json", str(figures))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "rows/s" in done.stdout
    first = json.loads(figures.read_text())
    refused = seed(database_copy, "--scale", "tiny")
    assert refused.returncode != 0 and "--reset" in refused.stderr  # it holds data now: refused, untouched
    with database_copy.connect() as conn:
        assert conn.execute("SELECT count(*) FROM pulses").fetchone()[0] == first["rows"]["pulses"]

    with database_copy.connect() as conn:
        cursor = conn.cursor()
        seeded = MOVIE_TABLES + SOCIAL_TABLES + REVIEW_TABLES + LIST_TABLES + QUIZ_TABLES + TALENT_TABLES
        for table in seeded + MODERATION_TABLES + AWARD_TABLES + BOXOFFICE_TABLES + ["trending_topics"]:
            assert first["rows"][table] > 0, table
        # Synthetic rows beside the real demo catalog, labelled as samples.
        assert conn.execute("SELECT count(*) FROM movies WHERE external_id LIKE 'seed-%'").fetchone()[0] >= 20
        assert conn.execute("SELECT count(*) FROM movies WHERE title = 'Interstellar'").fetchone()[0] == 1
        # Counters say what the rows say.
        assert cursor.execute(USER_MISMATCHES_SQL).fetchall() == []
        assert cursor.execute(PULSE_MISMATCHES_SQL).fetchall() == []
        assert conn.execute(
            "SELECT count(*) FROM movies m WHERE review_count <> "
            "(SELECT count(*) FROM reviews r WHERE r.movie_id = m.id AND r.status = 'visible') "
            "OR siddu_score IS DISTINCT FROM "
            "(SELECT round(avg(rating), 1) FROM reviews r WHERE r.movie_id = m.id AND r.status = 'visible')"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM reviews r WHERE helpful_votes <> "
            "(SELECT count(*) FROM review_votes v WHERE v.review_id = r.id AND v.helpful) "
            "OR comment_count <> (SELECT count(*) FROM review_comments c WHERE c.review_id = r.id "
            "AND c.status = 'visible')"
        ).fetchone()[0] == 0
        # Moderation: reporter counts from the reports; removed items' content removed.
        assert conn.execute(
            "SELECT count(*) FROM moderation_items i WHERE reporter_count <> "
            "(SELECT count(*) FROM moderation_reports r WHERE r.item_id = i.id)"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM moderation_items i JOIN pulses p ON p.id = i.object_id "
            "WHERE i.content_type = 'pulse' AND i.status = 'removed' AND p.status <> 'removed'"
        ).fetchone()[0] == 0
        # Quiz attempts: pass/fail from the score; the leaderboard holds each member's best.
        assert conn.execute(
            "SELECT count(*) FROM quiz_attempts a JOIN quizzes z ON z.id = a.quiz_id "
            "WHERE a.status = 'completed' AND a.passed <> (a.score_percent >= z.pass_score)"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM quiz_leaderboard_entries e WHERE e.score_percent < "
            "(SELECT max(score_percent) FROM quiz_attempts a WHERE a.quiz_id = e.quiz_id AND a.user_id = e.user_id "
            "AND a.status = 'completed')"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT count(*) FROM collections c "
            "WHERE followers <> (SELECT count(*) FROM collection_follows f WHERE f.collection_id = c.id)"
        ).fetchone()[0] == 0
        # Every member has settings and notification preferences.
        assert conn.execute(
            "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_settings s WHERE s.user_id = u.id) "
            "OR NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = u.id)"
        ).fetchone()[0] == 0
        # History over three years, none of it in DEFAULT partitions; every pulses partition
        # up to this month holds rows.
        for default in ("pulses_default", "notifications_default", "reviews_default"):
            assert conn.execute(f"SELECT count(*) FROM {default}").fetchone()[0] == 0
        oldest = conn.execute("SELECT min(created_at) FROM pulses").fetchone()[0]
        newest = conn.execute("SELECT max(created_at) FROM pulses").fetchone()[0]
        assert (newest - oldest).days > 2 * 365
        empty_past_partitions = conn.execute(
            """
            SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'pulses'::regclass AND c.relname <> 'pulses_default'
              AND c.relname <= 'pulses_m' || to_char(now() - interval '1 month', 'YYYY_MM')
              AND c.relname >= 'pulses_m' || to_char(now() - interval '35 months', 'YYYY_MM')
              AND NOT EXISTS (SELECT 1 FROM pulses p WHERE p.tableoid = c.oid)
            """
        ).fetchone()[0]
        assert empty_past_partitions == 0
        # Popularity is skewed: the most followed member has many times the median's followers.
        top, median = conn.execute(
            "SELECT max(followers_count), percentile_cont(0.5) WITHIN GROUP (ORDER BY followers_count) "
            "FROM users WHERE external_id LIKE 'seed-%'"
        ).fetchone()
        assert top >= 5 * max(median, 1)
        # The schema is the migrated one: every index and constraint, each as valid as before.
        seeded_schema = schema_fingerprint(cursor)
        added, lost = set(seeded_schema) - set(migrated_schema), set(migrated_schema) - set(seeded_schema)
        assert (sorted(added), sorted(lost)) == ([], [])
        rows_then = {
            "pulses": first_rows(conn, "pulses"),
            "user_follows": first_rows(conn, "user_follows"),
            "movies": first_rows(conn, "movies"),
        }

    again = seed(database_copy, "--scale", "tiny", "--random-seed", "7", "--reset", "--json", str(figures))
    assert again.returncode == 0, again.stderr[-3000:]
    second = json.loads(figures.read_text())
    assert second["rows"] == first["rows"]
    with database_copy.connect() as conn:
        assert {
            "pulses": first_rows(conn, "pulses"),
            "user_follows": first_rows(conn, "user_follows"),
            "movies": first_rows(conn, "movies"),
        } == rows_then

    other = seed(database_copy, "--scale", "tiny", "--random-seed", "8", "--reset", "--json", str(figures))
    assert other.returncode == 0, other.stderr[-3000:]
    with database_copy.connect() as conn:
        assert first_rows(conn, "pulses") != rows_then["pulses"]
