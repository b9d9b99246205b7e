"""Members' lists: collections (ordered, annotated lists of films that others may follow), the
watchlist, and favorites (a film, a person or a scene).

The database enforces the rules: one row per collection and film, positions unique within a
collection (deferred, so a reorder can shift many rows in one statement), one follow per member
and collection, one watchlist row per member and film, progress 0-100, and a favorite naming
exactly one target of its type, once per member (partial unique indexes). The `followers`
counter on collections is kept by movies.services.lists in the follow's own transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.contrib.postgres.indexes import GinIndex
from django.utils import timezone

from iwm.db.constraints import choices_check, jsonb_array_check, non_negative, range_check

COLLECTION_TITLE_MAX = 200
COLLECTION_DESCRIPTION_MAX = 2000
COLLECTION_NOTE_MAX = 1000
COLLECTION_TAGS_MAX = 10
COLLECTION_TAG_MAX_LENGTH = 40


def new_collection_external_id() -> str:
    return f"collection-{uuid.uuid4().hex}"


class WatchStatus(models.TextChoices):
    WANT_TO_WATCH = "want-to-watch", "Want to watch"
    WATCHING = "watching", "Watching"
    WATCHED = "watched", "Watched"


class WatchPriority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class FavoriteType(models.TextChoices):
    MOVIE = "movie", "Movie"
    PERSON = "person", "Person"
    SCENE = "scene", "Scene"


class Collection(models.Model):
    external_id = models.CharField(max_length=100, default=new_collection_external_id, help_text="Import id.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections", db_index=False
    )
    title = models.CharField(max_length=COLLECTION_TITLE_MAX)
    description = models.TextField(blank=True, default="")
    is_public = models.BooleanField(default=True)
    followers = models.IntegerField(default=0, help_text="Members following it (kept by the follow's transaction).")
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "collections"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="collections_external_id_key"),
            non_negative("followers", table="collections"),
            jsonb_array_check("tags", table="collections"),
        ]
        indexes = [
            # GET /collections/ (public ones and mine), most recently updated first.
            models.Index(F("updated_at").desc(), F("id").desc(), name="collections_recent"),
            # ?owner= and a member's own collections (also account removal).
            models.Index(F("owner"), F("updated_at").desc(), F("id").desc(), name="collections_owner_recent"),
            # ?tag=
            GinIndex(fields=["tags"], name="collections_tags", opclasses=["jsonb_path_ops"]),
        ]

    def __str__(self) -> str:
        return self.title


class CollectionMovie(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items", db_index=False)
    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="collection_items", db_index=False)
    position = models.IntegerField(help_text="1 for the first film; positions run 1..n without gaps.")
    note = models.TextField(blank=True, default="")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "collection_movies"
        ordering = ["collection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "movie"], name="collection_movies_pair_key"),
            # Deferred: a reorder shifts a run of positions by one in a single UPDATE.
            models.UniqueConstraint(
                fields=["collection", "position"],
                name="collection_movies_position_key",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="collection_movies_position_positive"),
        ]
        indexes = [
            # Deleting a film (and "collections with this film").
            models.Index(fields=["movie"], name="collection_movies_movie"),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id} #{self.position}: {self.movie_id}"


class CollectionFollow(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="follow_rows", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collection_follows", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "collection_follows"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "user"], name="collection_follows_pair_key"),
        ]
        indexes = [
            # Whether I follow each collection of a page; a member's follows (account removal).
            models.Index(F("user"), F("created_at").desc(), name="collection_follows_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows collection {self.collection_id}"


class WatchlistEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlist_entries", db_index=False
    )
    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="watchlist_entries", db_index=False)
    date_added = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=WatchStatus.choices, default=WatchStatus.WANT_TO_WATCH)
    priority = models.CharField(max_length=10, choices=WatchPriority.choices, default=WatchPriority.MEDIUM)
    progress = models.SmallIntegerField(default=0, help_text="Percent watched, 0-100.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "watchlist"
        verbose_name_plural = "watchlist entries"
        ordering = ["-date_added", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="watchlist_user_movie_key"),
            choices_check("status", WatchStatus, table="watchlist"),
            choices_check("priority", WatchPriority, table="watchlist"),
            range_check("progress", 0, 100, table="watchlist"),
        ]
        indexes = [
            # GET /me/watchlist/ newest first, and filtered by status or by priority.
            models.Index(F("user"), F("date_added").desc(), F("id").desc(), name="watchlist_user_recent"),
            models.Index(F("user"), F("status"), F("date_added").desc(), F("id").desc(), name="watchlist_user_status"),
            models.Index(
                F("user"), F("priority"), F("date_added").desc(), F("id").desc(), name="watchlist_user_priority"
            ),
            models.Index(fields=["movie"], name="watchlist_movie"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.movie_id} ({self.status})"


class Favorite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorites", db_index=False)
    type = models.CharField(max_length=10, choices=FavoriteType.choices)
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.CASCADE, null=True, blank=True, related_name="favorites", db_index=False
    )
    person = models.ForeignKey(
        "movies.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="favorites", db_index=False
    )
    scene = models.ForeignKey(
        "movies.Scene", on_delete=models.CASCADE, null=True, blank=True, related_name="favorites", db_index=False
    )
    added_date = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "favorites"
        ordering = ["-added_date", "-id"]
        constraints = [
            choices_check("type", FavoriteType, table="favorites"),
            # Exactly one target, and the one the type names.
            models.CheckConstraint(
                condition=(
                    Q(type="movie", movie__isnull=False, person__isnull=True, scene__isnull=True)
                    | Q(type="person", movie__isnull=True, person__isnull=False, scene__isnull=True)
                    | Q(type="scene", movie__isnull=True, person__isnull=True, scene__isnull=False)
                ),
                name="favorites_one_target",
            ),
            models.UniqueConstraint(fields=["user", "movie"], condition=Q(movie__isnull=False), name="favorites_user_movie_key"),
            models.UniqueConstraint(
                fields=["user", "person"], condition=Q(person__isnull=False), name="favorites_user_person_key"
            ),
            models.UniqueConstraint(fields=["user", "scene"], condition=Q(scene__isnull=False), name="favorites_user_scene_key"),
        ]
        indexes = [
            # GET /me/favorites/ newest first, and ?type=.
            models.Index(F("user"), F("added_date").desc(), F("id").desc(), name="favorites_user_recent"),
            models.Index(F("user"), F("type"), F("added_date").desc(), F("id").desc(), name="favorites_user_type"),
            # Deleting a film, person or scene.
            models.Index(fields=["movie"], name="favorites_movie", condition=Q(movie__isnull=False)),
            models.Index(fields=["person"], name="favorites_person", condition=Q(person__isnull=False)),
            models.Index(fields=["scene"], name="favorites_scene", condition=Q(scene__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.type} {self.movie_id or self.person_id or self.scene_id}"
