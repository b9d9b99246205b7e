"""Moderation's tables, one module per concept: members' records (admin_user_meta), the queue
(items, reports, actions), system settings, and the admin's metrics and daily reports."""

from moderation.models.members import (
    AccountType,
    AdminUserMeta,
    MemberStatus,
    ProfileType,
    VerificationStatus,
)
from moderation.models.metrics import AdminMetricSnapshot, DailyReport
from moderation.models.queue import (
    ActionKind,
    ContentKind,
    ItemStatus,
    ModerationAction,
    ModerationItem,
    ModerationReport,
    ReportReason,
)
from moderation.models.settings import SystemSetting

__all__ = [
    "AccountType",
    "ActionKind",
    "AdminMetricSnapshot",
    "AdminUserMeta",
    "ContentKind",
    "DailyReport",
    "ItemStatus",
    "MemberStatus",
    "ModerationAction",
    "ModerationItem",
    "ModerationReport",
    "ProfileType",
    "ReportReason",
    "SystemSetting",
    "VerificationStatus",
]
