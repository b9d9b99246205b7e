"""The documented keys of a member's settings and notification preferences.

Every key has a type, a default and a description; `GET /me/settings/` returns every key
(defaults merged under what the member changed), and `PATCH` takes any subset, section by
section: `{"privacy": {"watchlist": "private"}}`. An unknown section or key, or a value of the
wrong type, is a 400 naming it (`privacy.watchlist`). This module is the one place the keys
are defined; the README's settings table is generated from the same descriptions (see
`settings_reference()`).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError

from social.models.notifications import NotificationType

VISIBILITY = ("public", "private")


@dataclass(frozen=True)
class Key:
    default: Any
    kind: str  # bool | choice | text | list_text | region | timezone | time_range
    help: str
    choices: tuple[str, ...] = ()
    max_length: int = 100
    pattern: str | None = None
    item_check: str | None = None  # for list_text: "platform" or "genre" slugs, checked against the catalog
    max_items: int = 30
    extra: dict = field(default_factory=dict)


SETTINGS: dict[str, dict[str, Key]] = {
    "account": {
        "language": Key("en", "choice", "Language of e-mails and notices.", choices=("en", "fr", "de", "es", "it", "pt", "ja", "ko", "hi", "zh")),
        "timezone": Key("UTC", "timezone", "IANA time zone used for dates shown to you, e.g. Europe/London."),
    },
    "profile": {
        "pronouns": Key("", "text", "Shown on your profile.", max_length=40),
        "show_location": Key(True, "bool", "Show your location on your public profile."),
        "show_website": Key(True, "bool", "Show your website on your public profile."),
    },
    "privacy": {
        "watchlist": Key("public", "choice", "Who sees your watchlist: public or private (only you).", choices=VISIBILITY),
        "favorites": Key("public", "choice", "Who sees your favorites.", choices=VISIBILITY),
        "follows": Key("public", "choice", "Who sees whom you follow and who follows you.", choices=VISIBILITY),
        "allow_mentions": Key(
            "everyone", "choice", "Who may @mention you (and so notify you).", choices=("everyone", "following", "nobody")
        ),
    },
    "display": {
        "theme": Key("system", "choice", "Colour theme of IWM's apps.", choices=("system", "light", "dark")),
        "spoilers": Key("hide", "choice", "Reviews marked as spoilers: hide or show.", choices=("hide", "show")),
    },
    "preferences": {
        "region": Key("", "region", "Your streaming region (ISO 3166-1 code, e.g. GB), for 'where to watch'."),
        "platforms": Key([], "list_text", "Streaming platforms you use (slugs from GET /platforms/).", item_check="platform"),
        "favorite_genres": Key([], "list_text", "Genres you like (slugs from GET /genres/).", item_check="genre"),
    },
    "security": {
        "login_alerts": Key(False, "bool", "Notify me each time a new session signs in to my account."),
    },
    "integrations": {
        "letterboxd_username": Key("", "text", "Your Letterboxd username, for imports.", max_length=40, pattern=r"[A-Za-z0-9_]*"),
        "trakt_username": Key("", "text", "Your Trakt username, for imports.", max_length=40, pattern=r"[A-Za-z0-9_.-]*"),
    },
}

CHANNELS = ("in_app", "email", "push")
# In-app on for everything; e-mail and push only where a member asks for them.
CHANNEL_DEFAULTS = {"in_app": True, "email": False, "push": False}

NOTIFICATION_GLOBAL: dict[str, Key] = {
    "quiet_hours": Key(
        None, "time_range", 'No push notifications between these local times: {"start": "22:00", "end": "07:00"} or null.'
    ),
    "digest": Key("never", "choice", "E-mail digest of unread notifications.", choices=("never", "daily", "weekly")),
}


def notification_defaults() -> dict:
    return {
        "channels": {kind: dict(CHANNEL_DEFAULTS) for kind in NotificationType.values},
        "global_settings": {name: key.default for name, key in NOTIFICATION_GLOBAL.items()},
    }


def settings_defaults() -> dict:
    return {section: {name: _copy(key.default) for name, key in keys.items()} for section, keys in SETTINGS.items()}


def _copy(value):
    return list(value) if isinstance(value, list) else value


def merged(defaults: dict, stored: dict) -> dict:
    """Defaults with the stored values over them (stored keys no longer documented are dropped)."""
    result = {}
    for section, values in defaults.items():
        mine = stored.get(section) or {}
        if all(isinstance(value, dict) for value in values.values()) and values:
            result[section] = {name: {**value, **(mine.get(name) or {})} for name, value in values.items()}
        else:
            result[section] = {name: mine.get(name, value) for name, value in values.items()}
    return result


# --- validation -----------------------------------------------------------------------------------


def _check(path: str, key: Key, value):
    """The value to store, or a ValidationError on `path`."""
    if key.kind == "bool":
        if not isinstance(value, bool):
            raise ValidationError({path: ["Must be true or false."]})
        return value
    if key.kind == "choice":
        if not isinstance(value, str) or value not in key.choices:
            raise ValidationError({path: [f"Must be one of: {', '.join(key.choices)}."]})
        return value
    if key.kind == "text":
        if not isinstance(value, str):
            raise ValidationError({path: ["Must be a string."]})
        if len(value) > key.max_length:
            raise ValidationError({path: [f"At most {key.max_length} characters."]})
        if key.pattern and not re.fullmatch(key.pattern, value):
            raise ValidationError({path: ["Contains characters that are not allowed here."]})
        if any(ord(char) < 32 for char in value):
            raise ValidationError({path: ["Control characters are not allowed."]})
        return value
    if key.kind == "timezone":
        if not isinstance(value, str) or value not in zoneinfo.available_timezones():
            raise ValidationError({path: ["Must be an IANA time zone, e.g. Europe/London."]})
        return value
    if key.kind == "region":
        from movies.choices import Region

        if not isinstance(value, str) or (value and value.upper() not in Region.values):
            raise ValidationError({path: ["Must be a region code from GET /api/v1/regions/ (e.g. GB), or empty."]})
        return value.upper()
    if key.kind == "list_text":
        return _check_slugs(path, key, value)
    if key.kind == "time_range":
        return _check_time_range(path, value)
    raise AssertionError(f"unknown kind {key.kind}")


def _check_slugs(path: str, key: Key, value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError({path: ["Must be a list of strings."]})
    if len(value) > key.max_items:
        raise ValidationError({path: [f"At most {key.max_items} items."]})
    slugs = list(dict.fromkeys(item.strip().lower() for item in value))
    if key.item_check:
        from movies.models import Genre, StreamingPlatform

        model, listing = (StreamingPlatform, "/api/v1/platforms/") if key.item_check == "platform" else (Genre, "/api/v1/genres/")
        known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise ValidationError({path: [f"Unknown {key.item_check}: {', '.join(unknown)}. GET {listing} lists them."]})
    return slugs


def _check_time_range(path: str, value):
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise ValidationError({path: ['Must be null or {"start": "HH:MM", "end": "HH:MM"}.']})
    for part in ("start", "end"):
        text = value[part]
        if not isinstance(text, str) or not re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", text):
            raise ValidationError({f"{path}.{part}": ["Must be a time as HH:MM."]})
        try:
            time.fromisoformat(text)
        except ValueError:
            raise ValidationError({f"{path}.{part}": ["Must be a time as HH:MM."]}) from None
    return {"start": value["start"], "end": value["end"]}


def clean_settings_changes(changes) -> dict[str, dict]:
    """Validate a PATCH body of /me/settings/; returns {section: {key: value}} to store."""
    if not isinstance(changes, dict):
        raise ValidationError({"non_field_errors": ["Send an object of sections, e.g. {\"privacy\": {...}}."]})
    cleaned: dict[str, dict] = {}
    errors: dict[str, list[str]] = {}
    for section, values in changes.items():
        keys = SETTINGS.get(section)
        if keys is None:
            errors[section] = [f"Unknown section. Sections: {', '.join(SETTINGS)}."]
            continue
        if not isinstance(values, dict):
            errors[section] = ["Must be an object of keys and values."]
            continue
        for name, value in values.items():
            path = f"{section}.{name}"
            key = keys.get(name)
            if key is None:
                errors[path] = [f"Unknown key. Keys of {section}: {', '.join(keys)}."]
                continue
            try:
                cleaned.setdefault(section, {})[name] = _check(path, key, value)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_notification_changes(changes) -> dict[str, dict]:
    if not isinstance(changes, dict):
        raise ValidationError({"non_field_errors": ['Send an object, e.g. {"channels": {"follow": {"email": true}}}.']})
    cleaned: dict[str, dict] = {}
    errors: dict[str, list[str]] = {}
    for section, values in changes.items():
        if section not in ("channels", "global_settings"):
            errors[section] = ["Unknown section. Sections: channels, global_settings."]
        elif not isinstance(values, dict):
            errors[section] = ["Must be an object."]
        elif section == "channels":
            for kind, channels in values.items():
                path = f"channels.{kind}"
                if kind not in NotificationType.values:
                    errors[path] = [f"Unknown notification type. Types: {', '.join(NotificationType.values)}."]
                elif not isinstance(channels, dict):
                    errors[path] = ['Must be an object such as {"in_app": true, "email": false}.']
                else:
                    for channel, enabled in channels.items():
                        if channel not in CHANNELS:
                            errors[f"{path}.{channel}"] = [f"Unknown channel. Channels: {', '.join(CHANNELS)}."]
                        elif not isinstance(enabled, bool):
                            errors[f"{path}.{channel}"] = ["Must be true or false."]
                        else:
                            cleaned.setdefault("channels", {}).setdefault(kind, {})[channel] = enabled
        else:
            for name, value in values.items():
                path = f"global_settings.{name}"
                key = NOTIFICATION_GLOBAL.get(name)
                if key is None:
                    errors[path] = [f"Unknown key. Keys: {', '.join(NOTIFICATION_GLOBAL)}."]
                    continue
                try:
                    cleaned.setdefault("global_settings", {})[name] = _check(path, key, value)
                except ValidationError as exc:
                    errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def settings_reference() -> list[tuple[str, str, str]]:
    """(key, default, description) rows for documentation."""
    rows = [(f"{section}.{name}", repr(key.default), key.help) for section, keys in SETTINGS.items() for name, key in keys.items()]
    return rows


# --- OpenAPI --------------------------------------------------------------------------------------


def _key_schema(key: Key) -> dict:
    if key.kind == "bool":
        schema: dict = {"type": "boolean"}
    elif key.kind == "choice":
        schema = {"type": "string", "enum": list(key.choices)}
    elif key.kind in ("text", "timezone", "region"):
        schema = {"type": "string", "maxLength": key.max_length}
    elif key.kind == "list_text":
        schema = {"type": "array", "items": {"type": "string"}, "maxItems": key.max_items}
    elif key.kind == "time_range":
        time_text = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
        schema = {
            "type": "object",
            "nullable": True,
            "properties": {"start": time_text, "end": time_text},
            "required": ["start", "end"],
            "additionalProperties": False,
        }
    else:  # pragma: no cover
        raise AssertionError(key.kind)
    return {**schema, "description": key.help}


def _object(properties: dict, *, required: bool) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(properties)
    return schema


def settings_openapi(*, partial: bool) -> dict:
    """The settings document as OpenAPI: every key in a response, any subset in a PATCH."""
    return _object(
        {
            section: _object({name: _key_schema(key) for name, key in keys.items()}, required=not partial)
            for section, keys in SETTINGS.items()
        },
        required=not partial,
    )


def notification_preferences_openapi(*, partial: bool) -> dict:
    channel = _object({name: {"type": "boolean"} for name in CHANNELS}, required=not partial)
    return _object(
        {
            "channels": _object({kind: channel for kind in NotificationType.values}, required=not partial),
            "global_settings": _object(
                {name: _key_schema(key) for name, key in NOTIFICATION_GLOBAL.items()}, required=not partial
            ),
        },
        required=not partial,
    )
