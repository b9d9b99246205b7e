"""Probes for load balancers and orchestrators: ``GET /healthz`` and ``GET /readyz``.

- ``/healthz``: the process is alive and answers; it touches nothing else (a liveness probe must
  not fail because the database is down, or every web process would be restarted at once).
- ``/readyz``: this process can serve: the primary database answers and has every migration this
  code knows, and the broker (Redis) answers. 200 when ready, 503 otherwise (the body then also
  has the usual ``error`` object). Each read replica is listed with its lag, for information: a
  replica that is down or behind does not make the process unready, since reads fall back to the
  primary (iwm/db/router.py).

Plain views rather than django-health-check: the checks IWM needs (migrations applied, replica
lag in bytes and seconds) would be custom backends there too, and two short functions are easier
to read than a plugin registry. ``ProbeMiddleware`` answers both addresses before Django's host
check, HTTPS redirect, sessions and authentication, so a probe that connects by IP address over
plain HTTP gets its answer; neither is throttled. Every check has a short timeout and uses a
connection of its own (never the request pool, which could make a probe wait for a busy pool).
"""

from __future__ import annotations

import time
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import JsonResponse

from iwm.api.errors import error_body
from iwm.db import replicas

PROBE_PATHS = frozenset({"/healthz", "/readyz"})
CHECK_TIMEOUT = 2  # seconds, for each of the database and the broker


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration this code has (read once per process: the code does not change while it runs)."""
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_database() -> tuple[dict, dict]:
    """(database check, migrations check), over one connection of its own."""
    import psycopg

    started = time.monotonic()
    try:
        with replicas.direct_connection(DEFAULT_DB_ALIAS, timeout=CHECK_TIMEOUT) as conn:
            try:
                applied = set(conn.execute("SELECT app, name FROM django_migrations").fetchall())
            except psycopg.errors.UndefinedTable:
                applied = set()
    except (psycopg.Error, OSError) as exc:
        failed = {"ok": False, "error": _first_line(exc), "ms": _elapsed_ms(started)}
        return failed, {"ok": False, "error": "the database does not answer"}
    pending = sorted(f"{app}.{name}" for app, name in migrations_on_disk() - applied)
    migrations = {"ok": not pending, "pending_count": len(pending)}
    if pending:
        migrations["pending"] = pending[:20]
    return {"ok": True, "ms": _elapsed_ms(started)}, migrations


def check_broker() -> dict:
    import redis

    started = time.monotonic()
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return {"ok": False, "error": _first_line(exc), "ms": _elapsed_ms(started)}
    finally:
        client.close()
    return {"ok": True, "ms": _elapsed_ms(started)}


def _method_not_allowed(request):
    response = JsonResponse(error_body(405, "method_not_allowed", f'Method "{request.method}" not allowed.'), status=405)
    response["Allow"] = "GET, HEAD"
    return response


def healthz(request):
    """Liveness: this process answers."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(request)
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Readiness: database reachable and migrated, broker reachable; replicas and their lag."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(request)
    database, migrations = check_database()
    checks = {"database": database, "migrations": migrations, "broker": check_broker()}
    body = {
        "status": "ready" if all(check["ok"] for check in checks.values()) else "not_ready",
        "checks": checks,
        "replicas": [state.as_dict() for state in replicas.replica_states()],
    }
    if body["status"] == "ready":
        return JsonResponse(body)
    failing = ", ".join(name for name, check in checks.items() if not check["ok"])
    body.update(error_body(503, "not_ready", f"Not ready: {failing}."))
    return JsonResponse(body, status=503)


class ProbeMiddleware:
    """Answers /healthz and /readyz before host validation, HTTPS redirects and authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path in PROBE_PATHS or path.rstrip("/") in PROBE_PATHS:
            return healthz(request) if path.rstrip("/") == "/healthz" else readyz(request)
        return self.get_response(request)
