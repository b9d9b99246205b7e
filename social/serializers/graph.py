"""Shapes of public profiles, follows and the followers / following lists."""

from __future__ import annotations

from rest_framework import serializers


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    avatar_url = serializers.CharField()


class ProfileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    avatar_url = serializers.CharField()
    bio = serializers.CharField()
    location = serializers.CharField(allow_null=True, help_text="null when the member's profile settings hide it.")
    website = serializers.CharField(allow_null=True, help_text="null when the member's profile settings hide it.")
    followers_count = serializers.IntegerField()
    following_count = serializers.IntegerField()
    reviews_count = serializers.IntegerField(help_text="Visible reviews.")
    is_following = serializers.BooleanField(
        allow_null=True, help_text="Whether the signed-in member follows them; null when anonymous."
    )
    created_at = serializers.DateTimeField(help_text="Member since.")


class FollowOutput(serializers.Serializer):
    following = serializers.BooleanField(help_text="Whether I follow them now (always true after POST).")
    followers_count = serializers.IntegerField(help_text="Their followers.")
    following_count = serializers.IntegerField(help_text="Whom they follow.")


class FollowerItemOutput(serializers.Serializer):
    user = PersonOutput(source="follower")
    followed_at = serializers.DateTimeField(source="created_at")


class FollowingItemOutput(serializers.Serializer):
    user = PersonOutput(source="following")
    followed_at = serializers.DateTimeField(source="created_at")
