"""The moderation queue: one item per reported piece of content, the members' reports that
joined it, and the append-only trail of what moderators did.

The reported content is a generic reference: `content_type` (one of `ContentKind`, the names
the report API accepts) and `object_id`. What each kind means (how to fetch it, who wrote it,
how to hide it) is the registry's business (moderation.targets), so a new kind of content is
one registration line, not a migration.

`moderation_actions` is an audit trail: a trigger in the database refuses UPDATE and DELETE
(except the foreign keys being set to NULL when a member or item they name is deleted), so not
even a superuser's SQL can rewrite history by accident.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from iwm.db.constraints import choices_check, jsonb_object_check, non_negative, unique_external_id


class ContentKind(models.TextChoices):
    REVIEW = "review", "Review"
    REVIEW_COMMENT = "review_comment", "Review comment"
    PULSE = "pulse", "Pulse"
    PULSE_COMMENT = "pulse_comment", "Pulse comment"
    USER = "user", "Member"
    CASTING_CALL = "casting_call", "Casting call"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REMOVED = "removed", "Removed"
    ESCALATED = "escalated", "Escalated to admins"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    HARASSMENT = "harassment", "Harassment"
    HATE = "hate", "Hate"
    SPOILERS = "spoilers", "Spoilers"
    MISINFORMATION = "misinformation", "Misinformation"
    OTHER = "other", "Other"


class ActionKind(models.TextChoices):
    APPROVE = "approve", "Approve"
    REMOVE = "remove", "Remove"
    WARN = "warn", "Warn the author"
    SUSPEND = "suspend-user", "Suspend the author"
    BAN = "ban-user", "Ban the author"
    ESCALATE = "escalate", "Escalate to admins"
    RESTORE = "restore", "Restore"
    LIFT = "lift-suspension", "Suspension lifted"


class ModerationItem(models.Model):
    external_id = models.CharField(max_length=100, null=True, blank=True)
    content_type = models.CharField(max_length=20, choices=ContentKind.choices)
    object_id = models.BigIntegerField()
    content_title = models.CharField(max_length=200, blank=True, help_text="The content's text when first reported.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_items_against",
        db_index=False,  # moderation_items_author leads with it
        help_text="Who wrote the content (the member themself for a reported member).",
    )
    report_reason = models.CharField(max_length=20, choices=ReportReason.choices, help_text="The first report's reason.")
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    reporter_count = models.PositiveIntegerField(default=0)
    content_hidden = models.BooleanField(default=False, help_text="Hidden automatically when reports crossed the threshold.")
    first_reported_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="moderation_assigned",
        db_index=False,  # moderation_items_assigned leads with it
    )

    class Meta:
        db_table = "moderation_items"
        verbose_name = "moderation item"
        ordering = ["first_reported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="moderation_items_one_per_content"),
            unique_external_id(table="moderation_items"),
            choices_check("content_type", ContentKind, table="moderation_items"),
            choices_check("status", ItemStatus, table="moderation_items"),
            choices_check("report_reason", ReportReason, table="moderation_items"),
            non_negative("reporter_count", table="moderation_items"),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | ~models.Q(status=ItemStatus.PENDING),
                name="moderation_items_pending_unresolved",
            ),
        ]
        indexes = [
            # The queue: one status, oldest first (pending is the big, hot one).
            models.Index(fields=["status", "first_reported_at", "id"], name="moderation_items_queue"),
            models.Index(fields=["assigned_to", "status", "first_reported_at"], name="moderation_items_assigned"),
            models.Index(fields=["author", "-first_reported_at"], name="moderation_items_author"),
            models.Index(fields=["content_type", "status", "first_reported_at"], name="moderation_items_kind"),
            models.Index(fields=["report_reason", "status", "first_reported_at"], name="moderation_items_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_content_type_display()} {self.object_id}"


class ModerationReport(models.Model):
    item = models.ForeignKey(ModerationItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports", db_index=False)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(blank=True, max_length=1000)
    handled = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "moderation_reports"
        verbose_name = "report"
        constraints = [
            models.UniqueConstraint(fields=["item", "reporter"], name="moderation_reports_one_per_reporter"),
            choices_check("reason", ReportReason, table="moderation_reports"),
            models.CheckConstraint(
                condition=models.Q(LessThanOrEqual(Length("note"), 1000)), name="moderation_reports_note_length"
            ),
        ]
        indexes = [
            models.Index(fields=["reporter", "-created_at", "-id"], name="moderation_reports_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reported {self.item} ({self.reason})"


class ModerationAction(models.Model):
    item = models.ForeignKey(
        ModerationItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", db_index=False
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        db_index=False,
        help_text="Empty for what the system did (a suspension lifting itself).",
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_against",
        db_index=False,
        help_text="The member the action concerns (the content's author).",
    )
    action = models.CharField(max_length=20, choices=ActionKind.choices)
    reason = models.TextField(blank=True, max_length=2000)
    details = models.JSONField(default=dict, blank=True, help_text='e.g. {"days": 7, "until": "..."}')
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "moderation_actions"
        verbose_name = "moderation action"
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("action", ActionKind, table="moderation_actions"),
            jsonb_object_check("details", table="moderation_actions"),
        ]
        indexes = [
            models.Index(fields=["item", "-created_at"], name="moderation_actions_item"),
            models.Index(fields=["target_user", "-created_at"], name="moderation_actions_target"),
            models.Index(fields=["moderator", "-created_at"], name="moderation_actions_moderator"),
            models.Index(fields=["-created_at", "-id"], name="moderation_actions_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.moderator or 'the system'}"
