"""Writes of the moderation app: reports, moderators' actions, members' records, system
settings, metrics. Callers import from `moderation.services`."""

from moderation.services.actions import (
    ActionRefused,
    item_act,
    item_assign,
    member_restrict,
    suspensions_lift_expired,
)
from moderation.services.members import user_verification_set
from moderation.services.metrics import (
    admin_metrics_snapshot,
    admin_metrics_snapshot_job,
    daily_report_generate,
    daily_report_job,
)
from moderation.services.reports import report_create, reports_mark_handled

__all__ = [
    "ActionRefused",
    "admin_metrics_snapshot",
    "admin_metrics_snapshot_job",
    "daily_report_generate",
    "daily_report_job",
    "item_act",
    "item_assign",
    "member_restrict",
    "report_create",
    "reports_mark_handled",
    "suspensions_lift_expired",
    "user_verification_set",
]
