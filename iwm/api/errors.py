"""One JSON error shape for the whole API.

    {"error": {"status": 400, "code": "invalid", "message": "Invalid input.",
               "fields": {"email": ["A user with this email already exists."]}}}

`fields` maps each offending input field (dotted for nested input, e.g. `credits.0.role`) to its
messages; it is empty for errors that are not about a field. DRF errors, Django's Http404,
PermissionDenied and ValidationError raised in services, and Django's own 404/500 pages under
/api/ all come out in this shape.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

NON_FIELD_KEYS = {"non_field_errors", "__all__", "detail"}


class Conflict(exceptions.APIException):
    """409: the request conflicts with the current state (a second review, an answer given
    already). Services raise it; the handler below puts it in the shared shape."""

    status_code = 409
    default_code = "conflict"
    default_detail = "This conflicts with the current state of the resource."


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def _flatten(detail, prefix: str = "") -> tuple[dict[str, list[str]], list[str]]:
    """Split a DRF ValidationError detail into {dotted field: [messages]} and general messages."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in NON_FIELD_KEYS and not prefix:
                sub_fields, sub_general = _flatten(value)
                general.extend(sub_general)
                fields.update(sub_fields)
                continue
            path = f"{prefix}.{key}" if prefix else str(key)
            sub_fields, sub_general = _flatten(value, path)
            fields.update(sub_fields)
            if sub_general:
                fields.setdefault(path, []).extend(sub_general)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            general.extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                if not item:
                    continue
                path = f"{prefix}.{index}" if prefix else str(index)
                sub_fields, sub_general = _flatten(item, path)
                fields.update(sub_fields)
                if sub_general:
                    fields.setdefault(path, []).extend(sub_general)
    elif detail is not None:
        general.append(str(detail))
    return fields, general


def _as_drf_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) if str(exc) else None)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, SuspiciousOperation):
        # Too many fields, a body over the limit, a malformed multipart body: the client's fault.
        logger.info("suspicious request refused: %s", exc)
        return exceptions.ParseError("The request could not be read (too large or malformed).")
    return exc


def exception_handler(exc, context):
    exc = _as_drf_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django logs it and handler500 answers in the same shape
    if isinstance(exc, exceptions.ValidationError):
        fields, general = _flatten(exc.detail)
        message = general[0] if general else "Invalid input."
        if len(general) > 1:
            fields.setdefault("non_field_errors", general)
        response.data = error_body(response.status_code, "invalid", message, fields)
        return response
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = getattr(exc, "default_code", "error")
    if isinstance(detail, dict):  # simplejwt's token errors carry {"detail", "code", "messages"}
        code = str(detail.get("code", code))
        message = str(detail.get("detail", "")) or str(exc)
    elif isinstance(detail, list):
        message = " ".join(str(item) for item in detail)
    else:
        message = str(detail)
        code = getattr(detail, "code", None) or code
    response.data = error_body(response.status_code, str(code), message)
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _slashed_route_exists(path: str) -> bool:
    if path.endswith("/"):
        return False
    try:
        resolved = resolve(path + "/")
    except Resolver404:
        return False
    return resolved.func is not api_not_found


@csrf_exempt  # an unknown address is a 404 for every method, never the CSRF failure page
def api_not_found(request, *args, **kwargs):
    """The last URL under /api/: a JSON 404 for every method, even with DEBUG on.

    An address that exists with a trailing slash redirects GET and HEAD there (query string
    kept); other methods cannot be redirected safely, so their 404 says what to fix."""
    if _slashed_route_exists(request.path_info):
        slashed = request.path + "/"
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{slashed}?{query}" if query else slashed)
        return JsonResponse(
            error_body(404, "not_found", f"No API endpoint at this address: it needs a trailing slash ({slashed})."),
            status=404,
        )
    return JsonResponse(error_body(404, "not_found", "No API endpoint at this address."), status=404)


def handler404(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body(404, "not_found", "No API endpoint at this address."), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if _is_api(request):
        return JsonResponse(
            error_body(500, "server_error", "Something went wrong on our side; it has been logged."), status=500
        )
    from django.views.defaults import server_error

    return server_error(request)


def handler400(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body(400, "bad_request", "The request could not be understood."), status=400)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


__all__ = ["Conflict", "api_not_found", "error_body", "exception_handler", "handler400", "handler404", "handler500"]
