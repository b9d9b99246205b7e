"""Settings shared by every environment.

Every setting an operator may change is read from the environment through one
django-environ schema below; README.md lists them with their defaults. A value
of the wrong type stops the process at start with a message naming the variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from iwm.embedded import EmbeddedPostgres, EmbeddedRedis
from iwm.secret_key import local_secret_key

from .schema import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Every variable is checked now, so one run names every bad value (one line, see manage.py).
env.validate()


def _env(name: str):
    """Read one declared variable (iwm/settings/schema.py); kept for modules written against it."""
    return env(name)


VAR_DIR = env("IWM_VAR_DIR").resolve()
DEBUG = env("DEBUG")
# Unset: a random key made on first use and kept in var/secret_key (0600); never a constant.
SECRET_KEY = env("SECRET_KEY") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
TIME_ZONE = env("TIME_ZONE")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en-us"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "iwm",
    "social",
    "movies",
    "awards",
    "boxoffice",
    "quizzes",
    "talent",
    "moderation",
]

MIDDLEWARE = [
    # Outermost: the request id, one log line and the metrics of every request, whatever answers it.
    "iwm.telemetry.middleware.RequestTelemetryMiddleware",
    # /healthz and /readyz for load balancers: answered before host checks, redirects and auth.
    "iwm.health.ProbeMiddleware",
    # Read replicas: the request's routing state; a read broken by a failing replica is retried.
    "iwm.db.router.ReplicaRoutingMiddleware",
    "iwm.api.middleware.ApiGuardMiddleware",  # its limits and JSON errors cover every layer below
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from var/static (collectstatic), any server
    "corsheaders.middleware.CorsMiddleware",
    "iwm.api.middleware.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during the request into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iwm.urls"
WSGI_APPLICATION = "iwm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# With no DATABASE_URL the embedded PostgreSQL under var/ is used. Importing settings starts
# nothing: the launcher starts it, and manage.py for the commands that need it.
DATABASE_URL = env("DATABASE_URL")
EMBEDDED_POSTGRES_DIR = None if DATABASE_URL else VAR_DIR / "postgres"
if EMBEDDED_POSTGRES_DIR:
    DATABASE_URL = EmbeddedPostgres(EMBEDDED_POSTGRES_DIR).url()


def database_config(url: str, variable: str) -> dict:
    """One DATABASES entry from a PostgreSQL URL (DATABASE_URL or one of DATABASE_REPLICA_URLS)."""
    try:
        config = environ.Env.db_url_config(url)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"Environment variable {variable} is not a database URL: {exc}") from exc
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{variable} must point at PostgreSQL (postgres://...); IWM runs on PostgreSQL only.")
    # A Unix-socket folder given as ?host=/path (the embedded server's form) belongs in HOST, where
    # every client looks for it (dbshell, pg_dump in the backup command), not only psycopg's options.
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir and not config.get("HOST"):
        config["HOST"] = socket_dir
    config.setdefault("OPTIONS", {})
    # 0 = no limit. In production a limit stops a runaway query from holding a connection
    # forever; operators' commands (migrate, seed) run with their own settings.
    config["OPTIONS"]["options"] = f"-c statement_timeout={env('DATABASE_STATEMENT_TIMEOUT_MS')}"
    return config


DATABASES = {"default": database_config(DATABASE_URL, "DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not keep its own
DATABASES["default"]["OPTIONS"].update(
    {
        "pool": {
            "min_size": env("DATABASE_POOL_MIN_SIZE"),
            "max_size": env("DATABASE_POOL_MAX_SIZE"),
            "timeout": env("DATABASE_POOL_TIMEOUT"),
        },
        "application_name": "iwm",
    }
)

# --- Read replicas (iwm/db/router.py explains the routing) ---------------------------------------
# Each URL of DATABASE_REPLICA_URLS becomes an alias replica1, replica2, ... Reads of web requests
# outside transactions go to one of them; everything else (writes, transactions, row locks, a
# member's reads just after they wrote, admin, Celery, migrations) stays on "default".
# No pool for replicas: a pool waits DATABASE_POOL_TIMEOUT for a server that is down, where a
# plain connection fails within connect_timeout and the router falls back to the primary.
# Persistent connections (CONN_MAX_AGE) with health checks keep the cost of connecting low.
REPLICA_CONNECT_TIMEOUT = 2  # seconds


def replica_config(url: str) -> dict:
    """The DATABASES entry of one read replica."""
    config = database_config(url, "DATABASE_REPLICA_URLS")
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    config["OPTIONS"].update({"application_name": "iwm-replica", "connect_timeout": REPLICA_CONNECT_TIMEOUT})
    # A physical copy of the primary: tests read the primary's test database through it.
    config["TEST"] = {"MIRROR": "default"}
    return config


DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_number}"] = replica_config(_url)
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["iwm.db.router.ReplicaRouter"]
# How long a member's reads stay on the primary after that member wrote (recorded in the cache,
# so every web process knows), and how long a replica that failed is left out before a retry.
READ_YOUR_WRITES_SECONDS = env("READ_YOUR_WRITES_SECONDS")
DATABASE_REPLICA_RETRY_SECONDS = env("DATABASE_REPLICA_RETRY_SECONDS")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------------
# With no REDIS_URL the embedded Redis in var/redis (settings/test.py: var/redis-test).
REDIS_URL = env("REDIS_URL")
EMBEDDED_REDIS_DIR = None if REDIS_URL else VAR_DIR / "redis"
if EMBEDDED_REDIS_DIR:
    REDIS_URL = EmbeddedRedis(EMBEDDED_REDIS_DIR).url()


def celery_url(redis_url: str) -> str:
    """Celery (kombu) spells a Unix-socket Redis as redis+socket://."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "iwm",
        "TIMEOUT": 300,
    }
}

