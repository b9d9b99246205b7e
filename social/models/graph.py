"""The social graph: who follows whom.

One row per (follower, following) pair, unique, never oneself (both enforced by the database).
The counts shown on profiles are stored on `users` (followers_count, following_count) and
changed in the follow's own transaction by social.services.graph.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Follow(models.Model):
    # No single-column indexes: the pair key and the two list indexes below lead with each.
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_rows", db_index=False
    )
    following = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_rows", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "user_follows"
        ordering = ["-created_at", "-id"]
        constraints = [
            # Also the index of "whom does X follow" (the feed's first step) and of "does X follow Y".
            models.UniqueConstraint(fields=["follower", "following"], name="user_follows_pair_key"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("following")), name="user_follows_not_self"),
        ]
        indexes = [
            # GET /users/{id}/followers/ and /following/, newest first by cursor.
            models.Index(models.F("following"), models.F("created_at").desc(), models.F("id").desc(), name="user_follows_followers"),
            models.Index(models.F("follower"), models.F("created_at").desc(), models.F("id").desc(), name="user_follows_following"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.following_id}"
