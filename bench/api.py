"""The API under load, served as in production, endpoint by endpoint.

    .venv/bin/python bench/api.py [--reuse] [--seconds 3] [--rounds 3] [--connections 1,8,32]

Needs wrk (Debian: `apt-get install wrk`; macOS: `brew install wrk`). It:

1. fills the scratch database `iwm_bench` with the catalog at SCHEMA.md's scale (the same fill as
   bench/catalog_queries.py), or reuses it with `--reuse`;
2. serves the API with gunicorn and the production settings (gthread workers with keep-alive,
   DEBUG off) on a free local port;
3. drives every endpoint with wrk, interleaving endpoints in short slices (round 1 runs each
   endpoint once, then round 2, ...) so that drift of the machine hits all of them alike;
4. prints, and writes to bench/results/api.json, for each endpoint and connection count:
   requests/s, p50/p95/p99 latency, errors (non-2xx and socket errors), the throughput as a
   fraction of the trivial endpoint's (the API root: a DRF view with authentication, throttling
   and the JSON renderer, no SQL) measured in the same run, and CPU time per request split
   between the gunicorn workers and the PostgreSQL backends (from /proc).

Endpoint list: ENDPOINTS below; later apps add theirs.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

# name -> path; "{movie}" etc. are filled from the bench database.
ENDPOINTS: dict[str, str] = {
    "trivial: API root": "/api/v1/",
    "404 (no view, no SQL)": "/api/v1/no-such-endpoint/",
    "movies page_size=1": "/api/v1/movies/?page_size=1",
    "movies": "/api/v1/movies/",
    "movies genre+year+ordering": "/api/v1/movies/?genre=drama&year_min=1990&ordering=-siddu_score",
    "movie detail": "/api/v1/movies/{movie}/",
    "search intersteller": "/api/v1/search/?q=intersteller",
    "movies autocomplete star": "/api/v1/movies/autocomplete/?q=star",
    "people autocomplete chris": "/api/v1/people/autocomplete/?q=chris",
    "similar": "/api/v1/movies/{movie}/similar/",
    "theaters near London": "/api/v1/theaters/?near=51.5072,-0.1276&radius_km=10",
    "movies where to watch": "/api/v1/movies/?watch_region=US&watch_platforms=netflix",
    "collections": "/api/v1/collections/",
    "casting calls open": "/api/v1/casting-calls/?open=true",
    "casting calls search": "/api/v1/casting-calls/?q=lighthouse&role_type=lead",
    "movie reviews": "/api/v1/movies/{movie}/reviews/",
    "movie reviews most helpful": "/api/v1/movies/{movie}/reviews/?ordering=-helpful_votes",
}
TRIVIAL = "trivial: API root"
EXPECTED_STATUS = {"404 (no view, no SQL)": 404}

# No response() callback: it would cost wrk CPU on every response. summary.errors.status counts
# the responses that were not 2xx/3xx.
LUA = r"""
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- CPU accounting from /proc ------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used) of a process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_cpu(parent: int) -> float:
    """CPU seconds of every live child of `parent` (gunicorn's workers, PostgreSQL's backends)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[0] == parent:
                total += stat[1]
    return total


# --- the bench database and the server ----------------------------------------------------------


def bench_database(reuse: bool) -> tuple[str, str]:
    """(DATABASE_URL of iwm_bench, REDIS_URL), filling the database unless reused."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    from iwm import embedded

    base_url = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    redis_url = os.environ.get("REDIS_URL") or embedded.ensure_redis_url()
    os.environ["DATABASE_URL"] = base_url
    sys.path.insert(0, str(ROOT / "bench"))
    import catalog_queries

    if reuse:
        os.environ["DATABASE_URL"] = catalog_queries.bench_url(base_url)
    else:
        catalog_queries.prepare_database()
        import django

        django.setup()
        for label, seconds in catalog_queries.fill().items():
            print(f"  {label:<44} {seconds:8.2f} s")
        from django.db import connections

        connections.close_all()
    return os.environ["DATABASE_URL"], redis_url


def postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's pid, when it runs on this machine (embedded, or local)."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    stat = _stat(backend)
    return stat[0] if stat else None


def resolve_ids(database_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        movie = conn.execute("SELECT id FROM movies WHERE title = 'Interstellar'").fetchone()[0]
    return {"movie": movie}


class Server:
    def __init__(self, database_url: str, redis_url: str, workers: int, threads: int):
        self.port = free_port()
        env = dict(os.environ) | {
            "DJANGO_SETTINGS_MODULE": "iwm.settings.production",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",  # no log line per 404 or 400: the bench measures the API, not logging
            "AUTH_THROTTLE_RATE": "1000000/min",
            "DATABASE_POOL_MAX_SIZE": str(max(threads, 4)),
            "PYTHONWARNINGS": "ignore:No directory at",  # static files are not collected: the API needs none
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "iwm.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
             "--keep-alive", "30", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/api/v1/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)


# --- measuring ---------------------------------------------------------------------------------


def run_wrk(url: str, connections: int, seconds: float, script: str) -> dict:
    threads = min(connections, 2)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", script, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON "))


