"""Restoring a backup into a new or empty database, with the server's own pg_restore or psql.

The target is a database on the server Django is configured for (the configured database by
default, or `target_db`). It is created when it does not exist; an existing one must be empty
(no tables, views, sequences or functions of its own). With `force` a non-empty target is
DROPPED (`WITH (FORCE)`, which ends its sessions) and created again from template0, so nothing
outside the backup survives: a clean slate rather than pg_restore --clean, which only drops
the objects the backup itself names and can leave others behind.

The whole restore is one transaction (`--single-transaction`, `--exit-on-error`; psql with
ON_ERROR_STOP): a failure leaves the new database empty, never half restored. Afterwards the
tables are ANALYZEd (a restore brings no planner statistics) and counted.

pg_cron's objects (its extension and the cron.job table) are never restored: the extension
exists in one database per server only, and a copied cron.job would run the jobs in the
original database a second time. Backups made here leave them out already; for other custom
archives they are filtered out of the restore list.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections
import psycopg
from psycopg import sql

from .clients import Target, find_client, server_version_of

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
PROTECTED = {"postgres", "template0", "template1"}
PROGRESS = re.compile(r'pg_restore: (?:processing data for table|restoring data for table) "?(?P<table>[^"]+)"?')
PSQL_COPY = re.compile(r"^COPY (?P<rows>\d+)$")  # psql's tag after each table's data (plain dumps)
PG_CRON_TOC = re.compile(r"^\d+; \d+ \d+ (?:EXTENSION - pg_cron\b|COMMENT - EXTENSION pg_cron\b|(?:TABLE DATA|SEQUENCE SET) cron )")


class RestoreError(RuntimeError):
    pass


@dataclass
class RestoreResult:
    database: str
    format: str
    created: bool  # the database did not exist, or was dropped and created again
    replaced: bool  # it existed and was not empty (--force)
    seconds: float
    tables: dict[str, int] = field(default_factory=dict)  # top-level tables (partitioned ones summed) -> rows
    partitions: int = 0
    skipped: list[str] = field(default_factory=list)  # archive entries left out (pg_cron)
    client: str = ""

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def archive_format(path: Path) -> str:
    """"custom" for a pg_dump archive (it starts with PGDMP), "plain" for SQL text."""
    with open(path, "rb") as handle:
        head = handle.read(5)
    if head == b"PGDMP":
        return "custom"
    return "plain"


def _admin(target: Target) -> psycopg.Connection:
    """An autocommit connection to a database other than the target, for CREATE/DROP DATABASE:
    `postgres`, or `template1` where that is the target or cannot be reached."""
    names = [name for name in ("postgres", "template1") if name != target.dbname]
    for name in names[:-1]:
        try:
            return target.with_database(name).connect(autocommit=True)
        except psycopg.OperationalError:
            continue
    return target.with_database(names[-1]).connect(autocommit=True)


def database_objects(target: Target) -> int:
    """Tables, views, sequences and functions of the database's own (not of an extension)."""
    with target.connect(autocommit=True) as conn:
        return conn.execute(
            """
            SELECT (SELECT count(*) FROM pg_class c
                     WHERE c.relnamespace::regnamespace::text <> ALL (%(system)s)
                       AND c.relnamespace::regnamespace::text NOT LIKE 'pg_temp%%'
                       AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                       AND d.objid = c.oid AND d.deptype = 'e'))
                 + (SELECT count(*) FROM pg_proc p
                     WHERE p.pronamespace::regnamespace::text <> ALL (%(system)s)
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                       AND d.objid = p.oid AND d.deptype = 'e'))
            """,
            {"system": list(SYSTEM_SCHEMAS)},
        ).fetchone()[0]


def database_exists(target: Target) -> bool:
    with _admin(target) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.dbname]).fetchone() is not None


def _create(target: Target, *, drop_first: bool) -> None:
    name = sql.Identifier(target.dbname)
    with _admin(target) as conn:
        if drop_first:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(name))


def database_drop(target: Target) -> None:
    """DROP DATABASE ... WITH (FORCE), for scratch databases (tests, trial restores)."""
    with _admin(target) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.dbname)))


