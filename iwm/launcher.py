"""Run the whole product locally: `make run`, `make dev`, `make test`, `make stop`, `make status`.

    python -m iwm.launcher run            migrate, load the demo, then serve the API and admin
                                          with a Celery worker and Celery beat; Ctrl-C stops all
    python -m iwm.launcher dev            the same with Django's auto-reloading development server
    python -m iwm.launcher exec -- CMD    run CMD with the test settings and the tests' own servers
                                          (make test uses this)
    python -m iwm.launcher stop           stop a running `make run`/`make dev` and the embedded servers
    python -m iwm.launcher status         say what is running: servers, web, worker, beat

Settings are checked before anything starts: a bad value is one line naming the variable.
Embedded PostgreSQL and Redis are started under var/ unless DATABASE_URL / REDIS_URL are set;
whatever this launcher started, it stops on the way out. Data stays in var/ for next time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from iwm import embedded
from iwm.settings.schema import env as schema_env

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COLOURS = ["\033[36m", "\033[33m", "\033[35m", "\033[32m"]
RESET = "\033[0m"
READY_TIMEOUT = 180  # seconds to wait for web, worker and beat before the summary is printed anyway
TEST_SETTINGS = "iwm.settings.test"
PROBE = "launcher-probe"  # marks the launcher's own readiness requests; their log lines are dropped
# A line in a child's output that says it is ready (the web server is polled over HTTP instead).
READY_LINES = {
    "worker": re.compile(r"celery@\S+ ready\."),
    "beat": re.compile(r"beat: Starting\.\.\."),
}


def say(message: str) -> None:
    print(f"[iwm] {message}", flush=True)


# --- What runs --------------------------------------------------------------------------------


def web_command(mode: str, host: str, port: int) -> list[str]:
    """The web server's command: the one place to change when `make run` moves to another server.

    `dev` is Django's auto-reloading development server, for people changing code. `run` serves
    as production does: gunicorn with threaded workers that keep connections alive (WEB_WORKERS
    processes of WEB_THREADS threads; each process's database pool must hold WEB_THREADS
    connections), static files through whitenoise. gunicorn's own access log is off: IWM logs one
    line per request itself, with its route, request id and query count (iwm/telemetry)."""
    bare = host.strip("[]")
    address = f"[{bare}]:{port}" if ":" in bare else f"{bare}:{port}"
    if mode == "dev":
        return [PYTHON, "manage.py", "runserver", address]
    workers = schema_env("WEB_WORKERS") or os.cpu_count() or 2
    return [
        PYTHON, "-m", "gunicorn", "iwm.wsgi:application", "--bind", address,
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(schema_env("WEB_THREADS")),
        "--keep-alive", "5", "--graceful-timeout", "10",
    ]  # fmt: skip


def worker_command() -> list[str]:
    # --quiet: no banner (the summary says what matters); INFO keeps the "ready." line and tasks.
    return [PYTHON, "-m", "celery", "-A", "iwm", "--quiet", "worker", "--loglevel=INFO", "--concurrency=2",
            "--queues", "default,maintenance,imports", "--without-mingle", "--without-gossip"]  # fmt: skip


def beat_command() -> list[str]:
    return [PYTHON, "-m", "celery", "-A", "iwm", "--quiet", "beat", "--loglevel=INFO"]


# --- Settings, checked before anything starts ---------------------------------------------------


def load_settings(module: str):
    """Validate the environment and import the Django settings `module` (nothing starts)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    schema_env.validate()
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018  (imports the module: its own checks run now)
    return settings


def connect_host(host: str) -> str:
    """Where a client on this machine reaches a server listening on `host`."""
    bare = host.strip("[]")
    if bare in {"", "0.0.0.0"}:
        return "127.0.0.1"
    if bare == "::":
        return "[::1]"
    return f"[{bare}]" if ":" in bare else bare


def check_port_free(host: str, port: int) -> None:
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((bare or "0.0.0.0", port))
    except OSError as exc:
        raise ImproperlyConfigured(
            f"IWM_PORT={port} on IWM_HOST={host} cannot be used ({exc.strerror}); "
            "stop what listens there or set IWM_PORT to a free port"
        ) from None


# --- Sessions: what a launcher started, for `status`, `stop` and servers shared by two launchers


