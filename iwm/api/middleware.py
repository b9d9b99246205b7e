"""Guards in front of the API, whatever the settings module.

Django answers some bad requests before any API view runs, and with DEBUG on it answers them
with HTML pages: too many query parameters (TooManyFieldsSent), a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, the CSRF failure page. Under /api/ this middleware
(outermost, see settings) checks those limits first and answers in the API's JSON error
shape, and turns any other non-JSON error response under /api/ into that shape too, so a
client never has to parse HTML.
"""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware

from iwm.api.errors import error_body

API_PREFIX = "/api/"
CREDENTIAL_PREFIX = "/api/v1/auth/"


def _json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(status, code, message), status=status)


class ApiGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        refused = self._refuse(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        return self._as_json_error(response)

    @staticmethod
    def _refuse(request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _json_error(400, "bad_request", "The Content-Length header is not a number.")
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        # Uploaded files are not held in memory; their own limit is the upload endpoint's.
        if limit is not None and length > limit and not multipart:
            return _json_error(400, "request_too_large", f"The request body is larger than {limit} bytes.")
        try:
            query = request.GET
        except TooManyFieldsSent:
            return _json_error(
                400,
                "too_many_parameters",
                f"The query string has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters.",
            )
        except RequestDataTooBig:  # pragma: no cover - GET is not the body, kept for completeness
            return _json_error(400, "request_too_large", "The request is too large.")
        for values in query.lists():
            if "\x00" in values[0] or any("\x00" in value for value in values[1]):
                return _json_error(400, "bad_request", "Query parameters cannot contain NUL characters.")
        return None

    @staticmethod
    def _as_json_error(response):
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        code = phrase.lower().replace(" ", "_").replace("-", "_")
        if status == 403:
            message = "Forbidden: this request was refused (for a browser session, a missing CSRF token)."
        else:
            message = f"{phrase}."
        replacement = _json_error(status, code, message)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement


class ApiGZipMiddleware(GZipMiddleware):
    """gzip for the API's JSON (lists and the schema shrink 5-10x), where the client accepts it.

    Not for responses that carry credentials (`/api/v1/auth/`: tokens): compressing a secret
    next to text an attacker can influence is what BREACH exploits. Django's own rules still
    apply (no compression under 200 bytes, or when the client does not send Accept-Encoding).
    """

    def process_response(self, request, response):
        path = request.path_info
        if not path.startswith(API_PREFIX) or path.startswith(CREDENTIAL_PREFIX):
            return response
        return super().process_response(request, response)
