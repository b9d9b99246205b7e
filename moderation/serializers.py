"""Input and output shapes of the report API."""

from __future__ import annotations

from rest_framework import serializers

from iwm.api.serializers import Input
from moderation.models import ContentKind, ItemStatus, ReportReason

BIGINT_MAX = 2**63 - 1


class ReportInput(Input):
    content_type = serializers.ChoiceField(
        choices=ContentKind.choices,
        help_text="What is reported. A kind whose app has not landed yet answers 400 'not reportable yet'.",
    )
    object_id = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX, help_text="The content's id (a member's id for `user`).")
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    content_type = serializers.ChoiceField(choices=ContentKind.choices)
    object_id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField()
    handled = serializers.BooleanField(help_text="true once a moderator has decided the reported content.")
    status = serializers.ChoiceField(choices=ItemStatus.choices, help_text="Where the moderation of the content stands.")
    created_at = serializers.DateTimeField()
