"""Backup and restore: the round trip (every table, partitions included, equal row counts and
checksums; the restored database migrates clean and serves the API), the refusals, the file
names, the rotation and the choice of pg_dump.

Restores go into scratch databases named test_restore_* on the test server, dropped afterwards.
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from iwm.db import partitions
from iwm.jobs import job_run
from iwm.models import JobOutcome
from iwm.ops.backup import BackupError, backup_create, backups_list, backups_rotate
from iwm.ops.clients import Client, ClientError, Target, choose_client, find_client
from iwm.ops.restore import PG_CRON_TOC, RestoreError, archive_format, backup_restore, database_drop

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch_database():
    """Names for restore targets (test_restore_<random>), dropped after the test."""
    names: list[str] = []

    def make() -> str:
        names.append(f"test_restore_{uuid.uuid4().hex[:10]}")
        return names[-1]

    yield make
    for name in names:
        database_drop(Target.from_settings(dbname=name))


def database_url(dbname: str) -> str:
    target = Target.from_settings(dbname=dbname)
    password = f":{target.password}" if target.password else ""
    user = target.user or "postgres"
    if target.host.startswith("/"):
        return f"postgres://{user}{password}@/{dbname}?host={target.host}"
    port = f":{target.port}" if target.port else ""
    return f"postgres://{user}{password}@{target.host}{port}/{dbname}"


# The fingerprint of a database: every table (partitions too) -> (rows, md5 of its rows in
# primary-key order), computed by PostgreSQL itself.
TABLES_SQL = """
SELECT c.relname,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
          FROM pg_index x CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
         WHERE x.indrelid = c.oid AND x.indisprimary)
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
ORDER BY 1
"""


def fingerprint(dbname: str) -> dict[str, tuple[int, str]]:
    found = {}
    with Target.from_settings(dbname=dbname).connect(autocommit=True) as conn:
        for table, key in conn.execute(TABLES_SQL).fetchall():
            order = sql.SQL(key) if key else sql.SQL("t::text")
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {}), '')) FROM {} t").format(
                order, sql.Identifier(table)
            )
            found[table] = tuple(conn.execute(query).fetchone())
    return found


SCHEMA_SQL = {
    "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE connamespace = 'public'::regnamespace",
    "triggers": "SELECT tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
    "functions": "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p "
                 "WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p') "
                 "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
    "extensions": "SELECT extname, extversion FROM pg_extension",
}  # fmt: skip


def schema(dbname: str) -> dict[str, dict[str, str]]:
    """Every index, constraint, trigger, function of our own and extension, with its definition."""
    with Target.from_settings(dbname=dbname).connect(autocommit=True) as conn:
        return {kind: dict(conn.execute(query + " ORDER BY 1, 2").fetchall()) for kind, query in SCHEMA_SQL.items()}


def seed_small_dataset() -> dict[str, int]:
    """Every app's demo data (catalog, members, awards, box office, quizzes), plot embeddings,
    the schedule, a job run, and notifications in three monthly partitions and in DEFAULT."""
    from iwm.db.features import forget
    from iwm.demo import demo_load_all
    from movies.services.embeddings import movie_embeddings_refresh
    from social.models import Notification
    from social.services.demo import demo_member

    forget()
    demo_load_all(if_empty=True, log=lambda line: None)
    movie_embeddings_refresh()
    call_command("setup_periodic_tasks", verbosity=0)
    job_run("vacuum and analyze", tables=("movies",))
    now = datetime.now(UTC)
    spec = partitions.spec_for("notifications")
    partitions.partitions_ensure(spec, now=now)
    ada, bruno = demo_member("user-demo-ada"), demo_member("user-demo-bruno")
    months = [spec.period_start(now)]
    for _ in range(2):
        months.append(spec.next_start(months[-1]))
    for index, month in enumerate(months):
        for n in range(3):
            Notification.objects.create(user=ada if n % 2 else bruno, type="system", title=f"month {index} #{n}",
                                        message="café crème", created_at=month.replace(day=2 + n))  # fmt: skip
    # Far beyond the partitions kept ahead: it sits in DEFAULT, as rows can between maintenance runs.
    Notification.objects.create(user=ada, type="system", title="far future", created_at=datetime(2099, 5, 1, tzinfo=UTC))
    return {"notifications": Notification.objects.count()}  # ours, and what the demo activity notified


def api_script_output(dbname: str) -> dict:
    """Run Django in a new process pointed at `dbname` (DATABASE_URL) and ask the API."""
    script = """
