"""Factories of the talent hub, and `open_call` to build a call with a role in one line."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from social.tests.factories import UserFactory
from talent.models import CastingCall, CastingCallRole, CastingSubmission


class CastingCallFactory(DjangoModelFactory):
    class Meta:
        model = CastingCall

    external_id = factory.Sequence(lambda n: f"test-call-{n}")
    posted_by = factory.SubFactory(UserFactory)
    project_title = factory.Sequence(lambda n: f"Test production {n}")
    project_type = "feature"
    description = "A film for tests."
    location_city = "Lisbon"
    location_country = "PT"
    visibility = "public"
    status = "active"
    posted_date = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = CastingCallRole

    external_id = factory.Sequence(lambda n: f"test-role-{n}")
    call = factory.SubFactory(CastingCallFactory)
    type = "lead"
    title = factory.Sequence(lambda n: f"Role {n}")
    compensation = "paid"


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = CastingSubmission

    role = factory.SubFactory(RoleFactory)
    call = factory.LazyAttribute(lambda submission: submission.role.call)
    applicant = factory.SubFactory(UserFactory)
    cover_note = "Hello."


def open_call(**fields) -> tuple[CastingCall, CastingCallRole]:
    call = CastingCallFactory(**fields)
    return call, RoleFactory(call=call)
