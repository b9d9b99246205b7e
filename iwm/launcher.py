"""Run the whole product locally: `make run`, `make test`, `make stop`.

    python -m iwm.launcher run            migrate, load the demo, then serve the API and admin
                                          with a Celery worker and Celery beat; Ctrl-C stops all
    python -m iwm.launcher exec -- CMD    run CMD with the servers up (make test uses this)
    python -m iwm.launcher stop           stop embedded servers left running
    python -m iwm.launcher status         say what is running

Embedded PostgreSQL and Redis are started under var/ unless DATABASE_URL / REDIS_URL are set;
whatever this launcher started, it stops on the way out. Data stays in var/ for next time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from iwm import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COLOURS = ["\033[36m", "\033[33m", "\033[35m", "\033[32m"]
RESET = "\033[0m"


def say(message: str) -> None:
    print(f"[iwm] {message}", flush=True)


@contextmanager
def servers():
    """Yield the environment children need; stop on exit whatever was started here."""
    env = dict(os.environ)
    started = []
    try:
        if env.get("DATABASE_URL"):
            say("PostgreSQL: using DATABASE_URL")
        else:
            postgres = embedded.postgres()
            if postgres.start():
                started.append(postgres)
                say(f"PostgreSQL: started the embedded server in {postgres.data_dir}")
            else:
                say(f"PostgreSQL: the embedded server in {postgres.data_dir} is already running")
            env["DATABASE_URL"] = postgres.url()
        if env.get("REDIS_URL"):
            say("Redis: using REDIS_URL")
        else:
            redis = embedded.redis_server()
            if redis.start():
                started.append(redis)
                say(f"Redis: started the embedded server in {redis.data_dir}")
            env["REDIS_URL"] = redis.url()
        yield env
    finally:
        for server in reversed(started):
            try:
                server.stop()
            except embedded.EmbeddedServiceError as exc:
                say(f"could not stop {server.data_dir}: {exc}")
        if started:
            say("embedded servers stopped; their data stays in var/")


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


class Supervisor:
    """Start long-running children in their own process groups, prefix their output, and stop
    them all when one dies or on Ctrl-C."""

    def __init__(self, env: dict):
        self.env = env
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stopping = threading.Event()

    def spawn(self, name: str, *command: str) -> None:
        colour = COLOURS[len(self.children) % len(COLOURS)]
        process = subprocess.Popen(
            command,
            env=self.env,
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
            text=True,
            bufsize=1,
        )
        self.children.append((name, process))
        threading.Thread(target=self._relay, args=(name, colour, process), daemon=True).start()

    def _relay(self, name: str, colour: str, process: subprocess.Popen) -> None:
        prefix = f"{colour}{name:<7}|{RESET} " if sys.stdout.isatty() else f"{name:<7}| "
        for line in process.stdout:
            sys.stdout.write(prefix + line)
            sys.stdout.flush()

    def wait(self) -> int:
        while not self.stopping.is_set():
            for name, process in self.children:
                if process.poll() is not None:
                    say(f"{name} exited with code {process.returncode}; stopping the rest")
                    return process.returncode or 1
            time.sleep(0.3)
        return 0

    def stop(self, timeout: float = 15) -> None:
        self.stopping.set()
        for _, process in self.children:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        for name, process in self.children:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop in {timeout:.0f}s; killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def run() -> int:
    host = os.environ.get("IWM_HOST", "127.0.0.1")
    port = os.environ.get("IWM_PORT", "8000")
    with servers() as env:
        say("applying migrations")
        manage(env, "migrate", "--noinput")
        say("loading the demo catalog if the database is empty")
        manage(env, "load_demo", "--if-empty")
        manage(env, "embed_movies", "--no-progress", "--if-stale")
        manage(env, "create_demo_accounts")
        supervisor = Supervisor(env)
        # Explicit handlers: a shell starting us in the background leaves SIGINT ignored.
        for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop_signal, lambda *_: supervisor.stopping.set())
        supervisor.spawn("web", PYTHON, "manage.py", "runserver", f"{host}:{port}")
        supervisor.spawn("worker", PYTHON, "-m", "celery", "-A", "iwm", "worker", "--loglevel=INFO", "--concurrency=2")
        supervisor.spawn("beat", PYTHON, "-m", "celery", "-A", "iwm", "beat", "--loglevel=INFO")
        say(f"API http://{host}:{port}/api/v1/  docs http://{host}:{port}/api/docs/  admin http://{host}:{port}/admin/")
        say("Ctrl-C stops everything")
        try:
            code = supervisor.wait()
        finally:
            say("stopping")
            supervisor.stop()
        return code


def exec_(command: list[str]) -> int:
    if not command:
        say("exec needs a command: python -m iwm.launcher exec -- pytest")
        return 2
    with servers() as env:
        try:
            return subprocess.run(command, env=env, cwd=BASE_DIR).returncode
        except KeyboardInterrupt:
            return 130


def stop() -> int:
    for server in (embedded.redis_server(), embedded.postgres()):
        name = type(server).__name__
        say(f"{name}: {'stopped' if server.stop() else 'was not running'}")
    return 0


def status() -> int:
    for server in (embedded.postgres(), embedded.redis_server()):
        state = "running" if server.is_running() else "stopped"
        say(f"{type(server).__name__} in {server.data_dir}: {state}")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    action, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    try:
        if action == "run":
            return run()
        if action == "exec":
            return exec_(rest)
        if action == "stop":
            return stop()
        if action == "status":
            return status()
    except subprocess.CalledProcessError as exc:
        say(f"step failed ({' '.join(map(str, exc.cmd[1:]))}), exit code {exc.returncode}")
        return exc.returncode or 1
    except embedded.EmbeddedServiceError as exc:
        say(f"error: {exc}")
        return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
