"""Output shapes of notifications and settings (plain serializers: built once per request)."""

from __future__ import annotations

from rest_framework import serializers

from social.models import NotificationType


class ActorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    avatar_url = serializers.CharField()


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=NotificationType.choices)
    title = serializers.CharField()
    message = serializers.CharField()
    action_url = serializers.CharField(help_text="API path of what the notification is about, or empty.")
    metadata = serializers.DictField()
    actor = ActorOutput(allow_null=True)
    is_read = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class NotificationListParams(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, help_text="true: only unread ones.")


class UnreadCountOutput(serializers.Serializer):
    unread = serializers.IntegerField()
    capped = serializers.BooleanField(help_text="true when there are more unread than `unread` says (10,000).")


class MarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications changed to read.")
