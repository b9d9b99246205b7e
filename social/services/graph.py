"""Follow and unfollow, with the stored counters on users changed in the same transaction.

Both counters move by atomic `x = x + 1` UPDATEs, so concurrent follows of one member never
lose an update; the two users' rows are always updated in id order, so two members following
each other at the same moment cannot deadlock. Following twice and unfollowing someone one
does not follow change nothing (the unique pair decides, also under a race).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from social.models import NotificationType
from social.services.notifications import notify

INSERT_FOLLOW_SQL = """
INSERT INTO user_follows (follower_id, following_id, created_at)
VALUES (%s, %s, now())
ON CONFLICT (follower_id, following_id) DO NOTHING
RETURNING id
"""


def _bump_counts(cursor, *, follower_id: int, following_id: int, delta: int) -> None:
    updates = sorted(
        [(follower_id, "following_count"), (following_id, "followers_count")], key=lambda update: update[0]
    )
    for user_id, column in updates:
        cursor.execute(f"UPDATE users SET {column} = {column} + %s WHERE id = %s", [delta, user_id])


@transaction.atomic
def follow_create(*, follower, following) -> bool:
    """`follower` follows `following`; True when the follow is new (False: it existed)."""
    if follower.pk == following.pk:
        raise ValidationError("You cannot follow yourself.")
    with connection.cursor() as cursor:
        cursor.execute(INSERT_FOLLOW_SQL, [follower.pk, following.pk])
        if cursor.fetchone() is None:
            return False
        _bump_counts(cursor, follower_id=follower.pk, following_id=following.pk, delta=1)
    notify(
        recipients=[following.pk],
        type=NotificationType.FOLLOW,
        actor_id=follower.pk,
        title=f"@{follower.username} followed you",
        action_url=f"/api/v1/users/{follower.pk}/",
        metadata={"user": follower.pk},
    )
    return True


@transaction.atomic
def follow_delete(*, follower, following) -> bool:
    """`follower` stops following `following`; True when there was a follow to remove."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM user_follows WHERE follower_id = %s AND following_id = %s RETURNING id",
            [follower.pk, following.pk],
        )
        if cursor.fetchone() is None:
            return False
        _bump_counts(cursor, follower_id=follower.pk, following_id=following.pk, delta=-1)
    return True

