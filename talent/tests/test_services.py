"""Services other code calls: the expiry job, status moves, moderation, account removal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from social.tests.factories import UserFactory
from talent import services
from talent.models import CastingCall, CastingCallRole, CastingSubmission, SubmissionGuideline
from talent.tests.factories import CastingCallFactory, RoleFactory, SubmissionFactory, open_call

pytestmark = pytest.mark.django_db


def past_deadline(**fields) -> CastingCall:
    now = timezone.now()
    return CastingCallFactory(posted_date=now - timedelta(days=10), submission_deadline=now - timedelta(hours=1), **fields)


def test_close_expired_closes_only_active_calls_past_their_deadline():
    expired = past_deadline()
    draft_expired = past_deadline(status="draft")
    current, _ = open_call()
    closed_before = CastingCall.objects.filter(status="active", submission_deadline__lte=timezone.now()).count()
    assert services.casting_calls_close_expired() == closed_before >= 1
    assert CastingCall.objects.get(pk=expired.pk).status == "closed"
    assert CastingCall.objects.get(pk=draft_expired.pk).status == "draft"
    assert CastingCall.objects.get(pk=current.pk).status == "active"
    assert services.casting_calls_close_expired() == 0


def test_status_set_follows_the_transitions():
    call = CastingCallFactory(status="draft")
    assert services.casting_call_status_set(call=call, status="active").status == "active"
    assert services.casting_call_status_set(call=call, status="cancelled").status == "cancelled"
    with pytest.raises(ValidationError):
        services.casting_call_status_set(call=call, status="active")
    with pytest.raises(ValidationError):
        services.casting_call_status_set(call=past_deadline(status="closed"), status="active")


def test_moderation_status_is_checked():
    call = CastingCallFactory()
    assert services.casting_call_moderation_set(call=call, status="removed").moderation_status == "removed"
    with pytest.raises(ValueError):
        services.casting_call_moderation_set(call=call, status="gone")


def test_account_data_remove_deletes_the_members_calls_and_submissions_only():
    leaving, staying = UserFactory(), UserFactory()
    own_call, own_role = open_call(posted_by=leaving)
    SubmissionGuideline.objects.create(call=own_call)
    on_own = SubmissionFactory(role=own_role, applicant=staying)
    other_call, other_role = open_call(posted_by=staying)
    mine_elsewhere = SubmissionFactory(role=other_role, applicant=leaving)
    kept = SubmissionFactory(role=other_role)
    done = services.account_data_remove(user=leaving)
    assert done == {"casting submissions": 1, "casting calls": 1}
    assert not CastingCall.objects.filter(pk=own_call.pk).exists()
    assert not CastingCallRole.objects.filter(pk=own_role.pk).exists()
    assert not CastingSubmission.objects.filter(pk__in=[on_own.pk, mine_elsewhere.pk]).exists()
    assert CastingSubmission.objects.filter(pk=kept.pk).exists() and CastingCall.objects.filter(pk=other_call.pk).exists()
    leaving.delete()  # then the account itself goes, with nothing left pointing at it


def test_create_refuses_a_closed_status_and_bad_dates():
    user = UserFactory()
    deadline = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        services.casting_call_create(user=user, status="closed", project_title="x", project_type="feature",
                                     submission_deadline=deadline)  # fmt: skip
    with pytest.raises(ValidationError):
        services.casting_call_create(user=user, project_title="x", project_type="feature",
                                     submission_deadline=timezone.now() - timedelta(days=1))  # fmt: skip
    call = services.casting_call_create(user=user, project_title="x", project_type="feature", submission_deadline=deadline)
    assert call.status == "draft"


def test_roles_of_a_cancelled_call_are_refused():
    call = CastingCallFactory(status="cancelled")
    with pytest.raises(ValidationError):
        services.casting_call_role_add(call_id=call.pk, user=call.posted_by, type="lead", title="x", compensation="paid")
    assert not RoleFactory._meta.model.objects.filter(call=call).exists()
