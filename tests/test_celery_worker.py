"""One job end to end through the real broker (Redis) and a real worker process."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from iwm.celery import app
from iwm.db.features import has_extension
from movies.models import Movie, MovieEmbedding
from movies.tests.factories import GenreFactory, MovieFactory

ROOT = Path(__file__).resolve().parent.parent


def _database_url_for_worker() -> str:
    conf = connection.settings_dict
    host = conf["HOST"] or conf["OPTIONS"].get("host", "")
    user = conf["USER"] or "postgres"
    password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
    port = f":{conf['PORT']}" if conf["PORT"] else ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{conf['NAME']}?host={host}"
    return f"postgres://{user}{password}@{host}{port}/{conf['NAME']}"


VISIBILITY_TIMEOUT = 4  # seconds before a dead worker's task goes back to the queue (tests only)


def start_worker(name: str = "test") -> subprocess.Popen:
    """A real worker on the tests' own broker and queues, against the test database."""
    env = dict(
        os.environ, DATABASE_URL=_database_url_for_worker(), DJANGO_SETTINGS_MODULE=settings.SETTINGS_MODULE,
        BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "iwm", "worker", "--pool=solo", "--loglevel=WARNING",
         f"--hostname={name}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
         "--queues", ",".join(settings.WORKER_QUEUES)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"worker exited: {process.stdout.read()}")
        if app.control.ping(destination=[f"{name}-{os.getpid()}@{socket.gethostname()}"], timeout=0.5):
            return process
    process.kill()
    pytest.fail("worker did not answer a ping within 60 s")


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def worker():
    process = start_worker()
    try:
        yield process
    finally:
        stop_worker(process)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_embedding_job_runs_in_a_real_worker(worker):
    from movies.tasks import refresh_movie_embeddings

    drama = GenreFactory(slug="drama")
    movies = [MovieFactory(genres=[drama]) for _ in range(5)]

    result = refresh_movie_embeddings.delay().get(timeout=120)

    if has_extension("vector"):
        assert result["embedded"] == Movie.objects.count() and result["skipped_reason"] is None
        stored = MovieEmbedding.objects.filter(movie__in=movies)
        assert stored.count() == len(movies)
        assert {row.model for row in stored} == {result["model"]}
    else:
        assert result["embedded"] == 0
        assert "pgvector" in result["skipped_reason"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_sent_through_the_broker_runs_and_changes_the_database(worker):
    from datetime import UTC, datetime

    from iwm.models import JobOutcome, JobRun
    from iwm.tasks import run_job
    from social.models import Notification
    from social.tests.factories import UserFactory

    stranded = Notification.objects.create(
        user=UserFactory(), type="system", title="from 2019", created_at=datetime(2019, 6, 1, tzinfo=UTC)
    )
    result = run_job.delay("partition maintenance").get(timeout=120)

    assert result["outcome"] == JobOutcome.SUCCEEDED
    run = JobRun.objects.get(job="partition maintenance")
    assert run.task_id and run.worker and "notifications_m2019_06" in run.detail["created"]
    assert not Notification.objects.filter(pk=stranded.pk).exists()  # moved out of DEFAULT, then past retention


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_loses_no_job():
    """SIGKILL the worker while the job waits on a lock the test holds; a new worker runs it."""
    from iwm.jobs.runner import own_connection
    from iwm.models import JobOutcome, JobRun
    from iwm.tasks import run_job

    first = start_worker("doomed")
    try:
        with own_connection() as blocker:
            blocker.execute("BEGIN")
            blocker.execute("LOCK TABLE movies IN SHARE UPDATE EXCLUSIVE MODE")  # VACUUM of movies waits
            run_job.apply_async(args=["vacuum and analyze"])
            deadline = time.monotonic() + 60
            while not JobRun.objects.filter(job="vacuum and analyze", outcome=JobOutcome.RUNNING).exists():
                assert time.monotonic() < deadline, "the job never started"
                time.sleep(0.2)
            first.send_signal(signal.SIGKILL)
            first.wait(20)
            blocker.execute("ROLLBACK")
    finally:
        if first.poll() is None:
            first.kill()
    second = start_worker("rescuer")
    try:
        deadline = time.monotonic() + 90
        while not JobRun.objects.filter(job="vacuum and analyze", outcome=JobOutcome.SUCCEEDED).exists():
            assert time.monotonic() < deadline, list(JobRun.objects.values_list("outcome", flat=True))
            time.sleep(0.5)
    finally:
        stop_worker(second)
    outcomes = sorted(JobRun.objects.filter(job="vacuum and analyze").values_list("outcome", flat=True))
    assert outcomes == [JobOutcome.ABANDONED, JobOutcome.SUCCEEDED]
