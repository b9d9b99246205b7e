"""OpenAPI generation.

* Every operation documents the shared error shape for the errors any endpoint can give.
* Every operation has a summary: its own, else the first line of its view's docstring.
* Query parameters come from the view's `params_class`, so the documented parameters are the
  accepted ones (which iwm.api.params enforces).
* Security is what a client needs: routes anyone may call carry no padlock; routes that need
  a member carry the bearer scheme; routes that serve both (and answer more to a member) say
  so with `optional_auth = True` on the view.
"""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions, serializers


class ErrorDetail(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Machine-readable, e.g. invalid, not_found, not_authenticated.")
    message = serializers.CharField(help_text="For people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (dotted for nested input); empty when no field is at fault.",
    )


class Error(serializers.Serializer):
    error = ErrorDetail()


ERROR_RESPONSES = {
    "400": "Invalid input: see error.fields.",
    "401": "Missing, invalid or expired credentials.",
    "404": "No such object or page.",
}


class IwmJWTScheme(SimpleJWTScheme):
    target_class = "iwm.api.authentication.JWTAuthentication"


def _anonymous_allowed(view, method: str) -> bool:
    for permission in view.get_permissions():
        if isinstance(permission, permissions.AllowAny):
            continue
        if isinstance(permission, permissions.IsAuthenticatedOrReadOnly) and method in permissions.SAFE_METHODS:
            continue
        return False
    return True


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self.resolve_serializer(Error, "response").ref
        for code, description in ERROR_RESPONSES.items():
            responses.setdefault(
                code, {"content": {"application/json": {"schema": error}}, "description": description}
            )
        return responses

    def get_summary(self):
        summary = super().get_summary()
        if summary:
            return summary
        doc = (self.get_description() or "").strip()
        return doc.splitlines()[0].rstrip(".") if doc else None

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        params_class = getattr(self.view, "params_class", None)
        if params_class is not None and self.method in ("GET", "HEAD") and params_class not in parameters:
            parameters.insert(0, params_class)
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        schemes = [requirement for requirement in auths if requirement]
        if not schemes:
            return []
        if not _anonymous_allowed(self.view, self.method):
            return schemes
        return [*schemes, {}] if getattr(self.view, "optional_auth", False) else []
