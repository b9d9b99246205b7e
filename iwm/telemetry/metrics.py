"""Prometheus metrics and ``GET /metrics`` (the Prometheus text format).

On with METRICS_ENABLED; readable with ``Authorization: Bearer <METRICS_TOKEN>`` or from an
address in METRICS_ALLOWED_IPS (the client address as TRUSTED_PROXY_COUNT defines it). Off, the
address is a 404 and nothing is counted.

Built on prometheus_client directly (django-prometheus labels requests by view name rather than
by URL pattern, and counts queries by swapping the database ENGINE for its own wrapper; what
IWM needs is four counters and two histograms, recorded where the request is logged).

gunicorn runs several worker processes and Celery several pool processes: each has its own
memory, so a scrape answered by one process would show only that process's counts. With
metrics on, settings set PROMETHEUS_MULTIPROC_DIR (default var/prometheus) before
prometheus_client is imported; every process then writes its values to files there and
``/metrics`` sums them (prometheus_client's multiprocess mode). The folder is per machine and must
be emptied when the process group starts (`make run` does); workers on another machine need their
own folder and scrape target. Only counters and histograms are used: they sum correctly across
processes that have exited, which gauges would not.

Metrics:
    iwm_http_requests_total{method, route, status}
    iwm_http_request_duration_seconds{method, route}           (histogram)
    iwm_db_queries_total{route, alias}                          SQL statements sent by requests
    iwm_db_replica_fallbacks_total{alias}                       reads retried on the primary
    iwm_celery_tasks_total{task, outcome}                       outcome: success, failure, retry, ...
    iwm_celery_task_duration_seconds{task}                      (histogram)

``route`` is the URL pattern (``/api/v1/movies/<int:pk>/``), never the raw path, so the number of
series stays bounded whatever clients request.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from functools import cache

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from iwm.api.errors import error_body

KNOWN_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TASK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)


def enabled() -> bool:
    return bool(getattr(settings, "METRICS_ENABLED", False))


@cache
def _metrics():
    """Created on first use, after settings have set PROMETHEUS_MULTIPROC_DIR."""
    from prometheus_client import Counter, Histogram

    return {
        "requests": Counter("iwm_http_requests", "HTTP requests answered", ["method", "route", "status"]),
        "latency": Histogram(
            "iwm_http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route"],
            buckets=REQUEST_BUCKETS,
        ),  # fmt: skip
        "queries": Counter("iwm_db_queries", "SQL statements sent while answering requests", ["route", "alias"]),
        "fallbacks": Counter(
            "iwm_db_replica_fallbacks", "Requests served again from the primary after a replica failed", ["alias"]
        ),
        "tasks": Counter("iwm_celery_tasks", "Celery tasks run, by outcome", ["task", "outcome"]),
        "task_latency": Histogram(
            "iwm_celery_task_duration_seconds", "Time a Celery task ran", ["task"], buckets=TASK_BUCKETS
        ),
    }


def observe_request(*, method: str, route: str, status: int, seconds: float, queries: dict[str, int]) -> None:
    if not enabled():
        return
    metrics = _metrics()
    method = method if method in KNOWN_METHODS else "other"
    metrics["requests"].labels(method, route, str(status)).inc()
    metrics["latency"].labels(method, route).observe(seconds)
    for alias, count in queries.items():
        if count:
            metrics["queries"].labels(route, alias).inc(count)


def replica_fallback(alias: str) -> None:
    if enabled():
        _metrics()["fallbacks"].labels(alias).inc()


def task_finished(*, task: str, outcome: str, seconds: float | None) -> None:
    if not enabled():
        return
    metrics = _metrics()
    metrics["tasks"].labels(task, outcome).inc()
    if seconds is not None:
        metrics["task_latency"].labels(task).observe(seconds)


# --- GET /metrics -------------------------------------------------------------------------------


@cache
def _networks(spec: tuple[str, ...]):
    return [ipaddress.ip_network(item, strict=False) for item in spec]


def _address_allowed(request) -> bool:
    from iwm.client_address import client_address

    spec = tuple(getattr(settings, "METRICS_ALLOWED_IPS", ()))
    if not spec:
        return False
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in _networks(spec))


def _token_allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not token or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").strip().encode(), token.encode())


def exposition() -> bytes:
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

    _metrics()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry)


def metrics_view(request):
    """The Prometheus text exposition of every process's metrics on this machine."""
    if not enabled():
        return JsonResponse(error_body(404, "not_found", "Metrics are off (METRICS_ENABLED)."), status=404)
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse(error_body(405, "method_not_allowed", "Use GET."), status=405)
        response["Allow"] = "GET, HEAD"
        return response
    if not (_token_allowed(request) or _address_allowed(request)):
        if getattr(settings, "METRICS_TOKEN", "") and "HTTP_AUTHORIZATION" not in request.META:
            response = JsonResponse(error_body(401, "not_authenticated", "Send Authorization: Bearer <METRICS_TOKEN>."),
                                    status=401)  # fmt: skip
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        return JsonResponse(error_body(403, "permission_denied", "Metrics are not readable from here."), status=403)
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
