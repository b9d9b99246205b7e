"""Shapes of members' lists: collections and their films, the watchlist, favorites."""

from __future__ import annotations

from rest_framework import serializers

from iwm.api.params import StrictIntegerField
from iwm.api.serializers import Input
from iwm.validators import multiline_text, no_control_characters
from movies.models import FavoriteType, WatchPriority, WatchStatus
from movies.models.lists import (
    COLLECTION_DESCRIPTION_MAX,
    COLLECTION_NOTE_MAX,
    COLLECTION_TAG_MAX_LENGTH,
    COLLECTION_TAGS_MAX,
    COLLECTION_TITLE_MAX,
)

# --- outputs --------------------------------------------------------------------------------------


class CollectionOwnerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    avatar_url = serializers.CharField()


class MovieBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    poster_url = serializers.CharField()


class PersonBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    image_url = serializers.CharField()
    known_for = serializers.CharField()


class SceneBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    thumbnail_url = serializers.CharField()
    movie = MovieBriefOutput()


class CollectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    is_public = serializers.BooleanField()
    tags = serializers.ListField(child=serializers.CharField())
    owner = CollectionOwnerOutput()
    followers = serializers.IntegerField(help_text="Members following the collection.")
    movies_count = serializers.IntegerField()
    is_following = serializers.SerializerMethodField(help_text="Whether I follow it; null when anonymous.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_is_following(self, collection) -> bool | None:
        return getattr(collection, "is_following", None)


class CollectionMovieOutput(serializers.Serializer):
    position = serializers.IntegerField(help_text="1 for the first film.")
    note = serializers.CharField()
    movie = MovieBriefOutput()
    added_at = serializers.DateTimeField()


class CollectionFollowOutput(serializers.Serializer):
    following = serializers.BooleanField()
    followers = serializers.IntegerField()


class WatchlistOutput(serializers.Serializer):
    movie = MovieBriefOutput()
    status = serializers.ChoiceField(choices=WatchStatus.choices)
    priority = serializers.ChoiceField(choices=WatchPriority.choices)
    progress = serializers.IntegerField(help_text="Percent watched, 0-100.")
    date_added = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class FavoriteOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="DELETE /me/favorites/{id}/ removes it.")
    type = serializers.ChoiceField(choices=FavoriteType.choices)
    movie = MovieBriefOutput(allow_null=True)
    person = PersonBriefOutput(allow_null=True)
    scene = SceneBriefOutput(allow_null=True)
    added_date = serializers.DateTimeField()


# --- inputs ---------------------------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    """A string, never a number turned into one (for list items, which the Input base class
    does not type-check)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(max_length: int, *, multiline: bool = False, **kwargs):
    return StrictCharField(
        max_length=max_length, validators=[multiline_text if multiline else no_control_characters], **kwargs
    )


class CollectionInput(Input):
    title = _text(COLLECTION_TITLE_MAX)
    description = _text(COLLECTION_DESCRIPTION_MAX, multiline=True, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, help_text="false: a 404 to everyone but me.")
    tags = serializers.ListField(
        child=_text(COLLECTION_TAG_MAX_LENGTH),
        required=False,
        max_length=COLLECTION_TAGS_MAX,
        help_text=f"Up to {COLLECTION_TAGS_MAX} tags of up to {COLLECTION_TAG_MAX_LENGTH} characters; stored lower-cased.",
    )

    def validate_tags(self, tags):
        unique: list[str] = []
        for tag in (tag.strip().lower() for tag in tags):
            if tag and tag not in unique:
                unique.append(tag)
        return unique


class Params(serializers.Serializer):
    """Query parameters; an empty one (`?status=`) is a 400, not "no filter"."""

    def validate(self, data):
        blank = [name for name in self.fields if hasattr(self.initial_data, "get") and self.initial_data.get(name) == ""]
        if blank:
            raise serializers.ValidationError({name: ["Must not be empty; leave the parameter out instead."] for name in blank})
        return data


class CollectionListParams(Params):
    owner = StrictIntegerField(required=False, min_value=1, help_text="Only this member's collections.")
    tag = serializers.CharField(
        required=False, max_length=COLLECTION_TAG_MAX_LENGTH, validators=[no_control_characters],
        help_text="Only collections with this tag (any case).",
    )  # fmt: skip


class CollectionMovieInput(Input):
    movie = StrictIntegerField(min_value=1, help_text="A movie's id.")
    position = StrictIntegerField(
        required=False, min_value=1, max_value=1_000_000,
        help_text="1 for the first place; past the end means the end. Default: the end (or where it is).",
    )  # fmt: skip
    note = _text(COLLECTION_NOTE_MAX, multiline=True, required=False, allow_blank=True)


class CollectionMovieRemoveInput(Input):
    movie = StrictIntegerField(min_value=1, help_text="A movie's id.")


class WatchlistParams(Params):
    status = serializers.ChoiceField(choices=WatchStatus.choices, required=False)
    priority = serializers.ChoiceField(choices=WatchPriority.choices, required=False)


class WatchlistChangeInput(Input):
    status = serializers.ChoiceField(choices=WatchStatus.choices, required=False)
    priority = serializers.ChoiceField(choices=WatchPriority.choices, required=False)
    progress = StrictIntegerField(required=False, min_value=0, max_value=100, help_text="Percent watched, 0-100.")


class WatchlistAddInput(WatchlistChangeInput):
    movie = StrictIntegerField(min_value=1, help_text="A movie's id.")


class FavoriteParams(Params):
    type = serializers.ChoiceField(choices=FavoriteType.choices, required=False)


class FavoriteInput(Input):
    movie = StrictIntegerField(required=False, min_value=1, help_text="A movie's id.")
    person = StrictIntegerField(required=False, min_value=1, help_text="A person's id.")
    scene = StrictIntegerField(required=False, min_value=1, help_text="A scene's id.")

    def validate(self, data):
        given = [name for name in ("movie", "person", "scene") if data.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of movie, person or scene.")
        return {"type": given[0], "target": data[given[0]]}
