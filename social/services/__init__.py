"""Writes of the social app, one module per concept; the names other apps call are here."""

from .accounts import (
    MODERATOR_PERMISSIONS,
    MODERATORS_GROUP,
    PROFILE_FIELDS,
    demo_account_ensure,
    moderators_group_ensure,
    user_create,
    user_update,
)

__all__ = [
    "MODERATORS_GROUP",
    "MODERATOR_PERMISSIONS",
    "PROFILE_FIELDS",
    "demo_account_ensure",
    "moderators_group_ensure",
    "user_create",
    "user_update",
]
