"""Shapes of pulses, reactions, comments and trending topics (plain serializers, built once per
request; list payload rows come ready from social.selectors.pulses.pulse_payloads)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import empty

from iwm.api.params import StrictIntegerField
from iwm.api.serializers import Input
from social.models import (
    COMMENT_MAX,
    HASHTAG_MAX_LENGTH,
    MEDIA_URL_MAX,
    PULSE_MEDIA_MAX,
    PULSE_TEXT_MAX,
    LinkedType,
    ReactionKind,
    TopicCategory,
    TrendingWindow,
)


class AuthorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    avatar_url = serializers.CharField()


class LinkedMovieOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


ReactionCountsOutput = type(
    "ReactionCountsOutput",
    (serializers.Serializer,),
    {kind: serializers.IntegerField() for kind in ReactionKind.values},
)


class PulseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = AuthorOutput()
    content_text = serializers.CharField()
    content_media = serializers.ListField(child=serializers.CharField())
    hashtags = serializers.ListField(child=serializers.CharField(), help_text="Lower-cased, without '#'.")
    linked_type = serializers.ChoiceField(choices=LinkedType.choices, allow_null=True)
    linked_movie = LinkedMovieOutput(allow_null=True)
    reactions = ReactionCountsOutput(help_text="Count per reaction kind.")
    reactions_total = serializers.IntegerField()
    comments_count = serializers.IntegerField()
    shares_count = serializers.IntegerField()
    my_reaction = serializers.ChoiceField(
        choices=ReactionKind.choices, allow_null=True, help_text="The signed-in member's reaction; null if none."
    )
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)


class PulseInput(Input):
    # Whitespace is trimmed by the service, after the length check, so the documented
    # maximum is the one enforced.
    content_text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=PULSE_TEXT_MAX,
        help_text="Hashtags (#nolan) and mentions (@username) in it are recognised.",
    )  # fmt: skip
    content_media = serializers.ListField(
        child=serializers.CharField(max_length=MEDIA_URL_MAX, trim_whitespace=False),
        required=False,
        max_length=PULSE_MEDIA_MAX,
        help_text=f"Up to {PULSE_MEDIA_MAX} http(s) URLs of images or videos.",
    )
    linked_movie = StrictIntegerField(
        required=False, allow_null=True, min_value=1, help_text="A movie's id (null: no linked movie)."
    )


class PulseListParams(serializers.Serializer):
    tag = serializers.CharField(
        required=False,
        allow_blank=True,  # so that `?tag=` reaches the view's check (a 400) instead of meaning "no filter"
        trim_whitespace=False,
        max_length=HASHTAG_MAX_LENGTH + 1,
        help_text="Only pulses with this hashtag (with or without '#', any case).",
    )


class ReactionInput(Input):
    kind = serializers.ChoiceField(choices=ReactionKind.choices)


class ReactionOutput(serializers.Serializer):
    reactions = ReactionCountsOutput()
    reactions_total = serializers.IntegerField()
    my_reaction = serializers.ChoiceField(choices=ReactionKind.choices, allow_null=True)


class CommentInput(Input):
    content = serializers.CharField(max_length=COMMENT_MAX, trim_whitespace=False)


class CommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = AuthorOutput(source="user")
    content = serializers.CharField()
    created_at = serializers.DateTimeField()


class PresentChoiceField(serializers.ChoiceField):
    """A ChoiceField for a query parameter where `?name=` (empty) is a bad value, a 400, not
    "absent, use the default" as DRF reads an empty form value."""

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, empty)


class TrendingParams(serializers.Serializer):
    window = PresentChoiceField(
        choices=TrendingWindow.choices, required=False, default=TrendingWindow.DAY, help_text="Default 24h."
    )


class TrendingOutput(serializers.Serializer):
    tag = serializers.CharField()
    category = serializers.ChoiceField(choices=TopicCategory.choices)
    window = serializers.CharField(source="window_label")
    count = serializers.IntegerField(help_text="Visible pulses with the tag in the window.")
    computed_at = serializers.DateTimeField()
