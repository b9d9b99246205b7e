"""Input and output shapes of the account endpoints (validation of shape only)."""

from __future__ import annotations

from rest_framework import serializers

from iwm.api.serializers import Input
from iwm.validators import multiline_text, no_control_characters, storable_text
from social.models import USERNAME_MAX_LENGTH, USERNAME_PATTERN, USERNAME_RULE, User


def username_field(**kwargs) -> serializers.RegexField:
    return serializers.RegexField(
        USERNAME_PATTERN,
        max_length=USERNAME_MAX_LENGTH,
        error_messages={"invalid": USERNAME_RULE},
        help_text=USERNAME_RULE + " Unique regardless of case.",
        **kwargs,
    )


def password_field(**kwargs) -> serializers.CharField:
    # Surrounding blanks are trimmed, as the token endpoint (simplejwt) trims them at sign-in.
    return serializers.CharField(
        write_only=True,
        max_length=128,
        validators=[storable_text],
        style={"input_type": "password"},
        **kwargs,
    )


def one_line_text(**kwargs) -> serializers.CharField:
    return serializers.CharField(validators=[no_control_characters], **kwargs)


class RegisterInput(Input):
    email = serializers.EmailField(max_length=254)
    username = username_field()
    password = password_field()
    name = one_line_text(max_length=150, required=False, allow_blank=True, default="")


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


StrictInput = Input  # declared fields only, each of its JSON type (iwm.api.serializers)


class ProfileUpdateInput(StrictInput):
    unknown_field_message = "This field cannot be changed here."

    username = username_field(required=False)
    name = one_line_text(max_length=150, required=False, allow_blank=True)
    avatar_url = serializers.URLField(max_length=500, required=False, allow_blank=True, validators=[no_control_characters])
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True, validators=[multiline_text])
    location = one_line_text(max_length=150, required=False, allow_blank=True)
    website = serializers.URLField(max_length=300, required=False, allow_blank=True, validators=[no_control_characters])


class TokenObtainInput(Input):
    """Documentation of the token endpoint's body (simplejwt's serializer validates it)."""

    email = serializers.CharField()
    password = password_field()


class RefreshInput(StrictInput):
    refresh = serializers.CharField(max_length=4096, help_text="A refresh token from /auth/token/ or /auth/token/refresh/.")


class TokenPairOutput(serializers.Serializer):
    access = serializers.CharField(help_text="Send as `Authorization: Bearer <access>`; lives JWT_ACCESS_MINUTES.")
    refresh = serializers.CharField(help_text="Single use: exchange it at /auth/token/refresh/ for a new pair.")


class PasswordChangeInput(StrictInput):
    current_password = password_field()
    new_password = password_field()


class PasswordResetInput(StrictInput):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmInput(StrictInput):
    uid = serializers.CharField(max_length=64, validators=[no_control_characters])
    token = serializers.CharField(max_length=128, validators=[no_control_characters])
    new_password = password_field()


class AcceptedOutput(serializers.Serializer):
    detail = serializers.CharField()


class AccountDeleteInput(StrictInput):
    password = password_field(help_text="The account's current password.")
