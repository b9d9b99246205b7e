"""The talent hub: casting calls, their roles and submission guideline, and members' submissions.

Rules the database enforces (CHECKs, UNIQUEs and foreign keys below; migration 0001 adds what
Django cannot say):

* vocabularies (project type, status, visibility, moderation status, role type, category,
  compensation, audition type, submission method, submission status); a non-blank title;
  production dates in order; a deadline after the posting date; a country written as two
  upper-case letters; jsonb columns of the documented shape (requirements and materials objects,
  required materials a list); a guideline's method comes with its contact (email, website).
* one guideline per call (one-to-one), one submission per role and applicant.
* a submission's `call` is its role's call: a composite foreign key (role_id, call_id) ->
  casting_call_roles (id, call_id), so the denormalised column that the owner's list is indexed
  on can never disagree with the role.

Deleting a call deletes its roles, guideline and submissions (CASCADE); deleting a member
deletes their calls and their submissions (CASCADE; talent.services.account_data_remove does it
explicitly inside the account deletion's transaction).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Upper
from django.utils import timezone

from iwm.db.constraints import choices_check, jsonb_array_check, jsonb_object_check, unique_external_id

SEARCH_CONFIG = "english"


def unaccented(field) -> Func:
    """iwm_unaccent(field): the IMMUTABLE unaccent wrapper of iwm.0002, usable in a generated
    column; queries unaccent their text the same way."""
    source = F(field) if isinstance(field, str) else field
    return Func(source, function="iwm_unaccent", output_field=models.TextField())


def new_call_external_id() -> str:
    return f"casting-call-{uuid.uuid4().hex}"


def new_role_external_id() -> str:
    return f"casting-role-{uuid.uuid4().hex}"


class ProjectType(models.TextChoices):
    FEATURE = "feature", "Feature film"
    SHORT = "short", "Short film"
    SERIES = "series", "Series"
    COMMERCIAL = "commercial", "Commercial"
    THEATRE = "theatre", "Theatre"
    MUSIC_VIDEO = "music-video", "Music video"
    OTHER = "other", "Other"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    VERIFIED_ONLY = "verified-only", "Verified members only"
    PRIVATE = "private", "Private"


class ModerationStatus(models.TextChoices):
    """Set by moderators (talent.services.casting_call_moderation_set): only visible calls appear
    anywhere in the API."""

    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"
    REMOVED = "removed", "Removed"


class RoleType(models.TextChoices):
    LEAD = "lead", "Lead"
    SUPPORTING = "supporting", "Supporting"
    BACKGROUND = "background", "Background"
    CREW = "crew", "Crew"


class RoleCategory(models.TextChoices):
    ACTING = "acting", "Acting"
    CREW = "crew", "Crew"
    VOICE = "voice", "Voice"
    STUNTS = "stunts", "Stunts"
    MUSIC = "music", "Music"
    DANCE = "dance", "Dance"
    OTHER = "other", "Other"


class Compensation(models.TextChoices):
    PAID = "paid", "Paid"
    UNPAID = "unpaid", "Unpaid"
    DEFERRED = "deferred", "Deferred"
    STIPEND = "stipend", "Stipend"


class AuditionType(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    SELF_TAPE = "self-tape", "Self-tape"
    VIRTUAL = "virtual", "Virtual"


class SubmissionMethod(models.TextChoices):
    EMAIL = "email", "Email"
    WEBSITE = "website", "Website"
    IN_APP = "in-app", "In the app"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CastingCall(models.Model):
    external_id = models.CharField(max_length=100, default=new_call_external_id)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="casting_calls",
        db_index=False,  # casting_calls_owner_posted covers it
    )
    project_title = models.CharField(max_length=200)
    project_type = models.CharField(max_length=20, choices=ProjectType.choices)
    production_company = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    production_start = models.DateField(null=True, blank=True)
    production_end = models.DateField(null=True, blank=True)
    location_city = models.CharField(max_length=100, blank=True)
    location_state = models.CharField(max_length=100, blank=True)
    location_country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, upper case.")
    is_remote = models.BooleanField(default=False)
    budget_range = models.CharField(max_length=100, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    submission_deadline = models.DateTimeField()
    posted_date = models.DateTimeField(default=timezone.now)
    poster_image = models.URLField(max_length=500, blank=True)
    is_verified = models.BooleanField(default=False, help_text="Checked by staff: the production is genuine.")
    status = models.CharField(max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    moderation_status = models.CharField(
        max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.VISIBLE
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector(unaccented("project_title"), weight="A", config=SEARCH_CONFIG)
            + SearchVector(unaccented("production_company"), weight="B", config=SEARCH_CONFIG)
            + SearchVector(unaccented("description"), weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "casting_calls"
        ordering = ["-posted_date", "-id"]
        constraints = [
            unique_external_id(table="casting_calls"),
            choices_check("project_type", ProjectType, table="casting_calls"),
            choices_check("status", CallStatus, table="casting_calls"),
            choices_check("visibility", Visibility, table="casting_calls"),
            choices_check("moderation_status", ModerationStatus, table="casting_calls"),
            models.CheckConstraint(condition=~Q(project_title=""), name="casting_calls_title_not_blank"),
            models.CheckConstraint(
                condition=Q(location_country="") | Q(location_country__regex=r"^[A-Z]{2}$"),
                name="casting_calls_country_code",
            ),
            models.CheckConstraint(
                condition=Q(production_start__isnull=True)
                | Q(production_end__isnull=True)
                | Q(production_end__gte=F("production_start")),
                name="casting_calls_production_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__gt=F("posted_date")),
                name="casting_calls_deadline_after_posting",
            ),
        ]
        # The public list: listed = not a draft, visible to moderation. Each filter the API
        # offers has an index that starts with it and ends on the ordering.
        indexes = [
            models.Index(
                F("posted_date").desc(),
                F("id").desc(),
                name="casting_calls_listed_posted",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            models.Index(
                "submission_deadline",
                "id",
                name="casting_calls_listed_deadline",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            models.Index(
                "project_type",
                F("posted_date").desc(),
                F("id").desc(),
                name="casting_calls_listed_type",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            models.Index(
                "location_country",
                F("posted_date").desc(),
                F("id").desc(),
                name="casting_calls_listed_country",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            models.Index(
                Upper("location_city"),
                F("posted_date").desc(),
                F("id").desc(),
                name="casting_calls_listed_city",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            models.Index(
                "is_remote",
                F("posted_date").desc(),
                F("id").desc(),
                name="casting_calls_listed_remote",
                condition=Q(moderation_status="visible") & ~Q(status="draft"),
            ),
            # ?open=true, and the hourly job that closes active calls past their deadline.
            models.Index("submission_deadline", name="casting_calls_active_deadline", condition=Q(status="active")),
            # The owner's calls (any status); also serves the foreign key's ON DELETE CASCADE.
            models.Index("posted_by", F("posted_date").desc(), F("id").desc(), name="casting_calls_owner_posted"),
            GinIndex(fields=["search_vector"], name="casting_calls_search"),
        ]

    def __str__(self) -> str:
        return self.project_title

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.ACTIVE and self.submission_deadline > timezone.now()


class CastingCallRole(models.Model):
    external_id = models.CharField(max_length=100, default=new_role_external_id)
    call = models.ForeignKey(
        CastingCall, on_delete=models.CASCADE, related_name="roles", db_index=False  # (call, id) key covers it
    )
    type = models.CharField(max_length=20, choices=RoleType.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=RoleCategory.choices, default=RoleCategory.ACTING)
    department = models.CharField(max_length=100, blank=True)
    compensation = models.CharField(max_length=20, choices=Compensation.choices)
    payment_details = models.CharField(max_length=300, blank=True)
    requirements = models.JSONField(
        default=dict, blank=True, help_text="An object: age_range, gender, skills, languages, ..."
    )
    audition_type = models.CharField(max_length=20, choices=AuditionType.choices, default=AuditionType.SELF_TAPE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "casting_call_roles"
        ordering = ["call_id", "id"]
        constraints = [
            unique_external_id(table="casting_call_roles"),
            # The target of casting_submissions' composite foreign key (role, call).
            models.UniqueConstraint(fields=["call", "id"], name="casting_call_roles_call_id_key"),
            choices_check("type", RoleType, table="casting_call_roles"),
            choices_check("category", RoleCategory, table="casting_call_roles"),
            choices_check("compensation", Compensation, table="casting_call_roles"),
            choices_check("audition_type", AuditionType, table="casting_call_roles"),
            jsonb_object_check("requirements", table="casting_call_roles"),
            models.CheckConstraint(condition=~Q(title=""), name="casting_call_roles_title_not_blank"),
        ]
        indexes = [
            # ?role_type= and ?compensation= are EXISTS over a call's roles.
            models.Index(fields=["type", "call"], name="casting_roles_type"),
            models.Index(fields=["compensation", "call"], name="casting_roles_compensation"),
        ]

    def __str__(self) -> str:
        return self.title


class SubmissionGuideline(models.Model):
    call = models.OneToOneField(CastingCall, on_delete=models.CASCADE, related_name="guideline")
    required_materials = models.JSONField(default=list, blank=True, help_text="A list: headshot, reel, resume...")
    submission_method = models.CharField(
        max_length=20, choices=SubmissionMethod.choices, default=SubmissionMethod.IN_APP
    )
    contact_email = models.EmailField(blank=True)
    contact_website = models.URLField(max_length=500, blank=True)
    special_instructions = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "submission_guidelines"
        constraints = [
            choices_check("submission_method", SubmissionMethod, table="submission_guidelines"),
            jsonb_array_check("required_materials", table="submission_guidelines"),
            models.CheckConstraint(
                condition=~Q(submission_method="email") | ~Q(contact_email=""),
                name="submission_guidelines_email_method_has_email",
            ),
            models.CheckConstraint(
                condition=~Q(submission_method="website") | ~Q(contact_website=""),
                name="submission_guidelines_website_method_has_website",
            ),
        ]

    def __str__(self) -> str:
        return f"Guidelines of call {self.call_id}"


class CastingSubmission(models.Model):
    role = models.ForeignKey(
        CastingCallRole,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,  # the (role, applicant) key covers it
    )
    call = models.ForeignKey(
        CastingCall,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,  # casting_subs_call_created covers it
        help_text="The role's call (kept equal by a composite foreign key).",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="casting_submissions",
        db_index=False,  # casting_subs_applicant covers it
    )
    cover_note = models.TextField(blank=True)
    materials = models.JSONField(default=dict, blank=True, help_text="An object: {headshot, reel, resume: URL}.")
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "casting_submissions"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["role", "applicant"], name="casting_submissions_role_applicant_key"),
            choices_check("status", SubmissionStatus, table="casting_submissions"),
            jsonb_object_check("materials", table="casting_submissions"),
        ]
        indexes = [
            # GET /casting-calls/{id}/submissions/ (newest first), by status or by role.
            models.Index("call", F("created_at").desc(), F("id").desc(), name="casting_subs_call_created"),
            models.Index(
                "call", "status", F("created_at").desc(), F("id").desc(), name="casting_subs_call_status"
            ),
            models.Index("applicant", F("created_at").desc(), F("id").desc(), name="casting_subs_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} for role {self.role_id}"
