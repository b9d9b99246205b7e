"""Admin helpers shared by the apps."""

from __future__ import annotations

from django.core.paginator import Paginator
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
