"""OpenAPI generation: every operation documents the shared error shape."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


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


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self.resolve_serializer(Error, "response").ref
        for code, description in ERROR_RESPONSES.items():
            responses.setdefault(
                code, {"content": {"application/json": {"schema": error}}, "description": description}
            )
        return responses
