"""The dashboard's numbers: an hourly snapshot and a daily report.

Counts read tables by name, so content whose app has not landed yet (reviews) counts 0 until
its table exists; nothing here imports another app's models.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from moderation.models import (
    ActionKind,
    AdminMetricSnapshot,
    DailyReport,
    ItemStatus,
    ModerationAction,
    ModerationItem,
    ModerationReport,
)

METRICS = (
    ("users", "Members"),
    ("active_users_24h", "Active members (24 h)"),
    ("reviews", "Reviews"),
    ("pulses", "Pulses"),
    ("pending_moderation", "Pending moderation"),
    ("oldest_pending_hours", "Oldest pending item (hours)"),
)


def _table_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


def _scalar(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0] or 0)


def _count(table: str, where: str = "", params=()) -> int:
    if not _table_exists(table):
        return 0
    return _scalar(f'SELECT count(*) FROM "{table}" {where}', params)


def metrics_now(now: datetime | None = None) -> dict[str, float | int]:
    now = now or timezone.now()
    since = now - timedelta(hours=24)
    oldest = (
        ModerationItem.objects.filter(status=ItemStatus.PENDING).order_by("first_reported_at").values_list("first_reported_at", flat=True).first()
    )  # fmt: skip
    return {
        "users": _count("users", "WHERE is_active"),
        "active_users_24h": _scalar(
            "SELECT count(*) FROM users u WHERE u.is_active AND (u.last_login >= %s OR EXISTS "
            "(SELECT 1 FROM pulses p WHERE p.user_id = u.id AND p.created_at >= %s))",
            [since, since],
        ),
        "reviews": _count("reviews"),
        "pulses": _count("pulses", "WHERE status = 'visible'"),
        "pending_moderation": ModerationItem.objects.filter(status=ItemStatus.PENDING).count(),
        "oldest_pending_hours": round((now - oldest).total_seconds() / 3600, 1) if oldest else 0,
    }


def admin_metrics_snapshot(*, now: datetime | None = None) -> AdminMetricSnapshot:
    now = now or timezone.now()
    return AdminMetricSnapshot.objects.create(snapshot_time=now, metrics=metrics_now(now))


def admin_metrics_snapshot_job() -> int:
    admin_metrics_snapshot()
    return 1


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def daily_report_generate(*, day: date | None = None) -> DailyReport:
    """Write (or rewrite: running twice is harmless) the report of `day`, yesterday by default (UTC)."""
    day = day or (timezone.now().astimezone(UTC).date() - timedelta(days=1))
    start, end = _day_bounds(day)
    actions = dict.fromkeys(ActionKind.values, 0)
    per_kind = (
        ModerationAction.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("action").order_by().annotate(n=Count("id"))
    )  # fmt: skip
    actions.update({row["action"]: row["n"] for row in per_kind})
    summary = {
        "new_users": _count("users", "WHERE created_at >= %s AND created_at < %s", [start, end]),
        "new_pulses": _count("pulses", "WHERE created_at >= %s AND created_at < %s", [start, end]),
        "new_reviews": _count("reviews", "WHERE created_at >= %s AND created_at < %s", [start, end])
        if _table_exists("reviews")
        else 0,
        "reports": ModerationReport.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        "items_resolved": ModerationItem.objects.filter(resolved_at__gte=start, resolved_at__lt=end).count(),
        "pending_at_generation": ModerationItem.objects.filter(status=ItemStatus.PENDING).count(),
        "actions": actions,
    }
    with transaction.atomic():
        report, _ = DailyReport.objects.update_or_create(date=day, defaults={"summary": summary, "created_at": timezone.now()})
    return report


def daily_report_job() -> int:
    daily_report_generate()
    return 1