import json, django
django.setup()
from django.test import Client
client = Client()
movies = client.get("/api/v1/movies/", {"page_size": 5}).json()
first = movies["results"][0]["id"]
answers = {
    "movies_count": movies["count"],
    "detail": client.get(f"/api/v1/movies/{first}/").status_code,
    "search": client.get("/api/v1/search/", {"q": "amelie"}).status_code,
    "similar": client.get(f"/api/v1/movies/{first}/similar/").json().get("method"),
    "theaters": client.get("/api/v1/theaters/", {"near": "51.5072,-0.1276", "radius_km": 50}).json()["count"],
}
print(json.dumps(answers))
"""
    env = dict(os.environ, DATABASE_URL=database_url(dbname), DJANGO_SETTINGS_MODULE="iwm.settings.test")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def migrate_check(dbname: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url(dbname), DJANGO_SETTINGS_MODULE="iwm.settings.test")
    return subprocess.run([sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_round_trip_custom_and_plain_restore_every_table_and_row(tmp_path, scratch_database, capsys):
    seeded = seed_small_dataset()
    source = connection.settings_dict["NAME"]
    before = fingerprint(source)
    # Every app's tables, the partitions of the partitioned tables, and the tables behind the
    # extension-dependent objects all hold rows.
    for table in ("movies", "people", "theaters", "users", "award_nominations", "box_office_weekend_entries",
                  "quizzes", "job_runs", "django_celery_beat_periodictask", "notifications_default"):  # fmt: skip
        assert before[table][0] > 0, table
    notification_partitions = [name for name in before if name.startswith("notifications_m") and before[name][0]]
    assert len(notification_partitions) == 3
    from iwm.db.features import has_extension

    if has_extension("vector"):
        assert before["movie_embeddings"][0] > 0

    source_schema = schema(source)
    # The objects built on extensions, which a restore must bring back with them.
    assert "movies_title_trgm" in source_schema["indexes"] and "people_name_trgm" in source_schema["indexes"]
    assert "iwm_unaccent_dict(regdictionary,text)" in source_schema["functions"]
    if has_extension("earthdistance"):
        assert "iwm_earth_point" in source_schema["indexes"]["theaters_earth_point_gist"]
    if has_extension("vector"):
        assert "hnsw" in source_schema["indexes"]["movie_embeddings_hnsw_cosine"]

    timings = {}
    for fmt in ("custom", "plain"):
        started = time.monotonic()
        backup = backup_create(format=fmt, folder=tmp_path, keep=5)
        timings[f"backup {fmt}"] = time.monotonic() - started
        assert backup.path.exists() and backup.path.suffix == {"custom": ".dump", "plain": ".sql"}[fmt]
        assert archive_format(backup.path) == fmt
        target = scratch_database()
        started = time.monotonic()
        restored = backup_restore(backup.path, target_db=target)
        timings[f"restore {fmt}"] = time.monotonic() - started
        assert restored.created and not restored.replaced
        after = fingerprint(target)
        assert after.keys() == before.keys()
        different = {table for table in before if before[table] != after[table]}
        assert not different, f"{fmt}: tables differ after the restore: {sorted(different)}"
        restored_schema = schema(target)
        for kind in SCHEMA_SQL:
            if kind == "constraints":
                # PostgreSQL prints a re-parsed CHECK (x = ANY (ARRAY[...])) with its casts moved
                # about: the same rule, other text. Names and kinds must match.
                assert restored_schema[kind].keys() == source_schema[kind].keys(), f"{fmt}: constraints differ"
                assert [d.split(" ")[0] for d in restored_schema[kind].values()] == [
                    d.split(" ")[0] for d in source_schema[kind].values()
                ]
            else:
                assert restored_schema[kind] == source_schema[kind], f"{fmt}: {kind} differ after the restore"
        # The report counts what is there: the partitioned table summed over its partitions.
        assert restored.tables["notifications"] == seeded["notifications"] >= 10
        assert restored.tables["movies"] == before["movies"][0]
        check = migrate_check(target)
        assert check.returncode == 0, check.stdout + check.stderr
        if fmt == "custom":
            answers = api_script_output(target)
            from movies.models import Movie
            from movies.selectors.similar import similarity_method

            assert answers["movies_count"] == Movie.objects.count()
            assert answers["detail"] == 200 and answers["search"] == 200
            assert answers["similar"] == similarity_method()
            assert answers["theaters"] > 0  # demo cinemas in London, found through the distance index
    with capsys.disabled():
        rows = sum(count for count, _ in before.values())
        print(f"\n[backup/restore of the test data: {len(before)} tables, {rows} rows] "
              + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in timings.items()))  # fmt: skip


@pytest.mark.django_db
def test_restore_refuses_a_non_empty_database_and_force_replaces_it(tmp_path, scratch_database):
    backup = backup_create(format="custom", schema_only=True, folder=tmp_path)
    assert backup.path.name.endswith("-schema.dump")
    target = scratch_database()
    first = backup_restore(backup.path, target_db=target)
    assert first.created and first.tables["movies"] == 0
    with pytest.raises(RestoreError, match=f"database {target} is not empty.*--force"):
        backup_restore(backup.path, target_db=target)
    # An object only the old database had does not survive --force: it is dropped and created again.
    with Target.from_settings(dbname=target).connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE leftover (id int)")
    again = backup_restore(backup.path, target_db=target, force=True)
    assert again.replaced and "leftover" not in again.tables and "movies" in again.tables


@pytest.mark.django_db
def test_restore_into_an_existing_empty_database_and_a_failed_restore_leaves_it_empty(tmp_path, scratch_database):
    target = scratch_database()
    admin = Target.from_settings(dbname="postgres")
    with admin.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    broken = tmp_path / "broken.sql"
    broken.write_text("CREATE TABLE first_table (id int);\nTHIS IS NOT SQL;\n")
    with pytest.raises(RestoreError, match="rolled back"):
        backup_restore(broken, target_db=target)
    with Target.from_settings(dbname=target).connect(autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.first_table')").fetchone()[0] is None
    with pytest.raises(RestoreError, match="no such file"):
        backup_restore(tmp_path / "missing.dump", target_db=target)


@pytest.mark.django_db
def test_the_backup_command_shows_each_table_and_table_and_data_options(tmp_path, settings, capsys):
    settings.BACKUP_DIR = tmp_path
    call_command("backup", "--table", "movies", "--table", "genres")
    out = capsys.readouterr().out
    assert "public.movies" in out and "public.genres" in out and "backup written:" in out
    (only,) = backups_list(tmp_path)
    assert only.kind == "tables" and only.path.name.endswith("-tables.dump")
    listing = subprocess.run([str(find_client("pg_restore", server_major=_major(), server_version="").path), "--list",
                              str(only.path)], capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "TABLE DATA public movies" in listing and "TABLE DATA public genres" in listing
    assert "TABLE DATA public people" not in listing
    call_command("backup", "--schema-only", "--format", "plain")
    schema = next(backup for backup in backups_list(tmp_path) if backup.kind == "schema").path.read_text()
    assert "CREATE TABLE public.movies" in schema and "COPY public.movies" not in schema
    with pytest.raises(Exception, match="no such table: nope"):
        call_command("backup", "--table", "nope")
    assert not list(tmp_path.glob("*.partial"))


def _major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


@pytest.mark.django_db
def test_rotation_keeps_the_newest_of_each_kind_and_writes_atomically(tmp_path):
    stamps = [datetime(2026, 11, day, 3, 0, tzinfo=UTC) for day in (20, 21, 22, 23)]
    made = [backup_create(folder=tmp_path, keep=2, now=stamp) for stamp in stamps]
    assert [backup.path.name for backup in made] == [f"iwm-202611{day}T030000Z.dump" for day in (20, 21, 22, 23)]
    assert made[-1].deleted == ["iwm-20261121T030000Z.dump"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["iwm-20261122T030000Z.dump", "iwm-20261123T030000Z.dump"]
    # A second backup in the same second gets its own name; a schema dump does not push out full ones.
    same = backup_create(folder=tmp_path, keep=2, now=stamps[-1])
    assert same.path.name == "iwm-20261123T030000Z-2.dump"
    backup_create(folder=tmp_path, keep=2, schema_only=True, now=stamps[0])
    assert {b.kind for b in backups_list(tmp_path)} == {"full", "schema"}
    assert [b.path.name for b in backups_list(tmp_path) if b.kind == "full"] == [
        "iwm-20261123T030000Z-2.dump", "iwm-20261123T030000Z.dump"
    ]  # fmt: skip
    # A crashed dump's leftover is removed once it is old; files not named by us are never touched.
    stale = tmp_path / "iwm-20261101T030000Z.dump.partial"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    mine = tmp_path / "notes.txt"
    mine.write_text("keep me")
    assert backups_rotate(folder=tmp_path, keep=2) == [stale.name]
    assert mine.exists()


@pytest.mark.django_db
def test_a_dump_that_fails_midway_leaves_no_file_and_says_why(tmp_path, monkeypatch):
    """A pg_dump that has written half a file and then fails (here a stand-in script: a lost
    connection cannot be staged reliably): the .partial goes, no backup appears, and the older
    backups are not rotated away."""
    older = backup_create(folder=tmp_path, keep=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    script = tmp_path / "fake_pg_dump"
    script.write_text(
        "#!/bin/sh\nfor a; do case $a in --file=*) echo half > \"${a#--file=}\";; esac; done\n"
        "echo 'pg_dump: error: connection to server lost' >&2\nexit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setattr("iwm.ops.backup.find_client", lambda *a, **k: Client("pg_dump", script, "99.0"))
    with pytest.raises(BackupError, match="connection to server lost"):
        backup_create(folder=tmp_path, keep=1)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([older.path.name, script.name])


@pytest.mark.django_db
def test_the_backup_job_writes_a_backup_and_records_it(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP = 3
    run = job_run("backup")
    assert run.outcome == JobOutcome.SUCCEEDED
    path = Path(run.detail["file"])
    assert path.parent == tmp_path and path.exists() and run.detail["bytes"] == path.stat().st_size > 0
    assert run.detail["tables"] > 50


def test_the_client_of_the_servers_major_version_is_chosen_and_an_older_one_refused():
    c15 = Client("pg_dump", Path("/usr/lib/postgresql/15/bin/pg_dump"), "15.20")
    c16 = Client("pg_dump", Path("/opt/pg16/pg_dump"), "16.4")
    c18 = Client("pg_dump", Path("/venv/pginstall/bin/pg_dump"), "18.6")
    assert choose_client("pg_dump", 15, "15.20", [c18, c15]) == c15
    assert choose_client("pg_dump", 15, "15.20", [c16, c18]) == c18  # newer can dump an older server
    with pytest.raises(ClientError) as refused:
        choose_client("pg_dump", 18, "18.6", [c15, c16])
    message = str(refused.value)
    assert "older than the server" in message and "15.20" in message and "18.6" in message
    assert "postgresql-client-18" in message
    with pytest.raises(ClientError, match="not found"):
        choose_client("pg_restore", 18, "18.6", [])


@pytest.mark.django_db
def test_the_real_client_found_matches_the_servers_major_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    client = find_client("pg_dump", server_major=_major(), server_version=version)
    assert client.major == _major()


def test_pg_crons_entries_are_left_out_of_a_restore_list():
    listing = [
        "215; 1262 16384 DATABASE - iwm postgres",
        "2; 3079 17231 EXTENSION - pg_cron ",
        "4712; 0 0 COMMENT - EXTENSION pg_cron ",
        "4700; 0 17233 TABLE DATA cron job postgres",
        "4701; 0 17250 TABLE DATA cron job_run_details postgres",
        "4720; 0 0 SEQUENCE SET cron jobid_seq postgres",
        "3; 3079 16385 EXTENSION - pg_trgm ",
        "4600; 0 16500 TABLE DATA public cron_like_table postgres",
        "4601; 0 16501 TABLE DATA public movies postgres",
    ]
    assert [bool(PG_CRON_TOC.match(line)) for line in listing] == [False, True, True, True, True, True, False, False, False]


@pytest.mark.django_db
def test_the_restore_command_lists_tables_and_rows_and_refuses_with_a_message(tmp_path, scratch_database, capsys):
    from django.core.management import CommandError

    backup = backup_create(format="plain", folder=tmp_path, tables=["genres"])
    target = scratch_database()
    with Target.from_settings(dbname=target).with_database("postgres").connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    capsys.readouterr()
    call_command("restore", str(backup.path), "--target-db", target)
    out = capsys.readouterr().out
    from movies.models import Genre

    assert re.search(rf"^genres\s+{Genre.objects.count()}$", out, re.M)
    assert f"restored plain backup into {target}: 1 tables" in out
    assert f"point DATABASE_URL at database {target}" in out
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup.path), "--target-db", target)
