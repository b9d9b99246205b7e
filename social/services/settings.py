"""Writes of members' settings and notification preferences (rows created on first use)."""

from __future__ import annotations

from django.db import transaction

from social import preferences
from social.models import NotificationPreference, UserSettings


def _merge_into(row, cleaned: dict[str, dict]) -> list[str]:
    changed = []
    for section, values in cleaned.items():
        current = dict(getattr(row, section) or {})
        for name, value in values.items():
            if isinstance(value, dict) and isinstance(current.get(name), dict):
                current[name] = {**current[name], **value}
            else:
                current[name] = value
        setattr(row, section, current)
        changed.append(section)
    return changed


@transaction.atomic
def user_settings_update(*, user, changes) -> dict:
    """Apply a PATCH of /me/settings/ (validated key by key); returns every setting."""
    cleaned = preferences.clean_settings_changes(changes)
    row, _ = UserSettings.objects.select_for_update().get_or_create(user=user)
    changed = _merge_into(row, cleaned)
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return preferences.merged(preferences.settings_defaults(), _stored(row, UserSettings.SECTIONS))


@transaction.atomic
def notification_preferences_update(*, user, changes) -> dict:
    cleaned = preferences.clean_notification_changes(changes)
    row, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    changed = _merge_into(row, cleaned)
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return preferences.merged(preferences.notification_defaults(), _stored(row, NotificationPreference.SECTIONS))


def _stored(row, sections) -> dict:
    return {section: getattr(row, section) or {} for section in sections}