class Session:
    """var/launcher/<pid>.json: this launcher's mode, the servers it uses and its children.
    Written when children start, removed on a clean stop."""

    def __init__(self, mode: str, servers: list, url: str | None = None):
        self.path = embedded.VAR_DIR / "launcher" / f"{os.getpid()}.json"
        self.data = {
            "pid": os.getpid(),
            "started": process_start_time(os.getpid()),
            "mode": mode,
            "url": url,
            "servers": [str(server.data_dir) for server in servers],
            "children": {},
        }
        self.save()

    def add_child(self, name: str, process: subprocess.Popen, command: list[str]) -> None:
        self.data["children"][name] = {"pid": process.pid, "started": process_start_time(process.pid),
                                       "command": command}  # fmt: skip
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.data, indent=2))
        temporary.replace(self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def process_start_time(pid: int) -> str | None:
    """When the process started (a PID is reused; a PID and its start time are not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]  # field 22, starttime in clock ticks
    except OSError:
        pass
    try:  # macOS and other systems without /proc
        result = subprocess.run(["ps", "-o", "lstart=", "-p", str(pid)], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() or None


def same_process(pid: int, started: str | None) -> bool:
    """Is `pid` alive and the very process recorded (not a later one that reuses the number)?"""
    if not embedded._pid_alive(pid):
        return False
    return started is None or process_start_time(pid) == started


def sessions() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((embedded.VAR_DIR / "launcher").glob("*.json")):
        with contextlib.suppress(OSError, ValueError):
            found.append((path, json.loads(path.read_text())))
    return found


def live_sessions(exclude_pid: int | None = None) -> list[dict]:
    return [data for _, data in sessions()
            if data.get("pid") != exclude_pid and same_process(data["pid"], data.get("started"))]  # fmt: skip


# --- Embedded servers ---------------------------------------------------------------------------


class Servers:
    """Start the embedded servers the settings use; stop on exit the ones started here, unless
    another launcher (a `make run` during `make test`) still uses them."""

    def __init__(self, settings):
        self.used = list(embedded.configured_servers(settings).values())
        self.started: list = []
        if not getattr(settings, "EMBEDDED_POSTGRES_DIR", None):
            say("PostgreSQL: using DATABASE_URL")
        if not getattr(settings, "EMBEDDED_REDIS_DIR", None):
            say("Redis: using REDIS_URL")

    def start(self) -> None:
        for server in self.used:
            if server.start():
                self.started.append(server)
                say(f"{server.label}: started the embedded server in {server.data_dir}")
            else:
                say(f"{server.label}: the embedded server in {server.data_dir} is already running")

    def stop(self) -> None:
        others = live_sessions(exclude_pid=os.getpid())
        in_use = {folder for data in others for folder in data.get("servers", [])}
        stopped = False
        for server in reversed(self.started):
            if str(server.data_dir) in in_use:
                say(f"{server.label}: left running for the other launcher that uses it")
                continue
            try:
                stopped = server.stop() or stopped
            except embedded.EmbeddedServiceError as exc:
                say(f"could not stop {server.data_dir}: {exc}")
        if stopped:
            say("embedded servers stopped; their data stays in var/")


# --- Children -----------------------------------------------------------------------------------


class Supervisor:
    """Start long-running children in their own process groups, prefix their output, notice when
    each is ready, and stop them all when one dies or on Ctrl-C."""

    def __init__(self, env: dict, session: Session):
        self.env = env
        self.session = session
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.ready: dict[str, threading.Event] = {}
        self.stopping = threading.Event()

    def spawn(self, name: str, command: list[str]) -> None:
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
        self.ready[name] = threading.Event()
        self.session.add_child(name, process, command)
        threading.Thread(target=self._relay, args=(name, colour, process), daemon=True).start()

    def _relay(self, name: str, colour: str, process: subprocess.Popen) -> None:
        prefix = f"{colour}{name:<7}|{RESET} " if sys.stdout.isatty() else f"{name:<7}| "
        ready_line = READY_LINES.get(name)
        for line in process.stdout:
            if PROBE in line:
                continue
            sys.stdout.write(prefix + line)
            sys.stdout.flush()
            if ready_line and ready_line.search(line):
                self.ready[name].set()

    def failed(self) -> tuple[str, int] | None:
        for name, process in self.children:
            if process.poll() is not None:
                return name, process.returncode
        return None

    def wait_ready(self, web_url: str, timeout: float = READY_TIMEOUT) -> list[str]:
        """Wait until the web server answers and worker and beat said they are ready. Returns the
        names of those not ready in time (empty when all are), or raises ChildExited."""
        deadline = time.monotonic() + timeout
        while not self.stopping.is_set():
            if (failure := self.failed()) is not None:
                raise ChildExited(*failure)
            if not self.ready["web"].is_set() and http_answers(web_url):
                self.ready["web"].set()
            if all(event.is_set() for event in self.ready.values()):
                return []
            if time.monotonic() > deadline:
                break
            time.sleep(0.25)
        return [name for name, event in self.ready.items() if not event.is_set()]

    def wait(self) -> int:
        while not self.stopping.is_set():
            if (failure := self.failed()) is not None:
                name, code = failure
                say(f"{name} exited with code {code}; stopping the rest")
                return code or 1
            time.sleep(0.3)
        return 0

    def stop(self, timeout: float = 15) -> None:
        self.stopping.set()
        for _, process in self.children:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, process in self.children:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop in {timeout:.0f}s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class ChildExited(Exception):
    def __init__(self, name: str, code: int):
        super().__init__(f"{name} exited with code {code}")
        self.name, self.code = name, code


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # a local server: never via http_proxy


def http_answers(url: str) -> bool:
    try:
        with _NO_PROXY.open(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer (a 404, a redirect's target) means it serves
    except (OSError, ValueError):
        return False


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, cwd=BASE_DIR, check=False,
        stdout=subprocess.PIPE if capture else None, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        if capture and result.stdout:
            sys.stdout.write(result.stdout)
        raise subprocess.CalledProcessError(result.returncode, result.args)
    return result.stdout or ""


def summary(base_url: str, accounts: list[str], not_ready: list[str]) -> str:
    lines = [
        "",
        "[iwm] IWM is up" if not not_ready else f"[iwm] IWM is up, but not ready yet: {', '.join(not_ready)}",
        f"      API        {base_url}/api/v1/",
        f"      API docs   {base_url}/api/docs/   (OpenAPI schema: {base_url}/api/schema/)",
        f"      admin      {base_url}/admin/",
        *[f"      {line}" for line in accounts],
        "      Ctrl-C stops everything; `make status` says what runs.",
        "",
    ]
    return "\n".join(lines)


def clear_metrics(settings) -> None:
    """With metrics on, start from an empty PROMETHEUS_MULTIPROC_DIR: files left by the processes
    of an earlier run would be summed with this run's (prometheus_client's multiprocess mode)."""
    folder = getattr(settings, "PROMETHEUS_MULTIPROC_DIR", None) if getattr(settings, "METRICS_ENABLED", False) else None
    if folder is None:
        return
    for stale in Path(folder).glob("*.db"):
        stale.unlink(missing_ok=True)


def interrupt_on_signals() -> None:
    """Until the children run, SIGTERM and SIGHUP (`make stop`, a closed terminal) interrupt like
    Ctrl-C does, so the servers started so far are stopped on the way out."""

    def interrupt(*_):
        raise KeyboardInterrupt

    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, interrupt)


def serve(mode: str) -> int:
    """`make run` and `make dev`: checks, servers, migrations, demo, children, summary last."""
    settings = load_settings(os.environ.get("DJANGO_SETTINGS_MODULE") or "iwm.settings.base")
    host, port = schema_env("IWM_HOST"), schema_env("IWM_PORT")
    check_port_free(host, port)
    interrupt_on_signals()
    base_url = f"http://{connect_host(host)}:{port}"
    env = dict(os.environ)
    servers = Servers(settings)
    session = None
    accounts: list[str] = []
    shown = False
    try:
        servers.start()
        session = Session(mode, servers.used, url=base_url)
        clear_metrics(settings)
        if mode == "run":
            # Production mode unless told otherwise: no debug pages, no per-query bookkeeping.
            env.setdefault("DEBUG", "false")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        say("applying migrations")
        manage(env, "migrate", "--noinput")
        say("loading the demo catalog if the database is empty")
        manage(env, "load_demo", "--if-empty")
        manage(env, "embed_movies", "--no-progress", "--if-stale")
        accounts = [line for line in manage(env, "create_demo_accounts", capture=True).splitlines() if line.strip()]
        manage(env, "setup_periodic_tasks")
        supervisor = Supervisor(env, session)
        # Explicit handlers: a shell starting us in the background leaves SIGINT ignored.
        for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop_signal, lambda *_: supervisor.stopping.set())
        try:
            supervisor.spawn("web", web_command(mode, host, port))
            supervisor.spawn("worker", worker_command())
            supervisor.spawn("beat", beat_command())
            say(f"starting the web server ({mode}), the worker and beat")
            try:
                not_ready = supervisor.wait_ready(f"{base_url}/healthz?{PROBE}")
            except ChildExited as exc:
                say(f"{exc}; stopping the rest")
                return exc.code or 1
            if supervisor.stopping.is_set():
                return 0
            print(summary(base_url, accounts, not_ready), flush=True)
            shown = True
            return supervisor.wait()
        finally:
            say("stopping")
            supervisor.stop()
    finally:
        if accounts and not shown:  # a password shown once must not be lost to a failed start
            for line in accounts:
                say(line)
        if session:
            session.remove()
        servers.stop()


def exec_(command: list[str]) -> int:
    """`make test`: CMD with the test settings, PostgreSQL and the tests' own Redis."""
    if not command:
        say("exec needs a command: python -m iwm.launcher exec -- pytest")
        return 2
    settings = load_settings(TEST_SETTINGS)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=TEST_SETTINGS)
    servers = Servers(settings)
    session = None
    try:
        servers.start()
        session = Session("exec", servers.used)
        try:
            return subprocess.run(command, env=env, cwd=BASE_DIR).returncode
        except KeyboardInterrupt:
            return 130
    finally:
        if session:
            session.remove()
        servers.stop()


