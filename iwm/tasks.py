"""The one Celery task of the scheduled jobs: thin, safe to run twice (iwm.jobs.runner)."""

from __future__ import annotations

import psycopg
import redis
from celery import shared_task
from django.db import InterfaceError, OperationalError

from iwm.jobs import job_run

# A database or broker that is briefly away is worth waiting for; a bug is not.
TRANSIENT = (OperationalError, InterfaceError, psycopg.OperationalError, redis.ConnectionError, redis.TimeoutError)


@shared_task(
    bind=True,
    name="iwm.run_job",
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's job goes back to the queue, and runs again
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def run_job(self, job: str) -> dict:
    run = job_run(job, task_id=self.request.id or "")
    return {"job": job, "outcome": run.outcome, "rows": run.rows_affected}
