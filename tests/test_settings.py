"""Settings: malformed values stop start-up with the variable's name; production is strict."""

import secrets
import subprocess
import sys
from pathlib import Path

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
