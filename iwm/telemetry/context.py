"""The current request id, and the log formatting that shows it.

A request id comes from the client's or the load balancer's ``X-Request-ID`` when it is
well formed (1-128 characters of letters, digits and ``-._:``), or is made here (32 hex digits).
It lives in a ContextVar for the duration of a request (RequestTelemetryMiddleware) or of a Celery
task that a request enqueued (iwm.telemetry.celery), so every log line written meanwhile can
carry it: JSON lines have a ``request_id`` field, plain lines end with `` request_id=...``.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

request_id_var: ContextVar[str | None] = ContextVar("iwm_request_id", default=None)


def well_formed(value) -> bool:
    return isinstance(value, str) and REQUEST_ID_PATTERN.fullmatch(value) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class PlainFormatter(logging.Formatter):
    """The usual text line, with `` request_id=...`` at the end while a request id is bound."""

    def __init__(self, fmt=None, datefmt=None, style="%", inner: logging.Formatter | None = None, **kwargs):
        super().__init__(fmt, datefmt, style, **kwargs)
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record) if self.inner is not None else super().format(record)
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id and not getattr(record, "request_line", False):
            text += f" request_id={request_id}"
        return text


# Attributes every LogRecord has; anything else was passed as `extra=` and goes into the JSON line.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "request_line"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the record's extras."""

    def format(self, record: logging.LogRecord) -> str:
        body = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in body and not key.startswith("_"):
                body[key] = value
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            body["exception"] = record.exc_text
        if record.stack_info:
            body["stack"] = self.formatStack(record.stack_info)
        return json.dumps(body, default=str, ensure_ascii=False)
