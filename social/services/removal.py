"""Deleting what a member wrote or owns in the social app, for account deletion.

`account_data_remove(user=...)` runs in the caller's transaction (DELETE /auth/me/ deletes the
user row after it, together with the other apps' own removal services). It first takes back
what the member's rows added to counters on OTHER members' rows, then deletes the rows:

* follows both ways: the followers_count of those they followed and the following_count of
  those who followed them go down by one each;
* their reactions to others' pulses: that pulse's count of the kind and reactions_total;
* their visible comments on others' pulses: that pulse's comments_count;
* their pulses (with every reaction and comment on them, ON DELETE CASCADE), their settings,
  notification preferences, and the notifications to and from them.

The counters on the member's own row are set to 0 (the row itself is the caller's to delete).
Afterwards every counter equals what the remaining rows say (tested against a recount).
"""

from __future__ import annotations

from django.db import connection, transaction

STEPS: list[tuple[str, str]] = [
    (
        "followers_count of members they followed",
        """
        UPDATE users u SET followers_count = u.followers_count - 1
        FROM user_follows f WHERE f.follower_id = %(user)s AND u.id = f.following_id
        """,
    ),
    (
        "following_count of members who followed them",
        """
        UPDATE users u SET following_count = u.following_count - 1
        FROM user_follows f WHERE f.following_id = %(user)s AND u.id = f.follower_id
        """,
    ),
    ("follows", "DELETE FROM user_follows WHERE follower_id = %(user)s OR following_id = %(user)s"),
    (
        "reaction counts of others' pulses",
        """
        UPDATE pulses p
        SET reactions = jsonb_set(p.reactions, ARRAY[r.kind::text], to_jsonb(COALESCE((p.reactions ->> r.kind)::int, 0) - 1)),
            reactions_total = p.reactions_total - 1
        FROM pulse_reactions r
        WHERE r.user_id = %(user)s AND p.id = r.pulse_id AND p.created_at = r.pulse_created_at AND p.user_id <> %(user)s
        """,
    ),
    ("reactions", "DELETE FROM pulse_reactions WHERE user_id = %(user)s"),
    (
        "comment counts of others' pulses",
        """
        UPDATE pulses p SET comments_count = p.comments_count - c.comments
        FROM (
            SELECT pulse_id, pulse_created_at, count(*) AS comments
            FROM pulse_comments WHERE user_id = %(user)s AND status = 'visible'
            GROUP BY pulse_id, pulse_created_at
        ) c
        WHERE p.id = c.pulse_id AND p.created_at = c.pulse_created_at AND p.user_id <> %(user)s
        """,
    ),
    ("comments", "DELETE FROM pulse_comments WHERE user_id = %(user)s"),
    ("pulses", "DELETE FROM pulses WHERE user_id = %(user)s"),
    ("notifications", "DELETE FROM notifications WHERE user_id = %(user)s OR actor_id = %(user)s"),
    ("settings", "DELETE FROM user_settings WHERE user_id = %(user)s"),
    ("notification preferences", "DELETE FROM notification_preferences WHERE user_id = %(user)s"),
    ("own counters", "UPDATE users SET followers_count = 0, following_count = 0 WHERE id = %(user)s"),
]


def account_data_remove(*, user) -> dict[str, int]:
    """Delete the member's social rows and correct the counters they fed; rows per step."""
    done: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in STEPS:
            cursor.execute(sql, {"user": user.pk})
            done[label] = cursor.rowcount
    return done
