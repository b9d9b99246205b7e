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
from moderation.services.reports import report_create, reports_mark_handled

__all__ = [
    "ActionRefused",
    "item_act",
    "item_assign",
    "member_restrict",
    "report_create",
    "reports_mark_handled",
    "suspensions_lift_expired",
    "user_verification_set",
]
