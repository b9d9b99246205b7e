"""The scheduled jobs of reviews (iwm.jobs SCHEDULE), set-based, one partition per statement.

* `review_engagement_update` ("update engagement scores", daily): engagement_score =
  helpful votes + 0.5 x unhelpful votes + 2 x visible comments, recomputed from the vote and
  comment rows, partition by partition (each statement reads and writes one year's reviews).
* `movie_stats_update` ("update movie stats", daily): the reviews' helpful_votes,
  unhelpful_votes and comment_count from the rows (partition by partition), then every movie's
  siddu_score and review_count from its visible reviews. The write path keeps them right; this
  job repairs drift (bulk loads, manual SQL). Only rows whose values change are written.

Both return the number of rows changed.
"""

from __future__ import annotations

from django.db import connection, transaction

from iwm.db.partitions import partitions_of, spec_for
from movies.selectors.review_counters import MOVIE_RECOUNT_SQL, REVIEW_RECOUNT_SQL

ENGAGEMENT_SQL = """
UPDATE {table} r
SET engagement_score = x.helpful_votes + 0.5 * x.unhelpful_votes + 2 * x.comment_count
FROM ({recount}) x
WHERE r.id = x.id AND r.created_at = x.created_at
  AND r.engagement_score IS DISTINCT FROM (x.helpful_votes + 0.5 * x.unhelpful_votes + 2 * x.comment_count)::float8
"""

REVIEW_COUNTERS_SQL = """
UPDATE {table} r
SET helpful_votes = x.helpful_votes, unhelpful_votes = x.unhelpful_votes, comment_count = x.comment_count
FROM ({recount}) x
WHERE r.id = x.id AND r.created_at = x.created_at
  AND (r.helpful_votes, r.unhelpful_votes, r.comment_count)
      IS DISTINCT FROM (x.helpful_votes::int, x.unhelpful_votes::int, x.comment_count::int)
"""

MOVIE_STATS_SQL = f"""
UPDATE movies m
SET review_count = x.review_count, siddu_score = x.siddu_score
FROM ({MOVIE_RECOUNT_SQL}) x
WHERE m.id = x.id AND (m.review_count, m.siddu_score) IS DISTINCT FROM (x.review_count, x.siddu_score)
"""


def _per_partition(template: str) -> int:
    changed = 0
    for partition in partitions_of(spec_for("reviews")):
        table = connection.ops.quote_name(partition.name)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(template.format(table=table, recount=REVIEW_RECOUNT_SQL.format(table=table)))
            changed += cursor.rowcount
    return changed


def review_engagement_update() -> int:
    """Recompute every review's engagement_score; rows changed."""
    return _per_partition(ENGAGEMENT_SQL)


def movie_stats_update() -> int:
    """Recompute the reviews' counters and the movies' siddu_score and review_count; rows changed."""
    changed = _per_partition(REVIEW_COUNTERS_SQL)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(MOVIE_STATS_SQL)
        changed += cursor.rowcount
    return changed
