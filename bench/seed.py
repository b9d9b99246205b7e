"""`manage.py seed` at a scale, next to `pgbench -i -s 100` on the same server in the same run.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/seed.py [--scale full] [--keep]

Builds a scratch database `iwm_bench_seed` on the server the project uses (embedded, or
DATABASE_URL), applies every migration, seeds it (rows/s per table and in total), then loads
pgbench's 10 million narrow rows into `iwm_bench_pgbench` (the floor for a bulk load on this
server) and prints the ratio of the two rates. Figures go to bench/results/seed.json. `--keep`
leaves the seeded database for EXPLAIN sessions (bench/plans.py reads it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_DB, PGBENCH_DB = "iwm_bench_seed", "iwm_bench_pgbench"
PGBENCH_ROWS = 10_000_000  # -s 100: 100,000 rows per scale unit in pgbench_accounts (plus the small tables)


def admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)


def recreate(base: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def drop(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pgbench_init(url: str) -> dict:
    """`pgbench -i -s 100` (the server's own pgbench) into a fresh database; seconds and rows/s."""
    from django.db import connection

    from iwm.ops.clients import Target, find_client

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        number = int(cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    client = find_client("pgbench", server_major=number // 10000, server_version=version)
    target = Target.from_settings(dbname=PGBENCH_DB)
    env = dict(os.environ, PGPASSWORD=target.password or "")
    command = [str(client.path), "-i", "-s", "100", "-q", "-d", PGBENCH_DB, "-U", target.user or "postgres"]
    if target.host:
        command += ["-h", target.host]
    if target.port:
        command += ["-p", str(target.port)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    steps = re.findall(r"done in ([\d.]+) s \((.*)\)", done.stderr)
    return {"seconds": round(seconds, 2), "rows": PGBENCH_ROWS, "rows_per_s": round(PGBENCH_ROWS / seconds),
            "steps": steps[-1][1] if steps else ""}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="full", choices=["tiny", "small", "full"])
    parser.add_argument("--random-seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help=f"keep the {SEED_DB} database")
    args = parser.parse_args()

    from iwm import embedded

    base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    os.environ["DATABASE_URL"] = recreate(base, SEED_DB)
    recreate(base, PGBENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from iwm.seed.runner import seed_run

    embedded.start_configured(settings)
    print(f"database: {os.environ['DATABASE_URL']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started

    seeded = seed_run(scale=args.scale, random_seed=args.random_seed, log=print)
    total_rows = sum(seeded["rows"].values())
    seed_rate = total_rows / seeded["seconds"]
    print(f"\npgbench -i -s 100 into {PGBENCH_DB} ...")
    pgbench = pgbench_init(base)
    ratio = seed_rate / pgbench["rows_per_s"]
    print(f"\n{'':<28} {'rows':>12} {'seconds':>9} {'rows/s':>10}")
    print(f"{'manage.py seed --scale ' + args.scale:<28} {total_rows:>12,} {seeded['seconds']:>9.1f} {seed_rate:>10,.0f}")
    print(f"{'pgbench -i -s 100':<28} {pgbench['rows']:>12,} {pgbench['seconds']:>9.1f} {pgbench['rows_per_s']:>10,}")
    print(f"seed rate / pgbench rate: {ratio:.2f}   (migrate beforehand: {migrate_seconds:.1f} s)")

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "seed.json").write_text(json.dumps({
        "server": server, "scale": args.scale, "random_seed": args.random_seed,
        "migrate_seconds": round(migrate_seconds, 2), "seed": seeded, "seed_rows_per_s": round(seed_rate),
        "pgbench": pgbench, "ratio_to_pgbench": round(ratio, 3),
    }, indent=2) + "\n")  # fmt: skip
    print(f"written: {results / 'seed.json'}")

    from django.db import connections

    connections.close_all()
    drop(base, PGBENCH_DB)
    if not args.keep:
        drop(base, SEED_DB)


if __name__ == "__main__":
    main()
