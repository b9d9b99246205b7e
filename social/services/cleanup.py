"""The social tables' scheduled upkeep: trending topics, and old pulses nobody engaged with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from iwm.db import partitions
from social.services.trending import trending_topics_refresh


def trending_topics_job(*, now: datetime | None = None) -> dict:
    """The daily "update trending topics" job: every window recomputed."""
    stored = trending_topics_refresh(now=now)
    return {"rows": sum(stored.values()), "per_window": stored}


def pulses_cleanup(*, now: datetime | None = None, older_than_days: int | None = None) -> dict:
    """Delete pulses older than PULSE_CLEANUP_DAYS that nobody engaged with (no reactions, no
    visible comment, no share), one monthly partition per statement, so the work is bounded by
    a partition's size whatever the table's. Their hidden comments go with them (ON DELETE
    CASCADE). Safe to run twice: the second run finds nothing."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days or settings.PULSE_CLEANUP_DAYS)
    deleted, touched = 0, []
    for partition in partitions.partitions_of(partitions.spec_for("pulses")):
        if partition.is_default:
            continue  # kept empty by partition maintenance; its rows are moved, not deleted
        if partition.start >= cutoff:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f'DELETE FROM "{partition.name}" WHERE created_at < %s AND reactions_total = 0 '
                "AND comments_count = 0 AND shares_count = 0",
                [cutoff],
            )
            if cursor.rowcount:
                touched.append(partition.name)
            deleted += cursor.rowcount
    return {"rows": deleted, "cutoff": cutoff.astimezone(UTC).isoformat(), "partitions": touched}
