"""How django-axes sees IWM's sign-ins (settings.AXES_* name these functions).

Both ways to sign in with a password call `django.contrib.auth.authenticate(request, ...)`: the
admin's login form with `username=<email>`, the API's token endpoint with `email=<email>`.
`lockout_username` turns either into the same normalised email, so failures on one count
against the other, and `ADA@Example.com` counts with `ada@example.com`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from iwm.api.errors import error_body
from social.models import normalize_email

LOCKOUT_MESSAGE = "Too many failed sign-ins with this email from your address. Try again in {minutes} minutes."


def lockout_username(request, credentials: dict | None) -> str | None:
    """The email a sign-in attempt is for, normalised, or None when it names none."""
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None:
        data = getattr(request, "data", None)
        if data is None:
            data = getattr(request, "POST", {})
        if hasattr(data, "get"):
            value = data.get("email") or data.get("username")
    if not isinstance(value, str) or not value.strip():
        return None
    return normalize_email(value).casefold()[:255]


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_minutes() -> int:
    return max(1, round(lockout_seconds() / 60))


def lockout_message() -> str:
    return LOCKOUT_MESSAGE.format(minutes=lockout_minutes())


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """A locked-out sign-in: the API's JSON error under /api/, a plain page everywhere else
    (the admin's login form)."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    retry_after = str(lockout_seconds())
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(status, "locked_out", lockout_message()), status=status)
    else:
        page = render_to_string(
            "social/locked_out.html", {"message": lockout_message(), "minutes": lockout_minutes()}, request=request
        )
        response = HttpResponse(page, status=status)
    response["Retry-After"] = retry_after
    return response
