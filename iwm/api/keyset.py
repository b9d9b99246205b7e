"""Keyset pages on (created_at, id), newest first, for lists a queryset cannot express (the
feed's per-person index ranges) and lists that should compare the whole key.

DRF's CursorPagination positions on the first ordering field plus an offset among equal
values; this paginator's cursor is the last row's exact (created_at, id), and the view's
`fetch(after, limit)` returns the `limit` newest rows strictly before it (the SQL is
`(created_at, id) < (%s, %s)`, an index condition of an index on (created_at DESC, id DESC)).
The hundredth page costs what the first does; nothing is counted. The response is
{"next": url or null, "results": [...]}: feeds are read forwards.

Views use it as `pagination_class` of a ListApiView and call
`self.paginate_queryset(fetch)` with such a function instead of a queryset.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from iwm.api.params import parse_whole_number

BIGINT_MAX = 2**63 - 1
Key = tuple[datetime, int]
Fetch = Callable[[Key | None, int], list]


def encode_key(key: Key) -> str:
    created_at, row_id = key
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{row_id}".encode()).decode().rstrip("=")


def decode_key(raw: str) -> Key:
    """The key a cursor carries; ValueError for anything this paginator did not give out."""
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("not base64") from None
    stamp, _, row_id = text.partition("|")
    if not (row_id.isascii() and row_id.isdigit()) or len(row_id) > 19 or int(row_id) > BIGINT_MAX:
        raise ValueError("bad id")
    created_at = datetime.fromisoformat(stamp)
    if created_at.tzinfo is None:
        raise ValueError("naive time")
    if not 1900 <= created_at.year <= 9000:  # room for the windows views count back or ahead
        raise ValueError("time out of range")
    return created_at, int(row_id)


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = settings.API_PAGE_SIZE
    max_page_size = settings.API_MAX_PAGE_SIZE

    def query_param_names(self) -> tuple[str, ...]:
        return (self.cursor_query_param, self.page_size_query_param)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:  # `?page_size=` (empty) is a bad value, as in iwm.api.pagination
            return self.page_size
        return parse_whole_number(raw, name=self.page_size_query_param, minimum=1, maximum=self.max_page_size)

    def decode_cursor(self, request) -> Key | None:
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            return decode_key(raw)
        except ValueError:
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor this list gave out; use the `next` link."]}
            ) from None

    def paginate_queryset(self, fetch: Fetch, request, view=None) -> list:
        """`fetch(after, limit)`: the `limit` newest rows before `after` (dicts or objects
        with `created_at` and `id`), newest first."""
        self.request = request
        size = self.get_page_size(request)
        after = self.decode_cursor(request)
        rows = list(fetch(after, size + 1))
        self.next_key = None
        if len(rows) > size:
            rows = rows[:size]
            self.next_key = _key_of(rows[-1])
        return rows

    def get_next_link(self) -> str | None:
        if self.next_key is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, encode_key(self.next_key))

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next (older) page; null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The `next` link's cursor (absent: the newest page).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: default {self.page_size}, at most {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


def _key_of(row) -> Key:
    if isinstance(row, dict):
        return row["created_at"], row["id"]
    return row.created_at, row.id
