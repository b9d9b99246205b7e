"""The demo casting calls: loaded by load_demo (conftest loads every app's demo), labelled sample,
some open, one past its deadline; loading again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from talent import demo
from talent.models import CastingCall, CastingCallRole

pytestmark = pytest.mark.django_db


def demo_calls():
    return CastingCall.objects.filter(external_id__in=[call["external_id"] for call in demo.CALLS])


def test_demo_calls_are_loaded_labelled_and_by_sample_members():
    assert demo.demo_is_loaded()
    calls = list(demo_calls().select_related("posted_by"))
    assert len(calls) == len(demo.CALLS) >= 5
    assert all(call.description.startswith(demo.SAMPLE) for call in calls)
    assert all(call.posted_by.external_id.startswith("user-demo-") for call in calls)
    assert sum(call.is_open for call in calls) >= 4
    past = [call for call in calls if call.submission_deadline < timezone.now()]
    assert len(past) == 1 and past[0].status == "closed"
    assert CastingCallRole.objects.filter(call__in=calls).count() >= len(calls)


def test_loading_again_changes_nothing():
    before = (demo_calls().count(), CastingCallRole.objects.filter(call__in=demo_calls()).count())
    counts = demo.demo_load()
    assert counts["casting_calls"] == before[0] and counts["casting_call_roles"] == before[1]
    assert (demo_calls().count(), CastingCallRole.objects.filter(call__in=demo_calls()).count()) == before
