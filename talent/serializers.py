"""Shapes of the talent hub endpoints. Input shapes check form only (types, lengths,
vocabularies, dates that are dates); who may do what is talent.services'."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iwm.api.serializers import Input
from talent.models import (
    AuditionType,
    CallStatus,
    Compensation,
    ProjectType,
    RoleCategory,
    RoleType,
    SubmissionMethod,
    SubmissionStatus,
    Visibility,
)

MAX_TEXT = 10_000
MAX_DEADLINE_DAYS = 2 * 366
MAX_JSON_ITEMS = 20
COUNTRY = re.compile(r"[A-Za-z]{2}")


@extend_schema_field(OpenApiTypes.DATETIME)
class IsoDateTimeField(serializers.Field):
    """An ISO 8601 date and time, as a JSON string; without an offset it is UTC. Anything else
    (a number, an impossible date, a year out of range) is a 400, never an exception."""

    default_error_messages = {"invalid": "A date and time in ISO 8601, e.g. 2027-03-01T18:00:00Z."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        try:
            value = datetime.fromisoformat(data.strip().replace("z", "Z"))
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        except (ValueError, TypeError, OverflowError):
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat()


@extend_schema_field(OpenApiTypes.DATE)
class IsoDateField(serializers.Field):
    default_error_messages = {"invalid": "A date in ISO 8601, e.g. 2027-03-01."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 10:
            self.fail("invalid")
        try:
            return date.fromisoformat(data)
        except (ValueError, TypeError):
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat()


class PlainTextDictField(serializers.DictField):
    """A small JSON object of short strings (or lists of short strings)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if len(value) > MAX_JSON_ITEMS:
            raise serializers.ValidationError(f"At most {MAX_JSON_ITEMS} keys.")
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            if len(key) > 50 or len(items) > MAX_JSON_ITEMS or not all(
                isinstance(part, (str, int)) and not isinstance(part, bool) and len(str(part)) <= 500 for part in items
            ):
                raise serializers.ValidationError(
                    f"{key[:50]!r}: a string or number (up to 500 characters), or a list of up to {MAX_JSON_ITEMS}."
                )
        return value


# --- output --------------------------------------------------------------------------------


class OwnerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


class RoleBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=RoleType.choices)
    title = serializers.CharField()
    category = serializers.ChoiceField(choices=RoleCategory.choices)
    compensation = serializers.ChoiceField(choices=Compensation.choices)
    audition_type = serializers.ChoiceField(choices=AuditionType.choices)


class RoleOutput(RoleBriefOutput):
    external_id = serializers.CharField()
    call = serializers.IntegerField(source="call_id")
    description = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_blank=True)
    payment_details = serializers.CharField(allow_blank=True)
    requirements = serializers.DictField()


class GuidelineOutput(serializers.Serializer):
    required_materials = serializers.ListField(child=serializers.CharField())
    submission_method = serializers.ChoiceField(choices=SubmissionMethod.choices)
    contact_email = serializers.CharField(allow_blank=True)
    contact_website = serializers.CharField(allow_blank=True)
    special_instructions = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


class CastingCallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    project_title = serializers.CharField()
    project_type = serializers.ChoiceField(choices=ProjectType.choices)
    production_company = serializers.CharField(allow_blank=True)
    location_city = serializers.CharField(allow_blank=True)
    location_state = serializers.CharField(allow_blank=True)
    location_country = serializers.CharField(allow_blank=True)
    is_remote = serializers.BooleanField()
    budget_range = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    status = serializers.ChoiceField(choices=CallStatus.choices)
    is_open = serializers.BooleanField(help_text="Taking submissions: active and before the deadline.")
    submission_deadline = serializers.DateTimeField()
    posted_date = serializers.DateTimeField()
    poster_image = serializers.CharField(allow_blank=True)
    is_verified = serializers.BooleanField(help_text="Staff checked that the production is genuine.")
    posted_by = OwnerOutput()
    roles = RoleBriefOutput(many=True, source="roles.all")


class CastingCallDetailOutput(CastingCallOutput):
    description = serializers.CharField(allow_blank=True)
    production_start = serializers.DateField(allow_null=True)
    production_end = serializers.DateField(allow_null=True)
    roles = RoleOutput(many=True, source="roles.all")
    guidelines = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(GuidelineOutput(allow_null=True))
    def get_guidelines(self, call):
        guideline = getattr(call, "guideline", None)
        return None if guideline is None else GuidelineOutput(guideline).data


class ApplicantOutput(OwnerOutput):
    pass


class SubmissionRoleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=RoleType.choices)


class SubmissionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    role = SubmissionRoleOutput()
    applicant = ApplicantOutput()
    cover_note = serializers.CharField(allow_blank=True)
    materials = serializers.DictField()
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# --- input ---------------------------------------------------------------------------------


class CastingCallInput(Input):
    project_title = serializers.CharField(max_length=200)
    project_type = serializers.ChoiceField(choices=ProjectType.choices)
    production_company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    production_start = IsoDateField(required=False, allow_null=True)
    production_end = IsoDateField(required=False, allow_null=True)
    location_city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    location_state = serializers.CharField(max_length=100, required=False, allow_blank=True)
    location_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2, any case."
    )
    is_remote = serializers.BooleanField(required=False)
    budget_range = serializers.CharField(max_length=100, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    submission_deadline = IsoDateTimeField(help_text=f"In the future, at most {MAX_DEADLINE_DAYS} days away.")
    poster_image = serializers.URLField(max_length=500, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=CallStatus.choices,
        required=False,
        help_text="New calls: draft (default) or active. Then draft -> active|cancelled, "
        "active -> closed|cancelled, closed -> active|cancelled.",
    )

    def validate_location_country(self, value: str) -> str:
        if value and not COUNTRY.fullmatch(value):
            raise serializers.ValidationError("Two letters, an ISO 3166-1 alpha-2 code such as US or gb.")
        return value.upper()

    def validate_submission_deadline(self, value: datetime) -> datetime:
        now = timezone.now()
        if value <= now:
            raise serializers.ValidationError("Must be in the future.")
        if value > now + timedelta(days=MAX_DEADLINE_DAYS):
            raise serializers.ValidationError(f"At most {MAX_DEADLINE_DAYS} days away.")
        return value

    def validate(self, attrs):
        start, end = attrs.get("production_start"), attrs.get("production_end")
        if start and end and end < start:
            raise serializers.ValidationError({"production_end": ["Must not be before production_start."]})
        return attrs


class RoleInput(Input):
    type = serializers.ChoiceField(choices=RoleType.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=RoleCategory.choices, required=False)
    department = serializers.CharField(max_length=100, required=False, allow_blank=True)
    compensation = serializers.ChoiceField(choices=Compensation.choices)
    payment_details = serializers.CharField(max_length=300, required=False, allow_blank=True)
    requirements = PlainTextDictField(
        required=False, help_text="age_range, gender, skills, languages...: strings or lists of strings."
    )
    audition_type = serializers.ChoiceField(choices=AuditionType.choices, required=False)


class GuidelineInput(Input):
    required_materials = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=MAX_JSON_ITEMS, required=False
    )
    submission_method = serializers.ChoiceField(choices=SubmissionMethod.choices, required=False)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    special_instructions = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class SubmissionInput(Input):
    cover_note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    materials = PlainTextDictField(required=False, help_text="{headshot, reel, resume, ...}: links or notes.")


class SubmissionStatusInput(Input):
    status = serializers.ChoiceField(
        choices=SubmissionStatus.choices,
        help_text="The call's owner: submitted, shortlisted or rejected. The applicant: withdrawn.",
    )
