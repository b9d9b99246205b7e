"""Request ids, one log line per request, Prometheus metrics, and the same request id in the
Celery tasks a request enqueues.

- ``context``: the request id of the current request or task (a ContextVar), the logging filter
  and formatters (plain lines, or JSON lines with LOG_FORMAT=json).
- ``middleware``: RequestTelemetryMiddleware, outermost: takes X-Request-ID (or makes one), counts
  SQL statements, logs ``iwm.request`` once per request and returns the id in X-Request-ID.
- ``metrics``: the Prometheus metrics and the protected ``GET /metrics`` view (METRICS_ENABLED).
- ``celery``: signal handlers that carry the request id into task headers and the worker's logs,
  and count task outcomes.
"""
