"""Writes of the moderation app."""

from __future__ import annotations

from django.db import transaction

from moderation.models import AdminUserMeta, VerificationStatus


@transaction.atomic
def user_verification_set(*, user, status: str = VerificationStatus.VERIFIED) -> AdminUserMeta:
    """Set a member's verification status (creating their record if needed)."""
    if status not in VerificationStatus.values:
        raise ValueError(f"unknown verification status {status!r}")
    meta, _ = AdminUserMeta.objects.update_or_create(user=user, defaults={"verification_status": status})
    return meta
