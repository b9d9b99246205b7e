"""What the admin's dashboard shows: hourly `admin_metric_snapshots` (partitioned by month on
snapshot_time, like notifications: see iwm.db.partitions) and one `daily_reports` row a day."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from iwm.db.constraints import jsonb_object_check


class AdminMetricSnapshot(models.Model):
    snapshot_time = models.DateTimeField(default=timezone.now)
    metrics = models.JSONField(default=dict, help_text="users, active_users_24h, reviews, pulses, pending_moderation, ...")

    class Meta:
        db_table = "admin_metric_snapshots"
        verbose_name = "metrics snapshot"
        ordering = ["-snapshot_time", "-id"]
        constraints = [jsonb_object_check("metrics", table="admin_metric_snapshots")]
        indexes = [models.Index(fields=["-snapshot_time"], name="admin_metric_snapshots_time")]

    def __str__(self) -> str:
        return f"metrics at {self.snapshot_time:%Y-%m-%d %H:%M}"


class DailyReport(models.Model):
    date = models.DateField(unique=True)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "daily_reports"
        verbose_name = "daily report"
        ordering = ["-date"]
        constraints = [jsonb_object_check("summary", table="daily_reports")]

    def __str__(self) -> str:
        return f"report of {self.date}"
