"""The moderation admin: who reaches which page (anonymous, member, moderator, admin), what
each can do, and the queue doing its work."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import bearer_client
from moderation.models import ModerationAction, ModerationItem, SystemSetting
from moderation.services import admin_metrics_snapshot, daily_report_generate, item_act
from moderation.tests.helpers import reported_pulse
from social.models import Pulse
from social.tests.factories import PulseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return reported_pulse(reporters=2)[1]


def client_for(role, member, moderator, admin_user):
    client = Client()
    user = {"member": member, "moderator": moderator, "admin": admin_user}.get(role)
    if user is not None:
        client.force_login(user)
    return client


def pages(item, acted):
    return {
        "queue": reverse("admin:moderation_moderationitem_changelist"),
        "item": reverse("admin:moderation_moderationitem_change", args=[item.pk]),
        "reports": reverse("admin:moderation_moderationreport_changelist"),
        "trail": reverse("admin:moderation_moderationaction_changelist"),
        "trail row": reverse("admin:moderation_moderationaction_change", args=[acted.pk]),
        "member records": reverse("admin:moderation_adminusermeta_changelist"),
        "member page": reverse("admin:social_user_change", args=[item.author_id]),
        "settings": reverse("admin:moderation_systemsetting_changelist"),
        "dashboard": reverse("admin:moderation_dashboard"),
        "snapshots": reverse("admin:moderation_adminmetricsnapshot_changelist"),
        "daily reports": reverse("admin:moderation_dailyreport_changelist"),
    }


MODERATOR_PAGES = {"queue", "item", "reports", "trail", "trail row", "member records", "member page"}


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "admin"])
def test_who_reaches_which_page(role, member, moderator, admin_user, item):
    _, other = reported_pulse()
    acted = item_act(item_id=other.pk, moderator=admin_user, action="approve")
    client = client_for(role, member, moderator, admin_user)
    for name, url in pages(item, acted).items():
        status = client.get(url).status_code
        if role in ("anonymous", "member"):
            assert status == 302, (name, status)  # to the admin's sign-in
        elif role == "admin" or name in MODERATOR_PAGES:
            assert status == 200, (name, status)
        else:
            assert status == 403, (name, status)


def test_the_index_links_the_queue_and_for_admins_the_dashboard(moderator, admin_user):
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:moderation_moderationitem_changelist") in page and reverse("admin:moderation_dashboard") not in page
    client.force_login(admin_user)
    assert reverse("admin:moderation_dashboard") in client.get(reverse("admin:index")).content.decode()


def test_a_moderator_removes_from_the_item_page_and_the_pulse_leaves_the_api(moderator, item, api_client):
    client = Client()
    client.force_login(moderator)
    url = reverse("admin:moderation_moderationitem_change", args=[item.pk])
    page = client.get(url).content.decode()
    assert item.content_title in page and "history" in page and "in the API" in page
    response = client.post(url, {"assigned_to": moderator.pk, "decision": "remove", "reason": "spam",
                                 "reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0,
                                 "actions-TOTAL_FORMS": 0, "actions-INITIAL_FORMS": 0})  # fmt: skip
    assert response.status_code == 302, (response.context["adminform"].form.errors, [f.errors for f in response.context["inline_admin_formsets"]])
    item.refresh_from_db()
    assert item.status == "removed" and item.assigned_to == moderator
    assert Pulse.objects.get(pk=item.object_id).status == "removed"
    assert api_client.get(f"/api/v1/pulses/{item.object_id}/").status_code == 404
    assert ModerationAction.objects.get(item=item).moderator == moderator


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_members_and_anonymous_cannot_act(role, member, moderator, admin_user, item):
    client = client_for(role, member, moderator, admin_user)
    url = reverse("admin:moderation_moderationitem_changelist")
    client.post(url, {"action": "remove", "_selected_action": [item.pk]})
    assert ModerationItem.objects.get(pk=item.pk).status == "pending"


def test_bulk_actions_and_assign_to_me(moderator, item):
    _, second = reported_pulse()
    client = Client()
    client.force_login(moderator)
    url = reverse("admin:moderation_moderationitem_changelist")
    client.post(url, {"action": "assign_to_me", "_selected_action": [item.pk, second.pk]})
    assert set(ModerationItem.objects.filter(assigned_to=moderator).values_list("pk", flat=True)) >= {item.pk, second.pk}
    mine = client.get(url, {"assigned": "me"}).context["cl"].result_list
    assert {i.pk for i in mine} >= {item.pk, second.pk}
    client.post(url, {"action": "approve", "_selected_action": [item.pk, second.pk]})
    assert set(ModerationItem.objects.filter(pk__in=[item.pk, second.pk]).values_list("status", flat=True)) == {"approved"}
    assert ModerationAction.objects.filter(item_id__in=[item.pk, second.pk], action="approve").count() == 2
    # Approved items leave the default (pending) queue.
    assert item.pk not in {i.pk for i in client.get(url).context["cl"].result_list}


def test_the_queue_is_oldest_first_with_filters_and_stays_cheap(moderator, django_assert_max_num_queries):
    for _ in range(15):
        reported_pulse(reason="hate")
    client = Client()
    client.force_login(moderator)
    url = reverse("admin:moderation_moderationitem_changelist")
    listing = client.get(url).context["cl"].result_list
    times = [i.first_reported_at for i in listing]
    assert times == sorted(times) and all(i.status == "pending" for i in listing)
    for params in ({}, {"status": "all"}, {"status": "removed"}, {"content_type__exact": "pulse"}, {"reason": "hate"},
                   {"assigned": "none"}, {"assigned": "me"}, {"q": "12"}, {"q": "someone"}, {"status": "bogus"}):  # fmt: skip
        with django_assert_max_num_queries(14):
            assert client.get(url, params).status_code == 200, params


def test_the_trail_is_read_only_even_for_admins(admin_user, item, moderator):
    row = item_act(item_id=item.pk, moderator=moderator, action="approve")
    client = Client()
    client.force_login(admin_user)
    assert client.get(reverse("admin:moderation_moderationaction_delete", args=[row.pk])).status_code == 403
    client.post(reverse("admin:moderation_moderationaction_change", args=[row.pk]), {"reason": "edited"})
    assert ModerationAction.objects.get(pk=row.pk).reason == ""
    assert not moderator.has_perm("moderation.delete_moderationaction")
    assert not moderator.has_perm("moderation.change_systemsetting") and not moderator.has_perm("auth.change_group")
    assert not moderator.has_perm("social.change_user")


def test_a_moderator_cannot_change_a_password_or_permissions(moderator, member):
    client = Client()
    client.force_login(moderator)
    assert client.get(reverse("admin:auth_user_password_change", args=[member.pk])).status_code == 403
    client.post(reverse("admin:social_user_change", args=[member.pk]), {"is_superuser": "on", "email": member.email})
    member.refresh_from_db()
    assert not member.is_superuser


def test_settings_admin_validates_and_records_who(admin_user, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin_user)
    row = SystemSetting.objects.get(key="report_threshold")
    url = reverse("admin:moderation_systemsetting_change", args=[row.pk])
    bad = client.post(url, {"value": '"lots"'})
    assert bad.status_code == 200 and "whole number" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(url, {"value": "4"})
    assert good.status_code == 302
    row.refresh_from_db()
    assert row.value == 4 and row.updated_by == admin_user
    from moderation.system_settings import setting_get

    assert setting_get("report_threshold") == 4


def test_the_dashboard_shows_numbers_charts_and_reports(admin_user):
    PulseFactory()
    admin_metrics_snapshot()
    admin_metrics_snapshot()
    daily_report_generate()
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:moderation_dashboard")).content.decode()
    assert "Pending moderation" in page and page.count("<svg") >= 6 and "Daily reports" in page
    charts = page.split("dashboard-charts")[1].split("Daily reports")[0]
    assert "<script src" not in charts and "kozea.github.io" not in charts  # offline: nothing fetched


def test_the_report_api_for_each_role(api_client, member, moderator, admin_user):
    pulse = PulseFactory()
    body = {"content_type": "pulse", "object_id": pulse.pk, "reason": "spam"}
    assert api_client.post("/api/v1/reports/", body, format="json").status_code == 401
    for user in (member, moderator, admin_user):
        assert bearer_client(user).post("/api/v1/reports/", body, format="json").status_code == 201
    assert bearer_client(UserFactory()).get("/api/v1/me/reports/").json()["results"] == []
