"""Creating and reading-state of notifications.

Other apps call `notify(...)` from inside their write's transaction. The notification is
written after that transaction commits, in one INSERT ... SELECT that skips recipients whose
preferences turn this type off (in-app channel) and the actor themself. Any failure is logged
and swallowed: a notice that could not be written never undoes, fails or holds up the action
that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from social.models import Notification, NotificationType
from social.selectors.notifications import unread_count_key

logger = logging.getLogger(__name__)

INSERT_SQL = """
INSERT INTO notifications (user_id, actor_id, type, title, message, action_url, metadata, is_read, created_at)
SELECT u.id, %(actor)s, %(type)s, %(title)s, %(message)s, %(action_url)s, %(metadata)s::jsonb, false, %(now)s
FROM users u
WHERE u.id = ANY(%(recipients)s)
  AND u.is_active
  AND u.id IS DISTINCT FROM %(actor)s
  AND NOT EXISTS (
      SELECT 1 FROM notification_preferences p
      WHERE p.user_id = u.id AND (p.channels -> %(type)s ->> 'in_app') = 'false'
  )
"""


def notify(
    *,
    recipients: Iterable[int],
    type: str,
    title: str,
    actor_id: int | None = None,
    message: str = "",
    action_url: str = "",
    metadata: dict | None = None,
) -> None:
    """Tell `recipients` (user ids) about something, once the current transaction commits."""
    if type not in NotificationType.values:
        raise ValueError(f"unknown notification type {type!r}")
    ids = sorted({int(user_id) for user_id in recipients if user_id is not None and user_id != actor_id})
    if not ids:
        return
    params = {
        "recipients": ids,
        "actor": actor_id,
        "type": type,
        "title": title[:200],
        "message": message[:2000],
        "action_url": action_url[:500],
        "metadata": _json(metadata or {}),
    }
    transaction.on_commit(lambda: _deliver(params))


def _json(value) -> str:
    import json

    return json.dumps(value, default=str)


def _deliver(params: dict) -> int:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(INSERT_SQL, {**params, "now": timezone.now()})
            written = cursor.rowcount
    except Exception:  # a notice must never break what caused it
        logger.exception("could not write a %s notification for %s", params["type"], params["recipients"])
        return 0
    unread_counts_forget(params["recipients"])
    return written


def unread_counts_forget(user_ids) -> None:
    """Drop the cached unread counts of these members now and again once the current transaction
    commits (a count cached meanwhile by another process, from before the commit, goes too)."""
    keys = [unread_count_key(user_id) for user_id in user_ids]

    def forget():
        try:
            cache.delete_many(keys)
        except Exception:  # noqa: BLE001 - the count corrects itself when its cache entry expires
            logger.warning("cache unreachable: unread counts of %s may stay stale for a minute", list(user_ids))

    if keys:
        forget()
        if connection.in_atomic_block:
            transaction.on_commit(forget)


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the member's notifications read; False when it is not theirs or not there."""
    marked = Notification.objects.filter(pk=notification_id, user=user).update(is_read=True) > 0
    if marked:
        unread_counts_forget([user.pk])
    return marked


def notifications_mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(user=user, is_read=False).update(is_read=True)
    if marked:
        unread_counts_forget([user.pk])
    return marked
