"""Probes (/healthz, /readyz), metrics (/metrics), request ids and the one log line per request."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from iwm import health
from iwm.telemetry import metrics

ROOT = Path(__file__).resolve().parent.parent


def capture(conn) -> CaptureQueriesContext:
    """CaptureQueriesContext that sees every query: Django keeps at most 9,000 in a connection's log,
    and once the log is full a capture's slice of it comes out empty."""
    conn.queries_log.clear()
    return CaptureQueriesContext(conn)


# --- /healthz and /readyz -------------------------------------------------------------------------


def test_healthz_answers_without_the_database_even_from_an_unknown_host():
    client = APIClient()  # no django_db mark: any query would fail this test
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")  # a probe by IP: not in ALLOWED_HOSTS
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    refused = client.post("/healthz")
    assert refused.status_code == 405 and refused.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_readyz_checks_database_migrations_and_broker():
    response = APIClient().get("/readyz", HTTP_HOST="10.1.2.3")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready" and body["replicas"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert body["checks"]["migrations"] == {"ok": True, "pending_count": 0}


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_is_pending(monkeypatch):
    """New code deployed before `migrate`: the process must not take traffic yet."""
    on_disk = health.migrations_on_disk() | {("movies", "9999_not_applied_yet")}
    monkeypatch.setattr(health, "migrations_on_disk", lambda: on_disk)
    response = APIClient().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready" and body["checks"]["migrations"]["pending"] == ["movies.9999_not_applied_yet"]
    assert body["error"]["status"] == 503 and body["error"]["code"] == "not_ready"
    assert "migrations" in body["error"]["message"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_does_not_answer(settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path / 'nobody-listens.sock'}?db=0"
    response = APIClient().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is False and body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["ok"] is True


# --- /metrics ---------------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels) -> float:
    wanted = {f'{key}="{value}"' for key, value in labels.items()}
    for line in text.splitlines():
        if line.startswith(name + "{"):
            inside = line[len(name) + 1 : line.index("}")]
            if wanted <= set(re.findall(r'\w+="[^"]*"', inside)):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_are_off_by_default(settings):
    assert settings.METRICS_ENABLED is False
    response = APIClient().get("/metrics")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_metrics_need_the_token_or_an_allowed_address(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = "a-long-scrape-token-0123456789"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    client = APIClient()
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token-0123456789").status_code == 403
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-scrape-token-0123456789")
    assert allowed.status_code == 200 and allowed["Content-Type"].startswith("text/plain")
    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 200  # from the allowed network
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 401


@pytest.mark.django_db
def test_metrics_count_requests_latency_and_queries_per_route(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    client = APIClient()
    route = "/api/v1/movies/<int:movie_id>/"
    before = client.get("/metrics").content.decode()
    with capture(connection) as queries:
        assert client.get("/api/v1/movies/1/").status_code in (200, 404)
        assert client.get("/api/v1/movies/2/").status_code in (200, 404)
    sent = len(queries.captured_queries)  # now: each request empties the connection's query log
    after = client.get("/metrics").content.decode()

    def delta(name, **labels):
        return _sample(after, name, **labels) - _sample(before, name, **labels)

    statuses = {"200": 0, "404": 0}
    for status in statuses:
        statuses[status] = delta("iwm_http_requests_total", method="GET", route=route, status=status)
    assert sum(statuses.values()) == 2
    assert delta("iwm_http_request_duration_seconds_count", method="GET", route=route) == 2
    assert delta("iwm_db_queries_total", route=route, alias="default") == sent > 0
    assert "/api/v1/movies/1/" not in after, "routes, never raw paths"


# --- Request ids and the request line --------------------------------------------------------------


@pytest.mark.django_db
def test_a_well_formed_request_id_is_kept_and_a_bad_one_replaced(caplog):
    client = APIClient()
    assert client.get("/api/v1/genres/", HTTP_X_REQUEST_ID="lb-7f3a.2:9")["X-Request-ID"] == "lb-7f3a.2:9"
    for bad in ("has spaces", "x" * 200, "<script>", ""):
        made = client.get("/api/v1/genres/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", made), made
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/api/v1/genres/")["X-Request-ID"])


@pytest.mark.django_db
def test_one_line_per_request_with_route_status_duration_and_query_count(caplog):
    client = APIClient()
    caplog.set_level(logging.INFO, logger="iwm.request")
    with capture(connection) as queries:
        response = client.get("/api/v1/movies/?page_size=3", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "iwm.request"]
    assert record.route == "/api/v1/movies/" and record.status == 200 and record.method == "GET"
    assert record.request_id == "trace-42" and record.duration_ms > 0
    assert record.queries == len(queries.captured_queries) > 0
    assert record.getMessage().startswith("GET /api/v1/movies/ 200 ")

    caplog.clear()
    client.get("/healthz")
    client.get("/readyz")
    assert [r for r in caplog.records if r.name == "iwm.request"] == [], "successful probes are not logged"


LOG_SCRIPT = """
import django
django.setup()
from django.test import Client
Client().get("/api/v1/nowhere/", HTTP_X_REQUEST_ID="json-line-1")
import logging
logging.getLogger("movies").warning("outside any request")
"""


def test_log_format_json_writes_one_json_object_per_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "iwm.settings.base",
             "LOG_FORMAT": "json", "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    request = next(line for line in lines if line["logger"] == "iwm.request")
    assert request["route"] == "/api/" and request["status"] == 404 and request["request_id"] == "json-line-1"
    assert {"time", "level", "message", "duration_ms", "queries", "method"} <= set(request)
    outside = next(line for line in lines if line["logger"] == "movies")
    assert outside["message"] == "outside any request" and outside["request_id"] is None


def test_a_task_enqueued_during_a_request_carries_its_request_id():
    from iwm.telemetry.celery import HEADER, carry_request_id
    from iwm.telemetry.context import request_id_var

    headers = {}
    carry_request_id(headers=headers)
    assert HEADER not in headers, "no request, no id"
    token = request_id_var.set("req-123")
    try:
        carry_request_id(headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers[HEADER] == "req-123"


def test_metric_helpers_record_nothing_when_metrics_are_off(settings):
    settings.METRICS_ENABLED = False
    metrics.observe_request(method="GET", route="/x", status=200, seconds=0.1, queries={"default": 1})
    metrics.task_finished(task="t", outcome="success", seconds=0.1)  # no error, nothing to read either
