"""One job end to end through the real broker (Redis) and a real worker process."""

import os
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


@pytest.fixture
def worker():
    # The test settings, as here: the tests' own broker and queue; the test database.
    env = dict(os.environ, DATABASE_URL=_database_url_for_worker(), DJANGO_SETTINGS_MODULE=settings.SETTINGS_MODULE)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "iwm", "worker", "--pool=solo", "--loglevel=WARNING",
         f"--hostname=test-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"worker exited: {process.stdout.read()}")
            if app.control.ping(timeout=0.5):
                break
        else:
            pytest.fail("worker did not answer a ping within 60 s")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


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
