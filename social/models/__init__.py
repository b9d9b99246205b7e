from .notifications import Notification, NotificationType
from .settings import NotificationPreference, UserSettings
from .users import (
    EMAIL_DOMAIN_NORMALISED_PATTERN,
    USERNAME_MAX_LENGTH,
    USERNAME_PATTERN,
    USERNAME_RULE,
    User,
    UserManager,
    new_user_external_id,
    normalize_email,
)

__all__ = [
    "EMAIL_DOMAIN_NORMALISED_PATTERN",
    "USERNAME_MAX_LENGTH",
    "USERNAME_PATTERN",
    "USERNAME_RULE",
    "Notification",
    "NotificationPreference",
    "NotificationType",
    "User",
    "UserManager",
    "UserSettings",
    "new_user_external_id",
    "normalize_email",
]
