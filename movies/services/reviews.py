"""Writes of reviews, their votes and comments, and their visibility.

* A review write first locks its movie's row (FOR NO KEY UPDATE), so the writes of one movie's
  reviews run one at a time and the movie's `siddu_score` (average rating of its visible
  reviews, one decimal) and `review_count` (visible reviews), recomputed from the rows in the
  same transaction, never miss a concurrent write. A second review of the same movie by the
  same member fails in the database (review_keys, see movies.models.reviews) and is a 409.
* A vote or comment locks the review's row; `helpful_votes`, `unhelpful_votes` and
  `comment_count` (visible comments) change by atomic SQL on that row in the same transaction.
* Every statement on a review names its `created_at` too, so PostgreSQL reads one partition.
* Hidden and removed reviews are treated as absent (404) by member-facing writes; moderators
  change the status through `review_status_set` / `review_comment_status_set`.
* Notifications (a vote or comment on my review, a reply to my comment) are written after
  commit by social's notify().
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from iwm.api.errors import Conflict
from movies.models import Movie, Review, ReviewComment, ReviewVote
from movies.models.reviews import (
    MEDIA_URL_MAX,
    REVIEW_COMMENT_MAX,
    REVIEW_CONTENT_MAX,
    REVIEW_MEDIA_MAX,
    REVIEW_TITLE_MAX,
)
from social.models import ContentStatus, NotificationType
from social.services.notifications import notify

EDITABLE_FIELDS = ("title", "content", "rating", "has_spoilers", "media_urls")
SECOND_REVIEW = "You have already reviewed this movie: edit your review (PATCH /api/v1/reviews/{id}/) instead."
_http_url = URLValidator(schemes=["http", "https"])


# --- validation -----------------------------------------------------------------------------------


def _clean_rating(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValidationError({"rating": ["A number from 0 to 10 in steps of 0.5."]})
    try:
        rating = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"rating": ["A number from 0 to 10 in steps of 0.5."]}) from None
    if not rating.is_finite() or not (0 <= rating <= 10) or (rating * 2) % 1 != 0:
        raise ValidationError({"rating": [f"A number from 0 to 10 in steps of 0.5 ({value} given)."]})
    return rating.quantize(Decimal("0.1"))


def _clean_text(value, *, field: str, maximum: int, required: bool) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: ["Must be a string."]})
    text = value.strip()
    if required and not text:
        raise ValidationError({field: ["Write something."]})
    if len(text) > maximum:
        raise ValidationError({field: [f"At most {maximum} characters ({len(text)} given)."]})
    return text


def _clean_media(value) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError({"media_urls": ["Must be a list of http(s) URLs."]})
    if len(value) > REVIEW_MEDIA_MAX:
        raise ValidationError({"media_urls": [f"At most {REVIEW_MEDIA_MAX} media URLs ({len(value)} given)."]})
    for position, url in enumerate(value, start=1):
        if not isinstance(url, str) or len(url) > MEDIA_URL_MAX:
            raise ValidationError({"media_urls": [f"Item {position}: an http(s) URL of at most {MEDIA_URL_MAX} characters."]})
        try:
            _http_url(url)
        except ValidationError:
            raise ValidationError({"media_urls": [f"Item {position}: not an http(s) URL."]}) from None
    return list(value)


def _clean(changes: dict, *, creating: bool) -> dict:
    values = {}
    if "title" in changes:
        values["title"] = _clean_text(changes["title"], field="title", maximum=REVIEW_TITLE_MAX, required=False)
    if "content" in changes or creating:
        values["content"] = _clean_text(changes.get("content", ""), field="content", maximum=REVIEW_CONTENT_MAX, required=True)
    if "rating" in changes or creating:
        if changes.get("rating") is None:
            raise ValidationError({"rating": ["A number from 0 to 10 in steps of 0.5."]})
        values["rating"] = _clean_rating(changes["rating"])
    if "has_spoilers" in changes:
        if not isinstance(changes["has_spoilers"], bool):
            raise ValidationError({"has_spoilers": ["Must be true or false."]})
        values["has_spoilers"] = changes["has_spoilers"]
    if "media_urls" in changes:
        values["media_urls"] = _clean_media(changes["media_urls"])
    return values


# --- the movie's score and count ------------------------------------------------------------------

MOVIE_STATS_SQL = """
UPDATE movies m
SET review_count = s.reviews, siddu_score = s.score
FROM (
    SELECT count(r.id) AS reviews, round(avg(r.rating), 1) AS score
    FROM reviews r WHERE r.movie_id = %(movie)s AND r.status = 'visible'
) s
WHERE m.id = %(movie)s
  AND (m.review_count, m.siddu_score) IS DISTINCT FROM (s.reviews::int, s.score)
"""


def _lock_movie(movie_id: int) -> None:
    """Lock the movie's row for this transaction (404 when there is none). FOR NO KEY UPDATE
    does not conflict with the foreign-key checks of rows that refer to the movie."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM movies WHERE id = %s FOR NO KEY UPDATE", [movie_id])
        if cursor.fetchone() is None:
            raise Http404("No such movie.")


