"""The project package's one table: a record of every scheduled job's runs (see iwm.jobs)."""

from __future__ import annotations

from django.db import models

from iwm.db.constraints import choices_check


class JobOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (already running)"
    ABANDONED = "abandoned", "Abandoned (its worker died)"


class JobRun(models.Model):
    job = models.CharField(max_length=100, help_text="The job's name in the schedule.")
    outcome = models.CharField(max_length=20, choices=JobOutcome.choices, default=JobOutcome.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_affected = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True, help_text="What the job reported besides its row count.")
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid that ran it.")
    task_id = models.CharField(max_length=100, blank=True, help_text="Celery task id, when run by a worker.")

    class Meta:
        db_table = "job_runs"
        ordering = ["-started_at", "-id"]
        constraints = [
            choices_check("outcome", JobOutcome, table="job_runs"),
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True) | models.Q(finished_at__gte=models.F("started_at")),
                name="job_runs_finish_after_start",
            ),
        ]
        indexes = [models.Index(fields=["job", "-started_at"], name="job_runs_job_recent")]

    def __str__(self) -> str:
        return f"{self.job} at {self.started_at:%Y-%m-%d %H:%M} ({self.outcome})"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
