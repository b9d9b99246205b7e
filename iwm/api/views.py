"""Base classes for every API view: strict query parameters, and the API's front door.

Apps build their views on `ApiView` / `ListApiView` (or add `StrictQueryParamsMixin` to a
library view); a test walks the URL configuration and fails for any API view that does not.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from iwm.api.params import StrictQueryParamsMixin


class ApiView(StrictQueryParamsMixin, APIView):
    """An APIView whose query parameters are strict (see iwm.api.params)."""


class ListApiView(StrictQueryParamsMixin, generics.ListAPIView):
    """A paginated list whose query parameters are strict."""


class PublicReadMixin:
    """Anyone may read; writes (where a view has them) say their own permissions."""

    permission_classes = [permissions.AllowAny]


def api_resources(prefix: str = "api/v1/") -> dict[str, str]:
    """{url name: path} of every parameterless API route: the collections a client starts from."""
    found: dict[str, str] = {}

    def walk(patterns, route_prefix: str) -> None:
        for entry in patterns:
            route = route_prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and entry.name and "<" not in route and route.startswith(prefix):
                found[entry.name] = "/" + route
    walk(get_resolver().url_patterns, "")
    return dict(sorted(found.items()))


class ApiRootApi(PublicReadMixin, ApiView):
    """The API's front door: where each resource lives and where the documentation is."""

    @extend_schema(
        summary="Index of the API: resources, documentation and schema",
        auth=[],
        responses=inline_serializer(
            "ApiIndex",
            {
                "name": serializers.CharField(),
                "version": serializers.CharField(),
                "documentation": serializers.URLField(),
                "schema": serializers.URLField(),
                "authentication": serializers.CharField(),
                "errors": serializers.CharField(),
                "resources": serializers.DictField(child=serializers.URLField()),
            },
        ),
    )
    def get(self, request):
        absolute = request.build_absolute_uri
        return Response(
            {
                "name": "IWM API",
                "version": "v1",
                "documentation": absolute(reverse("api-docs")),
                "schema": absolute(reverse("api-schema")),
                "authentication": "Authorization: Bearer <access token from POST /api/v1/auth/token/>",
                "errors": 'Every error is {"error": {"status", "code", "message", "fields"}}.',
                "resources": {name: absolute(path) for name, path in api_resources().items()},
            }
        )
