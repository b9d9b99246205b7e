"""Each member's settings and notification preferences: one row each, created on first use.

The documented keys, their types and defaults live in social.preferences; the rows store only
what a member changed (jsonb per section), and reads merge them over the defaults, so a new
key with a default needs no data migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iwm.db.constraints import jsonb_object_check

SETTINGS_SECTIONS = ("account", "profile", "privacy", "display", "preferences", "security", "integrations")


class UserSettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="settings")
    account = models.JSONField(default=dict, blank=True)
    profile = models.JSONField(default=dict, blank=True)
    privacy = models.JSONField(default=dict, blank=True)
    display = models.JSONField(default=dict, blank=True)
    preferences = models.JSONField(default=dict, blank=True)
    security = models.JSONField(default=dict, blank=True)
    integrations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SECTIONS = SETTINGS_SECTIONS

    class Meta:
        db_table = "user_settings"
        verbose_name_plural = "user settings"
        constraints = [jsonb_object_check(section, table="user_settings") for section in SETTINGS_SECTIONS]

    def __str__(self) -> str:
        return f"settings of {self.user_id}"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    channels = models.JSONField(default=dict, blank=True, help_text="{type: {in_app, email, push}}")
    global_settings = models.JSONField(default=dict, blank=True, help_text="Quiet hours, digest frequency.")
    updated_at = models.DateTimeField(auto_now=True)

    SECTIONS = ("channels", "global_settings")

    class Meta:
        db_table = "notification_preferences"
        constraints = [
            jsonb_object_check("channels", table="notification_preferences"),
            jsonb_object_check("global_settings", table="notification_preferences"),
        ]

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"
