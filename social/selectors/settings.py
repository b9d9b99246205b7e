"""A member's settings and notification preferences, defaults merged in (no row: all defaults)."""

from __future__ import annotations

from social import preferences
from social.models import NotificationPreference, UserSettings


def user_settings_of(user_id: int) -> dict:
    stored = UserSettings.objects.filter(user_id=user_id).values(*UserSettings.SECTIONS).first() or {}
    return preferences.merged(preferences.settings_defaults(), stored)


def notification_preferences_of(user_id: int) -> dict:
    stored = NotificationPreference.objects.filter(user_id=user_id).values(*NotificationPreference.SECTIONS).first()
    return preferences.merged(preferences.notification_defaults(), stored or {})


def privacy_of(user_id: int) -> dict:
    """The member's privacy section (what others may see of their lists)."""
    return user_settings_of(user_id)["privacy"]


def preferences_of(user_id: int) -> dict:
    """Region, platforms and genres the member chose (recommendations, 'where to watch')."""
    return user_settings_of(user_id)["preferences"]
