"""Reads of pulses: one pulse, lists by keyset (the feed, a hashtag, everything), comments, and
the payload fields computed per page (the viewer's own reactions) without a query per row.

Keyset pages: a page is "the `limit` newest visible pulses older than (created_at, id)", so
the hundredth page costs what the first does. The row comparison `(created_at, id) < (...)`
is an index condition of the (created_at DESC, id DESC) indexes.

The feed (the pulses of the people a member follows, plus theirs) is read in two steps:

1. the page's keys: for each followed member (and the reader), the `limit` newest visible
   pulses before the cursor, from an index-only scan of (user_id, created_at DESC, id DESC)
   INCLUDE (status), merged, the newest `limit` kept. It looks back from the top of the page
   in widening time windows (7 days, 60 more, then the rest), each bounded by literals so only
   that window's partitions are read, and stops when the page is full. The work is about
   (people followed + 1) short index ranges in one or two partitions, whatever the page number
   and however many pulses those people wrote;
2. the page's rows by their (id, created_at) keys: primary-key probes in the partitions the
   keys name, with their authors and linked movies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from social import preferences
from social.models import ContentStatus, Pulse, PulseComment, PulseReaction, ReactionKind

Key = tuple[datetime, int]

LIST_COLUMNS = (
    "id", "created_at", "edited_at", "content_text", "content_media", "linked_type", "hashtags",
    "reactions", "reactions_total", "comments_count", "shares_count",
    "user_id", "user__username", "user__avatar_url",
    "linked_movie_id", "linked_movie__title", "linked_movie__year",
)  # fmt: skip


def pulse_find(pulse_id: int) -> Pulse:
    """A pulse whatever its status (for writes, which check visibility and ownership under a
    lock): its id, partition key, author and status. 404 when there is none."""
    pulse = Pulse.objects.filter(pk=pulse_id).only("id", "created_at", "user_id", "status").first()
    if pulse is None:
        raise Http404("No such pulse.")
    return pulse


def pulse_visible(pulse_id: int) -> Pulse:
    """A visible pulse (404 for a missing, hidden or removed one)."""
    pulse = pulse_find(pulse_id)
    if pulse.status != ContentStatus.VISIBLE:
        raise Http404("No such pulse.")
    return pulse


def visible_pulses() -> QuerySet[Pulse]:
    return Pulse.objects.filter(status=ContentStatus.VISIBLE)


def pulses_with_tag(tag: str) -> QuerySet[Pulse]:
    """Visible pulses carrying `tag` (normalised: social.text.normalise_tag), GIN-indexed."""
    return visible_pulses().filter(hashtags__contains=[tag])


def keyset_page(queryset: QuerySet[Pulse], *, after: Key | None, limit: int) -> list[dict]:
    """The `limit` newest rows of `queryset` older than `after`, as payload rows."""
    if after is not None:
        queryset = queryset.filter(
            RawSQL('("pulses"."created_at", "pulses"."id") < (%s, %s)', after, output_field=BooleanField())
        )
    return list(queryset.order_by("-created_at", "-id").values(*LIST_COLUMNS)[:limit])


FEED_KEYS_SQL = """
SELECT page.id, page.created_at
FROM (
    SELECT following_id AS user_id FROM user_follows WHERE follower_id = %(reader)s
    UNION ALL
    SELECT %(reader)s
) AS people
CROSS JOIN LATERAL (
    SELECT p.id, p.created_at
    FROM pulses p
    WHERE p.user_id = people.user_id
      AND p.status = 'visible'
      {window}
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT %(limit)s
) AS page
ORDER BY page.created_at DESC, page.id DESC
LIMIT %(limit)s
"""

# The feed looks back in widening windows from the top of the page: the last 7 days first,
# then the 60 before, then everything older, stopping as soon as the page is full. Each window's
# bounds are literals, so PostgreSQL reads only the partitions of that window, and each
# followed member's newest rows there come from an index-only scan of pulses_user_recent.
FEED_WINDOWS = (timedelta(days=7), timedelta(days=60), None)
# The first page reads up to a day ahead of the clock (clocks of app servers differ); a pulse
# dated further ahead appears once its time comes.
FEED_FUTURE_SLACK = timedelta(days=1)


def feed_window_sql(
    *, reader_id: int, limit: int, ceiling: datetime, floor: datetime | None, after: Key | None
) -> tuple[str, dict]:
    """The SQL and parameters of one window of the feed: pulses in (floor, ceiling], older than
    `after` when given."""
    conditions = ["AND p.created_at <= %(ceiling)s"]
    params = {"reader": reader_id, "limit": limit, "ceiling": ceiling}
    if after is not None:
        conditions.append("AND (p.created_at, p.id) < (%(after_at)s, %(after_id)s)")
        params.update(after_at=after[0], after_id=after[1])
    if floor is not None:
        conditions.append("AND p.created_at > %(floor)s")
        params["floor"] = floor
    return FEED_KEYS_SQL.format(window="\n      ".join(conditions)), params


def _feed_window(**window) -> list[Key]:
    sql, params = feed_window_sql(**window)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(created_at, pulse_id) for pulse_id, created_at in cursor.fetchall()]


def feed_keys(*, reader_id: int, after: Key | None, limit: int) -> list[Key]:
    """(created_at, id) of the page: the `limit` newest visible pulses of the people the
    reader follows and theirs, older than `after`. One query per window looked at (at most
    three, usually one)."""
    ceiling = after[0] if after is not None else timezone.now() + FEED_FUTURE_SLACK
    found: list[Key] = []
    for width in FEED_WINDOWS:
        floor = ceiling - width if width is not None else None
        found += _feed_window(reader_id=reader_id, limit=limit - len(found), ceiling=ceiling, floor=floor, after=after)
        if len(found) >= limit or floor is None:
            break
        ceiling, after = floor, None
    return found


def pulses_by_keys(keys: Sequence[Key]) -> list[dict]:
    """The payload rows of these pulses, in the keys' order (newest first). `created_at IN
    (...)` names the partitions, so only those of the page are read, and both key columns are
    primary-key conditions (ids are unique, so the pairs cannot mix)."""
    if not keys:
        return []
    rows = visible_pulses().filter(
        pk__in=[pulse_id for _, pulse_id in keys], created_at__in=[created_at for created_at, _ in keys]
    )
    by_id = {row["id"]: row for row in rows.values(*LIST_COLUMNS)}
    return [by_id[pulse_id] for _, pulse_id in keys if pulse_id in by_id]


def feed_page(*, reader_id: int, after: Key | None, limit: int) -> list[dict]:
    return pulses_by_keys(feed_keys(reader_id=reader_id, after=after, limit=limit))


def pulse_detail_row(pulse: Pulse) -> dict:
    return visible_pulses().filter(pk=pulse.pk, created_at=pulse.created_at).values(*LIST_COLUMNS).get()


def pulse_visible_row(pulse_id: int) -> dict:
    """The payload row of a visible pulse by id alone (one primary-key probe per partition);
    404 for a missing, hidden or removed one."""
    row = visible_pulses().filter(pk=pulse_id).values(*LIST_COLUMNS).first()
    if row is None:
        raise Http404("No such pulse.")
    return row


def reactions_by(viewer, pulse_ids: Iterable[int]) -> dict[int, str]:
    """{pulse id: kind} of the viewer's reactions to these pulses (one query; none for anonymous)."""
    ids = list(pulse_ids)
    if viewer is None or not viewer.is_authenticated or not ids:
        return {}
    return dict(PulseReaction.objects.filter(user_id=viewer.pk, pulse_id__in=ids).values_list("pulse_id", "kind"))


def reaction_counts(stored: dict | None) -> dict[str, int]:
    """Every kind with its count (0 for kinds nobody used)."""
    stored = stored or {}
    return {kind: int(stored.get(kind) or 0) for kind in ReactionKind.values}


def pulse_payloads(rows: Sequence[dict], viewer) -> list[dict]:
    """Payload rows shaped for PulseOutput, with the viewer's own reaction."""
    mine = reactions_by(viewer, (row["id"] for row in rows))
    return [
        {
            "id": row["id"],
            "author": {"id": row["user_id"], "username": row["user__username"], "avatar_url": row["user__avatar_url"]},
            "content_text": row["content_text"],
            "content_media": row["content_media"],
            "hashtags": row["hashtags"],
            "linked_type": row["linked_type"] or None,
            "linked_movie": (
                {"id": row["linked_movie_id"], "title": row["linked_movie__title"], "year": row["linked_movie__year"]}
                if row["linked_movie_id"]
                else None
            ),
            "reactions": reaction_counts(row["reactions"]),
            "reactions_total": row["reactions_total"],
            "comments_count": row["comments_count"],
            "shares_count": row["shares_count"],
            "my_reaction": mine.get(row["id"]),
            "created_at": row["created_at"],
            "edited_at": row["edited_at"],
        }
        for row in rows
    ]


def comments_of(pulse: Pulse) -> QuerySet[PulseComment]:
    """The pulse's visible comments (cursor-paginated oldest first by the API)."""
    return (
        PulseComment.objects.filter(pulse_id=pulse.pk, status=ContentStatus.VISIBLE)
        .select_related("user")
        .only("id", "content", "created_at", "pulse_id", "user__id", "user__username", "user__avatar_url")
    )


MENTION_RECIPIENTS_SQL = """
SELECT u.id
FROM users u
LEFT JOIN user_settings s ON s.user_id = u.id
WHERE upper(u.username::text) = ANY(%(names)s)
  AND u.is_active
  AND u.id <> %(author)s
  AND CASE coalesce(s.privacy ->> 'allow_mentions', %(default)s)
        WHEN 'everyone' THEN true
        WHEN 'following' THEN EXISTS (
            SELECT 1 FROM user_follows f WHERE f.follower_id = u.id AND f.following_id = %(author)s
        )
        ELSE false
      END
"""


def mention_recipients(*, author_id: int, usernames: Sequence[str]) -> list[int]:
    """The members named who accept a mention from the author: privacy `allow_mentions` is
    "everyone", or "following" and they follow the author ("nobody": never)."""
    if not usernames:
        return []
    default = preferences.SETTINGS["privacy"]["allow_mentions"].default
    with connection.cursor() as cursor:
        cursor.execute(
            MENTION_RECIPIENTS_SQL,
            {"names": [name.upper() for name in usernames], "author": author_id, "default": default},
        )
        return [row[0] for row in cursor.fetchall()]
