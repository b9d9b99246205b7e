"""Trending hashtags: counts of visible pulses per tag over the last 24 hours, 7 days and 30
days, recomputed in SQL and stored in trending_topics (the daily job calls
`trending_topics_refresh`; GET /trending/ calls it when a window has no rows yet).

Each window is one INSERT ... SELECT over `unnest(hashtags)` of the pulses whose created_at
falls in the window: the bounds are literals, so PostgreSQL reads only that window's monthly
partitions. The top TRENDING_TOP tags of each window replace the window's previous rows in one
transaction; concurrent refreshes queue on an advisory lock instead of colliding.

Category, kept simple: "movie" when the tag equals a catalog film's title in slug-ish form
(lower-cased, with everything but letters and digits removed: "The Dark Knight" ->
"thedarkknight", "1917" -> "1917"); "person" the same way with a person's name
("christophernolan"); otherwise "general". Nothing is classified "event" yet (there is no
events table to match against). Non-ASCII letters ("Amélie") are kept by PostgreSQL's
[[:alnum:]] under a UTF-8 locale (the embedded server's C.UTF-8, or en_US.UTF-8); a database
created with the plain "C" locale would classify such titles "general".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from social.models import TrendingWindow

TRENDING_TOP = 100
WINDOWS: dict[str, timedelta] = {
    TrendingWindow.DAY: timedelta(hours=24),
    TrendingWindow.WEEK: timedelta(days=7),
    TrendingWindow.MONTH: timedelta(days=30),
}
LOCK_KEY = 7_240_001  # pg_advisory_xact_lock key of this refresh

SLUGISH = "regexp_replace(lower({column}), '[^[:alnum:]]+', '', 'g')"

REFRESH_SQL = f"""
WITH counted AS (
    SELECT tag, count(*) AS uses
    FROM pulses p, unnest(p.hashtags) AS tag
    WHERE p.status = 'visible' AND p.created_at > %(since)s AND p.created_at <= %(now)s
    GROUP BY tag
    ORDER BY count(*) DESC, tag
    LIMIT %(top)s
),
movie_tags AS (SELECT DISTINCT {SLUGISH.format(column="title")} AS tag FROM movies),
person_tags AS (SELECT DISTINCT {SLUGISH.format(column="name")} AS tag FROM people)
INSERT INTO trending_topics (tag, category, window_label, count, computed_at)
SELECT counted.tag,
       CASE
           WHEN movie_tags.tag IS NOT NULL THEN 'movie'
           WHEN person_tags.tag IS NOT NULL THEN 'person'
           ELSE 'general'
       END,
       %(window)s, counted.uses, %(now)s
FROM counted
LEFT JOIN movie_tags ON movie_tags.tag = counted.tag
LEFT JOIN person_tags ON person_tags.tag = counted.tag
"""


@transaction.atomic
def trending_topics_refresh(*, now: datetime | None = None, windows=None) -> dict[str, int]:
    """Recompute every window (or those named) as of `now`; returns the rows stored per window."""
    now = now or timezone.now()
    stored: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        for label in windows or WINDOWS:
            cursor.execute("DELETE FROM trending_topics WHERE window_label = %s", [str(label)])
            cursor.execute(
                REFRESH_SQL, {"since": now - WINDOWS[label], "now": now, "top": TRENDING_TOP, "window": str(label)}
            )
            stored[str(label)] = cursor.rowcount
    return stored
