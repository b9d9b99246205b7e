"""What moderators keep about members.

`admin_user_meta` is one optional row per member: no row means an active, unverified member,
so the table holds only the members someone looked at (about 1% of them at full scale).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iwm.db.constraints import choices_check, jsonb_array_check


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    BANNED = "banned", "Banned"


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    PENDING = "pending", "Pending review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class ProfileType(models.TextChoices):
    MEMBER = "member", "Member"
    CRITIC = "critic", "Critic"
    INDUSTRY = "industry", "Industry professional"
    TALENT = "talent", "Talent"
    STUDIO = "studio", "Studio or distributor"


class AccountType(models.TextChoices):
    PERSONAL = "personal", "Personal"
    BUSINESS = "business", "Business"


class AdminUserMeta(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_meta")
    roles = models.JSONField(default=list, blank=True, help_text='Labels such as ["critic", "festival-jury"].')
    status = models.CharField(max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    suspended_until = models.DateTimeField(null=True, blank=True, help_text="A suspension lifts itself then.")
    profile_type = models.CharField(max_length=20, choices=ProfileType.choices, default=ProfileType.MEMBER)
    verification_status = models.CharField(
        max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    account_type = models.CharField(max_length=20, choices=AccountType.choices, default=AccountType.PERSONAL)
    phone_number = models.CharField(max_length=32, blank=True)
    location = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True, help_text="Moderators' notes; never shown to the member.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "admin_user_meta"
        verbose_name = "member record"
        constraints = [
            choices_check("status", MemberStatus, table="admin_user_meta"),
            choices_check("verification_status", VerificationStatus, table="admin_user_meta"),
            choices_check("profile_type", ProfileType, table="admin_user_meta"),
            choices_check("account_type", AccountType, table="admin_user_meta"),
            jsonb_array_check("roles", table="admin_user_meta"),
            models.CheckConstraint(
                condition=models.Q(status=MemberStatus.SUSPENDED, suspended_until__isnull=False)
                | ~models.Q(status=MemberStatus.SUSPENDED),
                name="admin_user_meta_suspension_has_end",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                name="admin_user_meta_verified",
                condition=models.Q(verification_status=VerificationStatus.VERIFIED),
            ),
        ]

    def __str__(self) -> str:
        return f"record of {self.user}"
