"""The request id in Celery tasks, the worker's log format, and task outcome metrics.

- ``before_task_publish`` (in the web process): a task enqueued while a request is being answered
  carries the request's id in its message headers (``iwm_request_id``).
- ``task_prerun`` / ``task_postrun`` (in the worker): the id is bound to the worker's log context
  while the task runs, so the worker's lines about it (``Task ... succeeded``, the task's own
  logging) end with ``request_id=...`` or carry the field in JSON lines; the outcome and duration
  are counted (iwm.telemetry.metrics).
- ``after_setup_logger`` / ``after_setup_task_logger``: Celery configures the worker's log handlers
  itself; their formatter gains the request id, and becomes JSON with LOG_FORMAT=json.

Connected by iwm.celery when the Celery app is created, in web processes and workers alike.
Nothing here imports Django settings at import time (the worker imports this before django.setup).
"""

from __future__ import annotations

import logging
import time

from celery import signals

from .context import JsonFormatter, PlainFormatter, RequestIdFilter, request_id_var, well_formed

HEADER = "iwm_request_id"
_started: dict[str, float] = {}


@signals.before_task_publish.connect(weak=False, dispatch_uid="iwm.telemetry.request_id_header")
def carry_request_id(sender=None, headers=None, **kwargs):
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


@signals.task_prerun.connect(weak=False, dispatch_uid="iwm.telemetry.task_prerun")
def bind_request_id(sender=None, task_id=None, task=None, **kwargs):
    request_id = getattr(getattr(task, "request", None), HEADER, None)
    request_id_var.set(request_id if well_formed(request_id) else None)
    if task_id:
        _started[task_id] = time.monotonic()


@signals.task_postrun.connect(weak=False, dispatch_uid="iwm.telemetry.task_postrun")
def unbind_request_id(sender=None, task_id=None, task=None, state=None, **kwargs):
    request_id_var.set(None)
    started = _started.pop(task_id, None) if task_id else None
    from . import metrics

    metrics.task_finished(
        task=getattr(task, "name", None) or "unknown",
        outcome=(state or "unknown").lower(),
        seconds=None if started is None else time.monotonic() - started,
    )


def _format_handlers(logger: logging.Logger) -> None:
    from django.conf import settings

    json_lines = getattr(settings, "LOG_FORMAT", "plain") == "json"
    for handler in logger.handlers:
        if any(isinstance(existing, RequestIdFilter) for existing in handler.filters):
            continue
        handler.addFilter(RequestIdFilter())
        if json_lines:
            handler.setFormatter(JsonFormatter())
        else:
            handler.setFormatter(PlainFormatter(inner=handler.formatter or logging.Formatter()))


@signals.after_setup_logger.connect(weak=False, dispatch_uid="iwm.telemetry.worker_logger")
def format_worker_logs(logger=None, **kwargs):
    if logger is not None:
        _format_handlers(logger)


@signals.after_setup_task_logger.connect(weak=False, dispatch_uid="iwm.telemetry.task_logger")
def format_task_logs(logger=None, **kwargs):
    if logger is not None:
        _format_handlers(logger)
