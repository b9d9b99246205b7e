"""`make run` end to end: on fresh embedded servers in a scratch folder, the launcher migrates,
loads the demo, creates the demo accounts, serves the API and admin with a Celery worker and
beat, and Ctrl-C (SIGINT) stops every process it started, the servers included."""

import json
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


def test_make_run_serves_everything_and_ctrl_c_stops_it_all(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"IWM_VAR_DIR": str(tmp_path / "var"), "IWM_PORT": str(port), "DJANGO_SETTINGS_MODULE": "iwm.settings.base"}
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
            if "ready." in output and "beat: Starting" in output and "Quit the server" in output:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("not up in 180 s:\n" + "".join(lines))

        status, body = get_json(f"http://127.0.0.1:{port}/api/v1/movies/")
        assert status == 200 and body["count"] >= 150
        status, body = get_json(f"http://127.0.0.1:{port}/api/v1/search/?q=intersteller")
        assert body["results"][0]["name"] == "Interstellar"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5) as response:
            assert response.status == 200
        output = "".join(lines)
        assert "demo admin: admin@iwm.local  password:" in output
        assert "demo moderator: moderator@iwm.local  password:" in output
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
