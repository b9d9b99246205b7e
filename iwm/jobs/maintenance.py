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
