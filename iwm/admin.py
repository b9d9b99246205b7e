"""The scheduled jobs in the admin: their schedule (django-celery-beat's periodic tasks, with the
last run's outcome beside each) and every run's record."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils.html import format_html
from django_celery_beat.admin import PeriodicTaskAdmin as BeatPeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from iwm.admin_tools import NoCountPaginator
from iwm.models import JobOutcome, JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "outcome", "started_at", "duration", "rows_affected", "worker"]
    list_filter = ["outcome", "job"]
    search_fields = ["=job", "=task_id"]
    ordering = ["-started_at", "-id"]
    show_full_result_count = False
    paginator = NoCountPaginator
    readonly_fields = [field.name for field in JobRun._meta.fields]

    @admin.display(description="took")
    def duration(self, run):
        seconds = run.duration_seconds
        return "" if seconds is None else f"{seconds:.1f} s"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # the record of runs is the operators' audit trail


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(BeatPeriodicTaskAdmin):
    """django-celery-beat's page, plus each job's last run (a job that keeps failing shows red)."""

    list_display = ["name", "enabled", "scheduler", "last_outcome", "last_run_at", "one_off"]

    def get_queryset(self, request):
        last = JobRun.objects.filter(job=OuterRef("name")).order_by("-started_at", "-id")
        return (
            super()
            .get_queryset(request)
            .select_related("crontab", "interval", "solar", "clocked")
            .annotate(last_run_outcome=Subquery(last.values("outcome")[:1]))
        )

    @admin.display(description="last run", ordering="last_run_outcome")
    def last_outcome(self, task):
        if task.last_run_outcome is None:
            return "never"
        label = JobOutcome(task.last_run_outcome).label
        return format_html('<strong style="color:#ba2121">{}</strong>', label) if task.last_run_outcome == JobOutcome.FAILED else label

    def run_tasks(self, request, queryset):
        super().run_tasks(request, queryset)
        self.message_user(request, "Each run is recorded under Job runs.", messages.INFO)
