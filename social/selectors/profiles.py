"""A member's public profile: what anyone may see, as their profile settings allow."""

from __future__ import annotations

from django.http import Http404

from social.models import User
from social.selectors.graph import is_following
from social.selectors.settings import user_settings_of

PROFILE_COLUMNS = (
    "id", "username", "name", "avatar_url", "bio", "location", "website",
    "followers_count", "following_count", "created_at",
)  # fmt: skip


def user_reviews_count(user_id: int) -> int:
    """How many visible reviews the member wrote (an index range of reviews_user_recent, whose
    INCLUDE (status) answers the visibility test without reading the rows)."""
    from movies.selectors.reviews import user_visible_reviews_count

    return user_visible_reviews_count(user_id)


def user_public_profile(*, user_id: int, viewer=None) -> dict:
    """The profile of an active member (404 for a missing or inactive one). `location` and
    `website` are None when the member's profile settings hide them (the member themself
    still sees them). `is_following` is None for an anonymous viewer."""
    row = User.objects.filter(pk=user_id, is_active=True).values(*PROFILE_COLUMNS).first()
    if row is None:
        raise Http404("No such member.")
    signed_in = viewer is not None and viewer.is_authenticated
    is_self = signed_in and viewer.pk == user_id
    if not is_self:
        profile = user_settings_of(user_id)["profile"]
        if not profile["show_location"]:
            row["location"] = None
        if not profile["show_website"]:
            row["website"] = None
    row["reviews_count"] = user_reviews_count(user_id)
    if not signed_in:
        row["is_following"] = None
    elif is_self:
        row["is_following"] = False
    else:
        row["is_following"] = is_following(follower_id=viewer.pk, following_id=user_id)
    return row
