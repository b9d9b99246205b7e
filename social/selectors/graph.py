"""Reads of the social graph: followers and following lists (subject to privacy), who follows
whom."""

from __future__ import annotations

from django.db.models import QuerySet

from social.models import Follow
from social.selectors.settings import privacy_of

PERSON_COLUMNS = ("id", "username", "name", "avatar_url")


def follows_visible_to(*, owner_id: int, viewer) -> bool:
    """Whether `viewer` may see `owner_id`'s followers and following lists: always the owner;
    others unless the owner's privacy "follows" is private."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner_id:
        return True
    return privacy_of(owner_id)["follows"] != "private"


def followers_of(user_id: int) -> QuerySet[Follow]:
    """Who follows `user_id`, newest first (index user_follows_followers)."""
    return (
        Follow.objects.filter(following_id=user_id, follower__is_active=True)
        .select_related("follower")
        .only("id", "created_at", "following_id", *(f"follower__{column}" for column in PERSON_COLUMNS))
    )


def following_of(user_id: int) -> QuerySet[Follow]:
    """Whom `user_id` follows, newest first (index user_follows_following)."""
    return (
        Follow.objects.filter(follower_id=user_id, following__is_active=True)
        .select_related("following")
        .only("id", "created_at", "follower_id", *(f"following__{column}" for column in PERSON_COLUMNS))
    )


def is_following(*, follower_id: int, following_id: int) -> bool:
    return Follow.objects.filter(follower_id=follower_id, following_id=following_id).exists()


def follow_counts(user_id: int) -> dict[str, int]:
    """The member's stored counters (after a follow or unfollow, for the response)."""
    from social.models import User

    return User.objects.filter(pk=user_id).values("followers_count", "following_count").get()
