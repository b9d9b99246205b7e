"""Deleting what a member wrote in reviews, for account deletion.

`reviews_account_data_remove(user=...)` runs in the caller's transaction (DELETE /auth/me/
deletes the user row after it, together with the other apps' removal services). It first takes
back what the member's rows added to counters on OTHER members' rows, then deletes the rows,
all set-based (one statement per step, whatever the number of rows):

* their votes on others' reviews: that review's helpful_votes or unhelpful_votes;
* their comments, and the replies of others to those comments (a reply goes with the comment
  it answers, ON DELETE CASCADE): the visible ones come off comment_count of reviews by others;
* their reviews (with every vote and comment on them, ON DELETE CASCADE): the siddu_score and
  review_count of each movie they reviewed are recomputed from the remaining visible reviews,
  under the movies' row locks (taken first, in id order, as the review write path does).

Afterwards every counter and score equals what the remaining rows say (tested against a
recount).
"""

from __future__ import annotations

from django.db import connection, transaction

VOTE_COUNTS_SQL = """
UPDATE reviews r
SET helpful_votes = r.helpful_votes - (v.helpful)::int,
    unhelpful_votes = r.unhelpful_votes - (NOT v.helpful)::int
FROM review_votes v
WHERE v.user_id = %(user)s AND r.id = v.review_id AND r.created_at = v.review_created_at
  AND r.user_id <> %(user)s
"""

COMMENT_COUNTS_SQL = """
UPDATE reviews r SET comment_count = r.comment_count - c.comments
FROM (
    SELECT review_id, review_created_at, count(*) AS comments
    FROM review_comments
    WHERE status = 'visible'
      AND (user_id = %(user)s
           OR parent_id IN (SELECT id FROM review_comments WHERE user_id = %(user)s AND parent_id IS NULL))
    GROUP BY review_id, review_created_at
) c
WHERE r.id = c.review_id AND r.created_at = c.review_created_at AND r.user_id <> %(user)s
"""

LOCK_MOVIES_SQL = """
SELECT m.id FROM movies m
WHERE m.id IN (SELECT movie_id FROM reviews WHERE user_id = %(user)s)
ORDER BY m.id
FOR NO KEY UPDATE
"""

MOVIES_STATS_SQL = """
UPDATE movies m
SET review_count = coalesce(s.reviews, 0), siddu_score = s.score
FROM unnest(%(movies)s::bigint[]) AS gone(movie_id)
LEFT JOIN (
    SELECT r.movie_id, count(*) AS reviews, round(avg(r.rating), 1) AS score
    FROM reviews r
    WHERE r.movie_id = ANY(%(movies)s::bigint[]) AND r.status = 'visible'
    GROUP BY r.movie_id
) s ON s.movie_id = gone.movie_id
WHERE m.id = gone.movie_id
"""


def reviews_account_data_remove(*, user) -> dict[str, int]:
    """Delete the member's reviews, comments and votes and correct what they fed; rows per step."""
    done: dict[str, int] = {}
    params = {"user": user.pk}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK_MOVIES_SQL, params)
        movies = [row[0] for row in cursor.fetchall()]
        steps = [
            ("vote counts of others' reviews", VOTE_COUNTS_SQL),
            ("review votes", "DELETE FROM review_votes WHERE user_id = %(user)s"),
            ("comment counts of others' reviews", COMMENT_COUNTS_SQL),
            ("review comments", "DELETE FROM review_comments WHERE user_id = %(user)s"),
            ("reviews", "DELETE FROM reviews WHERE user_id = %(user)s"),
        ]
        for label, sql in steps:
            cursor.execute(sql, params)
            done[label] = cursor.rowcount
        cursor.execute(MOVIES_STATS_SQL, {"movies": movies})
        done["scores of reviewed movies"] = cursor.rowcount
    return done
