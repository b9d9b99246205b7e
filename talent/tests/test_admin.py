"""The admin pages of the talent hub open, search and filter; moderation actions go through the
services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talent.models import CastingCall, CastingCallRole, CastingSubmission, SubmissionGuideline
from talent.tests.factories import SubmissionFactory, open_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [CastingCall, CastingCallRole, SubmissionGuideline, CastingSubmission])
def test_changelists_and_change_pages_open(client, admin_user, model):
    call, role = open_call()
    SubmissionFactory(role=role)
    SubmissionGuideline.objects.create(call=call)
    client.force_login(admin_user)
    name = f"admin:talent_{model._meta.model_name}"
    assert client.get(reverse(f"{name}_changelist"), {"q": "a"}).status_code == 200
    obj = model.objects.order_by("-pk").first()
    assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200


def test_call_filters_and_the_hide_action(client, admin_user):
    call, _ = open_call()
    client.force_login(admin_user)
    url = reverse("admin:talent_castingcall_changelist")
    for query in ({"open": "yes"}, {"open": "expired"}, {"status__exact": "active"}, {"moderation_status__exact": "hidden"}):
        assert client.get(url, query).status_code == 200
    response = client.post(url, {"action": "hide", "_selected_action": [call.pk]})
    assert response.status_code == 302
    assert CastingCall.objects.get(pk=call.pk).moderation_status == "hidden"
    client.post(url, {"action": "close", "_selected_action": [call.pk]})
    assert CastingCall.objects.get(pk=call.pk).status == "closed"
