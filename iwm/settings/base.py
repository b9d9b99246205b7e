"""Settings shared by every environment.

Every setting an operator may change is read from the environment through one
django-environ schema below; README.md lists them with their defaults. A value
of the wrong type stops the process at start with a message naming the variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, True),
    SECRET_KEY=(str, "insecure-development-key-change-me-in-production-0123456789"),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]", "testserver"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    CORS_ALLOWED_ORIGINS=(list, []),
    DATABASE_URL=(str, ""),
    DATABASE_POOL_MIN_SIZE=(int, 2),
    DATABASE_POOL_MAX_SIZE=(int, 10),
    DATABASE_POOL_TIMEOUT=(float, 10.0),
    DATABASE_STATEMENT_TIMEOUT_MS=(int, 0),
    REDIS_URL=(str, ""),
    BACKUP_DIR=(str, str(BASE_DIR / "var" / "backups")),
    BACKUP_KEEP=(int, 7),
    API_PAGE_SIZE=(int, 20),
    API_MAX_PAGE_SIZE=(int, 100),
    AUTH_THROTTLE_RATE=(str, "20/min"),
    JWT_ACCESS_MINUTES=(int, 15),
    JWT_REFRESH_DAYS=(int, 7),
    EMBEDDER=(str, "tfidf"),
    QUIZ_ATTEMPT_MAX_AGE_HOURS=(int, 24),
    LOG_LEVEL=(str, "INFO"),
    TIME_ZONE=(str, "UTC"),
)


def _env(name: str):
    """Read one variable, turning a malformed value into an error that names it."""
    try:
        return env(name)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"Environment variable {name} has an invalid value: {exc}") from exc


DEBUG = _env("DEBUG")
SECRET_KEY = _env("SECRET_KEY")
ALLOWED_HOSTS = _env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _env("CSRF_TRUSTED_ORIGINS")
TIME_ZONE = _env("TIME_ZONE")
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
    "iwm.api.middleware.ApiGuardMiddleware",  # first: its limits and JSON errors cover every layer below
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "iwm.api.middleware.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# With no DATABASE_URL the embedded PostgreSQL under var/ is started (if needed) and used.
DATABASE_URL = _env("DATABASE_URL")
if not DATABASE_URL:
    from iwm.embedded import ensure_postgres_url

    DATABASE_URL = ensure_postgres_url()
try:
    DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...); IWM runs on PostgreSQL only.")
DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not keep its own
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "pool": {
            "min_size": _env("DATABASE_POOL_MIN_SIZE"),
            "max_size": _env("DATABASE_POOL_MAX_SIZE"),
            "timeout": _env("DATABASE_POOL_TIMEOUT"),
        },
        # 0 = no limit. In production a limit stops a runaway query from holding a pooled
        # connection forever; operators' commands (migrate, seed) run with their own settings.
        "options": f"-c statement_timeout={_env('DATABASE_STATEMENT_TIMEOUT_MS')}",
        "application_name": "iwm",
    }
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------------
REDIS_URL = _env("REDIS_URL")
if not REDIS_URL:
    from iwm.embedded import ensure_redis_url

    REDIS_URL = ensure_redis_url()


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
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "social.User"
AUTHENTICATION_BACKENDS = ["social.backends.EmailBackend"]
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

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"

# --- REST API ---------------------------------------------------------------------------------
API_PAGE_SIZE = _env("API_PAGE_SIZE")
API_MAX_PAGE_SIZE = _env("API_MAX_PAGE_SIZE")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "iwm.api.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "iwm.api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    # Ordering is each FilterSet's `ordering` filter (it knows NULLS LAST and tie-breaks).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["iwm.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "iwm.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "iwm.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Register and token requests per client IP: slows password guessing.
    "DEFAULT_THROTTLE_RATES": {"auth": _env("AUTH_THROTTLE_RATE")},
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
    # Choice sets whose field names other apps use too ("status", "type"): one stable name each.
    "ENUM_NAME_OVERRIDES": {
        "MovieStatusEnum": "movies.choices.MovieStatus",
        "QuizAttemptStatusEnum": "quizzes.models.AttemptStatus",
        "QuizQuestionTypeEnum": "quizzes.models.QuestionType",
    },
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=_env("JWT_ACCESS_MINUTES")),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=_env("JWT_REFRESH_DAYS")),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "UPDATE_LAST_LOGIN": True,
    "TOKEN_REFRESH_SERIALIZER": "iwm.api.authentication.TokenRefreshSerializer",
}

# --- Browsers on other origins (django-cors-headers) ---------------------------------------------
# Web apps served from these origins may call the API (and only the API) from the browser.
CORS_ALLOWED_ORIGINS = _env("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["Retry-After"]

# --- IWM --------------------------------------------------------------------------------------
BACKUP_DIR = Path(_env("BACKUP_DIR"))
BACKUP_KEEP = _env("BACKUP_KEEP")
EMBEDDER = _env("EMBEDDER")
if EMBEDDER not in {"tfidf", "sentence-transformer"}:
    raise ImproperlyConfigured("Environment variable EMBEDDER must be 'tfidf' or 'sentence-transformer'.")
# An in-progress quiz attempt older than this is expired by the cleanup job, time limit or not.
QUIZ_ATTEMPT_MAX_AGE_HOURS = _env("QUIZ_ATTEMPT_MAX_AGE_HOURS")
if QUIZ_ATTEMPT_MAX_AGE_HOURS < 1:
    raise ImproperlyConfigured("Environment variable QUIZ_ATTEMPT_MAX_AGE_HOURS must be 1 or more (hours).")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _env("LOG_LEVEL")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
