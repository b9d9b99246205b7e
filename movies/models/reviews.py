"""Reviews of movies, their votes and comments.

`reviews` is partitioned by year on created_at (migration movies.0005, iwm.db.partitions): the
database's primary key is (id, created_at); Django sees an ordinary model with an `id` primary
key. Its foreign keys to users and movies are declared in the migration's SQL (ON DELETE
CASCADE), which is why they are `on_delete=DO_NOTHING` here: "the database does it".

One review per member and movie, although a partitioned table cannot hold a unique index
without the partition key: an AFTER INSERT trigger on reviews writes (user_id, movie_id) into
the small unpartitioned `review_keys` table, whose primary key is exactly that pair, in the
same transaction. A second review of the same movie by the same member fails there with a
unique violation (also when two are written at once: the second waits for the first and then
fails). `review_keys` refers back to its review with a composite foreign key ON DELETE CASCADE,
so deleting a review frees the pair.

`review_votes` and `review_comments` refer to a review with a plain ForeignKey(db_constraint=
False) for the ORM, and with a composite foreign key (review_id, review_created_at) -> reviews
(id, created_at) ON DELETE CASCADE in the database (the copy is filled by a trigger when the
writer does not give it, as social does for pulses).

Stored counters: `helpful_votes`, `unhelpful_votes` and `comment_count` (visible comments)
change in the same transaction as the vote or comment (movies.services.reviews); the movie's
`siddu_score` and `review_count` in the same transaction as the review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThan, LessThanOrEqual
from django.utils import timezone

from iwm.db.constraints import choices_check, non_negative, range_check
from social.models import ContentStatus

REVIEW_TITLE_MAX = 200
REVIEW_CONTENT_MAX = 10000
REVIEW_COMMENT_MAX = 2000
REVIEW_MEDIA_MAX = 4
MEDIA_URL_MAX = 500


class Review(models.Model):
    external_id = models.CharField(max_length=100, null=True, blank=True, help_text="Import id (seed, demo).")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="reviews", db_index=False
    )
    movie = models.ForeignKey("movies.Movie", on_delete=models.DO_NOTHING, related_name="reviews", db_index=False)
    title = models.CharField(max_length=REVIEW_TITLE_MAX, blank=True)
    content = models.TextField(max_length=REVIEW_CONTENT_MAX)
    rating = models.DecimalField(max_digits=3, decimal_places=1, help_text="0 to 10 in steps of 0.5.")
    has_spoilers = models.BooleanField(default=False)
    is_verified = models.BooleanField(default=False, help_text="The reviewer is known to have seen the movie.")
    helpful_votes = models.IntegerField(default=0)
    unhelpful_votes = models.IntegerField(default=0)
    comment_count = models.IntegerField(default=0, help_text="Visible comments and replies.")
    engagement_score = models.FloatField(
        default=0, help_text="helpful + 0.5 x unhelpful + 2 x visible comments (the daily job recomputes it)."
    )
    media_urls = models.JSONField(default=list, blank=True, help_text=f"At most {REVIEW_MEDIA_MAX} http(s) URLs.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ContentStatus.choices, default=ContentStatus.VISIBLE)

    class Meta:
        db_table = "reviews"
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("status", ContentStatus, table="reviews"),
            range_check("rating", 0, 10, table="reviews"),
            # Steps of 0.5: twice the rating is a whole number.
            models.CheckConstraint(
                condition=models.Q(
                    Exact(models.F("rating") * 2, models.Func(models.F("rating") * 2, function="trunc"))
                ),
                name="reviews_rating_half_steps",
            ),
            non_negative("helpful_votes", table="reviews"),
            non_negative("unhelpful_votes", table="reviews"),
            non_negative("comment_count", table="reviews"),
            models.CheckConstraint(
                condition=models.Q(GreaterThan(Length("content"), 0))
                & models.Q(LessThanOrEqual(Length("content"), REVIEW_CONTENT_MAX)),
                name="reviews_content_length",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    models.Case(
                        models.When(
                            Exact(
                                models.Func(models.F("media_urls"), function="jsonb_typeof", output_field=models.TextField()),
                                "array",
                            ),
                            then=LessThanOrEqual(
                                models.Func(models.F("media_urls"), function="jsonb_array_length", output_field=models.IntegerField()),
                                REVIEW_MEDIA_MAX,
                            ),
                        ),
                        default=models.Value(False),
                        output_field=models.BooleanField(),
                    )
                ),
                name="reviews_media_urls_list",
            ),
        ]
        indexes = [
            # A movie's visible reviews in each of the API's orderings (cursor pages).
            models.Index(
                models.F("movie"), models.F("created_at").desc(), models.F("id").desc(),
                name="reviews_movie_recent", condition=models.Q(status=ContentStatus.VISIBLE),
            ),  # fmt: skip
            models.Index(
                models.F("movie"), models.F("rating").desc(), models.F("id").desc(),
                name="reviews_movie_rating", condition=models.Q(status=ContentStatus.VISIBLE),
            ),  # fmt: skip
            models.Index(
                models.F("movie"), models.F("helpful_votes").desc(), models.F("id").desc(),
                name="reviews_movie_helpful", condition=models.Q(status=ContentStatus.VISIBLE),
            ),  # fmt: skip
            # A member's reviews (their list, their profile's count, deleting their account).
            models.Index(fields=["user", "-created_at", "-id"], include=["status"], name="reviews_user_recent"),
            # The admin's date drill-down and newest-first changelist.
            models.Index(fields=["-created_at", "-id"], name="reviews_recent"),
            models.Index(fields=["external_id"], name="reviews_external_id", condition=models.Q(external_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title or (self.content if len(self.content) <= 60 else self.content[:59] + "…")


class ReviewVote(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    review = models.ForeignKey(
        Review,
        on_delete=models.DO_NOTHING,  # the composite foreign key cascades in the database
        db_constraint=False,
        db_index=False,
        related_name="vote_rows",
    )
    review_created_at = models.DateTimeField(editable=False, help_text="Copy of the review's created_at (trigger).")
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "review_votes"
        constraints = [models.UniqueConstraint(fields=["user", "review"], name="review_votes_user_review_key")]
        indexes = [models.Index(fields=["review"], name="review_votes_review")]

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'unhelpful'} by {self.user_id} on review {self.review_id}"


class ReviewComment(models.Model):
    review = models.ForeignKey(
        Review,
        on_delete=models.DO_NOTHING,  # the composite foreign key cascades in the database
        db_constraint=False,
        db_index=False,
        related_name="comment_rows",
    )
    review_created_at = models.DateTimeField(editable=False, help_text="Copy of the review's created_at (trigger).")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    parent = models.ForeignKey(
        "self", on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="replies",
        db_index=False, help_text="The comment this one replies to (replies are one level deep; ON DELETE CASCADE).",
    )  # fmt: skip
    content = models.TextField(max_length=REVIEW_COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ContentStatus.choices, default=ContentStatus.VISIBLE)

    class Meta:
        db_table = "review_comments"
        ordering = ["created_at", "id"]
        constraints = [
            choices_check("status", ContentStatus, table="review_comments"),
            models.CheckConstraint(
                condition=models.Q(GreaterThan(Length("content"), 0))
                & models.Q(LessThanOrEqual(Length("content"), REVIEW_COMMENT_MAX)),
                name="review_comments_content_length",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True) | ~models.Q(parent=models.F("id")),
                name="review_comments_not_own_parent",
            ),
        ]
        indexes = [
            # A review's comments, oldest first by cursor.
            models.Index(models.F("review"), models.F("created_at"), models.F("id"), name="review_comments_thread"),
            models.Index(fields=["user"], name="review_comments_user"),
            models.Index(fields=["parent"], name="review_comments_parent", condition=models.Q(parent__isnull=False)),
            # The admin's date drill-down.
            models.Index(fields=["created_at"], name="review_comments_created"),
        ]

    def __str__(self) -> str:
        return self.content if len(self.content) <= 60 else self.content[:59] + "…"


class ReviewKey(models.Model):
    """One row per review: the (member, movie) pair that makes a second review of the same movie
    by the same member fail. Written by a trigger on reviews, never by the application; created
    by the migration's SQL (with its composite foreign key to the review, ON DELETE CASCADE).
    A model only so that Django knows the table (test flushes truncate it with reviews)."""

    pk = models.CompositePrimaryKey("user", "movie")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    review = models.ForeignKey(Review, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    review_created_at = models.DateTimeField()

    class Meta:
        db_table = "review_keys"

    def __str__(self) -> str:
        return f"review {self.review_id}: member {self.user_id}, movie {self.movie_id}"
