"""Backup and restore times: `manage.py backup` and `restore` on the demo data, or at catalog scale.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/backup_restore.py [--catalog] [--keep]

Builds the scratch database `iwm_bench_backup` on the same server (embedded, or DATABASE_URL),
applies every migration and loads the demo data of every app with its plot embeddings (with
`--catalog`: also SCHEMA.md's catalog scale, as bench/catalog_queries.py fills it). Then, for
the custom and the plain format, it times the backup (file size, tables) and the restore into
a new database `iwm_bench_backup_restored` (dropped afterwards), and checks that every table
came back with its rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.catalog_queries as catalog  # noqa: E402

BENCH_DB = "iwm_bench_backup"
RESTORED_DB = f"{BENCH_DB}_restored"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", action="store_true", help="add the catalog at SCHEMA.md's scale")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()
    catalog.BENCH_DB = BENCH_DB
    catalog.prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from iwm import embedded
    from iwm.db.status import human_bytes
    from iwm.ops.backup import backup_create
    from iwm.ops.clients import Target
    from iwm.ops.restore import backup_restore, database_drop
    from movies.services.embeddings import movie_embeddings_refresh

    embedded.start_configured(settings, needs=("postgres",))
    print(f"database: {os.environ['DATABASE_URL']}")
    started = time.perf_counter()
    if args.catalog:
        catalog.fill()
    else:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
    movie_embeddings_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT sum(n_live_tup) FROM pg_stat_user_tables")
        rows = cursor.fetchone()[0]
    print(f"filled in {time.perf_counter() - started:.1f} s: about {rows:,} rows")
    print(f"{'format':<8} {'backup':>9} {'size':>10} {'restore':>9} {'tables':>7} {'rows':>11}")
    with tempfile.TemporaryDirectory(prefix="iwm-bench-backup-") as folder:
        for fmt in ("custom", "plain"):
            backup = backup_create(format=fmt, folder=Path(folder), keep=10)
            restored = backup_restore(backup.path, target_db=RESTORED_DB)
            print(f"{fmt:<8} {backup.seconds:>7.2f} s {human_bytes(backup.bytes):>10} {restored.seconds:>7.2f} s "
                  f"{len(restored.tables):>7} {restored.rows:>11,}")  # fmt: skip
            database_drop(Target.from_settings(dbname=RESTORED_DB))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        admin = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
        with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
