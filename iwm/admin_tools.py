"""Admin helpers shared by the apps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.admin import SimpleListFilter
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class NoCountPaginator(Paginator):
    """For tables of millions of rows: counts at most COUNT_CAP + 1 rows (a bounded
    `SELECT count(*) FROM (... LIMIT n)`) instead of the whole table. Past the cap the admin
    shows that many pages; narrow the list with search or filters to reach further."""

    @cached_property
    def count(self) -> int:
        try:
            return self.object_list.order_by()[: COUNT_CAP + 1].count()
        except (AttributeError, TypeError):
            return len(self.object_list)


class CreatedRecentlyFilter(SimpleListFilter):
    """"Created" by range, for tables partitioned by time: each choice is a bound on the
    partition key, so PostgreSQL reads only the partitions of that period (Django's
    date_hierarchy would first scan the whole table for the years it can offer)."""

    title = "created"
    parameter_name = "created"
    field_name = "created_at"

    def lookups(self, request, model_admin):
        choices = [("24h", "Past 24 hours"), ("7d", "Past 7 days"), ("30d", "Past 30 days")]
        month = timezone.now().replace(day=1)
        for _ in range(6):
            choices.append((month.strftime("%Y-%m"), month.strftime("%B %Y")))
            month = (month - timedelta(days=1)).replace(day=1)
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        now = timezone.now()
        relative = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
        if value in relative:
            return queryset.filter(**{f"{self.field_name}__gte": now - relative[value]})
        try:
            start = datetime.strptime(value, "%Y-%m").replace(tzinfo=UTC)
        except ValueError:
            return queryset
        end = (start + timedelta(days=32)).replace(day=1)
        return queryset.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})
