"""Read replicas as the server sees them: reachable or not, and how far behind the primary.

Used by the router (is a replica up?), by `manage.py db_status` and by `GET /readyz`. Each check
opens its own short-lived psycopg connection with a short connect timeout, never one of Django's
connections: a replica that is down costs at most REPLICA_CONNECT_TIMEOUT seconds, and a check
never leaves a broken connection behind for a request to trip on.

Lag is measured two ways, both from PostgreSQL's own functions:
- bytes: the primary's current WAL position (`pg_current_wal_lsn()`) minus what the replica has
  replayed (`pg_last_wal_replay_lsn()`): how much the replica still has to apply;
- seconds: `now() - pg_last_xact_replay_timestamp()` on the replica, the age of the last
  transaction it replayed. On a primary with no writes that age grows although nothing is
  missing, so it is reported as 0 when no bytes are behind.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

HEALTH_APPLICATION_NAME = "iwm-health"
# Keys of Django's connection parameters that are Python objects for psycopg, not libpq settings.
_NOT_LIBPQ = {"cursor_factory", "context", "prepare_threshold", "pool", "server_side_binding"}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def libpq_params(alias: str, *, timeout: float | None = None) -> dict:
    """The libpq connection parameters Django uses for `alias` (dbname, host, user, options...)."""
    params = {key: value for key, value in connections[alias].get_connection_params().items() if key not in _NOT_LIBPQ}
    params["application_name"] = HEALTH_APPLICATION_NAME
    limit = timeout or getattr(settings, "REPLICA_CONNECT_TIMEOUT", 2)
    params["connect_timeout"] = max(1, int(min(float(params.get("connect_timeout") or limit), limit)))
    return params


@contextlib.contextmanager
def direct_connection(alias: str, *, timeout: float | None = None):
    """A psycopg connection of its own to `alias` (autocommit), closed on exit."""
    import psycopg

    conn = psycopg.connect(**libpq_params(alias, timeout=timeout), autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def probe(alias: str) -> bool:
    """Does `alias` answer a query within the connect timeout?"""
    import psycopg

    try:
        with direct_connection(alias) as conn:
            conn.execute("SELECT 1")
        return True
    except (psycopg.Error, OSError):
        return False


def lsn_to_int(lsn: str | None) -> int | None:
    """'16/B374D848' -> the byte position it names."""
    if not lsn:
        return None
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


@dataclass
class ReplicaState:
    alias: str
    ok: bool
    error: str | None = None
    in_recovery: bool | None = None  # False: it was promoted (or is not a standby at all)
    receiver: str | None = None  # pg_stat_wal_receiver.status: "streaming" while it follows the primary
    lag_bytes: int | None = None
    lag_seconds: float | None = None
    check_ms: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def primary_wal_position() -> int | None:
    """The primary's current WAL position, over a connection of its own (None if unreachable)."""
    import psycopg

    try:
        with direct_connection(DEFAULT_DB_ALIAS) as conn:
            row = conn.execute(
                "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text"
            ).fetchone()
    except (psycopg.Error, OSError):
        return None
    return lsn_to_int(row[0])


def replica_state(alias: str, primary_position: int | None) -> ReplicaState:
    import psycopg

    started = time.monotonic()
    try:
        with direct_connection(alias) as conn:
            recovery, replayed, delay = conn.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8"
            ).fetchone()
            receiver = conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
    except (psycopg.Error, OSError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ReplicaState(alias, ok=False, error=message, check_ms=round((time.monotonic() - started) * 1000, 1))
    state = ReplicaState(alias, ok=True, in_recovery=recovery, receiver=receiver[0] if receiver else None)
    replayed_position = lsn_to_int(replayed)
    if recovery and primary_position is not None and replayed_position is not None:
        state.lag_bytes = max(0, primary_position - replayed_position)
        state.lag_seconds = 0.0 if state.lag_bytes == 0 else round(max(0.0, delay or 0.0), 3)
    elif not recovery:
        state.lag_bytes, state.lag_seconds = 0, 0.0
    state.check_ms = round((time.monotonic() - started) * 1000, 1)
    return state


def replica_states() -> list[ReplicaState]:
    """Every configured replica's state ([] without replicas)."""
    aliases = replica_aliases()
    if not aliases:
        return []
    position = primary_wal_position()
    return [replica_state(alias, position) for alias in aliases]
