"""The Celery application. Workers and beat load Django settings from DJANGO_SETTINGS_MODULE."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")

app = Celery("iwm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Request ids in task headers and worker logs, task outcome metrics (iwm/telemetry/celery.py).
import iwm.telemetry.celery  # noqa: E402,F401