def measure(server: Server, paths: dict[str, str], connections: list[int], rounds: int, seconds: float, pg_pid):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
        script = handle.name
    # Warm up every endpoint (imports, plans, caches) before any slice counts.
    for path in paths.values():
        run_wrk(server.url + path, 2, 1, script)
    samples: dict[tuple[str, int], list[dict]] = {}
    for connection_count in connections:
        for _ in range(rounds):
            for name, path in paths.items():
                app_before = children_cpu(server.process.pid)
                pg_before = children_cpu(pg_pid) if pg_pid else 0.0
                result = run_wrk(server.url + path, connection_count, seconds, script)
                result["app_cpu_s"] = children_cpu(server.process.pid) - app_before
                result["pg_cpu_s"] = (children_cpu(pg_pid) - pg_before) if pg_pid else None
                samples.setdefault((name, connection_count), []).append(result)
    os.unlink(script)
    return samples


def summarise(samples, connections: list[int]) -> list[dict]:
    rows = []
    for connection_count in connections:
        trivial = None
        for (name, count), runs in samples.items():
            if count != connection_count:
                continue
            requests = sum(run["requests"] for run in runs)
            duration = sum(run["duration_us"] for run in runs) / 1e6
            non_2xx = sum(run["non_2xx"] for run in runs)
            unexpected = requests - non_2xx if name in EXPECTED_STATUS else non_2xx
            row = {
                "endpoint": name,
                "connections": connection_count,
                "requests": requests,
                "rps": requests / duration if duration else 0.0,
                "p50_ms": statistics.median(run["p50_us"] for run in runs) / 1000,
                "p95_ms": statistics.median(run["p95_us"] for run in runs) / 1000,
                "p99_ms": statistics.median(run["p99_us"] for run in runs) / 1000,
                "errors": unexpected + sum(run["socket_errors"] for run in runs),
                "app_cpu_ms_per_request": 1000 * sum(run["app_cpu_s"] for run in runs) / requests if requests else None,
                "pg_cpu_ms_per_request": (
                    1000 * sum(run["pg_cpu_s"] for run in runs) / requests
                    if requests and runs[0]["pg_cpu_s"] is not None
                    else None
                ),
            }
            if name == TRIVIAL:
                trivial = row["rps"]
            rows.append(row)
        for row in rows:
            if row["connections"] == connection_count:
                row["fraction_of_trivial"] = row["rps"] / trivial if trivial else None
    return rows


def print_table(rows: list[dict]) -> None:
    header = f"{'endpoint':<30} {'c':>3} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>5} {'of triv':>7} {'app ms':>7} {'pg ms':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        pg = f"{row['pg_cpu_ms_per_request']:7.2f}" if row["pg_cpu_ms_per_request"] is not None else "      -"
        print(
            f"{row['endpoint'][:30]:<30} {row['connections']:>3} {row['rps']:8.0f} {row['p50_ms']:7.1f} "
            f"{row['p95_ms']:7.1f} {row['p99_ms']:7.1f} {row['errors']:>5} {row['fraction_of_trivial']:7.0%} "
            f"{row['app_cpu_ms_per_request']:7.2f} {pg}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="reuse the iwm_bench database as it is")
    parser.add_argument("--seconds", type=int, default=3, help="length of one slice in whole seconds (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="slices per endpoint and connection count")
    parser.add_argument("--connections", default="1,8,32", help="comma-separated connection counts")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--only", help="comma-separated substrings: only endpoints whose name contains one")
    parser.add_argument("--output", default=str(RESULTS / "api.json"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk (macOS)")
    connections = [int(part) for part in args.connections.split(",")]

    print("bench database:")
    database_url, redis_url = bench_database(args.reuse)
    ids = resolve_ids(database_url)
    paths = {name: path.format(**ids) for name, path in ENDPOINTS.items()}
    if args.only:
        wanted = [part.strip() for part in args.only.split(",")]
        paths = {name: path for name, path in paths.items() if name == TRIVIAL or any(w in name for w in wanted)}
    pg_pid = postmaster_pid(database_url)
    server = Server(database_url, redis_url, args.workers, args.threads)
    try:
        print(f"serving {server.url} (gunicorn gthread {args.workers}x{args.threads}, production settings)")
        samples = measure(server, paths, connections, args.rounds, args.seconds, pg_pid)
    finally:
        server.stop()
    rows = summarise(samples, connections)
    print_table(rows)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {"cpus": os.cpu_count()},
                "server": {"workers": args.workers, "threads": args.threads, "settings": "iwm.settings.production"},
                "slice_seconds": args.seconds,
                "rounds": args.rounds,
                "results": rows,
            },
            indent=2,
        )
    )
    print(f"written to {output}")


if __name__ == "__main__":
    main()
