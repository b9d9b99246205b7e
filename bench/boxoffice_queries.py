"""Box office read paths at world scale: timings, query counts and the plan each query gets.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/boxoffice_queries.py [--keep]

Builds a scratch database `iwm_bench_boxoffice` on the same server (embedded, or DATABASE_URL),
applies every migration, loads the demo data, and adds ten years (2016-2025) of weekend top-20
charts and daily totals for every one of the 43 regions (about 450,000 chart entries and 157,000
days; each film runs eight weekends). Then it calls each endpoint through the whole Django
stack and prints median and p95 per call with the access path of each query. `--keep` leaves
the database for EXPLAIN sessions of your own.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog_queries import measure  # noqa: E402  (prints timings and access paths)

BENCH_DB = "iwm_bench_boxoffice"
FIRST_FRIDAY, WEEKS, RANKS, RUN = "2016-01-01", 520, 20, 8


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)


def prepare_database() -> None:
    import psycopg

    from iwm import embedded

    base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    with psycopg.connect(_admin_url(base), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))


def fill() -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from boxoffice.choices import REGION_CURRENCY

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    timings["migrate + load_demo"] = time.perf_counter() - started
    regions = ", ".join(f"('{region}', '{currency}')" for region, currency in REGION_CURRENCY.items())
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Rank k of week w shows film (w - (k-1) % RUN, (k-1) / RUN): each film runs RUN weekends.
        cursor.execute(
            f"""
            INSERT INTO box_office_weekend_entries
                (region, period_start, period_end, rank, title, distributor, weekend_gross, total_gross,
                 currency, source, created_at, updated_at)
            SELECT r.region, DATE '{FIRST_FRIDAY}' + 7 * w, DATE '{FIRST_FRIDAY}' + 7 * w + 2, k,
                   'Bench film ' || (w - (k - 1) % {RUN}) || '-' || (k - 1) / {RUN},
                   'Studio ' || (w + k) % 12, (100 - k) * 100000 + w, (100 - k) * 500000 + w,
                   r.currency, 'sample', now(), now()
            FROM (VALUES {regions}) AS r(region, currency),
                 generate_series(0, {WEEKS - 1}) AS w, generate_series(1, {RANKS}) AS k
            WHERE NOT (r.region IN ('US', 'GB') AND DATE '{FIRST_FRIDAY}' + 7 * w > DATE '2022-12-31')
            """
        )
        cursor.execute(
            f"""
            INSERT INTO box_office_trends (region, date, gross, currency, source, updated_at)
            SELECT r.region, d::date, 1000000 + extract(dow FROM d)::int * 100000, r.currency, 'sample', now()
            FROM (VALUES {regions}) AS r(region, currency),
                 generate_series(DATE '2016-01-01', DATE '2025-12-31', INTERVAL '1 day') AS d
            ON CONFLICT (region, date) DO NOTHING
            """
        )
        cursor.execute("ANALYZE box_office_weekend_entries; ANALYZE box_office_trends")
        cursor.execute("SELECT count(*) FROM box_office_weekend_entries")
        entries = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM box_office_trends")
        days = cursor.fetchone()[0]
    timings[f"seed {entries:,} chart entries, {days:,} days"] = time.perf_counter() - started
    return timings


def run_queries() -> None:
    from django.test import Client

    from boxoffice import selectors

    client = Client()

    def api(path):
        def call():
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            return body.get("results") or body.get("entries") or body.get("points") or body.get("groups") or body

        return call

    print("\n-- selectors (SQL only) --")
    measure("weekend_chart FR latest", lambda: selectors.weekend_chart(region="FR")["entries"])
    measure("trend_series FR 2 years by day", lambda: selectors.trend_series(
        region="FR", start=__import__("datetime").date(2023, 1, 1), end=__import__("datetime").date(2024, 12, 31),
        interval="day"))  # fmt: skip
    print("\n-- API endpoints (whole request) --")
    measure("GET /boxoffice/weekend/?region=FR", api("/api/v1/boxoffice/weekend/?region=FR"))
    measure("GET /boxoffice/weekend/?region=JP&date=2020-06-10", api("/api/v1/boxoffice/weekend/?region=JP&date=2020-06-10"))
    measure("GET /boxoffice/weekend/?date=2023-07-25 (demo US)", api("/api/v1/boxoffice/weekend/?date=2023-07-25"))
    measure("GET /boxoffice/trends/?region=FR (default month)", api("/api/v1/boxoffice/trends/?region=FR"))
    measure("GET /boxoffice/trends/ 2 years by day", api("/api/v1/boxoffice/trends/?region=FR&from=2023-01-01&to=2024-12-31"))
    measure("GET /boxoffice/trends/ 10 years by week", api("/api/v1/boxoffice/trends/?region=FR&from=2016-01-01&to=2025-10-31&interval=week"))
    measure("GET /boxoffice/trends/ 10 years by month", api("/api/v1/boxoffice/trends/?region=FR&from=2016-01-01&to=2025-10-31&interval=month"))
    measure("GET /boxoffice/ytd/", api("/api/v1/boxoffice/ytd/"))
    measure("GET /boxoffice/records/?region=WW", api("/api/v1/boxoffice/records/?region=WW"))
    measure("GET /boxoffice/breakdown/?by=studio&region=FR&year=2020", api("/api/v1/boxoffice/breakdown/?by=studio&region=FR&year=2020"))
    measure("GET /boxoffice/breakdown/?by=month&region=FR", api("/api/v1/boxoffice/breakdown/?by=month&region=FR"))
    measure("GET /boxoffice/breakdown/?by=genre&region=US", api("/api/v1/boxoffice/breakdown/?by=genre&region=US"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()
    prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    print(f"database: {os.environ['DATABASE_URL']}")
    for label, seconds in fill().items():
        print(f"{label:<52} {seconds:8.2f} s")
    run_queries()
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(_admin_url(os.environ["DATABASE_URL"]), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
