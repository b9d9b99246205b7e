"""How many rows per second one primary takes: notifications written five ways.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/write_rate.py [--keep] [--scale 1]

On the scratch database `iwm_bench` (as catalog_queries.py makes it), migrated, with 2,000 members:

1. the ORM, one row per transaction (`Notification.objects.create`, autocommit): what one request
   writing one row costs, each commit waiting for its WAL flush;
2. the same from 4 threads at once, each with its own connection (a web server's threads): commits
   share WAL flushes (group commit);
3. the ORM, `bulk_create` in batches of 1,000 rows, one transaction per batch;
4. `notify()`'s own INSERT ... SELECT (social/services/notifications.py), 100 recipients a statement:
   the fan-out of one event to many members, with their preferences checked in the same statement;
5. COPY FROM STDIN through psycopg, 50,000 rows a transaction: the floor for bulk loads (seeds,
   imports, backfills).

Then the size a notification takes on disk, table and indexes together (the partitioned parent's
partitions), which docs/scaling.md uses for the growth curve. Figures depend on the disk's fsync
latency (1 and 2) and on the two cores here; run it on the real server for real capacity planning.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_queries import BENCH_DB, prepare_database  # noqa: E402

MEMBERS = 2_000


def fill_members() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO users (external_id, email, username, name, avatar_url, bio, location, website, password,
                is_active, is_staff, is_superuser, created_at, updated_at)
            SELECT 'bench-user-' || g, 'bench' || g || '@example.com', 'bench' || g, 'Bench ' || g, '', '', '', '',
                   '!', true, false, false, now(), now()
            FROM generate_series(1, {MEMBERS}) g
        """)


def member_ids() -> list[int]:
    from social.models import User

    return list(User.objects.order_by("id").values_list("id", flat=True))


def rate(label: str, rows: int, seconds: float, results: list) -> None:
    results.append((label, rows, seconds, rows / seconds))
    print(f"{label:<62} {rows:>9,} rows {seconds:8.2f} s {rows / seconds:>11,.0f} rows/s", flush=True)


def orm_one_per_transaction(ids: list[int], rows: int) -> float:
    from social.models import Notification

    started = time.perf_counter()
    for n in range(rows):
        Notification.objects.create(user_id=ids[n % len(ids)], type="system", title=f"bench {n}",
                                    metadata={"n": n})  # fmt: skip
    return time.perf_counter() - started


def orm_threads(ids: list[int], rows_per_thread: int, threads: int) -> float:
    from django.db import connection

    def work(offset: int) -> None:
        try:
            orm_one_per_transaction(ids[offset:] + ids[:offset], rows_per_thread)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(index * 97,)) for index in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def orm_bulk(ids: list[int], rows: int, batch: int = 1_000) -> float:
    from django.db import transaction

    from social.models import Notification

    started = time.perf_counter()
    for start in range(0, rows, batch):
        with transaction.atomic():
            Notification.objects.bulk_create(
                Notification(user_id=ids[n % len(ids)], type="system", title=f"bench {n}", metadata={"n": n})
                for n in range(start, min(rows, start + batch))
            )
    return time.perf_counter() - started


def notify_fan_out(ids: list[int], rows: int, recipients: int = 100) -> float:
    from social.services.notifications import _deliver

    started = time.perf_counter()
    for start in range(0, rows, recipients):
        chosen = [ids[(start + k) % len(ids)] for k in range(recipients)]
        _deliver({"recipients": chosen, "actor": None, "type": "system", "title": "fan-out", "message": "",
                  "action_url": "", "metadata": json.dumps({"n": start})})  # fmt: skip
    return time.perf_counter() - started


def copy_rows(ids: list[int], rows: int, batch: int = 50_000) -> float:
    from django.db import connection, transaction

    now = datetime.now(UTC)
    started = time.perf_counter()
    for start in range(0, rows, batch):
        with transaction.atomic(), connection.cursor() as cursor:
            copy_sql = ("COPY notifications (user_id, type, title, message, action_url, metadata, is_read, created_at) "
                        "FROM STDIN")  # fmt: skip
            with cursor.cursor.copy(copy_sql) as copy:
                for n in range(start, min(rows, start + batch)):
                    copy.write_row((ids[n % len(ids)], "system", f"bench {n}", "", "", json.dumps({"n": n}), False,
                                    now - timedelta(seconds=n % 86_400)))  # fmt: skip
    return time.perf_counter() - started


def bytes_per_row() -> tuple[int, int, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE notifications")
        cursor.execute("""
            SELECT count(*) FROM notifications
        """)
        rows = cursor.fetchone()[0]
        cursor.execute("""
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'notifications'::regclass
        """)
        size = cursor.fetchone()[0]
    return rows, size, size / max(rows, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the iwm_bench database")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every row count (default 1)")
    args = parser.parse_args()
    prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    os.environ.setdefault("DEBUG", "false")  # no per-query bookkeeping in the timings
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from iwm import embedded

    embedded.start_configured(settings)  # the embedded Redis too: notify() forgets cached unread counts
    print(f"database: {os.environ['DATABASE_URL']}")
    fill_members()
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        sync = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"PostgreSQL {version}, synchronous_commit={sync}, {os.cpu_count()} CPU cores, {MEMBERS:,} members\n")
    ids = member_ids()
    scale = args.scale
    results: list = []
    single = int(2_000 * scale)
    rate("ORM create(), one row per transaction, 1 connection", single, orm_one_per_transaction(ids, single), results)
    per_thread = int(1_000 * scale)
    rate("ORM create(), one row per transaction, 4 threads", 4 * per_thread, orm_threads(ids, per_thread, 4), results)
    bulk = int(50_000 * scale)
    rate("ORM bulk_create(), 1,000 rows per transaction", bulk, orm_bulk(ids, bulk), results)
    fan = int(50_000 * scale)
    rate("notify() INSERT ... SELECT, 100 recipients per statement", fan, notify_fan_out(ids, fan), results)
    copied = int(200_000 * scale)
    rate("COPY FROM STDIN, 50,000 rows per transaction", copied, copy_rows(ids, copied), results)
    rows, size, per_row = bytes_per_row()
    print(f"\nnotifications on disk: {rows:,} rows, {size / 1024 / 1024:,.1f} MiB with indexes, "
          f"{per_row:,.0f} bytes per row")  # fmt: skip
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        admin = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
        with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
