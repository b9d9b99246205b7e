"""Recounting the social app's stored counters from the rows (for bulk loads such as the
seed and the demo data, which write rows directly, and to repair drift). The write paths keep
the counters right one change at a time; this sets them all at once, touching only the rows
whose counter differs. social.selectors.counters finds the differences without changing them."""

from __future__ import annotations

from django.db import connection, transaction

from social.selectors.counters import FOLLOW_COUNTS_SQL, NONZERO_REACTIONS, PULSE_COUNTS_SQL

RECOUNT_USERS_SQL = f"""
UPDATE users u SET followers_count = actual.followers, following_count = actual.following
FROM ({FOLLOW_COUNTS_SQL}) actual
WHERE u.id = actual.id AND (u.followers_count, u.following_count) IS DISTINCT FROM (actual.followers, actual.following)
"""

RECOUNT_PULSES_SQL = f"""
UPDATE pulses p SET reactions = actual.reactions, reactions_total = actual.reactions_total,
    comments_count = actual.comments_count
FROM ({PULSE_COUNTS_SQL}) actual
WHERE p.id = actual.id AND p.created_at = actual.created_at
  AND ((p.reactions_total, p.comments_count) IS DISTINCT FROM (actual.reactions_total, actual.comments_count)
       OR {NONZERO_REACTIONS.format(column="p.reactions")} <> actual.reactions)
"""


@transaction.atomic
def counters_recount() -> dict[str, int]:
    """Set every follow and pulse counter to what the rows say; rows changed per table."""
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT_USERS_SQL)
        users = cursor.rowcount
        cursor.execute(RECOUNT_PULSES_SQL)
        pulses = cursor.rowcount
    return {"users": users, "pulses": pulses}
