"""The database's own upkeep, as scheduled jobs: partitions, notification expiry, VACUUM."""

from __future__ import annotations

from datetime import UTC, datetime

from iwm.db import partitions

# Tables that take most writes; VACUUM (ANALYZE) keeps their statistics and visibility maps
# fresh (autovacuum does too, but the original platform's weekly pass is kept).
BUSY_TABLES = (
    "reviews", "review_votes", "review_comments", "pulses", "pulse_reactions", "pulse_comments",
    "notifications", "user_follows", "watchlist", "favorites", "quiz_attempts", "quiz_answers",
    "movies", "users",
)  # fmt: skip


def partitions_maintain(*, now: datetime | None = None) -> dict:
    """Partitions of the coming periods for every partitioned table (rows out of DEFAULT), and
    partitions wholly past retention dropped."""
    now = now or datetime.now(UTC)
    created, moved, dropped, dropped_rows = [], 0, [], 0
    for spec in partitions.registered():
        ensured = partitions.partitions_ensure(spec, now=now)
        created += ensured.created
        moved += ensured.moved_rows
        pruned = partitions.partitions_prune(spec, now=now)
        dropped += pruned.dropped
        dropped_rows += pruned.rows_dropped
    return {"rows": moved + dropped_rows, "created": created, "moved_out_of_default": moved, "dropped": dropped}


def notifications_cleanup(*, now: datetime | None = None) -> dict:
    """Notifications past retention, whole months at a time: DROP of a partition, not DELETE
    of millions of rows (bench/jobs.py measures the difference)."""
    pruned = partitions.partitions_prune(partitions.spec_for("notifications"), now=now or datetime.now(UTC))
    return {"rows": pruned.rows_dropped, "dropped": pruned.dropped, "cutoff": pruned.cutoff and pruned.cutoff.isoformat()}


def vacuum_analyze(*, tables: tuple[str, ...] = BUSY_TABLES) -> dict:
    """VACUUM (ANALYZE) each busy table that exists. VACUUM cannot run inside a transaction:
    this runs on an autocommit connection of its own."""
    from iwm.jobs.runner import own_connection

    done = []
    with own_connection() as conn:
        existing = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        existing |= {row[0] for row in conn.execute("SELECT relname FROM pg_class WHERE relkind = 'p'")}
        for table in tables:
            if table in existing:
                conn.execute(f'VACUUM (ANALYZE) "{table}"')
                done.append(table)
    return {"rows": 0, "tables": done}


# --- the same jobs as SQL, for pg_cron (iwm.ops.pg_cron) ------------------------------------------
# Each returns the command pg_cron runs. Values that come from settings or the code (tables,
# retention) are written into the command when `manage.py pg_cron --install` runs: install again
# after changing NOTIFICATION_RETENTION_MONTHS or adding a partitioned or busy table.


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def partitions_maintain_sql() -> str:
    """iwm_partitions_ensure and iwm_partitions_prune (migration iwm.0005) for every
    partitioned table: what partitions_maintain does, in one transaction."""
    statements = []
    for spec in partitions.registered():
        table, column = _literal(spec.table), _literal(spec.column)
        statements.append(
            f"SELECT public.iwm_partitions_ensure({table}, {_literal(spec.interval)}, {int(spec.ahead)}, {column});"
        )
        months = spec.retention_months()
        if months is not None:
            statements.append(f"SELECT public.iwm_partitions_prune({table}, {int(months)}, {column});")
    return "\n".join(statements)


def notifications_cleanup_sql() -> str:
    spec = partitions.spec_for("notifications")
    months = spec.retention_months()
    if months is None:
        return "SELECT 'notifications keep everything: nothing to clean up'"
    return f"SELECT public.iwm_partitions_prune({_literal(spec.table)}, {int(months)}, {_literal(spec.column)});"


def vacuum_analyze_sql(*, tables: tuple[str, ...] = BUSY_TABLES) -> str:
    """One VACUUM (ANALYZE) statement over the busy tables that exist: pg_cron runs a lone
    statement outside a transaction block, as VACUUM needs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') "
            "AND NOT relispartition AND relname = ANY(%s)",
            [list(tables)],
        )
        existing = {row[0] for row in cursor.fetchall()}
    names = [f'public."{table}"' for table in tables if table in existing]
    return "VACUUM (ANALYZE) " + ", ".join(names) if names else "VACUUM (ANALYZE)"
