"""Reads of pulses: one pulse, lists by keyset (the feed, a hashtag, everything), comments, and
the payload fields computed per page (the viewer's own reactions) without a query per row.

Keyset pages: a page is "the `limit` newest visible pulses older than (created_at, id)", so
the hundredth page costs what the first does. The row comparison `(created_at, id) < (...)`
is an index condition of the (created_at DESC, id DESC) indexes.

The feed (the pulses of the people a member follows, plus theirs) is read in two steps:

1. the page's keys: for each followed member (and the reader), the `limit` newest pulses
   before the cursor from the index (user_id, created_at DESC, id DESC), merged, newest
   `limit` kept. The work is (people followed + 1) short index ranges, whatever the page
   number and however many pulses those people wrote in all;
2. the page's rows, by (id, created_at) within the page's time range (so only the
   partitions that range covers are read), with their authors and linked movies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

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
      {before}
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT %(limit)s
) AS page
ORDER BY page.created_at DESC, page.id DESC
LIMIT %(limit)s
"""


def feed_keys(*, reader_id: int, after: Key | None, limit: int) -> list[Key]:
    before = "AND (p.created_at, p.id) < (%(after_at)s, %(after_id)s)" if after is not None else ""
    params = {"reader": reader_id, "limit": limit}
    if after is not None:
        params.update(after_at=after[0], after_id=after[1])
    with connection.cursor() as cursor:
        cursor.execute(FEED_KEYS_SQL.format(before=before), params)
        return [(created_at, pulse_id) for pulse_id, created_at in cursor.fetchall()]


def pulses_by_keys(keys: Sequence[Key]) -> list[dict]:
    """The payload rows of these pulses, in the keys' order (newest first)."""
    if not keys:
        return []
    times = [created_at for created_at, _ in keys]
    rows = (
        visible_pulses()
        .filter(id__in=[pulse_id for _, pulse_id in keys], created_at__gte=min(times), created_at__lte=max(times))
        .values(*LIST_COLUMNS)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id[pulse_id] for _, pulse_id in keys if pulse_id in by_id]


def feed_page(*, reader_id: int, after: Key | None, limit: int) -> list[dict]:
    return pulses_by_keys(feed_keys(reader_id=reader_id, after=after, limit=limit))


def pulse_detail_row(pulse: Pulse) -> dict:
    return visible_pulses().filter(pk=pulse.pk, created_at=pulse.created_at).values(*LIST_COLUMNS).get()


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
