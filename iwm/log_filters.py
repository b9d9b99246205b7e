"""Logging filters for the console handler (settings.LOGGING)."""

from __future__ import annotations

import logging


class ClientErrorsAreOneLine(logging.Filter):
    """A client's mistake is not the server's: Django logs a 403 (PermissionDenied) at WARNING and
    a 400 (SuspiciousOperation) at ERROR, both with the exception's full traceback. Keep them as
    one line without the traceback; a 403 becomes INFO. ``level`` is the handler's own threshold,
    re-applied after the record is demoted (the logger checked it against the old level)."""

    def __init__(self, level: str | int = logging.NOTSET):
        super().__init__()
        self.level = logging._checkLevel(level) if isinstance(level, str) else level

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        if record.name.startswith(("django.request", "django.security")):
            record.exc_info = None
            record.exc_text = None
            if status == 403 and record.levelno > logging.INFO:
                record.levelno, record.levelname = logging.INFO, "INFO"
        return record.levelno >= self.level
