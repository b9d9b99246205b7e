"""The social app's stored counters compared with what the rows say.

`counter_mismatches()` lists every user whose followers_count / following_count, and every
pulse whose reactions (per kind), reactions_total or comments_count (visible comments),
differs from a count of the rows. It reads whole tables: an operator's and a test's tool, not
a request's. social.services.counters.counters_recount fixes what it finds.
"""

from __future__ import annotations

from django.db import connection

# Two aggregates joined by hash: one pass over user_follows each, whatever indexes exist (a
# bulk load recounts before its indexes are rebuilt).
FOLLOW_COUNTS_SQL = """
SELECT u.id, coalesce(fr.n, 0)::int AS followers, coalesce(fg.n, 0)::int AS following
FROM users u
LEFT JOIN (SELECT following_id AS id, count(*) AS n FROM user_follows GROUP BY following_id) fr ON fr.id = u.id
LEFT JOIN (SELECT follower_id AS id, count(*) AS n FROM user_follows GROUP BY follower_id) fg ON fg.id = u.id
"""

# One aggregate over reactions and visible comments together, joined once: with two
# separately aggregated joins the planner (its group-count estimates off after a bulk load)
# chose a nested loop that re-aggregated the comments once per pulse: 9 s for 10,000 pulses.
PULSE_COUNTS_SQL = """
SELECT p.id, p.created_at,
       COALESCE(a.reactions, '{}'::jsonb) AS reactions,
       COALESCE(a.reactions_total, 0) AS reactions_total,
       COALESCE(a.comments_count, 0) AS comments_count
FROM pulses p
LEFT JOIN (
    SELECT pulse_id, pulse_created_at,
           jsonb_object_agg(kind, uses) FILTER (WHERE kind IS NOT NULL) AS reactions,
           (sum(uses) FILTER (WHERE kind IS NOT NULL))::int AS reactions_total,
           (sum(uses) FILTER (WHERE kind IS NULL))::int AS comments_count
    FROM (
        SELECT pulse_id, pulse_created_at, kind, count(*)::int AS uses
        FROM pulse_reactions GROUP BY pulse_id, pulse_created_at, kind
        UNION ALL
        SELECT pulse_id, pulse_created_at, NULL, count(*)::int
        FROM pulse_comments WHERE status = 'visible' GROUP BY pulse_id, pulse_created_at
    ) per_kind
    GROUP BY pulse_id, pulse_created_at
) a ON a.pulse_id = p.id AND a.pulse_created_at = p.created_at
"""

# A stored {kind: count} without its zero counts (the write path leaves {"like": 0} behind).
NONZERO_REACTIONS = (
    "COALESCE((SELECT jsonb_object_agg(key, value) FROM jsonb_each({column}) WHERE value <> '0'::jsonb), '{{}}'::jsonb)"
)

USER_MISMATCHES_SQL = f"""
SELECT u.id, u.followers_count, actual.followers, u.following_count, actual.following
FROM users u JOIN ({FOLLOW_COUNTS_SQL}) actual ON actual.id = u.id
WHERE (u.followers_count, u.following_count) IS DISTINCT FROM (actual.followers, actual.following)
ORDER BY u.id
"""

PULSE_MISMATCHES_SQL = f"""
SELECT p.id, p.reactions, actual.reactions, p.reactions_total, actual.reactions_total,
       p.comments_count, actual.comments_count
FROM pulses p JOIN ({PULSE_COUNTS_SQL}) actual ON actual.id = p.id AND actual.created_at = p.created_at
WHERE (p.reactions_total, p.comments_count) IS DISTINCT FROM (actual.reactions_total, actual.comments_count)
   OR {NONZERO_REACTIONS.format(column="p.reactions")} <> actual.reactions
ORDER BY p.id
"""


def counter_mismatches() -> dict[str, list[dict]]:
    """{"users": [...], "pulses": [...]}: each row with its stored and actual counts."""
    with connection.cursor() as cursor:
        cursor.execute(USER_MISMATCHES_SQL)
        users = [
            {"id": row[0], "followers_count": (row[1], row[2]), "following_count": (row[3], row[4])}
            for row in cursor.fetchall()
        ]
        cursor.execute(PULSE_MISMATCHES_SQL)
        pulses = [
            {
                "id": row[0],
                "reactions": (row[1], row[2]),
                "reactions_total": (row[3], row[4]),
                "comments_count": (row[5], row[6]),
            }
            for row in cursor.fetchall()
        ]
    return {"users": users, "pulses": pulses}
