"""Reads other apps may use: whether a member is verified (verified-only casting calls,
verification-gated quizzes)."""

from __future__ import annotations

from moderation.models import AdminUserMeta, VerificationStatus


def user_is_verified(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return AdminUserMeta.objects.filter(user_id=user.pk, verification_status=VerificationStatus.VERIFIED).exists()
