"""Reviews: a movie's reviews (write mine, list them in three orders), one review (read, edit,
delete), votes, comments and replies, and a member's reviews."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from iwm.api.pagination import CursorPagination
from iwm.api.schema import Error
from iwm.api.views import ApiView, ListApiView
from movies.models import Review, ReviewComment
from movies.selectors import reviews as review_reads
from movies.serializers_reviews import (
    ReviewCommentInput,
    ReviewCommentOutput,
    ReviewInput,
    ReviewListParams,
    ReviewOutput,
    VoteInput,
    VoteOutput,
)
from movies.services import reviews as review_writes

NOT_THE_AUTHOR = OpenApiResponse(Error, description="Signed in, but not the review's author.")
SECOND_REVIEW = OpenApiResponse(Error, description="I have reviewed this movie already (`conflict`).")
HIDDEN = "Hidden and removed reviews are absent from every list and a 404 here."


class ReviewPagination(CursorPagination):
    """Cursor pages in the ordering the view chose (each backed by an index)."""

    def get_ordering(self, request, queryset, view):
        return getattr(view, "review_ordering", self.ordering)


class OldestFirst(CursorPagination):
    ordering = ("created_at", "id")


def payload(review: Review, viewer) -> dict:
    return review_reads.review_payloads([review_reads.review_row(review)], viewer)[0]


class MovieReviewsApi(ListApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = ReviewPagination
    params_class = ReviewListParams
    serializer_class = ReviewOutput
    filter_backends = []
    queryset = Review.objects.none()

    @extend_schema(
        summary="A movie's reviews",
        description="Newest first, highest rated first or most helpful first (`?ordering=`), by cursor. " + HIDDEN,
    )
    def get(self, request, movie_id: int):
        self.review_ordering = review_reads.ORDERINGS[self.query_params()["ordering"]]
        rows = self.paginate_queryset(review_reads.reviews_of_movie(movie_id))
        if not rows:  # no reviews, or no such movie
            review_reads.movie_exists(movie_id)
        return self.get_paginated_response(ReviewOutput(review_reads.review_payloads(rows, request.user), many=True).data)

    @extend_schema(
        request=ReviewInput,
        responses={201: ReviewOutput, 409: SECOND_REVIEW},
        summary="Review a movie",
        description=(
            "A rating from 0 to 10 in steps of 0.5, the text, an optional title, spoiler flag and up to 4 "
            "media URLs. One review per member and movie: a second is a 409 (edit the first instead). "
            "The movie's `siddu_score` and `review_count` change with it."
        ),
    )
    def post(self, request, movie_id: int):
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_writes.review_create(user=request.user, movie=movie_id, **data.validated_data)
        return Response(ReviewOutput(payload(review, request.user)).data, status=201)


class ReviewDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ReviewOutput, summary="One review", description=HIDDEN)
    def get(self, request, review_id: int):
        row = review_reads.review_visible_row(review_id)
        return Response(ReviewOutput(review_reads.review_payloads([row], request.user)[0]).data)

    @extend_schema(
        request=ReviewInput(partial=True),
        responses={200: ReviewOutput, 403: NOT_THE_AUTHOR},
        summary="Edit my review",
        description="A new rating moves the movie's `siddu_score`.",
    )
    def patch(self, request, review_id: int):
        data = ReviewInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        review = review_writes.review_update(
            review=review_reads.review_find(review_id), user=request.user, **data.validated_data
        )
        return Response(ReviewOutput(payload(review, request.user)).data)

    @extend_schema(
        responses={204: None, 403: NOT_THE_AUTHOR},
        summary="Delete my review",
        description="Its votes and comments are deleted with it; the movie's score and count follow.",
    )
    def delete(self, request, review_id: int):
        review_writes.review_delete(review=review_reads.review_find(review_id), user=request.user)
        return Response(status=204)


class ReviewVoteApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=VoteInput,
        responses=VoteOutput,
        summary="Vote a review helpful or not",
        description="One vote per member and review: voting the other way moves both counts. Not on my own review.",
    )
    def post(self, request, review_id: int):
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = review_writes.review_vote(
            user=request.user, review=review_reads.review_find(review_id), helpful=data.validated_data["helpful"]
        )
        return Response(VoteOutput(result).data)

    @extend_schema(request=None, responses={204: None}, summary="Take back my vote (also when there is none)")
    def delete(self, request, review_id: int):
        review_writes.review_unvote(user=request.user, review=review_reads.review_find(review_id))
        return Response(status=204)


class ReviewCommentsApi(ListApiView):
    """A review's comments and replies, oldest first (cursor pages); a reply names its `parent`."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = OldestFirst
    serializer_class = ReviewCommentOutput
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ReviewComment.objects.none()
        return review_reads.comments_of(review_reads.review_visible(self.kwargs["review_id"]))

    @extend_schema(
        request=ReviewCommentInput,
        responses={201: ReviewCommentOutput},
        summary="Comment on a review, or reply to a comment",
        description="`parent`: the id of a top-level comment of this review (replies are one level deep).",
    )
    def post(self, request, review_id: int):
        data = ReviewCommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = review_writes.review_comment_create(
            user=request.user,
            review=review_reads.review_find(review_id),
            content=data.validated_data["content"],
            parent=data.validated_data.get("parent"),
        )
        return Response(ReviewCommentOutput(comment).data, status=201)


class UserReviewsApi(ListApiView):
    """A member's reviews, newest first (cursor pages). Anyone may read them."""

    permission_classes = [permissions.AllowAny]
    pagination_class = ReviewPagination
    serializer_class = ReviewOutput
    filter_backends = []
    queryset = Review.objects.none()

    def get(self, request, user_id: int):
        from social.apis.graph import active_member

        active_member(user_id)
        rows = self.paginate_queryset(review_reads.reviews_of_user(user_id))
        return self.get_paginated_response(ReviewOutput(review_reads.review_payloads(rows, request.user), many=True).data)
