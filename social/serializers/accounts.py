"""Input and output shapes of the account endpoints (validation of shape only)."""

from __future__ import annotations

from rest_framework import serializers

from iwm.api.serializers import Input
from social.models import User


class RegisterInput(Input):
    email = serializers.EmailField(max_length=254)
    username = serializers.RegexField(
        r"^[A-Za-z0-9_.]{3,30}$", max_length=30, error_messages={"invalid": "3 to 30 letters, digits, '_' or '.'."}
    )
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class UserOutput(serializers.ModelSerializer):
    # Plain strings in the output: an unset URL is "", which a `format: uri` schema would refuse.
    avatar_url = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "external_id",
            "email",
            "username",
            "name",
            "avatar_url",
            "bio",
            "location",
            "website",
            "is_staff",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProfileUpdateInput(Input):
    username = serializers.RegexField(
        r"^[A-Za-z0-9_.]{3,30}$", max_length=30, required=False,
        error_messages={"invalid": "3 to 30 letters, digits, '_' or '.'."},
    )  # fmt: skip
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    avatar_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=150, required=False, allow_blank=True)
    website = serializers.URLField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError({field: ["This field cannot be changed here."] for field in sorted(unknown)})
        return attrs
