"""Pagination for every list endpoint: the contract.

Page-numbered lists take `?page=` (from 1) and `?page_size=` (default API_PAGE_SIZE, at most
API_MAX_PAGE_SIZE; more is a 400 that names the limit, since silently returning fewer rows would
look like the end of the data). The response is

    {"count": int, "count_exact": bool, "next": url|null, "previous": url|null, "results": [...]}

* `next` is known from the page itself (one row more than the page is read), never from the
  count, so every page can be reached.
* `count` is exact whenever it is cheap: on the last page it is known without counting, and
  otherwise a count that stops at COUNT_CAP (10,000) rows is taken. Past the cap, `count_exact`
  is false and `count` is PostgreSQL's own estimate of the table's rows when nothing filters it,
  or the cap (a lower bound) when something does.

Lists that grow without bound per key (a member's notifications, a hashtag's pulses, a film's
reviews) page by cursor instead (`CursorPagination`): no count at all, and the hundredth page
costs what the first does.
"""

from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.db import connections
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from iwm.api.params import parse_whole_number

COUNT_CAP = 10_000


def estimated_rows(queryset) -> int | None:
    """The planner's row estimate of an unfiltered queryset's table (pg_class.reltuples), or
    None when the queryset filters, joins or combines anything."""
    query = getattr(queryset, "query", None)
    if query is None or query.where or query.combinator or query.distinct or len(query.alias_map) > 1:
        return None
    table = queryset.model._meta.db_table
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


class PageNumberPagination(pagination.BasePagination):
    page_size = settings.API_PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def query_param_names(self) -> tuple[str, ...]:
        return (self.page_query_param, self.page_size_query_param)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return parse_whole_number(raw, name=self.page_size_query_param, minimum=1, maximum=self.max_page_size)

    def get_page_number(self, request) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return parse_whole_number(raw, name=self.page_query_param, minimum=1)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        self.number = self.get_page_number(request)
        offset = (self.number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        if not rows and self.number > 1:
            raise NotFound(f"Page {self.number} does not exist; there are fewer results.")
        self.page_size_used = size
        if not self.has_next:
            self.count, self.count_exact = offset + len(rows), True
        else:
            self.count, self.count_exact = self._count(queryset, at_least=offset + len(rows) + 1)
        return rows

    @staticmethod
    def _count(queryset, *, at_least: int) -> tuple[int, bool]:
        if hasattr(queryset, "query"):
            counted = queryset.order_by()
            if not counted.query.combinator and not counted.query.values_select:
                # Only the key: the annotations a page shows (a correlated count per row, say)
                # are not computed for rows that are only counted.
                counted = counted.values("pk")
            capped = counted[: COUNT_CAP + 1].count()
        else:
            capped = len(queryset)
        if capped <= COUNT_CAP:
            return capped, True
        estimate = estimated_rows(queryset)
        return (max(estimate, at_least), False) if estimate is not None else (max(COUNT_CAP, at_least), False)

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("count_exact", self.count_exact),
                    ("next", self._link(self.number + 1 if self.has_next else None)),
                    ("previous", self._link(self.number - 1 if self.number > 1 else None)),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_exact", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"Results across all pages: exact up to {COUNT_CAP:,}, else see count_exact.",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": "false when `count` is an estimate (unfiltered) or a lower bound (filtered).",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Results per page: default {self.page_size}, at most {self.max_page_size} "
                    "(a larger value is a 400 error)."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class CursorPagination(pagination.CursorPagination):
    """Keyset pages for feeds and lists that grow without bound per key (a member's
    notifications, a hashtag's pulses, a movie's reviews): `?cursor=` from the previous page's
    `next`, so the hundredth page costs what the first does, and no count is ever taken.
    Views set `ordering` to an indexed key, newest first, e.g. ("-created_at", "-id")."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")

    def query_param_names(self) -> tuple[str, ...]:
        return (self.cursor_query_param, self.page_size_query_param)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return parse_whole_number(raw, name=self.page_size_query_param, minimum=1, maximum=self.max_page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor this list gave out; use the `next` or `previous` link."]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Results per page: default {self.page_size}, at most {self.max_page_size}."
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters
