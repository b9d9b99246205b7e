"""Settings for the pytest suite: real PostgreSQL (embedded or DATABASE_URL), all migrations."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

DEBUG = False
# Throttling is exercised by its own tests with explicit rates; everywhere else it would make
# the suite depend on how fast it runs.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "10000/min"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "iwm-tests"}}
CELERY_TASK_ALWAYS_EAGER = False
# Sent mail lands in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
