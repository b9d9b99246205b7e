"""Read replicas: which database each query goes to (settings.DATABASE_ROUTERS).

With DATABASE_REPLICA_URLS empty (the default) there is one database and this router says
nothing. With replicas (aliases replica1, replica2, ...), Django asks the router for every
query, and the rule is:

* Every write goes to the primary ("default"), and so does every read that Django sends "for
  write": `select_for_update()`, `get_or_create()`, `update_or_create()`.
* A read goes to a replica only inside a web request (a ``Routing`` state exists, see below)
  and only when all of these hold:
  - the request is a GET, HEAD or OPTIONS outside the admin (a POST, PATCH, PUT or DELETE reads
    what it is about to write, so its whole request uses the primary; the admin always does);
  - no transaction is open on the primary (``transaction.atomic``: a transaction's reads must
    see its own writes and one snapshot);
  - nothing was written earlier in this request;
  - no member this request identified wrote in the last READ_YOUR_WRITES_SECONDS
    (read-your-writes: a member never sees their own change vanish because a replica lags).
  Everything else - Celery tasks, management commands, migrations, the shell - has no routing
  state and uses the primary.

The request-scoped state is a ``contextvars.ContextVar`` holding a ``Routing`` object, set by
``ReplicaRoutingMiddleware`` for the duration of one request (each gunicorn thread, and each
asyncio task, sees its own). The member is often known only after the middleware ran (a bearer
token is read by DRF inside the view), so authentication tells the state who the member is
(``note_member``, called by IWM's JWT and session authentication classes and on sign-in) and
the state looks up, once, whether that member wrote recently. Writes are recorded per member in
Django's cache (Redis in every deployment: shared by every web process on every machine, with
the window as its expiry), never in process memory, so a member's next request sees its write
whichever process serves it. A member is recorded when their request was a POST/PATCH/PUT/DELETE
or wrote anything (the members the request identified, and the admin's signed-in staff member). If the cache cannot be reached, the member's reads go to the primary (the
safe side).

One replica is chosen per request (at random among the healthy ones) and kept for the whole
request, so a page and its count come from one server. A replica's health is known per process:
it is probed (a connection of its own, connect timeout REPLICA_CONNECT_TIMEOUT) the first time it
is needed, and after a failure it is left out for DATABASE_REPLICA_RETRY_SECONDS before the next
probe. A replica that fails during a request (stopped, restarting, or a query cancelled by a
recovery conflict) turns that request's database error into a retry of the whole request on the
primary, by the middleware, for GET/HEAD/OPTIONS only: the client gets its 200, never a 500
because a replica is down.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from . import replicas

logger = logging.getLogger("iwm.db.router")

PRIMARY = DEFAULT_DB_ALIAS
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_ONLY_PREFIXES = ("/admin/",)
RECENT_WRITE_KEY = "iwm:db:wrote:{}"
RECOVERY_CONFLICT = "40001"  # "canceling statement due to conflict with recovery" on a standby


@dataclass
class Routing:
    """What one web request may read from. Only the middleware creates one."""

    primary_only: bool = False
    wrote: bool = False  # a write was sent (or a read "for write") during this request
    members: set[int] = field(default_factory=set)
    replica: str | None = None  # the replica this request reads from, once chosen
    failed_replica: str | None = None  # set when a query on the replica raised a database error
    failure: BaseException | None = None


_routing: ContextVar[Routing | None] = ContextVar("iwm_db_routing", default=None)


def current() -> Routing | None:
    return _routing.get()


def replica_aliases() -> list[str]:
    return replicas.replica_aliases()


# --- Health, per process ------------------------------------------------------------------------

_lock = threading.Lock()
_down_until: dict[str, float] = {}
_probed: set[str] = set()


def replica_usable(alias: str) -> bool:
    """Probe `alias` the first time and after its retry delay; otherwise answer from memory."""
    now = time.monotonic()
    with _lock:
        until = _down_until.get(alias)
        if until is not None and now < until:
            return False
        if until is None and alias in _probed:
            return True
    healthy = replicas.probe(alias)
    mark(alias, healthy)
    return healthy


def mark(alias: str, healthy: bool) -> None:
    with _lock:
        _probed.add(alias)
        if healthy:
            _down_until.pop(alias, None)
        else:
            _down_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
            logger.warning(
                "replica %s does not answer; reads use the primary for %ss",
                alias,
                settings.DATABASE_REPLICA_RETRY_SECONDS,
            )


def forget_health() -> None:
    """Forget what this process knows about replicas (tests, and after reconfiguration)."""
    with _lock:
        _down_until.clear()
        _probed.clear()


def choose_replica() -> str | None:
    candidates = replica_aliases()
    random.shuffle(candidates)
    for alias in candidates:
        if replica_usable(alias):
            return alias
    return None


# --- Read-your-writes ---------------------------------------------------------------------------


def wrote_recently(user_id: int) -> bool:
    if settings.READ_YOUR_WRITES_SECONDS <= 0:
        return False
    try:
        return cache.get(RECENT_WRITE_KEY.format(user_id)) is not None
    except Exception:  # noqa: BLE001 - an unreachable cache must not fail a read; the primary is safe
        logger.warning("cache unreachable: member %s reads from the primary", user_id, exc_info=True)
        return True


def record_writes(user_ids) -> None:
    if settings.READ_YOUR_WRITES_SECONDS <= 0 or not user_ids:
        return
    try:
        cache.set_many(
            {RECENT_WRITE_KEY.format(user_id): 1 for user_id in user_ids}, timeout=settings.READ_YOUR_WRITES_SECONDS
        )
    except Exception:  # noqa: BLE001 - the write itself succeeded; a lagging replica is the worst outcome
        logger.warning("cache unreachable: could not record the writes of members %s", sorted(user_ids), exc_info=True)


def note_member(user_id) -> None:
    """This request acts for (or on) member `user_id`: read from the primary if they wrote recently."""
    state = _routing.get()
    if state is None or user_id is None or user_id in state.members:
        return
    state.members.add(user_id)
    if not state.primary_only and not state.wrote and wrote_recently(user_id):
        state.primary_only = True


@contextlib.contextmanager
def routing(state: Routing | None = None):
    """Route this block's queries as one web request's (the middleware does this per request)."""
    token = _routing.set(state or Routing())
    try:
        yield _routing.get()
    finally:
        _routing.reset(token)


@contextlib.contextmanager
def primary_reads():
    """Within this block every read of the current request uses the primary."""
    state = _routing.get()
    if state is None or state.primary_only:
        yield
        return
    state.primary_only = True
    try:
        yield
    finally:
        state.primary_only = False


def connection_for_read(model):
    """The connection a read of `model` would use, for raw SQL in selectors (``connection`` alone is
    always the primary): ``with connection_for_read(Movie).cursor() as cursor: ...``."""
    from django.db import router as django_router

    return connections[django_router.db_for_read(model)]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replica_aliases():
            return None
        state = _routing.get()
        if state is None or state.primary_only or state.wrote or state.failed_replica:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if state.replica is None:
            state.replica = choose_replica()
            if state.replica is None:
                state.primary_only = True
                return PRIMARY
        return state.replica

    def db_for_write(self, model, **hints):
        state = _routing.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas are copies of the primary: an object read from one may refer to one read from another.
        same_data = {PRIMARY, *replica_aliases()}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


# --- The middleware -----------------------------------------------------------------------------


def _is_recovery_conflict(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return getattr(cause, "sqlstate", None) == RECOVERY_CONFLICT


def request_failed(sender, request=None, **kwargs):
    """got_request_exception: remember a database error raised while this request used a replica."""
    import sys

    from django.db import Error as DatabaseError

    state = _routing.get()
    exc = sys.exc_info()[1]
    if state is not None and state.replica and isinstance(exc, DatabaseError):
        state.failed_replica = state.replica
        state.failure = exc


def _signed_in(request) -> set[int]:
    """The member Django's own authentication found (the admin's session), if it looked."""
    from django.utils.functional import empty

    user = request.__dict__.get("user")  # never evaluate a lazy user just for this
    user = getattr(user, "_wrapped", user)
    if user is None or user is empty or not getattr(user, "is_authenticated", False):
        return set()
    return {user.pk}


class ReplicaRoutingMiddleware:
    """Creates the request's routing state, retries a read that a failing replica broke, and
    records the writes of the members the request identified (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        state = Routing(primary_only=not safe or request.path_info.startswith(PRIMARY_ONLY_PREFIXES))
        with routing(state):
            try:
                response = self.get_response(request)
                if state.failed_replica and safe:
                    response = self._retry_on_primary(request, state)
                return response
            finally:
                if not safe or state.wrote:
                    record_writes(state.members | _signed_in(request))

    def _retry_on_primary(self, request, state: Routing):
        alias, exc = state.failed_replica, state.failure
        with contextlib.suppress(Exception):
            connections[alias].close()
        if not _is_recovery_conflict(exc):
            mark(alias, replicas.probe(alias))
        logger.warning("a read on %s failed (%s); the request was served again from the primary", alias,
                       str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)  # fmt: skip
        from iwm.telemetry import metrics

        metrics.replica_fallback(alias)
        state.primary_only, state.replica = True, None
        return self.get_response(request)
