"""Pulses (short posts), their reactions and comments.

`pulses` is partitioned by month on created_at (migration social.0004, iwm.db.partitions): the
database's primary key is (id, created_at); Django sees an ordinary model with an `id` primary
key. Its foreign keys to users and movies are declared in the migration's SQL (ON DELETE CASCADE
and SET NULL), which is why they are `on_delete=DO_NOTHING` here: "the database does it".

`pulse_reactions` and `pulse_comments` are ordinary tables that refer to a pulse through a plain
`ForeignKey(db_constraint=False)` for the ORM, and through a composite foreign key
(pulse_id, pulse_created_at) -> pulses (id, created_at) ON DELETE CASCADE in the database. The
hidden `pulse_created_at` is filled by a BEFORE INSERT trigger from the pulse row when the writer
does not give it (a pulse that does not exist is refused there).

Stored counters: `reactions` ({kind: count}), `reactions_total` and `comments_count` (visible
comments) change in the same transaction as the reaction or comment (social.services.pulses).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThan, LessThanOrEqual
from django.utils import timezone

from iwm.db.constraints import choices_check, jsonb_object_check, non_negative

PULSE_TEXT_MAX = 2000
PULSE_MEDIA_MAX = 4
MEDIA_URL_MAX = 500
HASHTAG_MAX_LENGTH = 100
HASHTAGS_MAX = 30
COMMENT_MAX = 2000


class ContentStatus(models.TextChoices):
    """Visibility of a piece of public content. Only visible content appears in the API;
    moderators set the others (social.services.pulse_status_set / pulse_comment_status_set)."""

    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"
    REMOVED = "removed", "Removed"


class LinkedType(models.TextChoices):
    MOVIE = "movie", "Movie"
    PERSON = "person", "Person"
    REVIEW = "review", "Review"
    EVENT = "event", "Event"


class ReactionKind(models.TextChoices):
    LIKE = "like", "Like"
    LOVE = "love", "Love"
    LAUGH = "laugh", "Laugh"
    WOW = "wow", "Wow"
    SAD = "sad", "Sad"
    ANGRY = "angry", "Angry"


def _jsonb_array_length(field: str):
    return models.Func(models.F(field), function="jsonb_array_length", output_field=models.IntegerField())


class Pulse(models.Model):
    external_id = models.CharField(max_length=100, null=True, blank=True, help_text="Import id (seed, demo).")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="pulses", db_index=False
    )
    content_text = models.TextField(max_length=PULSE_TEXT_MAX, blank=True)
    content_media = models.JSONField(default=list, blank=True, help_text=f"At most {PULSE_MEDIA_MAX} http(s) URLs.")
    linked_type = models.CharField(max_length=10, choices=LinkedType.choices, blank=True)
    linked_movie = models.ForeignKey(
        "movies.Movie", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_index=False
    )
    hashtags = ArrayField(
        models.CharField(max_length=HASHTAG_MAX_LENGTH),
        default=list,
        blank=True,
        help_text="Parsed from the text: lower-cased, without '#', each once.",
    )
    reactions = models.JSONField(default=dict, blank=True, help_text="{kind: count}")
    reactions_total = models.IntegerField(default=0)
    comments_count = models.IntegerField(default=0, help_text="Visible comments.")
    shares_count = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ContentStatus.choices, default=ContentStatus.VISIBLE)

    class Meta:
        db_table = "pulses"
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("status", ContentStatus, table="pulses"),
            choices_check("linked_type", LinkedType, table="pulses", blank=True),
            non_negative("reactions_total", table="pulses"),
            non_negative("comments_count", table="pulses"),
            non_negative("shares_count", table="pulses"),
            jsonb_object_check("reactions", table="pulses"),
            models.CheckConstraint(
                condition=models.Q(LessThanOrEqual(Length("content_text"), PULSE_TEXT_MAX)),
                name="pulses_content_text_length",
            ),
            # jsonb_array_length fails on a non-array, so the type is tested first (CASE keeps the order).
            models.CheckConstraint(
                condition=models.Q(
                    models.Case(
                        models.When(
                            Exact(
                                models.Func(models.F("content_media"), function="jsonb_typeof", output_field=models.TextField()),
                                "array",
                            ),
                            then=LessThanOrEqual(_jsonb_array_length("content_media"), PULSE_MEDIA_MAX),
                        ),
                        default=models.Value(False),
                        output_field=models.BooleanField(),
                    )
                ),
                name="pulses_content_media_list",
            ),
            models.CheckConstraint(
                condition=~models.Q(content_text="") | ~models.Q(content_media=[]),
                name="pulses_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    LessThanOrEqual(
                        models.Func(models.F("hashtags"), function="cardinality", output_field=models.IntegerField()),
                        HASHTAGS_MAX,
                    )
                ),
                name="pulses_hashtags_count",
            ),
            models.CheckConstraint(
                condition=models.Q(linked_movie__isnull=True) | models.Q(linked_type=LinkedType.MOVIE),
                name="pulses_linked_movie_type",
            ),
            models.CheckConstraint(
                condition=models.Q(edited_at__isnull=True) | models.Q(edited_at__gte=models.F("created_at")),
                name="pulses_edited_after_created",
            ),
        ]
        indexes = [
            # The feed (one short index range per followed member, newest first), a member's
            # pulses, and deleting a member's pulses. `status` is included so the feed's visibility
            # test is answered from the index: an index-only scan, no heap page per candidate row.
            models.Index(
                fields=["user", "-created_at", "-id"], include=["status"], name="pulses_user_recent"
            ),
            # Every visible pulse, newest first (GET /pulses/, and hot tags read in time order).
            models.Index(
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="pulses_visible_recent",
                condition=models.Q(status=ContentStatus.VISIBLE),
            ),
            GinIndex(fields=["hashtags"], name="pulses_hashtags"),
            models.Index(fields=["linked_movie"], name="pulses_linked_movie", condition=models.Q(linked_movie__isnull=False)),
            models.Index(fields=["external_id"], name="pulses_external_id", condition=models.Q(external_id__isnull=False)),
        ]

    def __str__(self) -> str:
        text = self.content_text or "(media)"
        return text if len(text) <= 60 else text[:59] + "…"


class PulseReaction(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    pulse = models.ForeignKey(
        Pulse,
        on_delete=models.DO_NOTHING,  # the composite foreign key cascades in the database
        db_constraint=False,
        db_index=False,
        related_name="reaction_rows",
    )
    pulse_created_at = models.DateTimeField(editable=False, help_text="Copy of the pulse's created_at (trigger).")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pulse_reactions"
        constraints = [
            models.UniqueConstraint(fields=["user", "pulse"], name="pulse_reactions_user_pulse_key"),
            choices_check("kind", ReactionKind, table="pulse_reactions"),
        ]
        indexes = [models.Index(fields=["pulse"], name="pulse_reactions_pulse")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.user_id} on pulse {self.pulse_id}"


class PulseComment(models.Model):
    pulse = models.ForeignKey(
        Pulse,
        on_delete=models.DO_NOTHING,  # the composite foreign key cascades in the database
        db_constraint=False,
        db_index=False,
        related_name="comment_rows",
    )
    pulse_created_at = models.DateTimeField(editable=False, help_text="Copy of the pulse's created_at (trigger).")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    content = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ContentStatus.choices, default=ContentStatus.VISIBLE)

    class Meta:
        db_table = "pulse_comments"
        ordering = ["created_at", "id"]
        constraints = [
            choices_check("status", ContentStatus, table="pulse_comments"),
            models.CheckConstraint(
                condition=models.Q(GreaterThan(Length("content"), 0))
                & models.Q(LessThanOrEqual(Length("content"), COMMENT_MAX)),
                name="pulse_comments_content_length",
            ),
        ]
        indexes = [
            # A pulse's comments, oldest first by cursor.
            models.Index(
                models.F("pulse"), models.F("created_at"), models.F("id"), name="pulse_comments_pulse_thread"
            ),
            models.Index(fields=["user"], name="pulse_comments_user"),
            # The admin's "created" filter.
            models.Index(fields=["created_at"], name="pulse_comments_created"),
        ]

    def __str__(self) -> str:
        return self.content if len(self.content) <= 60 else self.content[:59] + "…"
