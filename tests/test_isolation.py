"""A test never touches a running install: not its database, not its broker, not its cache.

`make test` while `make run` runs used to fail because the running worker took the test's task
from the shared Redis and ran it against the development database."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from iwm import embedded

ROOT = Path(__file__).resolve().parent.parent

CONFIGS = """
import json, iwm.settings.base as dev, iwm.settings.test as test
def conf(m):
    return {"broker": m.CELERY_BROKER_URL, "results": m.CELERY_RESULT_BACKEND,
            "queue": getattr(m, "CELERY_TASK_DEFAULT_QUEUE", "celery"),
            "transport": getattr(m, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
            "cache": m.CACHES["default"]["BACKEND"] + " " + m.CACHES["default"].get("LOCATION", ""),
            "database": m.DATABASES["default"]["NAME"]}
print(json.dumps({"dev": conf(dev), "test": conf(test)}))
"""


def configs(**env) -> dict:
    """The development and the test settings computed from the same environment."""
    result = subprocess.run(
        [sys.executable, "-c", CONFIGS], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"} | env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def celery_app(conf: dict) -> Celery:
    return Celery(
        "probe", broker=conf["broker"], set_as_current=False,
        config_source={"task_default_queue": conf["queue"], "broker_transport_options": conf["transport"]},
    )  # fmt: skip


def assert_test_task_never_reaches_the_dev_worker(dev: dict, test: dict) -> None:
    """Send a task with the test configuration; a consumer of the development queue on the
    development broker (what `make run`'s worker reads) gets nothing, the test queue gets it."""
    token = uuid.uuid4().hex
    test_app, dev_app = celery_app(test), celery_app(dev)
    test_app.send_task("movies.refresh_movie_embeddings", kwargs={"probe": token})
    with dev_app.connection_for_read() as conn:
        with conn.SimpleQueue(dev["queue"]) as queue:
            with pytest.raises(queue.Empty):
                queue.get(timeout=0.5)
    with test_app.connection_for_read() as conn:
        with conn.SimpleQueue(test["queue"]) as queue:
            message = queue.get(timeout=5)
            message.ack()
    assert token in json.dumps(message.payload)


def test_with_embedded_redis_tests_have_their_own_server(tmp_path):
    var = tmp_path / "v"
    both = configs(IWM_VAR_DIR=str(var))
    dev, test = both["dev"], both["test"]
    assert dev["broker"] == f"redis+socket://{var}/redis/redis.sock?db=0"
    assert test["broker"] == f"redis+socket://{var}/redis-test/redis.sock?db=0"
    assert test["queue"] != dev["queue"] and test["results"] != dev["results"]
    assert "locmem" in test["cache"] and "redis" in dev["cache"]
    servers = [embedded.redis_server(var), embedded.redis_server_for_tests(var)]
    for server in servers:
        server.start()
    try:
        assert_test_task_never_reaches_the_dev_worker(dev, test)
    finally:
        for server in servers:
            server.stop()


def test_with_redis_url_tests_use_another_database_and_their_own_names(tmp_path):
    shared = embedded.EmbeddedRedis(tmp_path / "shared")
    shared.start()
    try:
        both = configs(IWM_VAR_DIR=str(tmp_path / "v"), REDIS_URL=f"unix://{shared.socket_path}?db=0")
        dev, test = both["dev"], both["test"]
        assert dev["broker"].endswith("db=0") and test["broker"].endswith("db=15")
        # The tests' prefix on top of the broker options every install has (visibility timeout...).
        assert test["queue"] == "iwm-test" and test["transport"]["global_keyprefix"] == "iwm-test:"
        assert test["transport"] == {**dev["transport"], "global_keyprefix": "iwm-test:"}
        assert_test_task_never_reaches_the_dev_worker(dev, test)
    finally:
        shared.stop()
    assert configs(REDIS_URL="redis://cache:6379/15")["test"]["broker"] == "redis://cache:6379/14"


@pytest.mark.django_db
def test_this_run_uses_the_test_broker_and_the_test_database():
    both = configs(**{k: v for k, v in os.environ.items() if k in {"DATABASE_URL", "REDIS_URL", "IWM_VAR_DIR"}})
    assert settings.CELERY_BROKER_URL == both["test"]["broker"] != both["dev"]["broker"]
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "iwm-test"
    assert connection.settings_dict["NAME"] == f"test_{both['dev']['database']}"
    assert connection.cursor().connection.info.dbname == f"test_{both['dev']['database']}"
