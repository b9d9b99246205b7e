"""Running one scheduled job: a lock, a record, the service, the outcome."""

from __future__ import annotations

import logging
import os
import socket
import traceback
import zlib
from contextlib import contextmanager

import psycopg
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from iwm.models import JobOutcome, JobRun
from iwm.ops.pg_cron import runs_on_pg_cron

logger = logging.getLogger(__name__)
LOCK_NAMESPACE = 0x1A3  # the first key of pg_try_advisory_lock(int, int): IWM's scheduled jobs


def lock_key(job_name: str) -> int:
    """A stable 32-bit key per job (crc32 fits PostgreSQL's int4 once shifted to signed)."""
    value = zlib.crc32(job_name.encode())
    return value - 2**32 if value >= 2**31 else value


def own_connection() -> psycopg.Connection:
    """A new autocommit connection with the app's connection parameters, outside Django's pool."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@contextmanager
def advisory_lock(job_name: str):
    """Yield True while this process holds the job's lock, False if another run holds it.

    The lock lives on a connection of its own, outside Django's pool and outside any
    transaction, so the job may commit in batches or run VACUUM; if the process dies, the
    connection closes and PostgreSQL releases the lock."""
    with own_connection() as lock_connection:
        acquired = lock_connection.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, lock_key(job_name)]
        ).fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                lock_connection.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, lock_key(job_name)])


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_run(name: str, *, task_id: str = "", **kwargs) -> JobRun:
    """Run the job `name` now, unless a run of it is under way. Returns its job_runs row; a
    failure is recorded and then raised again (the Celery task decides whether to retry)."""
    from iwm.jobs import job_named

    job = job_named(name)
    service = import_string(job.service)
    started = timezone.now()
    if job.pg_cron and runs_on_pg_cron(name):
        # `manage.py pg_cron --install` handed this job to pg_cron and paused it in beat; a
        # resumed beat task or an admin's "run now" must not run it a second time.
        logger.info("job %s runs on pg_cron; skipped", name)
        return JobRun.objects.create(
            job=name, outcome=JobOutcome.SKIPPED, started_at=started, finished_at=timezone.now(),
            worker=_worker_name(), task_id=task_id,
            detail={"reason": "pg_cron runs this job (manage.py pg_cron --remove hands it back to beat)"},
        )  # fmt: skip
    with advisory_lock(name) as acquired:
        if not acquired:
            logger.info("job %s is already running elsewhere; skipped", name)
            return JobRun.objects.create(
                job=name, outcome=JobOutcome.SKIPPED, started_at=started, finished_at=timezone.now(),
                worker=_worker_name(), task_id=task_id,
            )  # fmt: skip
        # We hold the lock, so any run still marked as running lost its worker mid-job.
        JobRun.objects.filter(job=name, outcome=JobOutcome.RUNNING).update(
            outcome=JobOutcome.ABANDONED, finished_at=started, error="Its worker stopped before the job finished."
        )
        run = JobRun.objects.create(job=name, started_at=started, worker=_worker_name(), task_id=task_id)
        try:
            result = service(**kwargs)
        except Exception as exc:
            run.outcome = JobOutcome.FAILED
            run.error = "".join(traceback.format_exception(exc))[-20_000:]
            run.finished_at = timezone.now()
            run.save(update_fields=["outcome", "error", "finished_at"])
            logger.error("job %s failed: %s", name, exc)
            raise
        rows, detail = (result.get("rows"), {k: v for k, v in result.items() if k != "rows"}) if isinstance(
            result, dict
        ) else (result, {})
        run.outcome = JobOutcome.SUCCEEDED
        run.rows_affected = rows
        run.detail = detail
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "rows_affected", "detail", "finished_at"])
        logger.info("job %s finished: %s rows in %.1f s", name, rows, run.duration_seconds)
        return run
