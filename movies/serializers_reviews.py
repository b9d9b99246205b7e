"""Shapes of reviews, votes and comments (plain serializers, built once per request; list
payload rows come ready from movies.selectors.reviews.review_payloads)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import empty

from iwm.api.params import StrictIntegerField
from iwm.api.serializers import Input
from movies.models.reviews import MEDIA_URL_MAX, REVIEW_COMMENT_MAX, REVIEW_CONTENT_MAX, REVIEW_MEDIA_MAX, REVIEW_TITLE_MAX
from movies.selectors.reviews import DEFAULT_ORDERING, ORDERINGS


class ReviewAuthorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    avatar_url = serializers.CharField()


class ReviewMovieOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    movie = ReviewMovieOutput()
    author = ReviewAuthorOutput()
    title = serializers.CharField()
    content = serializers.CharField()
    rating = serializers.DecimalField(max_digits=3, decimal_places=1, coerce_to_string=False)
    has_spoilers = serializers.BooleanField()
    is_verified = serializers.BooleanField()
    helpful_votes = serializers.IntegerField()
    unhelpful_votes = serializers.IntegerField()
    comment_count = serializers.IntegerField(help_text="Visible comments and replies.")
    media_urls = serializers.ListField(child=serializers.CharField())
    my_vote = serializers.BooleanField(
        allow_null=True, help_text="The signed-in member's vote: true (helpful), false (not helpful), null (none)."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReviewInput(Input):
    # Whitespace is trimmed by the service, after the length check.
    title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=REVIEW_TITLE_MAX)
    content = serializers.CharField(trim_whitespace=False, max_length=REVIEW_CONTENT_MAX)
    rating = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, max_value=10, help_text="0 to 10 in steps of 0.5."
    )
    has_spoilers = serializers.BooleanField(required=False)
    media_urls = serializers.ListField(
        child=serializers.CharField(max_length=MEDIA_URL_MAX, trim_whitespace=False),
        required=False,
        max_length=REVIEW_MEDIA_MAX,
        help_text=f"Up to {REVIEW_MEDIA_MAX} http(s) URLs of images or videos.",
    )

    def validate_rating(self, value):
        if (value * 2) % 1 != 0:
            raise serializers.ValidationError("Steps of 0.5: 7, 7.5 and 8 are ratings, 7.3 is not.")
        return value


class PresentChoiceField(serializers.ChoiceField):
    """`?ordering=` (empty) is a bad value, a 400, not "absent, use the default"."""

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, empty)


class ReviewListParams(serializers.Serializer):
    ordering = PresentChoiceField(
        choices=list(ORDERINGS),
        required=False,
        default=DEFAULT_ORDERING,
        help_text="-created_at (newest, the default), -rating (highest rated) or -helpful_votes (most helpful).",
    )


class VoteInput(Input):
    helpful = serializers.BooleanField(help_text="true: helpful; false: not helpful.")


class VoteOutput(serializers.Serializer):
    helpful_votes = serializers.IntegerField()
    unhelpful_votes = serializers.IntegerField()
    my_vote = serializers.BooleanField(allow_null=True)


class ReviewCommentInput(Input):
    content = serializers.CharField(max_length=REVIEW_COMMENT_MAX, trim_whitespace=False)
    parent = StrictIntegerField(
        required=False, allow_null=True, min_value=1, help_text="A top-level comment's id, to reply to it."
    )


class ReviewCommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = ReviewAuthorOutput(source="user")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    content = serializers.CharField()
    created_at = serializers.DateTimeField()
