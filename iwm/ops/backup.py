"""Backups with pg_dump: a timestamped file in BACKUP_DIR, written atomically, the last
BACKUP_KEEP of each kind kept.

    iwm-20261126T030000Z.dump           a whole database, custom format (pg_restore; compressed)
    iwm-20261126T030000Z.sql            a whole database, plain SQL (psql)
    iwm-20261126T030000Z-schema.dump    --schema-only; "-data" for --data-only, "-tables" for --table

The dump goes to `<name>.partial` and is renamed once pg_dump has finished and the file is
on disk, so a file with a final name is always a complete dump; a crash leaves only a
`.partial`, which a later backup removes. Rotation counts each kind apart (a schema-only dump
never pushes a full backup out) and only ever deletes files named as above.

Where pg_cron is installed, the dump leaves it out (with its cron.job table): it belongs to one
database per server, and a copy of its jobs would run them a second time.

Dumps leave out owners and privileges (`--no-owner --no-privileges`): the restore makes the
restoring role the owner of everything, which is what moving to another server needs.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from iwm.db.status import human_bytes

from .clients import Target, find_client, server_version

logger = logging.getLogger(__name__)

FORMATS = {"custom": ("c", "dump"), "plain": ("p", "sql")}
NAME = re.compile(r"^iwm-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?(?:-(?P<kind>schema|data|tables))?\.(?P<ext>dump|sql)$")
STALE_PARTIAL_SECONDS = 24 * 3600
# pg_dump --verbose says what it is doing on stderr; these lines are the progress worth showing.
PROGRESS = re.compile(r'pg_dump: dumping contents of table "?(?P<table>[^"]+)"?')


class BackupError(RuntimeError):
    pass


@dataclass
class BackupResult:
    path: Path
    format: str
    kind: str  # "full", "schema", "data", "tables"
    bytes: int
    seconds: float
    tables: list[str] = field(default_factory=list)  # the tables whose rows were dumped, in order
    deleted: list[str] = field(default_factory=list)  # older backups removed by rotation
    client: str = ""

    def as_dict(self) -> dict:
        return {"rows": None, "file": str(self.path), "format": self.format, "kind": self.kind, "bytes": self.bytes,
                "seconds": round(self.seconds, 2), "tables": len(self.tables), "deleted": self.deleted,
                "client": self.client}  # fmt: skip


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR).expanduser()


def _kind(*, schema_only: bool, data_only: bool, tables: list[str]) -> str:
    if schema_only:
        return "schema"
    if data_only:
        return "data"
    return "tables" if tables else "full"


def backup_filename(now: datetime, *, extension: str, kind: str, folder: Path) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "" if kind == "full" else f"-{kind}"
    name, seq = f"iwm-{stamp}{suffix}.{extension}", 1
    while (folder / name).exists() or (folder / f"{name}.partial").exists():
        seq += 1  # two backups in one second: keep both
        name = f"iwm-{stamp}-{seq}{suffix}.{extension}"
    return name


def backup_create(
    *,
    format: str = "custom",
    schema_only: bool = False,
    data_only: bool = False,
    tables: list[str] | None = None,
    folder: Path | None = None,
    keep: int | None = None,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    target: Target | None = None,
) -> BackupResult:
    """Dump the database (Django's default, or `target`) into `folder` (BACKUP_DIR) and keep
    the newest `keep` (BACKUP_KEEP) backups of this kind. `progress` receives one line per
    table as pg_dump reaches it."""
    if format not in FORMATS:
        raise BackupError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if schema_only and data_only:
        raise BackupError("--schema-only and --data-only exclude each other")
    tables = list(tables or [])
    target = target or Target.from_settings()
    folder = folder or backup_dir()
    keep = settings.BACKUP_KEEP if keep is None else keep
    say = progress or (lambda line: None)
    major, version = server_version(target)
    client = find_client("pg_dump", server_major=major, server_version=version)
    if tables:
        _check_tables(target, tables)
    extensions = _extensions_to_dump(target)
    folder.mkdir(parents=True, exist_ok=True)
    flag, extension = FORMATS[format]
    kind = _kind(schema_only=schema_only, data_only=data_only, tables=tables)
    final = folder / backup_filename(now or datetime.now(UTC), extension=extension, kind=kind, folder=folder)
    partial = final.with_name(final.name + ".partial")
    command = [str(client.path), f"--format={flag}", "--verbose", "--no-owner", "--no-privileges", f"--file={partial}"]
    command += ["--schema-only"] if schema_only else []
    command += ["--data-only"] if data_only else []
    command += [f"--table={name}" for name in tables]
    command += [f"--extension={name}" for name in extensions]
    say(f"pg_dump {client.version} ({client.path}) -> {final}")
    started = time.monotonic()
    dumped, errors = _run_pg_dump(command, target, partial, say)
    if errors is not None:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {errors}")
    _make_durable(partial)
    os.replace(partial, final)
    _fsync_dir(folder)
    result = BackupResult(final, format, kind, final.stat().st_size, time.monotonic() - started, dumped,
                          client=f"pg_dump {client.version}")  # fmt: skip
    result.deleted = backups_rotate(folder=folder, keep=keep, kind=kind)
    logger.info("backup %s: %d bytes in %.1f s", final, result.bytes, result.seconds)
    return result


def _check_tables(target: Target, tables: list[str]) -> None:
    with target.connect(autocommit=True) as conn:
        missing = [name for name in tables if conn.execute("SELECT to_regclass(%s)", [name]).fetchone()[0] is None]
    if missing:
        raise BackupError(f"no such table: {', '.join(missing)}")


def _extensions_to_dump(target: Target) -> list[str]:
    """[] (pg_dump's default: every extension), or, where pg_cron is installed, every other
    one: pg_cron and its job table must not travel (see iwm.ops.restore)."""
    with target.connect(autocommit=True) as conn:
        names = [row[0] for row in conn.execute("SELECT extname FROM pg_extension ORDER BY extname")]
    return [name for name in names if name != "pg_cron"] if "pg_cron" in names else []


def _run_pg_dump(command: list[str], target: Target, partial: Path, say) -> tuple[list[str], str | None]:
    """Run pg_dump, reporting each table as it goes (and the file's size). Returns the tables
    dumped and None, or the error text."""
    dumped: list[str] = []
    other: list[str] = []
    process = subprocess.Popen(command, env=target.environ(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, errors="replace")  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        line = line.rstrip()
        match = PROGRESS.search(line)
        if match:
            dumped.append(match.group("table"))
            size = partial.stat().st_size if partial.exists() else 0
            say(f"  [{len(dumped):>4}] {match.group('table')}  ({human_bytes(size)} so far)")
        elif "error" in line.lower() or "warning" in line.lower():
            other.append(line)
            say(line)
    code = process.wait()
    if code != 0:
        return dumped, "\n".join(other) or f"exit status {code}"
    return dumped, None


def _make_durable(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    stamp: str
    seq: int
    kind: str

    @property
    def sort_key(self) -> tuple[str, int]:
        return self.stamp, self.seq


def backups_list(folder: Path | None = None) -> list[BackupFile]:
    """The backups in `folder` (only files named as this module names them), newest first."""
    folder = folder or backup_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            found.append(BackupFile(path, match["stamp"], int(match["seq"] or 1), match["kind"] or "full"))
    return sorted(found, key=lambda backup: backup.sort_key, reverse=True)


def backups_rotate(*, folder: Path | None = None, keep: int, kind: str = "full") -> list[str]:
    """Delete all but the newest `keep` backups of `kind`, and partial files a crashed dump
    left more than a day ago. Returns the names deleted."""
    folder = folder or backup_dir()
    deleted = []
    for backup in [backup for backup in backups_list(folder) if backup.kind == kind][keep:]:
        backup.path.unlink(missing_ok=True)
        deleted.append(backup.path.name)
    for path in folder.glob("iwm-*.partial"):
        if NAME.match(path.name.removesuffix(".partial")) and time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
            path.unlink(missing_ok=True)
            deleted.append(path.name)
    if deleted:
        logger.info("backups: removed %s (keeping %d)", ", ".join(deleted), keep)
    return deleted


def backup_job() -> dict:
    """The daily "backup" job: a full custom-format dump into BACKUP_DIR, BACKUP_KEEP kept."""
    return backup_create(format="custom").as_dict()
