"""Reads of the moderation app: whether a member is verified (verified-only casting calls,
verification-gated quizzes), a member's own reports, the queue and a member's history for the
admin, what the dashboard shows."""

from __future__ import annotations

from django.db.models import F, QuerySet

from moderation.models import AdminUserMeta, ModerationAction, ModerationReport, VerificationStatus


def user_is_verified(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return AdminUserMeta.objects.filter(user_id=user.pk, verification_status=VerificationStatus.VERIFIED).exists()


def reports_of(user) -> QuerySet:
    """The member's reports, newest first, as the rows the API outputs (one query a page)."""
    return (
        ModerationReport.objects.filter(reporter_id=user.pk)
        .order_by("-created_at", "-id")
        .values("id", "reason", "note", "handled", "created_at")
        .annotate(content_type=F("item__content_type"), object_id=F("item__object_id"), status=F("item__status"))
    )


def actions_against(user_id: int | None, *, limit: int = 20) -> list[ModerationAction]:
    """The latest actions concerning a member (their history, shown beside a queue item)."""
    if user_id is None:
        return []
    return list(
        ModerationAction.objects.filter(target_user_id=user_id)
        .select_related("moderator", "item")
        .order_by("-created_at", "-id")[:limit]
    )
