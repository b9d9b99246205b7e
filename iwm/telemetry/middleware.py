"""One log line per request, with its id, route, status, duration and SQL statement count.

The outermost middleware (settings.MIDDLEWARE), so it times and counts everything below it,
including the replica router's retry and the API guard's refusals:

    INFO iwm.request: GET /api/v1/movies/<int:pk>/ 200 12.4ms 3q request_id=5f0c...

With LOG_FORMAT=json the same line is a JSON object with the fields ``method``, ``route``,
``status``, ``duration_ms``, ``queries``, ``request_id`` (and ``replica`` when reads used one).
Successful answers to the load balancer's probes (``/healthz``, ``/readyz``) are counted in the
metrics but not logged: they would be most of the log.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import connections
from django.urls import Resolver404, resolve

from . import metrics
from .context import REQUEST_ID_HEADER, new_request_id, request_id_var, well_formed

logger = logging.getLogger("iwm.request")
UNMATCHED = "(unmatched)"
QUIET_ROUTES = frozenset({"/healthz", "/readyz"})


def route_of(request) -> str:
    """The URL pattern that answered (``/api/v1/movies/<int:pk>/``), or ``(unmatched)``."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNMATCHED
    route = match.route or ""
    return "/" + route.lstrip("^").removesuffix("$")


class QueryCounter:
    def __init__(self):
        self.by_alias: dict[str, int] = {}

    def wrapper(self, alias: str):
        def count(execute, sql, params, many, context):
            self.by_alias[alias] = self.by_alias.get(alias, 0) + 1
            return execute(sql, params, many, context)

        return count

    @contextlib.contextmanager
    def installed(self):
        with contextlib.ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(self.wrapper(alias)))
            yield self

    @property
    def total(self) -> int:
        return sum(self.by_alias.values())


class RequestTelemetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID")
        request_id = incoming if well_formed(incoming) else new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        counter = QueryCounter()
        started = time.perf_counter()
        try:
            with counter.installed():
                response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request_id
            self._record(request, response, seconds, counter)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _record(request, response, seconds: float, counter: QueryCounter) -> None:
        route = route_of(request)
        status = response.status_code
        metrics.observe_request(method=request.method, route=route, status=status, seconds=seconds,
                                queries=counter.by_alias)  # fmt: skip
        if route in QUIET_ROUTES and status < 400:
            return
        duration_ms = round(seconds * 1000, 1)
        replicas = sorted(alias for alias, count in counter.by_alias.items() if count and alias != "default")
        extra = {
            "method": request.method, "route": route, "status": status, "duration_ms": duration_ms,
            "queries": counter.total, "request_id": request.request_id, "request_line": True,
        }  # fmt: skip
        if replicas:
            extra["replica"] = ",".join(replicas)
        logger.info(
            "%s %s %s %.1fms %sq request_id=%s%s", request.method, route, status, duration_ms, counter.total,
            request.request_id, f" replica={extra['replica']}" if replicas else "", extra=extra,
        )  # fmt: skip