def movie_review_stats_refresh(movie_ids: Iterable[int]) -> int:
    """Recompute the movies' siddu_score and review_count from their visible reviews (the
    caller holds their rows' locks or accepts the race); rows changed."""
    changed = 0
    with connection.cursor() as cursor:
        for movie_id in sorted(set(movie_ids)):
            cursor.execute(MOVIE_STATS_SQL, {"movie": movie_id})
            changed += cursor.rowcount
    return changed


# --- reviews --------------------------------------------------------------------------------------


def _is_second_review(error: IntegrityError) -> bool:
    diag = getattr(getattr(error, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) == "review_keys_pkey"


@transaction.atomic
def review_create(
    *,
    user,
    movie,
    title: str = "",
    content: str,
    rating,
    has_spoilers: bool = False,
    media_urls: Sequence[str] | None = None,
    is_verified: bool = False,
    created_at=None,
    external_id: str | None = None,
) -> Review:
    """Write the member's review of a movie (one per member and movie: a second is a 409).
    The movie's siddu_score and review_count follow in the same transaction."""
    movie_id = getattr(movie, "pk", movie)
    values = _clean(
        {"title": title, "content": content, "rating": rating, "has_spoilers": has_spoilers, "media_urls": media_urls or []},
        creating=True,
    )
    _lock_movie(movie_id)
    now = timezone.now()
    try:
        with transaction.atomic():
            review = Review.objects.create(
                user=user,
                movie_id=movie_id,
                external_id=external_id,
                is_verified=is_verified,
                created_at=created_at or now,
                updated_at=created_at or now,
                **values,
            )
    except IntegrityError as error:
        if _is_second_review(error):
            raise Conflict(SECOND_REVIEW) from None
        raise
    movie_review_stats_refresh([movie_id])
    return review


def _lock_review(review: Review) -> Review:
    """The visible review's row, locked for this transaction; 404 when it is gone or not visible."""
    locked = (
        Review.objects.select_for_update(no_key=True)
        .filter(pk=review.pk, created_at=review.created_at, status=ContentStatus.VISIBLE)
        .only("id", "user_id", "movie_id", "created_at", "status", "rating")
        .first()
    )
    if locked is None:
        raise Http404("No such review.")
    return locked


def _check_owner(review: Review, user) -> None:
    if review.user_id != user.pk:
        raise PermissionDenied("Only its author may change or delete a review.")


@transaction.atomic
def review_update(*, review: Review, user, **changes) -> Review:
    """The author edits the title, content, rating, spoiler flag or media; a new rating
    moves the movie's siddu_score in the same transaction."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _lock_movie(review.movie_id)
    locked = _lock_review(review)
    _check_owner(locked, user)
    values = _clean(changes, creating=False)
    values["updated_at"] = timezone.now()
    Review.objects.filter(pk=locked.pk, created_at=locked.created_at).update(**values)
    if "rating" in values and values["rating"] != locked.rating:
        movie_review_stats_refresh([locked.movie_id])
    return locked


@transaction.atomic
def review_delete(*, review: Review, user) -> None:
    """The author deletes the review; its votes and comments go with it (ON DELETE CASCADE)."""
    _lock_movie(review.movie_id)
    locked = _lock_review(review)
    _check_owner(locked, user)
    Review.objects.filter(pk=locked.pk, created_at=locked.created_at).delete()
    movie_review_stats_refresh([locked.movie_id])


@transaction.atomic
def review_status_set(*, review: Review, status: str) -> Review:
    """Moderation: make a review visible, hidden or removed; the movie's score and count follow
    in the same transaction. Its own counters stay as they are."""
    if status not in ContentStatus.values:
        raise ValidationError({"status": [f"One of {', '.join(ContentStatus.values)}."]})
    _lock_movie(review.movie_id)
    if not Review.objects.filter(pk=review.pk, created_at=review.created_at).update(status=status):
        raise Http404("No such review.")
    movie_review_stats_refresh([review.movie_id])
    review.status = status
    return review


# --- votes ----------------------------------------------------------------------------------------


def _counts(review: Review) -> dict:
    return (
        Review.objects.filter(pk=review.pk, created_at=review.created_at)
        .values("helpful_votes", "unhelpful_votes")
        .get()
    )


@transaction.atomic
def review_vote(*, user, review: Review, helpful: bool) -> dict:
    """Vote a review helpful or unhelpful (once per member and review: the other way moves
    both counts). Members do not vote on their own reviews. Returns the review's counts and
    the member's vote."""
    if not isinstance(helpful, bool):
        raise ValidationError({"helpful": ["Must be true or false."]})
    locked = _lock_review(review)
    if locked.user_id == user.pk:
        raise ValidationError({"helpful": ["You cannot vote on your own review."]})
    existing = ReviewVote.objects.filter(user=user, review_id=locked.pk).values_list("helpful", flat=True).first()
    target = Review.objects.filter(pk=locked.pk, created_at=locked.created_at)
    if existing is None:
        ReviewVote.objects.create(user=user, review_id=locked.pk, review_created_at=locked.created_at, helpful=helpful)
        field = "helpful_votes" if helpful else "unhelpful_votes"
        target.update(**{field: F(field) + 1})
        notify(
            recipients=[locked.user_id],
            type=NotificationType.REVIEW_VOTE,
            actor_id=user.pk,
            title=f"@{user.username} found your review {'helpful' if helpful else 'not helpful'}",
            action_url=f"/api/v1/reviews/{locked.pk}/",
            metadata={"review": locked.pk, "helpful": helpful},
        )
    elif existing != helpful:
        ReviewVote.objects.filter(user=user, review_id=locked.pk).update(helpful=helpful)
        step = 1 if helpful else -1
        target.update(helpful_votes=F("helpful_votes") + step, unhelpful_votes=F("unhelpful_votes") - step)
    return {**_counts(locked), "my_vote": helpful}


@transaction.atomic
def review_unvote(*, user, review: Review) -> dict:
    """Take back the member's vote (nothing happens when there is none)."""
    locked = _lock_review(review)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM review_votes WHERE user_id = %s AND review_id = %s RETURNING helpful", [user.pk, locked.pk])
        removed = cursor.fetchone()
    if removed is not None:
        field = "helpful_votes" if removed[0] else "unhelpful_votes"
        Review.objects.filter(pk=locked.pk, created_at=locked.created_at).update(**{field: F(field) - 1})
    return {**_counts(locked), "my_vote": None}


# --- comments -------------------------------------------------------------------------------------


@transaction.atomic
def review_comment_create(*, user, review: Review, content: str, parent=None) -> ReviewComment:
    """Comment on a visible review, or reply to one of its visible top-level comments (one
    level deep). The review's comment_count goes up in the same transaction; the review's
    author (and, for a reply, the comment's author) are notified."""
    text = _clean_text(content, field="content", maximum=REVIEW_COMMENT_MAX, required=True)
    with connection.cursor() as cursor:
        # Checks visibility and locks the review (a concurrent delete waits) in one statement.
        cursor.execute(
            "SELECT user_id FROM reviews WHERE id = %s AND created_at = %s AND status = %s FOR NO KEY UPDATE",
            [review.pk, review.created_at, ContentStatus.VISIBLE],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such review.")
    review_author = row[0]
    parent_row = None
    if parent is not None:
        parent_id = getattr(parent, "pk", parent)
        parent_row = (
            ReviewComment.objects.filter(pk=parent_id, review_id=review.pk, status=ContentStatus.VISIBLE)
            .values("id", "user_id", "parent_id")
            .first()
        )
        if parent_row is None:
            raise ValidationError({"parent": [f"No visible comment {parent_id} on this review."]})
        if parent_row["parent_id"] is not None:
            raise ValidationError({"parent": ["Replies are one level deep: reply to the comment it answers."]})
    comment = ReviewComment.objects.create(
        review_id=review.pk,
        review_created_at=review.created_at,
        user=user,
        parent_id=parent_row["id"] if parent_row else None,
        content=text,
    )
    Review.objects.filter(pk=review.pk, created_at=review.created_at).update(comment_count=F("comment_count") + 1)
    comment.user = user
    notify(
        recipients=[review_author],
        type=NotificationType.REVIEW_COMMENT,
        actor_id=user.pk,
        title=f"@{user.username} commented on your review",
        message=text[:200],
        action_url=f"/api/v1/reviews/{review.pk}/comments/",
        metadata={"review": review.pk, "comment": comment.pk},
    )
    if parent_row and parent_row["user_id"] != review_author:
        notify(
            recipients=[parent_row["user_id"]],
            type=NotificationType.COMMENT_REPLY,
            actor_id=user.pk,
            title=f"@{user.username} replied to your comment",
            message=text[:200],
            action_url=f"/api/v1/reviews/{review.pk}/comments/",
            metadata={"review": review.pk, "comment": comment.pk, "parent": parent_row["id"]},
        )
    return comment


@transaction.atomic
def review_comment_status_set(*, comment: ReviewComment, status: str) -> ReviewComment:
    """Moderation: make a comment visible, hidden or removed; the review's comment_count (of
    visible comments) follows in the same transaction."""
    if status not in ContentStatus.values:
        raise ValidationError({"status": [f"One of {', '.join(ContentStatus.values)}."]})
    row = (
        ReviewComment.objects.select_for_update()
        .filter(pk=comment.pk)
        .values("status", "review_id", "review_created_at")
        .first()
    )
    if row is None:
        raise Http404("No such comment.")
    if row["status"] != status:
        ReviewComment.objects.filter(pk=comment.pk).update(status=status)
        delta = int(status == ContentStatus.VISIBLE) - int(row["status"] == ContentStatus.VISIBLE)
        if delta:
            Review.objects.filter(pk=row["review_id"], created_at=row["review_created_at"]).update(
                comment_count=F("comment_count") + delta
            )
    comment.status = status
    return comment
