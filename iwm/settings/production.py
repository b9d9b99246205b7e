"""Production settings: real PostgreSQL and Redis are required; `manage.py check --deploy`
passes with no warnings."""

import os

from django.core.exceptions import ImproperlyConfigured

for _required in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"Environment variable {_required} is required in production.")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

DEBUG = env("DEBUG") if env.is_set("DEBUG") else False
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if SECRET_KEY.startswith("insecure-") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be a long random value in production (50+ characters).")

# Mail leaves by SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS)
# unless EMAIL_BACKEND names another backend; development's default writes files under var/mail.
EMAIL_BACKEND = env("EMAIL_BACKEND") if env.is_set("EMAIL_BACKEND") else "django.core.mail.backends.smtp.EmailBackend"

# Hashed file names, cached forever by browsers and CDNs (needs `manage.py collectstatic` at deploy).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
