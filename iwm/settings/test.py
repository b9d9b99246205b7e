"""Settings for the pytest suite: real PostgreSQL (embedded or DATABASE_URL), all migrations.

A test must never touch a running install. The database is pytest-django's ``test_<name>``
(``test_iwm``); the broker is a Redis of the tests' own: the embedded ``var/redis-test`` (its own
socket), or with REDIS_URL set another database number on that server. On top of that the test
queue and every broker and result key carry their own name (``iwm-test``), so a `make run`
worker, which consumes ``celery`` on ``var/redis``, can never receive a test's task.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from iwm.embedded import EmbeddedRedis

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, REST_FRAMEWORK, VAR_DIR, celery_url, env

IWM_TEST_SETTINGS = True  # conftest.py refuses to run the suite without it
TEST_QUEUE = "iwm-test"
TEST_REDIS_DB = 15  # with REDIS_URL set; 14 if REDIS_URL itself names database 15


def redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix":  # urlunsplit would drop the "//" of unix:///path
        query = urlencode(dict(parse_qsl(parts.query)) | {"db": str(db)})
        return f"unix://{parts.netloc}{parts.path}?{query}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def redis_db(url: str) -> int:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return int(dict(parse_qsl(parts.query)).get("db", 0))
    return int(parts.path.strip("/") or 0)


DEBUG = False
# Throttling is exercised by its own tests with explicit rates; everywhere else it would make
# the suite depend on how fast it runs.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "10000/min"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "iwm-tests"}}

# --- The tests' own broker --------------------------------------------------------------------
if env("REDIS_URL"):
    EMBEDDED_REDIS_DIR = None
    _user_db = redis_db(env("REDIS_URL"))
    REDIS_URL = redis_url_with_db(env("REDIS_URL"), TEST_REDIS_DB if _user_db != TEST_REDIS_DB else TEST_REDIS_DB - 1)
else:
    EMBEDDED_REDIS_DIR = VAR_DIR / "redis-test"
    REDIS_URL = EmbeddedRedis(EMBEDDED_REDIS_DIR).url()
CELERY_BROKER_URL = celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_url(REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE
WORKER_QUEUES = (TEST_QUEUE, "maintenance", "imports")  # under the test key prefix: never a running install's
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": f"{TEST_QUEUE}:"}  # noqa: F405
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"{TEST_QUEUE}:"}
CELERY_TASK_ALWAYS_EAGER = False
# Sent mail lands in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