def all_servers() -> list:
    return [embedded.postgres(), embedded.redis_server(), embedded.redis_server_for_tests()]


def describe(server) -> str:
    name = {"redis": "Redis", "redis-test": "Redis for tests"}.get(server.data_dir.name, server.label)
    return f"{name:<16}"


def stop() -> int:
    for data in live_sessions():
        if data.get("mode") == "exec":
            continue  # a test run stops itself; its servers are left alone below
        say(f"stopping `make {data.get('mode')}` (pid {data['pid']})")
        with contextlib.suppress(ProcessLookupError):
            os.kill(data["pid"], signal.SIGTERM)
        deadline = time.monotonic() + 60
        while same_process(data["pid"], data.get("started")) and time.monotonic() < deadline:
            time.sleep(0.2)
    busy = {folder for data in live_sessions() for folder in data.get("servers", [])}
    for server in all_servers():
        if str(server.data_dir) in busy:
            say(f"{describe(server)} left running (a test run uses it)  {server.data_dir}")
            continue
        say(f"{describe(server)} {'stopped' if server.stop() else 'was not running':<22} {server.data_dir}")
    return 0


def status() -> int:
    for server in all_servers():
        state = f"running (pid {server.pid()})" if server.is_running() else "stopped"
        say(f"{describe(server)} {state:<22} {server.data_dir}")
    found = sessions()
    if not found:
        say("web, worker, beat: not running (no `make run` or `make dev`)")
    for path, data in found:
        alive = same_process(data["pid"], data.get("started"))
        what = "make test" if data.get("mode") == "exec" else f"make {data.get('mode')}"
        if alive:
            say(f"{what} (launcher pid {data['pid']}){' at ' + data['url'] if data.get('url') else ''}:")
        else:
            say(f"{what} (launcher pid {data['pid']}) is gone without stopping cleanly; what it started:")
        children = data.get("children", {})
        for name, child in children.items():
            running = same_process(child["pid"], child.get("started"))
            say(f"  {name:<7} {'running' if running else 'stopped'} (pid {child['pid']})")
        if not alive and not any(same_process(c["pid"], c.get("started")) for c in children.values()):
            path.unlink(missing_ok=True)  # nothing of it is left: forget it
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    action, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    try:
        if action in {"run", "dev"}:
            return serve(action)
        if action == "exec":
            return exec_(rest)
        if action == "stop":
            return stop()
        if action == "status":
            return status()
    except ImproperlyConfigured as exc:
        print(f"[iwm] error: {exc}", file=sys.stderr, flush=True)
        return 2
    except subprocess.CalledProcessError as exc:
        say(f"step failed ({' '.join(map(str, exc.cmd[1:]))}), exit code {exc.returncode}")
        return exc.returncode or 1
    except embedded.EmbeddedServiceError as exc:
        say(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
