"""Two web processes and two Celery workers against one database and one broker, as behind a
load balancer: nothing that must be shared lives in a process's memory.

Real processes: two gunicorn servers on two ports and two workers (the test database and the
tests' own Redis), with the cache in Redis as in every deployment (the rest of the suite uses a
per-process cache, for isolation). Checked: the auth throttle counts the requests of both servers
together; a value cached through one server is forgotten after a write through the other; each job
a request enqueues runs once, on one of the two workers, under the request's id; the metrics of
both servers and both workers add up in either server's /metrics (prometheus_client's
multiprocess mode).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from iwm.celery import app
from social.models import Notification
from social.tests.factories import UserFactory
from tests.test_celery_worker import _database_url_for_worker
from tests.test_telemetry import _sample as sample

ROOT = Path(__file__).resolve().parent.parent
THROTTLE = 4  # password-reset requests per minute per client address, for both servers together
CACHE_PREFIX = "iwm-test-shared"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(port: int, method: str, path: str, body=None, headers=None) -> tuple[int, dict, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})  # fmt: skip
    try:
        with _NO_PROXY.open(request, timeout=30) as response:
            raw, status, response_headers = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw, status, response_headers = error.read(), error.code, dict(error.headers)
    try:
        payload = json.loads(raw) if raw else {}
    except ValueError:
        payload = {"text": raw.decode()}
    return status, payload, response_headers


class Processes:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.children: list[tuple[str, subprocess.Popen, Path]] = []
        (tmp_path / "mail").mkdir()
        (tmp_path / "prometheus").mkdir()
        # The test settings, with the cache in the tests' Redis (as base.py has it in every deployment).
        (tmp_path / "shared_settings.py").write_text(textwrap.dedent(f"""
            from iwm.settings.test import *  # noqa
            CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_URL, "KEY_PREFIX": {CACHE_PREFIX!r}}}}}
            REST_FRAMEWORK = {{**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {{"auth": "{THROTTLE}/min"}}}}
            EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
            EMAIL_FILE_PATH = {str(tmp_path / "mail")!r}
        """))
        self.env = dict(
            os.environ, DATABASE_URL=_database_url_for_worker(), DJANGO_SETTINGS_MODULE="shared_settings",
            PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]), LOG_FORMAT="json", METRICS_ENABLED="true",
            METRICS_ALLOWED_IPS="127.0.0.1", PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"),
        )  # fmt: skip

    def spawn(self, name: str, command: list[str]) -> None:
        log = self.tmp / f"{name}.log"
        with open(log, "w") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.children.append((name, process, log))

    def web(self, name: str, port: int) -> None:
        self.spawn(name, [sys.executable, "-m", "gunicorn", "iwm.wsgi:application", "--bind", f"127.0.0.1:{port}",
                          "--worker-class", "gthread", "--workers", "1", "--threads", "2"])  # fmt: skip

    def worker(self, name: str) -> str:
        hostname = f"{name}-{os.getpid()}@{socket.gethostname()}"
        self.spawn(name, [sys.executable, "-m", "celery", "-A", "iwm", "worker", "--pool=solo", "--loglevel=INFO",
                          f"--hostname={hostname}", "--without-gossip", "--without-mingle",
                          "--queues", ",".join(settings.WORKER_QUEUES)])  # fmt: skip
        return hostname

    def check_alive(self) -> None:
        for name, process, log in self.children:
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode}):\n{log.read_text()[-3000:]}")

    def log(self, name: str) -> list[dict]:
        path = next(log for child, _, log in self.children if child == name)
        lines = []
        for line in path.read_text().splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    def stop(self) -> None:
        for _, process, _ in self.children:
            if process.poll() is None:
                process.terminate()
        for _, process, _ in self.children:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def shared_cache_keys():
    yield
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(f"{CACHE_PREFIX}*"):
        client.delete(key)


def wait_until(predicate, what: str, processes: Processes, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        processes.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def _ready(port: int) -> bool:
    try:
        return call(port, "GET", "/readyz")[0] == 200
    except OSError:
        return False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_web_processes_and_two_workers_share_throttle_cache_and_jobs(tmp_path, shared_cache_keys):
    from rest_framework_simplejwt.tokens import RefreshToken  # signed with var/secret_key, as the servers sign

    member = UserFactory(email="two-servers@example.com")
    member.set_password("pale-orbit-lantern-42")
    member.save()
    bearer = {"Authorization": f"Bearer {RefreshToken.for_user(member).access_token}"}
    processes = Processes(tmp_path)
    ports = {"a": free_port(), "b": free_port()}
    try:
        processes.web("web-a", ports["a"])
        processes.web("web-b", ports["b"])
        workers = {processes.worker("worker-1"), processes.worker("worker-2")}
        wait_until(lambda: all(_ready(port) for port in ports.values()), "both web servers", processes)
        wait_until(lambda: len(app.control.ping(destination=list(workers), timeout=1) or []) == 2,
                   "both workers", processes)  # fmt: skip

        # 1. A throttle: requests alternate between the two servers and meet one limit together.
        answers = []
        for attempt in range(THROTTLE + 2):
            port = ports["a"] if attempt % 2 == 0 else ports["b"]
            status, _, headers = call(port, "POST", "/api/v1/auth/password-reset/", {"email": member.email},
                                      {"X-Request-ID": f"reset-{attempt}"})  # fmt: skip
            answers.append(status)
            assert headers["X-Request-ID"] == f"reset-{attempt}"
        assert answers == [202] * THROTTLE + [429, 429], answers

        # 2. A job per accepted request, each run once, on one of the two workers, under its request id.
        def finished() -> list[dict]:
            return [line for name in ("worker-1", "worker-2") for line in processes.log(name)
                    if "succeeded" in line["message"] and "send_password_reset_email" in line["message"]]  # fmt: skip

        wait_until(lambda: len(finished()) >= THROTTLE, "the reset emails", processes)
        time.sleep(1)  # a duplicate run would show now
        done = finished()
        assert sorted(line["request_id"] for line in done) == [f"reset-{n}" for n in range(THROTTLE)]
        emails = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
        assert emails.count("Subject:") == THROTTLE

        # 3. A cached value, forgotten everywhere after a write through the other server.
        Notification.objects.create(user=member, type="system", title="hello from the test")
        assert call(ports["a"], "GET", "/api/v1/notifications/unread-count/", headers=bearer)[1]["unread"] == 1
        assert call(ports["b"], "GET", "/api/v1/notifications/unread-count/", headers=bearer)[1]["unread"] == 1
        status, marked, _ = call(ports["b"], "POST", "/api/v1/notifications/read-all/", headers=bearer)
        assert status == 200 and marked == {"marked": 1}
        assert call(ports["a"], "GET", "/api/v1/notifications/unread-count/", headers=bearer)[1]["unread"] == 0

        # 4. One scrape of either server sums every process of the machine.
        status, text, _ = call(ports["a"], "GET", "/metrics")
        metrics = text["text"]
        assert status == 200
        requests = "iwm_http_requests_total"
        assert sample(metrics, requests, method="POST", route="/api/v1/notifications/read-all/", status="200") == 1
        assert sample(metrics, requests, method="POST", route="/api/v1/auth/password-reset/", status="202") == THROTTLE
        assert sample(metrics, requests, method="POST", route="/api/v1/auth/password-reset/", status="429") == 2
        tasks = sample(metrics, "iwm_celery_tasks_total", task="social.send_password_reset_email", outcome="success")
        assert tasks == THROTTLE, "counted in the workers' processes, summed by the web server"

        # The request lines: JSON, one per request, with route and query count.
        line = next(line for line in processes.log("web-b") if line.get("route") == "/api/v1/notifications/read-all/")
        assert line["logger"] == "iwm.request" and line["status"] == 200 and line["queries"] >= 1
    finally:
        processes.stop()
