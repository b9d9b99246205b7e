"""Pagination for every list endpoint.

`?page=` and `?page_size=`: the default page size is API_PAGE_SIZE (20) and the largest is
API_MAX_PAGE_SIZE (100). A page size over the limit is refused with a 400 that names the limit:
silently returning fewer rows than asked would look like the end of the data. Feeds use
cursor pagination instead (later issues).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from iwm.api.params import parse_whole_number


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def query_param_names(self) -> tuple[str, ...]:
        return (self.page_query_param, self.page_size_query_param)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        return parse_whole_number(raw, name=self.page_size_query_param, minimum=1, maximum=self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, ""):
            parse_whole_number(raw, name=self.page_query_param, minimum=1)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise NotFound(f"Page {raw} does not exist; there are fewer results.") from exc

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = "Number of results across all pages."
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page: default {self.page_size}, at most {self.max_page_size} "
                    "(a larger value is a 400 error)."
                )
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


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
        if raw is None or raw == "":
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
