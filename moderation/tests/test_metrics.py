"""The dashboard's jobs: the hourly snapshot and the daily report, run as the schedule runs them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from iwm.jobs import BY_NAME, job_run
from moderation.models import AdminMetricSnapshot, DailyReport
from moderation.services import daily_report_generate, item_act
from moderation.tests.helpers import reported_pulse

pytestmark = pytest.mark.django_db


def test_the_jobs_are_scheduled():
    assert BY_NAME["update admin metrics"].crontab == "0 * * * *"
    assert BY_NAME["generate reports"].crontab == "0 6 * * *"
    assert BY_NAME["lift suspensions"].service == "moderation.services.suspensions_lift_expired"


def test_update_admin_metrics_writes_a_snapshot():
    reported_pulse()
    job_run("update admin metrics")
    snapshot = AdminMetricSnapshot.objects.order_by("-snapshot_time").first()
    metrics = snapshot.metrics
    assert metrics["pending_moderation"] >= 1 and metrics["users"] > 0 and metrics["pulses"] > 0
    assert set(metrics) >= {"users", "active_users_24h", "reviews", "pulses", "pending_moderation", "oldest_pending_hours"}


def test_generate_reports_writes_yesterdays_row_once(moderator):
    _, item = reported_pulse()
    item_act(item_id=item.pk, moderator=moderator, action="remove")
    today = timezone.now().date()
    report = daily_report_generate(day=today)
    assert report.summary["reports"] >= 1 and report.summary["actions"]["remove"] >= 1
    daily_report_generate(day=today)
    assert DailyReport.objects.filter(date=today).count() == 1
    job_run("generate reports")
    assert DailyReport.objects.filter(date=today - timedelta(days=1)).exists()
