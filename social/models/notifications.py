"""Notifications: one row per event a member is told about, partitioned by month.

The table is `PARTITION BY RANGE (created_at)` with monthly partitions and a DEFAULT one (see
migration social.0002 and iwm.db.partitions); its primary key is (id, created_at). Django sees
an ordinary model with an `id` primary key. Reads always say whose notifications and, for
lists, from when, so PostgreSQL touches only the partitions of those months.

Deleting a member deletes the notifications to and from them in the database itself (the
foreign keys are ON DELETE CASCADE in the migration's SQL), so Django does not load millions
of rows to delete them one by one: `on_delete=DO_NOTHING` below says "the database does it".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from iwm.db.constraints import choices_check


class NotificationType(models.TextChoices):
    FOLLOW = "follow", "New follower"
    REVIEW_VOTE = "review_vote", "Vote on my review"
    REVIEW_COMMENT = "review_comment", "Comment on my review"
    COMMENT_REPLY = "comment_reply", "Reply to my comment"
    PULSE_REACTION = "pulse_reaction", "Reaction to my pulse"
    PULSE_COMMENT = "pulse_comment", "Comment on my pulse"
    MENTION = "mention", "Mention"
    AWARD = "award", "Award"
    MODERATION = "moderation", "Moderation outcome"
    SYSTEM = "system", "System"


class Notification(models.Model):
    external_id = models.CharField(max_length=100, null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who caused it (none for system notices).",
    )
    type = models.CharField(max_length=20, choices=NotificationType.choices)
    title = models.CharField(max_length=200)
    message = models.TextField(blank=True, max_length=2000)
    action_url = models.CharField(max_length=500, blank=True, help_text="API path of what it is about.")
    metadata = models.JSONField(default=dict, blank=True)
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=False)

    class Meta:
        db_table = "notifications"
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("type", NotificationType, table="notifications"),
            models.CheckConstraint(
                condition=models.Q(actor__isnull=True) | ~models.Q(actor=models.F("user")),
                name="notifications_not_from_self",
            ),
        ]
        indexes = [
            models.Index(models.F("user"), models.F("created_at").desc(), models.F("id").desc(), name="notifications_user_recent"),
            models.Index(
                models.F("user"),
                models.F("created_at").desc(),
                name="notifications_user_unread",
                condition=models.Q(is_read=False),
            ),
            # Deleting a member deletes the notices they caused (social.services.account_data_remove).
            models.Index(fields=["actor"], name="notifications_actor", condition=models.Q(actor__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} for {self.user_id}: {self.title}"
