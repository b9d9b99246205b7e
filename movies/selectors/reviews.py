"""Reads of reviews: one review, a movie's and a member's reviews (cursor pages), comments,
and the payload fields computed per page (the viewer's own votes) without a query per row.

Hidden and removed reviews are absent from every list and a 404 on detail. Lists read only
the columns the payload shows, with their author and movie joined in the same query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.http import Http404

from movies.models import Movie, Review, ReviewComment, ReviewVote
from social.models import ContentStatus

# Orderings of a movie's reviews: each is the leading key of a partial index on
# (movie_id, <key> DESC, id DESC) WHERE status = 'visible'.
ORDERINGS = {
    "-created_at": ("-created_at", "-id"),
    "-rating": ("-rating", "-id"),
    "-helpful_votes": ("-helpful_votes", "-id"),
}
DEFAULT_ORDERING = "-created_at"

LIST_COLUMNS = (
    "id", "created_at", "updated_at", "title", "content", "rating", "has_spoilers", "is_verified",
    "helpful_votes", "unhelpful_votes", "comment_count", "media_urls",
    "user_id", "user__username", "user__avatar_url",
    "movie_id", "movie__title", "movie__year",
)  # fmt: skip


def review_find(review_id: int) -> Review:
    """A review whatever its status (for writes, which check visibility and ownership under a
    lock): its id, partition key, author, movie and status. 404 when there is none."""
    review = Review.objects.filter(pk=review_id).only("id", "created_at", "user_id", "movie_id", "status").first()
    if review is None:
        raise Http404("No such review.")
    return review


def review_visible(review_id: int) -> Review:
    """A visible review (404 for a missing, hidden or removed one)."""
    review = review_find(review_id)
    if review.status != ContentStatus.VISIBLE:
        raise Http404("No such review.")
    return review


def visible_reviews() -> QuerySet[Review]:
    return Review.objects.filter(status=ContentStatus.VISIBLE)


def movie_exists(movie_id: int) -> None:
    if not Movie.objects.filter(pk=movie_id).exists():
        raise Http404("No such movie.")


def reviews_of_movie(movie_id: int) -> QuerySet:
    """A movie's visible reviews as payload rows (the paginator orders them)."""
    return visible_reviews().filter(movie_id=movie_id).values(*LIST_COLUMNS)


def reviews_of_user(user_id: int) -> QuerySet:
    """A member's visible reviews as payload rows (the paginator orders them newest first)."""
    return visible_reviews().filter(user_id=user_id).values(*LIST_COLUMNS)


def review_visible_row(review_id: int) -> dict:
    """The payload row of a visible review by id alone (one primary-key probe per partition)."""
    row = visible_reviews().filter(pk=review_id).values(*LIST_COLUMNS).first()
    if row is None:
        raise Http404("No such review.")
    return row


def review_row(review: Review) -> dict:
    return visible_reviews().filter(pk=review.pk, created_at=review.created_at).values(*LIST_COLUMNS).get()


def user_visible_reviews_count(user_id: int) -> int:
    return visible_reviews().filter(user_id=user_id).count()


def votes_by(viewer, review_ids: Iterable[int]) -> dict[int, bool]:
    """{review id: helpful} of the viewer's votes on these reviews (one query; none for anonymous)."""
    ids = list(review_ids)
    if viewer is None or not viewer.is_authenticated or not ids:
        return {}
    return dict(ReviewVote.objects.filter(user_id=viewer.pk, review_id__in=ids).values_list("review_id", "helpful"))


def review_payloads(rows: Sequence[dict], viewer) -> list[dict]:
    """Payload rows shaped for ReviewOutput, with the viewer's own vote."""
    mine = votes_by(viewer, (row["id"] for row in rows))
    return [
        {
            "id": row["id"],
            "movie": {"id": row["movie_id"], "title": row["movie__title"], "year": row["movie__year"]},
            "author": {"id": row["user_id"], "username": row["user__username"], "avatar_url": row["user__avatar_url"]},
            "title": row["title"],
            "content": row["content"],
            "rating": row["rating"],
            "has_spoilers": row["has_spoilers"],
            "is_verified": row["is_verified"],
            "helpful_votes": row["helpful_votes"],
            "unhelpful_votes": row["unhelpful_votes"],
            "comment_count": row["comment_count"],
            "media_urls": row["media_urls"],
            "my_vote": mine.get(row["id"]),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


def comments_of(review: Review) -> QuerySet[ReviewComment]:
    """A review's visible comments and replies, with their authors (the paginator orders them
    oldest first on review_comments_thread)."""
    return (
        ReviewComment.objects.filter(review_id=review.pk, status=ContentStatus.VISIBLE)
        .select_related("user")
        .only("id", "content", "created_at", "parent_id", "review_id", "user__id", "user__username", "user__avatar_url")
    )
