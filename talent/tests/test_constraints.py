"""The rules the database itself enforces, whatever code writes the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from social.tests.factories import UserFactory
from talent.models import CastingCall, CastingSubmission, SubmissionGuideline
from talent.tests.factories import CastingCallFactory, RoleFactory, SubmissionFactory, open_call

pytestmark = pytest.mark.django_db


def violates(constraint: str, make) -> None:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    assert constraint in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"project_type": "opera"}, "casting_calls_project_type_valid"),
        ({"status": "paused"}, "casting_calls_status_valid"),
        ({"visibility": "friends"}, "casting_calls_visibility_valid"),
        ({"moderation_status": "gone"}, "casting_calls_moderation_status_valid"),
        ({"project_title": ""}, "casting_calls_title_not_blank"),
        ({"location_country": "gb"}, "casting_calls_country_code"),
        ({"location_country": "G1"}, "casting_calls_country_code"),
    ],
)
def test_call_columns(fields, constraint):
    violates(constraint, lambda: CastingCallFactory(**fields))


def test_call_dates_in_order():
    today = timezone.now().date()
    violates(
        "casting_calls_production_dates_in_order",
        lambda: CastingCallFactory(production_start=today, production_end=today - timedelta(days=1)),
    )
    now = timezone.now()
    violates(
        "casting_calls_deadline_after_posting",
        lambda: CastingCallFactory(posted_date=now, submission_deadline=now - timedelta(hours=1)),
    )


def test_external_ids_are_unique():
    call = CastingCallFactory()
    violates("casting_calls_external_id_key", lambda: CastingCallFactory(external_id=call.external_id))
    role = RoleFactory(call=call)
    violates("casting_call_roles_external_id_key", lambda: RoleFactory(external_id=role.external_id))


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"type": "hero"}, "casting_call_roles_type_valid"),
        ({"category": "magic"}, "casting_call_roles_category_valid"),
        ({"compensation": "exposure"}, "casting_call_roles_compensation_valid"),
        ({"audition_type": "telepathy"}, "casting_call_roles_audition_type_valid"),
        ({"requirements": ["tall"]}, "casting_call_roles_requirements_is_object"),
        ({"title": ""}, "casting_call_roles_title_not_blank"),
    ],
)
def test_role_columns(fields, constraint):
    violates(constraint, lambda: RoleFactory(**fields))


def test_one_guideline_per_call_with_its_contact():
    call = CastingCallFactory()
    SubmissionGuideline.objects.create(call=call)
    violates("submission_guidelines_call_id_key", lambda: SubmissionGuideline.objects.create(call=call))
    other = CastingCallFactory()
    violates(
        "submission_guidelines_email_method_has_email",
        lambda: SubmissionGuideline.objects.create(call=other, submission_method="email"),
    )
    violates(
        "submission_guidelines_website_method_has_website",
        lambda: SubmissionGuideline.objects.create(call=other, submission_method="website"),
    )
    violates(
        "submission_guidelines_required_materials_is_array",
        lambda: SubmissionGuideline.objects.create(call=other, required_materials={"a": 1}),
    )
    violates(
        "submission_guidelines_submission_method_valid",
        lambda: SubmissionGuideline.objects.create(call=other, submission_method="pigeon"),
    )


def test_one_submission_per_role_and_applicant_and_a_known_status():
    submission = SubmissionFactory()
    violates(
        "casting_submissions_role_applicant_key",
        lambda: SubmissionFactory(role=submission.role, applicant=submission.applicant),
    )
    violates("casting_submissions_status_valid", lambda: SubmissionFactory(status="maybe"))
    violates("casting_submissions_materials_is_object", lambda: SubmissionFactory(materials=["reel"]))


def test_a_submissions_call_is_its_roles_call():
    _, role = open_call()
    other_call = CastingCallFactory()
    violates(
        "casting_submissions_role_call_fkey",
        lambda: CastingSubmission.objects.create(role=role, call=other_call, applicant=UserFactory()),
    )


def test_deleting_a_call_or_a_member_cascades():
    call, role = open_call()
    submission = SubmissionFactory(role=role)
    SubmissionGuideline.objects.create(call=call)
    with connection.cursor() as cursor:  # as the database does it, without Django's collector
        cursor.execute("DELETE FROM casting_calls WHERE id = %s", [call.pk])
    assert not CastingSubmission.objects.filter(pk=submission.pk).exists()
    assert not SubmissionGuideline.objects.filter(call_id=call.pk).exists()
    other_call, other_role = open_call()
    applicant = SubmissionFactory(role=other_role).applicant
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM users WHERE id = %s", [other_call.posted_by_id])
    assert not CastingCall.objects.filter(pk=other_call.pk).exists()
    assert not CastingSubmission.objects.filter(applicant=applicant).exists()
