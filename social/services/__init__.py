"""Writes of the social app, one module per concept: accounts, sign-in (tokens, passwords,
resets), the social graph, pulses, trending topics, counters, and account data removal.
Callers (other apps, the admin, tasks) import from `social.services`."""

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
from social.services.counters import counters_recount
from social.services.graph import follow_create, follow_delete
from social.services.pulses import (
    pulse_comment_create,
    pulse_comment_status_set,
    pulse_create,
    pulse_delete,
    pulse_react,
    pulse_status_set,
    pulse_unreact,
    pulse_update,
)
from social.services.removal import account_data_remove
from social.services.trending import trending_topics_refresh

__all__ = [
    "MODERATORS_GROUP",
    "MODERATOR_PERMISSIONS",
    "PROFILE_FIELDS",
    "account_data_remove",
    "counters_recount",
    "demo_account_ensure",
    "expired_tokens_flush",
    "follow_create",
    "follow_delete",
    "moderators_group_ensure",
    "password_change",
    "password_reset_confirm",
    "password_reset_email_send",
    "password_reset_request",
    "pulse_comment_create",
    "pulse_comment_status_set",
    "pulse_create",
    "pulse_delete",
    "pulse_react",
    "pulse_status_set",
    "pulse_unreact",
    "pulse_update",
    "token_pair_issue",
    "token_refresh",
    "token_revoke",
    "trending_topics_refresh",
    "user_create",
    "user_tokens_revoke",
    "user_update",
]
