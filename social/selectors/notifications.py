"""A member's notifications, newest first, and the unread count."""

from __future__ import annotations

from django.db.models import QuerySet

from social.models import Notification

UNREAD_COUNT_CAP = 10_000


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
    """(count, capped): exact up to UNREAD_COUNT_CAP, served by the partial unread index."""
    count = Notification.objects.filter(user=user, is_read=False).order_by()[: UNREAD_COUNT_CAP + 1].count()
    return min(count, UNREAD_COUNT_CAP), count > UNREAD_COUNT_CAP
