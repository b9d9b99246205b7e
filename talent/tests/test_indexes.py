"""The filters and orderings of GET /casting-calls/ have indexes the planner can use (sequential
scans switched off, so the plan shows which index answers; at demo size a scan would win)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from talent import selectors
from talent.filters import CastingCallFilterSet
from talent.models import CastingCall, CastingSubmission

pytestmark = pytest.mark.django_db


def plan(queryset, *, bitmap_only: bool = False) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # A GIN index answers by bitmap only; on a table of a few rows the planner would rather
        # walk a b-tree in order and filter, so that path is switched off to show the GIN one.
        cursor.execute(f"SET LOCAL enable_indexscan = {'off' if bitmap_only else 'on'}")
    return queryset.explain()


def listed(query: dict) -> str:
    queryset = selectors.casting_call_list(None, verified=False)
    return plan(CastingCallFilterSet(query, queryset=queryset).qs, bitmap_only=False)


@pytest.mark.parametrize(
    "query, index",
    [
        ({}, "casting_calls_listed_posted"),
        ({"ordering": "submission_deadline"}, "casting_calls_listed_deadline"),
        ({"project_type": "short"}, "casting_calls_listed_type"),
        ({"country": "fr"}, "casting_calls_listed_country"),
        ({"city": "lyon"}, "casting_calls_listed_city"),
        ({"role_type": "crew"}, "casting_roles_type"),
        ({"compensation": "stipend"}, "casting_roles_compensation"),
    ],
)
def test_list_filters_use_their_index(query, index):
    assert index in listed(query), listed(query)


def test_the_text_search_condition_is_the_gin_indexs():
    # On a few rows the planner reads the small partial "listed" set instead; what matters is
    # that the search condition is the indexed expression, which the GIN index answers.
    searched = selectors.search(CastingCall.objects.all(), "lighthouse").only("id")
    assert "casting_calls_search" in plan(searched, bitmap_only=True)


def test_the_expiry_job_and_the_owner_lists_use_their_index():
    now = timezone.now()
    assert "casting_calls_active_deadline" in plan(CastingCall.objects.filter(status="active", submission_deadline__lte=now))
    # (call, created_at desc, id desc) and (call, status, ...): either answers a call's list.
    assert "casting_subs_call_" in plan(selectors.call_submissions(1))
    assert "casting_subs_call_status" in plan(selectors.call_submissions(1).filter(status="shortlisted"))
    assert "casting_subs_applicant" in plan(CastingSubmission.objects.filter(applicant_id=1).order_by("-created_at", "-id"))