CELERY_BROKER_URL = celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_url(REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True  # tasks are idempotent; a crash mid-task re-runs it
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Named queues: "default" for what requests enqueue, "maintenance" for the scheduled jobs,
# "imports" for members' history imports. Run more workers per queue with `-Q <queue>`.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"iwm.run_job": {"queue": "maintenance"}}
WORKER_QUEUES = ("default", "maintenance", "imports")
# A task a dead worker had taken goes back to its queue after this many seconds (Redis has no
# acknowledgement timeout of its own). Longer than the longest job, or a slow job runs twice
# (the job's advisory lock then turns the second run into a recorded skip).
_VISIBILITY = env("BROKER_VISIBILITY_TIMEOUT")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY,
    # Workers sweep for such tasks every interval x throttle seconds (kombu's default: 10 x 10);
    # a short timeout is only useful with a sweep to match.
    "unacked_restore_interval": min(10, max(1, _VISIBILITY // 4)),
    "unacked_restore_throttle": 1 if _VISIBILITY < 600 else 10,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "social.User"
# django-axes first: it refuses a locked-out (email, address) pair before any password is checked,
# for the admin's login form and the API's token endpoint alike (both call authenticate()).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "social.backends.EmailBackend"]
# auth.W004: "User.email is not unique". It is, case-insensitively, through the functional
# unique index users_email_ci_key, which the check does not look at.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Client address and sign-in lockout ---------------------------------------------------------
# How many reverse proxies in front of IWM append to X-Forwarded-For. 0: the socket's peer
# (REMOTE_ADDR) is the client and X-Forwarded-For is ignored, so a client cannot choose its own
# address. N: the N-th address from the right of X-Forwarded-For is the client (the one the
# outermost trusted proxy saw). iwm.client_address.client_address() applies it; DRF's throttles
# get the same number as NUM_PROXIES below.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
# django-axes: after LOGIN_FAILURE_LIMIT failed sign-ins for one email from one client
# address (admin login form and POST /api/v1/auth/token/ counted together), that pair is refused,
# even with the right password, until LOGIN_LOCKOUT_MINUTES pass without another attempt.
# Locking the pair (not the email alone) means a stranger cannot lock a moderator out.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "social.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "iwm.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "social.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (AccessAttempt); successful sign-ins are not logged
# Masked in the attempt records' form data and in log lines ("password" always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
AXES_VERBOSE = False  # no start-up banner in every command's output

# --- Email ------------------------------------------------------------------------------------
# Development default: each message is a file under var/mail/. Production: SMTP (see production.py).
EMAIL_BACKEND = env("EMAIL_BACKEND")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env("EMAIL_PORT")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a password-reset email points, e.g. "https://app.example.com/reset?uid={uid}&token={token}".
# Empty: the email gives the uid and token to send to POST /api/v1/auth/password-reset/confirm/.
PASSWORD_RESET_URL = env("PASSWORD_RESET_URL")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # seconds a reset token stays valid (Django's setting)

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # `collectstatic` fills it (make run does); whitenoise serves it
# Uploaded files go through Django's storage API (django.core.files.storage.default_storage), never
# a local path: a file saved by one web process must be readable by a worker on another machine.
# Default: the filesystem under var/media (one machine); STORAGE_BACKEND and STORAGE_OPTIONS name
# any other backend, e.g. django-storages' S3 backend with {"bucket_name": "..."}.
MEDIA_ROOT = env("MEDIA_ROOT") or VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": env("STORAGE_BACKEND"), "OPTIONS": env("STORAGE_OPTIONS")},
    # Compressed copies (gzip/brotli) next to each file; no manifest, so a missing collectstatic
    # never turns a page into a 500 in development.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- REST API ---------------------------------------------------------------------------------
API_PAGE_SIZE = env("API_PAGE_SIZE")
API_MAX_PAGE_SIZE = env("API_MAX_PAGE_SIZE")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "iwm.api.authentication.JWTAuthentication",
        "iwm.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "iwm.api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    # Ordering is each FilterSet's `ordering` filter (it knows NULLS LAST and tie-breaks).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["iwm.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["iwm.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "iwm.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "iwm.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Register and token requests per client IP: slows password guessing.
    "DEFAULT_THROTTLE_RATES": {"auth": env("AUTH_THROTTLE_RATE")},
    # The client address throttles count by (see TRUSTED_PROXY_COUNT): never a header the client picks.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IWM API",
    "DESCRIPTION": (
        "The REST API of IWM (I Watch Movies): catalog, people, search, streaming availability, "
        "theaters and accounts. Authenticate with `Authorization: Bearer <access token>` from "
        "`POST /api/v1/auth/token/`. Every error has the shape "
        '`{"error": {"status", "code", "message", "fields"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Bearer tokens are how clients authenticate; the admin's session cookie is not an API credential.
    "AUTHENTICATION_WHITELIST": ["iwm.api.authentication.JWTAuthentication"],
    # Several apps have a field named `status` or `type` with their own vocabulary: each gets its own enum name.
    "ENUM_NAME_OVERRIDES": {
        "MovieStatusEnum": "movies.choices.MovieStatus",
        "FestivalEditionStatusEnum": "awards.choices.EditionStatus",
        "QuizAttemptStatusEnum": "quizzes.models.AttemptStatus",
        "QuizQuestionTypeEnum": "quizzes.models.QuestionType",
        "ReactionKindEnum": "social.models.pulses.ReactionKind",
        "WatchStatusEnum": "movies.models.lists.WatchStatus",
        "FavoriteTypeEnum": "movies.models.lists.FavoriteType",
        "CastingCallStatusEnum": "talent.models.CallStatus",
        "CastingSubmissionStatusEnum": "talent.models.SubmissionStatus",
        "CastingRoleTypeEnum": "talent.models.RoleType",
        "CastingRoleCategoryEnum": "talent.models.RoleCategory",
        "BoxOfficeRecordCategoryEnum": "boxoffice.choices.RecordCategory",
    },
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env("JWT_ACCESS_MINUTES")),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env("JWT_REFRESH_DAYS")),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    # The token endpoint sends user_logged_in itself (social.apis.TokenApi), whose receivers set
    # last_login and clear the sign-in failures django-axes counted.
    "UPDATE_LAST_LOGIN": False,
    # A refresh token works once: refreshing returns a new one and blacklists the old
    # (rest_framework_simplejwt.token_blacklist keeps every issued refresh token's jti).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Tokens carry a digest of the password hash; after a password change or reset every
    # token issued before it, access tokens included, is refused at once.
    "CHECK_REVOKE_TOKEN": True,
}

# --- Browsers on other origins (django-cors-headers) ---------------------------------------------
# Web apps served from these origins may call the API (and only the API) from the browser.
CORS_ALLOWED_ORIGINS = env("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["Retry-After"]

# --- IWM --------------------------------------------------------------------------------------
BACKUP_DIR = env("BACKUP_DIR")
BACKUP_KEEP = env("BACKUP_KEEP")
# Notifications older than this many months are dropped, a whole monthly partition at a time.
NOTIFICATION_RETENTION_MONTHS = env("NOTIFICATION_RETENTION_MONTHS")
EMBEDDER = env("EMBEDDER")
# The weekly cleanup deletes pulses older than this that nobody reacted to, commented on or shared.
PULSE_CLEANUP_DAYS = env("PULSE_CLEANUP_DAYS")
# An in-progress quiz attempt older than this is expired by the cleanup job, time limit or not.
QUIZ_ATTEMPT_MAX_AGE_HOURS = env("QUIZ_ATTEMPT_MAX_AGE_HOURS")

# One handler prints each line once. Django's default config gives the "django" logger its own
# console handler (in DEBUG) and lets it propagate to the root's too: every line came out twice.
# runserver's request lines keep Django's "django.server" handler (it does not propagate).
# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id and the
# record's fields); plain lines end with " request_id=..." while a request or its task runs.
LOG_LEVEL = env("LOG_LEVEL")
LOG_FORMAT = env("LOG_FORMAT")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors": {"()": "iwm.log_filters.ClientErrorsAreOneLine", "level": LOG_LEVEL},
        "request_id": {"()": "iwm.telemetry.context.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"()": "iwm.telemetry.context.PlainFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "iwm.telemetry.context.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "level": LOG_LEVEL,
                    "filters": ["request_id", "client_errors"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # failures and lockouts; not a line per successful sign-in
        "iwm.request": {"level": "INFO"},  # one line per request (iwm/telemetry/middleware.py)
    },
}

# --- Metrics (iwm/telemetry/metrics.py) ------------------------------------------------------------
# GET /metrics in the Prometheus text format, readable with the bearer token or from the listed
# addresses. Every process of this machine writes its counts to PROMETHEUS_MULTIPROC_DIR
# (prometheus_client's multiprocess mode: gunicorn workers and Celery's pool processes), which
# must be set before prometheus_client is imported: here, before anything records a metric.
METRICS_ENABLED = env("METRICS_ENABLED")
METRICS_TOKEN = env("METRICS_TOKEN")
METRICS_ALLOWED_IPS = env("METRICS_ALLOWED_IPS")
if METRICS_ENABLED:
    if not (METRICS_TOKEN or METRICS_ALLOWED_IPS):
        raise ImproperlyConfigured(
            "METRICS_ENABLED=true needs METRICS_TOKEN or METRICS_ALLOWED_IPS: metrics are never public"
        )
    PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR") or VAR_DIR / "prometheus"
    PROMETHEUS_MULTIPROC_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(PROMETHEUS_MULTIPROC_DIR)
