"""The metrics dashboard: the latest admin_metric_snapshots as numbers and as charts over time
(pygal renders SVG on the server: no JavaScript, no network), and the latest daily reports.
Linked from the admin index; for whoever may view the snapshots (admins)."""

from __future__ import annotations

from datetime import timedelta

import pygal
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from moderation.models import AdminMetricSnapshot, DailyReport
from moderation.services.metrics import METRICS

CHART_DAYS = 30
CHART_POINTS = 24 * CHART_DAYS

admin.site.index_template = "admin/moderation/index.html"


def _chart(title: str, points: list[tuple]) -> str:
    chart = pygal.DateTimeLine(
        title=title,
        height=260,
        width=560,
        explicit_size=True,  # width and height on the <svg>, so it has a size in a flex row
        show_legend=False,
        x_label_rotation=20,
        x_value_formatter=lambda moment: moment.strftime("%m-%d %H:%M"),
        disable_xml_declaration=True,
        js=[],  # no script from a CDN (pygal.js tooltips): plain SVG, works offline
    )
    chart.add(title, points)
    return chart.render(is_unicode=True)


def dashboard_context() -> dict:
    since = timezone.now() - timedelta(days=CHART_DAYS)
    snapshots = list(
        AdminMetricSnapshot.objects.filter(snapshot_time__gte=since).order_by("-snapshot_time")[:CHART_POINTS]
    )[::-1]
    latest = snapshots[-1] if snapshots else AdminMetricSnapshot.objects.order_by("-snapshot_time").first()
    charts = []
    if len(snapshots) >= 1:
        for key, label in METRICS:
            points = [(s.snapshot_time, s.metrics.get(key)) for s in snapshots if isinstance(s.metrics.get(key), int | float)]
            charts.append({"label": label, "svg": mark_safe(_chart(label, points))})  # noqa: S308 (pygal's SVG)
    numbers = [{"label": label, "value": latest.metrics.get(key, "-")} for key, label in METRICS] if latest else []
    return {
        "latest": latest,
        "numbers": numbers,
        "charts": charts,
        "reports": list(DailyReport.objects.order_by("-date")[:7]),
    }


@admin.register(AdminMetricSnapshot)
class AdminMetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["snapshot_time", "metrics"]
    ordering = ["-snapshot_time"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="moderation_dashboard"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "Dashboard", **dashboard_context()}
        return TemplateResponse(request, "admin/moderation/dashboard.html", context)


@admin.register(DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ["date", "summary", "created_at"]
    ordering = ["-date"]
    readonly_fields = ["date", "summary", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
