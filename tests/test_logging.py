"""Each log line is printed once, and a client's 403 is one INFO line, not a traceback; each request
adds its one line (iwm.request) with the route, not the raw path."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A real request through Django's handler and middleware, with the development settings
# (DEBUG on, as under `make run`), to a view that refuses like the admin does for a moderator.
SCRIPT = """
import logging
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

def refuse(request):
    raise PermissionDenied("moderators cannot add users")

urlpatterns = [path("admin/social/user/add/", refuse)]
with override_settings(ROOT_URLCONF="__main__"):
    print(Client().get("/admin/social/user/add/").status_code, flush=True)
    print(Client().get("/nowhere/").status_code, flush=True)
logging.getLogger("movies").warning("an app's own line")
logging.getLogger("django").info("a line of Django's")
"""


def test_a_403_is_one_info_line_and_no_line_is_printed_twice(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "iwm.settings.base",
             "DEBUG": "true", "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["403", "404"]
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    forbidden = [line for line in lines if "Forbidden" in line]
    assert len(forbidden) == 1
    assert " INFO django.request: Forbidden (Permission denied): /admin/social/user/add/" in forbidden[0]
    assert len([line for line in lines if "Not Found: /nowhere/" in line]) == 1
    assert len([line for line in lines if "an app's own line" in line]) == 1
    assert len([line for line in lines if "a line of Django's" in line]) == 1
    requests = [line for line in lines if " INFO iwm.request: " in line]
    assert len(requests) == 2, lines
    assert "iwm.request: GET /admin/social/user/add/ 403 " in requests[0]
    assert "iwm.request: GET (unmatched) 404 " in requests[1]
    assert len(lines) == 6, lines


def test_log_level_still_applies_to_a_demoted_403(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "iwm.settings.base",
             "LOG_LEVEL": "WARNING", "IWM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Forbidden" not in result.stderr and "a line of Django's" not in result.stderr
    assert "Not Found: /nowhere/" in result.stderr and "an app's own line" in result.stderr
