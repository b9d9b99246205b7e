"""A member's notifications, newest first, and the unread count."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from social.models import Notification

logger = logging.getLogger(__name__)

UNREAD_COUNT_CAP = 10_000
# Clients poll the unread count (a badge); it is kept in the shared cache (Redis) for every web
# process and forgotten by every service that changes it (social.services.notifications). A change
# made some other way (the admin, the expiry job dropping a month) shows within this many seconds.
UNREAD_COUNT_CACHE_SECONDS = 60


def unread_count_key(user_id: int) -> str:
    return f"social:notifications:unread:{user_id}"


def notifications_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The member's notifications (cursor-paginated by the API on created_at, id). With the
    user and a time bound in the WHERE clause, only the partitions of the months asked for are
    read."""
    queryset = Notification.objects.filter(user=user).select_related("actor").only(
        "id", "type", "title", "message", "action_url", "metadata", "is_read", "created_at",
        "actor__id", "actor__username", "actor__avatar_url",
    )  # fmt: skip
    if unread_only:
        queryset = queryset.filter(is_read=False)
    return queryset


def unread_count(user) -> tuple[int, bool]:
    """(count, capped): exact up to UNREAD_COUNT_CAP, served by the partial unread index.

    Cached (see UNREAD_COUNT_CACHE_SECONDS). A value that goes into the cache is counted on the
    primary, never on a read replica: a replica that has not yet replayed a new notification
    would otherwise put a stale count in the cache for every process, for the whole expiry."""
    key = unread_count_key(user.pk)
    try:
        cached = cache.get(key)
    except Exception:  # noqa: BLE001 - without the cache, count
        logger.warning("cache unreachable: counting unread notifications", exc_info=True)
        cached = None
    if cached is not None:
        return cached[0], cached[1]
    rows = Notification.objects.using(DEFAULT_DB_ALIAS).filter(user=user, is_read=False).order_by()
    count = rows[: UNREAD_COUNT_CAP + 1].count()
    value = (min(count, UNREAD_COUNT_CAP), count > UNREAD_COUNT_CAP)
    try:
        cache.set(key, list(value), UNREAD_COUNT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("cache unreachable: unread count not kept", exc_info=True)
    return value
