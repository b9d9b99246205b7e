"""`make run` end to end: on fresh embedded servers in a scratch folder, the launcher migrates,
loads the demo, creates the demo accounts, serves the API and admin with a Celery worker and
beat, prints its summary last (once all three are ready), `status` reports them, and Ctrl-C
(SIGINT) stops every process it started, the servers included."""

import json
import re
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from iwm import embedded

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.loads(response.read())


def launcher(*args: str, env: dict, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "iwm.launcher", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def scratch_env(tmp_path, port: int) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    var = str(tmp_path / "var")
    return env | {"IWM_VAR_DIR": var, "IWM_PORT": str(port), "DJANGO_SETTINGS_MODULE": "iwm.settings.base"}


def test_make_run_serves_everything_summary_last_and_ctrl_c_stops_it_all(tmp_path):
    port = free_port()
    env = scratch_env(tmp_path, port)
    process = subprocess.Popen(
        [sys.executable, "-m", "iwm.launcher", "run"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            output = "".join(lines)
            if process.poll() is not None:
                raise AssertionError(f"launcher exited early:\n{output}")
            if "Ctrl-C stops everything" in output:
                break
            time.sleep(0.25)
        else:
            raise AssertionError("not up in 180 s:\n" + "".join(lines))
        time.sleep(1)  # anything printed after the summary would show now
        printed = list(lines)

        # The summary comes last, after the web server, the worker and beat said they were ready.
        summary_at = next(i for i, line in enumerate(printed) if line.startswith("[iwm] IWM is up"))
        assert printed[summary_at] == "[iwm] IWM is up\n", "everything ready, not a timeout"
        tail = printed[summary_at:]
        assert all(line.startswith("      ") or not line.strip() for line in tail[1:]), "".join(tail)
        assert any(f"API        http://127.0.0.1:{port}/api/v1/" in line for line in tail)
        assert any("demo admin: admin@iwm.local  password:" in line for line in tail)
        assert any("demo moderator: moderator@iwm.local  password:" in line for line in tail)
        before = "".join(printed[:summary_at])
        assert "password:" not in before, "the passwords are in the summary, not scrolled away above it"
        assert "ready." in before and "beat: Starting" in before and "Listening at: http://" in before
        assert "gthread" in before, "make run serves with gunicorn's threaded workers (keep-alive)"
        assert "-------------- celery@" not in before, "no worker banner"

        status = launcher("status", env=env)
        assert status.returncode == 0
        for name in ("web", "worker", "beat"):
            assert f"  {name:<7} running (pid" in status.stdout, status.stdout
        assert "PostgreSQL       running" in status.stdout and "Redis            running" in status.stdout

        status_code, body = get_json(f"http://127.0.0.1:{port}/api/v1/movies/")
        assert status_code == 200 and body["count"] >= 150
        status_code, body = get_json(f"http://127.0.0.1:{port}/api/v1/search/?q=intersteller")
        assert body["results"][0]["name"] == "Interstellar"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5) as response:
            assert response.status == 200
            page = response.read().decode()
        # production mode: static files through whitenoise (no DEBUG), the admin's CSS included
        stylesheet = re.search(r'href="(/static/admin/css/[^"]+\.css)"', page).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as response:
            assert response.status == 200 and response.headers["Content-Type"].startswith("text/css")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/docs/", timeout=5) as response:
            assert b"swagger-ui" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(90)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, "".join(lines)
    assert "embedded servers stopped" in "".join(lines)
    assert not embedded.EmbeddedPostgres(tmp_path / "var" / "postgres").is_running()
    assert not embedded.EmbeddedRedis(tmp_path / "var" / "redis").is_running()
    leftovers = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running: {leftovers}"
    assert (tmp_path / "var" / "postgres" / "PG_VERSION").exists(), "the data stays for next time"
    assert list((tmp_path / "var" / "launcher").glob("*.json")) == [], "a clean stop removes its state"
    assert "web, worker, beat: not running" in launcher("status", env=env).stdout


def test_a_bad_port_stops_the_launcher_before_anything_starts(tmp_path):
    env = scratch_env(tmp_path, 8000) | {"IWM_PORT": "notaport"}
    result = launcher("run", env=env)
    assert result.returncode == 2
    assert result.stdout == "", "no migration, no server"
    assert result.stderr.splitlines() == [
        "[iwm] error: IWM_PORT=notaport is not valid: expected a whole number from 1 to 65535"
    ]
    assert not (tmp_path / "var" / "postgres").exists()


def test_a_port_in_use_stops_the_launcher_before_anything_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = launcher("run", env=scratch_env(tmp_path, taken.getsockname()[1]))
    assert result.returncode == 2 and "IWM_PORT" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "var" / "postgres").exists()


def test_dev_serves_with_the_auto_reloading_server_and_run_has_one_web_command():
    from iwm.launcher import web_command

    dev = web_command("dev", "127.0.0.1", 8000)
    assert dev[1:] == ["manage.py", "runserver", "127.0.0.1:8000"] and "--noreload" not in dev
    run = web_command("run", "0.0.0.0", 8001)
    assert run[1:4] == ["-m", "gunicorn", "iwm.wsgi:application"]
    assert run[run.index("--bind") + 1] == "0.0.0.0:8001" and run[run.index("--worker-class") + 1] == "gthread"
