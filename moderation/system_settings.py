"""The product's tunable values: which keys exist, their type, default, description and the
validator that refuses a wrong value with a message; and the cached accessor.

    from moderation.system_settings import setting_get
    threshold = setting_get("report_threshold")

A key with no `system_settings` row has its default. Values are cached (Django's cache, shared
by every process through Redis) for CACHE_SECONDS; writing a setting (admin or
`setting_set`) deletes its cache entry once the transaction commits, so the new value takes
effect everywhere without a restart.

Reading a key is the product's business: moderation reads `report_threshold`; the other keys
are documented here with the value they stand for today and are read by their apps as those
adopt them (docs/moderation.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

CACHE_SECONDS = 60
CACHE_PREFIX = "system-setting:"


def int_between(low: int, high: int) -> Callable[[object], int]:
    def check(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"Must be a whole number from {low} to {high}.")
        if not low <= value <= high:
            raise ValidationError(f"Must be from {low} to {high}.")
        return value

    return check


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("Must be true or false.")
    return value


@dataclass(frozen=True)
class Spec:
    key: str
    default: object
    description: str
    validate: Callable[[object], object]


SETTINGS: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec(
            "report_threshold",
            3,
            "Reports from this many different members hide the content at once, pending a moderator.",
            int_between(1, 1000),
        ),
        Spec("review_edit_window_hours", 24, "Hours after posting during which a review can be edited.", int_between(0, 8760)),
        Spec("pulse_max_length", 500, "Longest pulse text, in characters.", int_between(1, 5000)),
        Spec(
            "notification_retention_months",
            6,
            "Months that read notifications are kept before cleanup.",
            int_between(1, 120),
        ),
        Spec("default_page_size", 20, "Page size of API lists when the client names none.", int_between(1, 100)),
        Spec("suspension_default_days", 7, "Days of a suspension when the moderator names none.", int_between(1, 3650)),
        Spec("registration_open", True, "Whether new members may register.", boolean),
    )
}


def spec_of(key: str) -> Spec:
    try:
        return SETTINGS[key]
    except KeyError:
        raise ValidationError({"key": [f"Unknown setting; known: {', '.join(sorted(SETTINGS))}."]}) from None


def setting_validate(key: str, value):
    """The value as stored, or ValidationError({"value": [message]})."""
    spec = spec_of(key)
    try:
        return spec.validate(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc


def setting_get(key: str):
    spec = spec_of(key)
    cache_key = CACHE_PREFIX + key
    found = cache.get(cache_key)
    if found is not None:
        return found["value"]
    from moderation.models import SystemSetting

    row = SystemSetting.objects.filter(key=key).values_list("value", flat=True).first()
    value = spec.default if row is None else row
    cache.set(cache_key, {"value": value}, CACHE_SECONDS)
    return value


def setting_forget(key: str) -> None:
    """Drop the cached value now and again once the current transaction commits (a reader in
    between may have cached the old value)."""
    cache.delete(CACHE_PREFIX + key)
    transaction.on_commit(lambda: cache.delete(CACHE_PREFIX + key))


@transaction.atomic
def setting_set(*, key: str, value, user=None):
    from moderation.models import SystemSetting

    value = setting_validate(key, value)
    row, _ = SystemSetting.objects.update_or_create(
        key=key, defaults={"value": value, "updated_by": user, "description": SETTINGS[key].description}
    )
    setting_forget(key)
    return row
