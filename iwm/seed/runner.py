"""The seed run: checks, the real demo data, the synthetic load with indexes deferred, the
work that needs the indexes back (counters, trending, embeddings), then ANALYZE."""

from __future__ import annotations

import time

from django.apps import apps
from django.db import connection, transaction

from iwm.demo import demo_load_all
from iwm.seed import Progress, SeedPlan, seed_modules
from iwm.seed.schema import secondary_structures_deferred

# The apps whose tables are IWM's own (what --reset empties; Django's, Celery beat's and the
# job history stay).
IWM_APPS = ("social", "movies", "awards", "boxoffice", "quizzes", "talent", "moderation")
# Configuration, not data: written by a migration, kept by --reset (who changed a setting is
# forgotten with the members).
KEPT = {"system_settings"}


class SeedRefused(Exception):
    pass


def iwm_tables() -> list[str]:
    tables: set[str] = set()
    for label in IWM_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.proxy and model._meta.managed:
                tables.add(model._meta.db_table)
    return sorted(tables - KEPT)


def tables_with_rows(tables: list[str]) -> list[str]:
    existing = set(connection.introspection.table_names())
    full = []
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                if cursor.fetchone()[0]:
                    full.append(table)
    return full


def iwm_tables_empty() -> None:
    """TRUNCATE every IWM table (partitions with their parents), identities restarted.
    CASCADE also empties the rows of other apps that point at members (admin log entries,
    issued tokens): they would refer to no one."""
    tables = [t for t in iwm_tables() if t in set(connection.introspection.table_names())]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE kept_settings ON COMMIT DROP AS SELECT * FROM system_settings")
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        cursor.execute("INSERT INTO system_settings SELECT * FROM kept_settings ON CONFLICT DO NOTHING")
        cursor.execute("UPDATE system_settings SET updated_by_id = NULL WHERE updated_by_id IS NOT NULL")


def seed_run(*, scale: str, random_seed: int, reset: bool = False, log=print) -> dict:
    plan = SeedPlan(scale=scale, random_seed=random_seed)
    progress = Progress(log)
    started = time.perf_counter()
    with transaction.atomic():
        full = tables_with_rows(iwm_tables())
        if full and not reset:
            raise SeedRefused(
                f"the database already holds data ({', '.join(full[:5])}{', ...' if len(full) > 5 else ''}); "
                "run with --reset to empty IWM's tables first"
            )
        # Emptied (and identities restarted) even when nothing is there, so that every run starts
        # from the same state and one random seed gives the same ids.
        with progress.step("reset (truncate)") as step:
            iwm_tables_empty()
            step.done(len(full))
        log("demo data (the real catalog first):")
        demo_load_all(log=lambda line: None)
        modules = seed_modules()
        tables = [table for module in modules for table in module.TABLES]
        log(f"synthetic rows, scale {scale}, random seed {random_seed}:")
        with connection.cursor() as cursor:
            # A bulk load: no per-statement limit (the API's DATABASE_STATEMENT_TIMEOUT_MS is
            # for requests), no wait for the WAL flush at each commit.
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Index builds sort in memory rather than in temporary files.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: check the demo rows' keys
            # now, since a table with pending checks cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with secondary_structures_deferred(cursor, tables, log=log):
                for module in modules:
                    module.seed(plan, cursor, progress)
                # Statistics before the set-based recounts (planned on "empty" tables, their
                # joins become nested loops over millions of rows), and the recounts before the
                # indexes come back: each counter written then is a heap write only, not a new
                # entry in every index of the row (a GIN on hashtags among them).
                with progress.step("analyze (loaded tables)") as step:
                    cursor.execute("ANALYZE " + ", ".join(f'"{table}"' for table in tables))
                    step.done(len(tables))
                for module in modules:
                    after = getattr(module, "after_load", None)
                    if after is not None:
                        after(plan, cursor, progress)
                index_started = time.perf_counter()
            log(f"  indexes and foreign keys rebuilt in {time.perf_counter() - index_started:.1f} s")
    # The loaded tables were analysed after the load; the rest (demo-only tables) now.
    existing = set(connection.introspection.table_names())
    others = [table for table in iwm_tables() if table not in set(tables) and table in existing]
    with progress.step("analyze (the other tables)") as step, connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(f'"{table}"' for table in others))
        step.done(len(others))
    seconds = time.perf_counter() - started
    rows = table_row_counts(iwm_tables())
    total = sum(rows.values())
    log(f"done: {total:,} rows in IWM's tables, {seconds:.1f} s in all ({total / seconds:,.0f} rows/s)")
    return {"scale": scale, "random_seed": random_seed, "seconds": round(seconds, 2), "rows": rows,
            "steps": progress.timings}  # fmt: skip


def table_row_counts(tables: list[str]) -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
    return counts
