"""What the review counters and movie scores should be, from the rows (for tests, the daily
"update movie stats" job and operators): `review_counter_mismatches()` lists the rows whose
stored values differ from a recount."""

from __future__ import annotations

from django.db import connection

# Each review's counts from its votes and visible comments.
REVIEW_RECOUNT_SQL = """
SELECT r.id, r.created_at,
       coalesce(v.helpful, 0) AS helpful_votes,
       coalesce(v.unhelpful, 0) AS unhelpful_votes,
       coalesce(c.comments, 0) AS comment_count
FROM {table} r
LEFT JOIN (
    SELECT review_id, review_created_at,
           count(*) FILTER (WHERE helpful) AS helpful, count(*) FILTER (WHERE NOT helpful) AS unhelpful
    FROM review_votes GROUP BY review_id, review_created_at
) v ON v.review_id = r.id AND v.review_created_at = r.created_at
LEFT JOIN (
    SELECT review_id, review_created_at, count(*) AS comments
    FROM review_comments WHERE status = 'visible' GROUP BY review_id, review_created_at
) c ON c.review_id = r.id AND c.review_created_at = r.created_at
"""

# Each movie's score and count from its visible reviews.
MOVIE_RECOUNT_SQL = """
SELECT m.id, coalesce(s.reviews, 0)::int AS review_count, s.score AS siddu_score
FROM movies m
LEFT JOIN (
    SELECT movie_id, count(*) AS reviews, round(avg(rating), 1) AS score
    FROM reviews WHERE status = 'visible' GROUP BY movie_id
) s ON s.movie_id = m.id
"""


def review_counter_mismatches() -> dict[str, list]:
    """{"reviews": [(id, stored, recounted)], "movies": [...]}: empty lists when all is right."""
    found: dict[str, list] = {"reviews": [], "movies": []}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT r.id, (r.helpful_votes, r.unhelpful_votes, r.comment_count)::text,
                   (x.helpful_votes, x.unhelpful_votes, x.comment_count)::text
            FROM reviews r JOIN ({REVIEW_RECOUNT_SQL.format(table="reviews")}) x
              ON x.id = r.id AND x.created_at = r.created_at
            WHERE (r.helpful_votes, r.unhelpful_votes, r.comment_count)
                  IS DISTINCT FROM (x.helpful_votes, x.unhelpful_votes, x.comment_count)
            """
        )
        found["reviews"] = cursor.fetchall()
        cursor.execute(
            f"""
            SELECT m.id, (m.review_count, m.siddu_score)::text, (x.review_count, x.siddu_score)::text
            FROM movies m JOIN ({MOVIE_RECOUNT_SQL}) x ON x.id = m.id
            WHERE (m.review_count, m.siddu_score) IS DISTINCT FROM (x.review_count, x.siddu_score)
            """
        )
        found["movies"] = cursor.fetchall()
    return found
