"""Writes for accounts (social.services.accounts) and for sign-in: tokens, passwords and
password resets (social.services.auth). Callers import from `social.services`."""

from social.services.accounts import (
    MODERATOR_PERMISSIONS,
    MODERATORS_GROUP,
    PROFILE_FIELDS,
    demo_account_ensure,
    moderators_group_ensure,
    user_create,
    user_update,
)
from social.services.auth import (
    expired_tokens_flush,
    password_change,
    password_reset_confirm,
    password_reset_email_send,
    password_reset_request,
    token_pair_issue,
    token_refresh,
    token_revoke,
    user_tokens_revoke,
)

__all__ = [
    "MODERATORS_GROUP",
    "MODERATOR_PERMISSIONS",
    "PROFILE_FIELDS",
    "demo_account_ensure",
    "expired_tokens_flush",
    "moderators_group_ensure",
    "password_change",
    "password_reset_confirm",
    "password_reset_email_send",
    "password_reset_request",
    "token_pair_issue",
    "token_refresh",
    "token_revoke",
    "user_create",
    "user_tokens_revoke",
    "user_update",
]