def _prepare(target: Target, *, force: bool, say) -> tuple[bool, bool]:
    """Make sure the target exists and is empty. Returns (created, replaced)."""
    if not database_exists(target):
        say(f"creating database {target.dbname}")
        _create(target, drop_first=False)
        return True, False
    objects = database_objects(target)
    if not objects:
        say(f"database {target.dbname} exists and is empty")
        return False, False
    if not force:
        raise RestoreError(
            f"database {target.dbname} is not empty ({objects} tables, sequences, views or functions); "
            "restore into a new database (--target-db NAME) or pass --force to DROP it and create it again"
        )
    if target.dbname in PROTECTED:
        raise RestoreError(f"refusing to drop the {target.dbname} database; choose another --target-db")
    say(f"dropping and re-creating database {target.dbname} (--force)")
    # This process's own connections to it (Django's, a pool's) would otherwise be cut mid-use.
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict["NAME"] == target.dbname:
            connection.close()
            if hasattr(connection, "close_pool"):
                connection.close_pool()
    _create(target, drop_first=True)
    return True, True


def backup_restore(
    path: Path,
    *,
    target_db: str | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    target: Target | None = None,
) -> RestoreResult:
    """Restore the backup at `path` into `target_db` (the configured database if None) on the
    configured server. See the module docstring for what happens to an existing database."""
    path = Path(path)
    if not path.is_file():
        raise RestoreError(f"no such file: {path}")
    say = progress or (lambda line: None)
    target = target or Target.from_settings(dbname=target_db)
    kind = archive_format(path)
    with _admin(target) as conn:
        major, version = server_version_of(conn)
    program = "pg_restore" if kind == "custom" else "psql"
    client = find_client(program, server_major=major, server_version=version)
    started = time.monotonic()
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="iwm-restore-") as scratch:
        if kind == "custom":
            command, skipped = _pg_restore_command(client.path, path, Path(scratch), target.dbname)
        else:
            command = [str(client.path), "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--single-transaction",
                       f"--file={path}"]  # fmt: skip
        created, replaced = _prepare(target, force=force, say=say)
        say(f"{program} {client.version} ({client.path}) <- {path}")
        _run(command, target, say)
    tables, partitions = _analyze_and_count(target, say)
    return RestoreResult(target.dbname, kind, created, replaced, time.monotonic() - started, tables, partitions,
                         skipped, f"{program} {client.version}")  # fmt: skip


def _pg_restore_command(pg_restore: Path, archive: Path, scratch: Path, dbname: str) -> tuple[list[str], list[str]]:
    listing = subprocess.run([str(pg_restore), "--list", str(archive)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise RestoreError(f"pg_restore cannot read {archive}: {listing.stderr.strip()}")
    kept, skipped = [], []
    for line in listing.stdout.splitlines():
        if PG_CRON_TOC.match(line):
            skipped.append(line.split(" ", 3)[-1].strip())
            line = ";" + line  # commented out: not restored
        kept.append(line)
    toc = scratch / "restore.list"
    toc.write_text("\n".join(kept) + "\n")
    command = [str(pg_restore), "--verbose", "--exit-on-error", "--single-transaction", "--no-owner",
               "--no-privileges", f"--use-list={toc}", f"--dbname={dbname}", str(archive)]  # fmt: skip
    return command, skipped


def _run(command: list[str], target: Target, say) -> None:
    process = subprocess.Popen(command, env=target.environ(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace")  # fmt: skip
    assert process.stdout is not None
    problems, count = [], 0
    for line in process.stdout:
        line = line.rstrip()
        match = PROGRESS.search(line)
        copied = PSQL_COPY.match(line)
        if match or copied:
            count += 1
            say(f"  [{count:>4}] {match.group('table') if match else copied.group('rows') + ' rows'}")
        elif "error" in line.lower() or "fatal" in line.lower():
            problems.append(line)
            say(line)
    if process.wait() != 0:
        raise RestoreError(
            "the restore failed and was rolled back (the database is left empty): "
            + ("\n".join(problems) or f"exit status {process.returncode}")
        )


def _analyze_and_count(target: Target, say) -> tuple[dict[str, int], int]:
    say("ANALYZE (a restore brings no planner statistics)")
    with target.connect(autocommit=True) as conn:
        conn.execute("ANALYZE")
        rows = conn.execute(
            """
            SELECT format('%%I.%%I', n.nspname, c.relname), n.nspname = 'public'
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname <> ALL (%s) AND n.nspname NOT LIKE 'pg_temp%%'
            ORDER BY 1
            """,
            [list(SYSTEM_SCHEMAS)],
        ).fetchall()
        counts = {}
        for qualified, public in rows:
            rows_in = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.SQL(qualified))).fetchone()[0]
            counts[qualified.removeprefix("public.") if public else qualified] = rows_in
        partitions = conn.execute("SELECT count(*) FROM pg_class WHERE relispartition AND relkind IN ('r', 'p')").fetchone()[0]
    return counts, partitions
