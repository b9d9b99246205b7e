"""Settings: malformed values stop start-up with the variable's name; production is strict."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=BASE_ENV | env, capture_output=True, text=True)


def test_a_malformed_setting_stops_start_up_naming_the_variable():
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="iwm.settings.base",
        DATABASE_URL="postgres://x@/y",
        REDIS_URL="redis://127.0.0.1:1/0",
        API_PAGE_SIZE="lots",
    )
    assert result.returncode != 0
    assert "API_PAGE_SIZE" in result.stderr


def test_production_settings_refuse_to_start_without_a_database_url():
    result = run_python(
        "import iwm.settings.production", SECRET_KEY=secrets.token_urlsafe(50), REDIS_URL="redis://h/0", ALLOWED_HOSTS="x"
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=BASE_ENV
        | {
            "DJANGO_SETTINGS_MODULE": "iwm.settings.production",
            "DATABASE_URL": "postgres://iwm@db.internal:5432/iwm",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "iwm.example.com",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_debug_and_a_weak_secret_key():
    env = {"DATABASE_URL": "postgres://h/db", "REDIS_URL": "redis://h/0", "ALLOWED_HOSTS": "x"}
    weak = run_python("import iwm.settings.production", SECRET_KEY="short", **env)
    assert weak.returncode != 0 and "SECRET_KEY" in weak.stderr
    debug = run_python("import iwm.settings.production", SECRET_KEY=secrets.token_urlsafe(50), DEBUG="true", **env)
    assert debug.returncode != 0 and "DEBUG" in debug.stderr


# --- Strict values: one line naming the variable and what it accepts, never a traceback ---------

# One value each variable must refuse. A variable declared without one here fails the test below:
# every variable gets a strict parser and a test of it.
BAD_VALUES = {
    "DATABASE_URL": "mysql://u@h/db",
    "REDIS_URL": "http://cache:6379",
    "DATABASE_POOL_MIN_SIZE": "-1",
    "DATABASE_POOL_MAX_SIZE": "²",
    "DATABASE_POOL_TIMEOUT": "soon",
    "DATABASE_STATEMENT_TIMEOUT_MS": "1e3",
    "DATABASE_REPLICA_URLS": "postgres://replica1:5432/iwm,mysql://replica2/iwm",
    "DATABASE_REPLICA_RETRY_SECONDS": "0",
    "READ_YOUR_WRITES_SECONDS": "5s",
    "SECRET_KEY": " ",
    "DEBUG": "maybe",
    "ALLOWED_HOSTS": "exa mple.com",
    "CSRF_TRUSTED_ORIGINS": "iwm.example.com",
    "CORS_ALLOWED_ORIGINS": "app.example.com",
    "TRUSTED_PROXY_COUNT": "-1",
    "LOGIN_FAILURE_LIMIT": "0",
    "LOGIN_LOCKOUT_MINUTES": "a while",
    "EMAIL_BACKEND": "smtp server",
    "EMAIL_HOST": "mail host",
    "EMAIL_PORT": "0",
    "EMAIL_HOST_USER": "iwm\nBcc: everyone",
    "EMAIL_HOST_PASSWORD": "pass\x00word",
    "EMAIL_USE_TLS": "sure",
    "DEFAULT_FROM_EMAIL": "IWM",
    "PASSWORD_RESET_URL": "https://app.example.com/reset",
    "NOTIFICATION_RETENTION_MONTHS": "forever",
    "BROKER_VISIBILITY_TIMEOUT": "1h",
    "QUIZ_ATTEMPT_MAX_AGE_HOURS": "0",
    "PULSE_CLEANUP_DAYS": "7",
    "TIME_ZONE": "Mars/Olympus_Mons",
    "API_PAGE_SIZE": "lots",
    "API_MAX_PAGE_SIZE": "0",
    "AUTH_THROTTLE_RATE": "20/fortnight",
    "JWT_ACCESS_MINUTES": "١٥",  # Arabic-Indic digits: int() takes them, the schema does not
    "JWT_REFRESH_DAYS": "7.5",
    "EMBEDDER": "gpt",
    "BACKUP_DIR": "",
    "BACKUP_KEEP": "0",
    "LOG_LEVEL": "LOUD",
    "LOG_FORMAT": "yaml",
    "METRICS_ENABLED": "please",
    "METRICS_TOKEN": "short",
    "METRICS_ALLOWED_IPS": "10.0.0.300",
    "PROMETHEUS_MULTIPROC_DIR": " ",
    "MEDIA_ROOT": "",
    "STORAGE_BACKEND": "s3 bucket",
    "STORAGE_OPTIONS": "[1, 2]",
    "IWM_HOST": "local host",
    "IWM_PORT": "70000",
    "WEB_WORKERS": "0",
    "WEB_THREADS": "many",
    "IWM_VAR_DIR": "",
    "DEMO_ADMIN_EMAIL": "admin",
    "DEMO_ADMIN_PASSWORD": "short",
    "DEMO_MODERATOR_EMAIL": "moderator@",
    "DEMO_MODERATOR_PASSWORD": "2short",
    "SECURE_SSL_REDIRECT": "sometimes",
    "SECURE_HSTS_SECONDS": "a year",
    "DJANGO_SETTINGS_MODULE": "iwm/settings/base.py",
}


def test_every_variable_refuses_a_malformed_value_naming_itself():
    from django.core.exceptions import ImproperlyConfigured

    from iwm.settings.schema import VARIABLES, Env

    assert set(BAD_VALUES) == set(VARIABLES), "give every declared variable a bad value here"
    for name, bad in BAD_VALUES.items():
        try:
            Env(environ={name: bad})(name)
        except ImproperlyConfigured as exc:
            message = str(exc)
            assert message.startswith(f"{name}=") and "expected" in message and "\n" not in message, message
            if "PASSWORD" in name or name == "SECRET_KEY":
                assert bad.strip() == "" or bad not in message, "a secret is never echoed"
        else:
            raise AssertionError(f"{name}={bad!r} was accepted")


def test_strict_values_are_parsed_and_defaults_apply():
    from pathlib import Path

    from iwm.settings.schema import Env

    env = Env(environ={"DEBUG": "Off", "IWM_PORT": " 8001 ", "LOG_LEVEL": "warning", "ALLOWED_HOSTS": "a.com, b.org,",
                       "AUTH_THROTTLE_RATE": "5/hour", "DATABASE_POOL_TIMEOUT": "2.5"})  # fmt: skip
    assert env("DEBUG") is False and env("IWM_PORT") == 8001 and env("LOG_LEVEL") == "WARNING"
    assert env("ALLOWED_HOSTS") == ["a.com", "b.org"] and env("AUTH_THROTTLE_RATE") == "5/hour"
    assert env("DATABASE_POOL_TIMEOUT") == 2.5
    assert env("API_PAGE_SIZE") == 20 and env("IWM_HOST") == "127.0.0.1" and isinstance(env("IWM_VAR_DIR"), Path)
    for word, value in [("yes", True), ("ON", True), ("1", True), ("no", False), ("0", False), ("false", False)]:
        assert Env(environ={"DEBUG": word})("DEBUG") is value


def test_debug_maybe_stops_manage_py_with_one_line_naming_debug(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
        env=BASE_ENV | {"DEBUG": "maybe", "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: DEBUG=maybe is not valid: expected true or false (also 1/0, yes/no, on/off)"
    ]
    assert result.stdout == ""


def test_every_bad_value_is_named_in_the_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate"], cwd=ROOT, capture_output=True, text=True,
        env=BASE_ENV | {"API_PAGE_SIZE": "²", "TIME_ZONE": "Nowhere", "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert "TIME_ZONE=Nowhere is not valid" in line and "API_PAGE_SIZE=² is not valid" in line
    assert not (tmp_path / "postgres").exists(), "nothing starts with a bad setting"


# --- Importing settings starts nothing; commands start what they need --------------------------


def test_importing_settings_starts_no_server(tmp_path):
    var = tmp_path / "var"
    result = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['HOST']); "
        "print(settings.CELERY_BROKER_URL)",
        DJANGO_SETTINGS_MODULE="iwm.settings.base",
        IWM_VAR_DIR=str(var),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(var / "postgres"), f"redis+socket://{var / 'redis' / 'redis.sock'}?db=0"]
    assert not (var / "postgres").exists() and not (var / "redis").exists()
    running = subprocess.run(["pgrep", "-f", str(var)], capture_output=True, text=True).stdout.split()
    assert running == [], f"started: {running}"


@pytest.mark.django_db
def test_db_status_starts_no_redis(tmp_path):
    from django.db import connection

    conf = connection.settings_dict
    host = conf["HOST"] or conf["OPTIONS"].get("host", "")
    if not host.startswith("/"):
        pytest.skip("runs against the embedded PostgreSQL (a Unix socket)")
    # The test database, so nothing new starts on the PostgreSQL side either.
    database_url = f"postgres://{conf['USER'] or 'postgres'}@/{conf['NAME']}?host={host}"
    result = subprocess.run(
        [sys.executable, "manage.py", "db_status"], cwd=ROOT, capture_output=True, text=True,
        env=BASE_ENV | {"DATABASE_URL": database_url, "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "PostgreSQL" in result.stdout
    assert not (tmp_path / "redis").exists(), "db_status needs no Redis"


def test_manage_py_starts_only_what_a_command_needs():
    from iwm.embedded import command_needs

    assert command_needs(["check"]) == set() and command_needs(["help"]) == set() and command_needs([]) == set()
    assert command_needs(["migrate", "--help"]) == set() and command_needs(["--version"]) == set()
    assert command_needs(["check", "--database", "default"]) == {"postgres"}
    assert command_needs(["db_status"]) == {"postgres"} and command_needs(["migrate"]) == {"postgres"}
    assert command_needs(["makemigrations", "--check"]) == {"postgres"}  # the history consistency check
    assert command_needs(["runserver"]) == {"postgres", "redis"} and command_needs(["shell"]) == {"postgres", "redis"}


# --- The secret key of an install that did not set one -----------------------------------------


def test_without_secret_key_a_random_key_is_made_once_and_kept_private(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_python(code, DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path))
    second = run_python(code, DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert key == second.stdout.strip() and len(key) >= 50
    assert key != "insecure-development-key-change-me-in-production-0123456789"
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    other = run_python(code, DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path / "other"))
    assert other.stdout.strip() != key, "each install has its own"
    given = run_python(code, DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path), SECRET_KEY="x" * 60)
    assert given.stdout.strip() == "x" * 60


# --- README.md's configuration table is the schema ---------------------------------------------


def readme_variables() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_readme_configuration_table_lists_exactly_the_variables_the_code_reads():
    from iwm.settings.schema import VARIABLES

    documented = readme_variables()
    assert documented == set(VARIABLES), (
        f"in README.md, not declared: {sorted(documented - set(VARIABLES))}; "
        f"declared, not in README.md: {sorted(set(VARIABLES) - documented)}"
    )
    sources = [
        path for path in ROOT.rglob("*.py")
        if not {".venv", "var", "tests", "bench"} & set(path.relative_to(ROOT).parts) and path.name != "schema.py"
    ]  # fmt: skip
    code = "\n".join(path.read_text() for path in sources)
    unread = sorted(name for name in VARIABLES if f'"{name}"' not in code and f"'{name}'" not in code)
    assert unread == [], f"declared and documented, but no code reads them: {unread}"


# --- Scaling out: replicas, metrics, storage ---------------------------------------------------


def test_replica_urls_become_read_only_aliases_next_to_the_pooled_primary(tmp_path):
    result = run_python(
        "import json; from django.conf import settings; d = settings.DATABASES; "
        "print(json.dumps({a: [c['HOST'], c['PORT'], c['NAME'], c['OPTIONS'].get('application_name'), "
        "'pool' in c['OPTIONS'], c.get('TEST', {}).get('MIRROR'), c['CONN_MAX_AGE']] for a, c in d.items()})); "
        "print(settings.DATABASE_REPLICAS, settings.DATABASE_ROUTERS)",
        DJANGO_SETTINGS_MODULE="iwm.settings.base",
        IWM_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://iwm@primary.internal:5432/iwm",
        DATABASE_REPLICA_URLS="postgres://iwm@replica-a.internal:5432/iwm, postgres://iwm@/iwm?host=/run/replica-b",
    )
    assert result.returncode == 0, result.stderr
    databases, aliases = result.stdout.splitlines()
    import json

    assert json.loads(databases) == {
        "default": ["primary.internal", 5432, "iwm", "iwm", True, None, 0],
        "replica1": ["replica-a.internal", 5432, "iwm", "iwm-replica", False, "default", 60],
        "replica2": ["/run/replica-b", "", "iwm", "iwm-replica", False, "default", 60],
    }
    assert aliases == "['replica1', 'replica2'] ['iwm.db.router.ReplicaRouter']"


def test_metrics_are_never_public(tmp_path):
    refused = run_python("import django; django.setup()", DJANGO_SETTINGS_MODULE="iwm.settings.base",
                         IWM_VAR_DIR=str(tmp_path), METRICS_ENABLED="true")  # fmt: skip
    assert refused.returncode != 0 and "METRICS_TOKEN or METRICS_ALLOWED_IPS" in refused.stderr
    allowed = run_python(
        "import os; from django.conf import settings; print(settings.PROMETHEUS_MULTIPROC_DIR); "
        "print(os.environ['PROMETHEUS_MULTIPROC_DIR'])",
        DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path), METRICS_ENABLED="true",
        METRICS_ALLOWED_IPS="10.0.0.0/8",
    )  # fmt: skip
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.split() == [str(tmp_path / "prometheus")] * 2


def test_uploaded_files_go_through_the_configured_storage(tmp_path):
    default = run_python(
        "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__, s.location)",
        DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert default.stdout.split() == ["FileSystemStorage", str(tmp_path / "media")], default.stderr
    other = run_python(
        "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage, storages; "
        "name = default_storage.save('imports/chart.csv', ContentFile(b'rank,title')); "
        "print(type(storages['default']).__name__, default_storage.open(name).read())",
        DJANGO_SETTINGS_MODULE="iwm.settings.base", IWM_VAR_DIR=str(tmp_path),
        STORAGE_BACKEND="django.core.files.storage.InMemoryStorage", STORAGE_OPTIONS='{"base_url": "/files/"}',
    )  # fmt: skip
    assert other.stdout.split() == ["InMemoryStorage", "b'rank,title'"], other.stderr
