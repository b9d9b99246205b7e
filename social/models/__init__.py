from .graph import Follow
from .notifications import Notification, NotificationType
from .pulses import (
    COMMENT_MAX,
    HASHTAG_MAX_LENGTH,
    HASHTAGS_MAX,
    MEDIA_URL_MAX,
    PULSE_MEDIA_MAX,
    PULSE_TEXT_MAX,
    ContentStatus,
    LinkedType,
    Pulse,
    PulseComment,
    PulseReaction,
    ReactionKind,
)
from .settings import NotificationPreference, UserSettings
from .trending import TopicCategory, TrendingTopic, TrendingWindow
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
    "COMMENT_MAX",
    "EMAIL_DOMAIN_NORMALISED_PATTERN",
    "HASHTAGS_MAX",
    "HASHTAG_MAX_LENGTH",
    "MEDIA_URL_MAX",
    "PULSE_MEDIA_MAX",
    "PULSE_TEXT_MAX",
    "USERNAME_MAX_LENGTH",
    "USERNAME_PATTERN",
    "USERNAME_RULE",
    "ContentStatus",
    "Follow",
    "LinkedType",
    "Notification",
    "NotificationPreference",
    "NotificationType",
    "Pulse",
    "PulseComment",
    "PulseReaction",
    "ReactionKind",
    "TopicCategory",
    "TrendingTopic",
    "TrendingWindow",
    "User",
    "UserManager",
    "UserSettings",
    "new_user_external_id",
    "normalize_email",
]
