"""Moderators' actions: each one's effect, its audit row, the author's notice, the reporters'
handled flag, and members who cannot sign in or write while suspended or banned."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import bearer_client
from moderation.models import AdminUserMeta, ModerationAction, ModerationItem, ModerationReport
from moderation.services import ActionRefused, item_act, item_assign, suspensions_lift_expired
from moderation.tests.helpers import reported_pulse
from social.models import Notification, Pulse, User
from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"


def status_of(pulse):
    return Pulse.objects.get(pk=pulse.pk).status


def test_remove_hides_the_pulse_everywhere_with_an_audit_row_and_a_notice(
    moderator, api_client, django_capture_on_commit_callbacks
):
    pulse, item = reported_pulse(reporters=2)
    with django_capture_on_commit_callbacks(execute=True):
        row = item_act(item_id=item.pk, moderator=moderator, action="remove", reason="spam link")
    assert status_of(pulse) == "removed"
    assert api_client.get(f"/api/v1/pulses/{pulse.pk}/").status_code == 404
    assert pulse.pk not in [p["id"] for p in api_client.get("/api/v1/pulses/", {"page_size": 100}).json()["results"]]
    item.refresh_from_db()
    assert item.status == "removed" and item.resolved_at is not None
    assert (row.action, row.moderator, row.target_user_id, row.reason) == ("remove", moderator, pulse.user_id, "spam link")
    assert not ModerationReport.objects.filter(item=item, handled=False).exists()
    notice = Notification.objects.get(user_id=pulse.user_id, type="moderation")
    assert "removed" in notice.title and notice.metadata["action"] == "remove"


def test_approve_makes_hidden_content_visible_and_restore_brings_back_removed(moderator, settings):
    pulse, item = reported_pulse()
    from social.services import pulse_status_set

    pulse_status_set(pulse=Pulse.objects.get(pk=pulse.pk), status="hidden")
    ModerationItem.objects.filter(pk=item.pk).update(content_hidden=True)
    item_act(item_id=item.pk, moderator=moderator, action="approve")
    assert status_of(pulse) == "visible"
    item_act(item_id=item.pk, moderator=moderator, action="remove")
    assert status_of(pulse) == "removed"
    item_act(item_id=item.pk, moderator=moderator, action="restore", reason="appeal upheld")
    assert status_of(pulse) == "visible"
    assert ModerationItem.objects.get(pk=item.pk).status == "approved"
    assert list(ModerationAction.objects.filter(item=item).order_by("id").values_list("action", flat=True)) == [
        "approve", "remove", "restore",
    ]  # fmt: skip


def test_an_item_handled_once_refuses_a_second_resolution(moderator):
    _, item = reported_pulse()
    item_act(item_id=item.pk, moderator=moderator, action="approve")
    with pytest.raises(ActionRefused, match="approved"):
        item_act(item_id=item.pk, moderator=moderator, action="approve")
    with pytest.raises(ActionRefused):
        item_act(item_id=item.pk, moderator=moderator, action="restore")
    assert ModerationAction.objects.filter(item=item).count() == 1


def test_escalated_items_are_decided_by_admins(moderator, admin_user):
    pulse, item = reported_pulse()
    item_act(item_id=item.pk, moderator=moderator, action="escalate", reason="legal question")
    with pytest.raises(ActionRefused, match="admin"):
        item_act(item_id=item.pk, moderator=moderator, action="remove")
    item_act(item_id=item.pk, moderator=admin_user, action="remove")
    assert status_of(pulse) == "removed"


def test_warn_removes_and_tells_the_author(moderator, django_capture_on_commit_callbacks):
    pulse, item = reported_pulse()
    with django_capture_on_commit_callbacks(execute=True):
        item_act(item_id=item.pk, moderator=moderator, action="warn", reason="be kind")
    assert status_of(pulse) == "removed"
    assert Notification.objects.filter(user_id=pulse.user_id, type="moderation", title__icontains="warning").exists()


def test_a_suspended_member_is_locked_out_at_once_and_let_back_in_when_it_ends(
    moderator, api_client, django_capture_on_commit_callbacks
):
    author = UserFactory()
    tokens = api_client.post(TOKEN, {"email": author.email, "password": TEST_PASSWORD}, format="json").json()
    own = bearer_client(author)
    assert own.get("/api/v1/auth/me/").status_code == 200
    _, item = reported_pulse(author=author)
    row = item_act(item_id=item.pk, moderator=moderator, action="suspend-user", days=3)
    assert row.details["days"] == 3
    meta = AdminUserMeta.objects.get(user=author)
    assert meta.status == "suspended" and meta.suspended_until > timezone.now() + timedelta(days=2)
    assert not User.objects.get(pk=author.pk).is_active
    # Existing tokens stop working, no new ones, no writes.
    assert own.get("/api/v1/auth/me/").status_code == 401
    assert own.post("/api/v1/pulses/", {"content_text": "still here"}, format="json").status_code == 401
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json").status_code == 401
    assert api_client.post(TOKEN, {"email": author.email, "password": TEST_PASSWORD}, format="json").status_code in (400, 401)
    # Not yet over: nothing lifts.
    assert suspensions_lift_expired() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert suspensions_lift_expired(now=timezone.now() + timedelta(days=4)) == 1
    assert User.objects.get(pk=author.pk).is_active
    assert AdminUserMeta.objects.get(user=author).status == "active"
    assert ModerationAction.objects.filter(target_user=author, action="lift-suspension", moderator=None).exists()
    assert Notification.objects.filter(user=author, title__icontains="suspension has ended").exists()
    assert api_client.post(TOKEN, {"email": author.email, "password": TEST_PASSWORD}, format="json").status_code == 200


def test_a_ban_is_permanent_and_staff_cannot_be_banned_from_the_queue(moderator, admin_user):
    author = UserFactory()
    _, item = reported_pulse(author=author)
    item_act(item_id=item.pk, moderator=moderator, action="ban-user", reason="repeated hate")
    assert AdminUserMeta.objects.get(user=author).status == "banned"
    assert suspensions_lift_expired(now=timezone.now() + timedelta(days=10_000)) == 0
    assert not User.objects.get(pk=author.pk).is_active
    _, staff_item = reported_pulse(author=UserFactory(is_staff=True))
    with pytest.raises(ActionRefused, match="Staff"):
        item_act(item_id=staff_item.pk, moderator=moderator, action="ban-user")


def test_a_reported_member_cannot_be_removed_but_can_be_suspended(moderator, member):
    from moderation.services import report_create

    report_create(reporter=member, content_type="user", object_id=(target := UserFactory()).pk, reason="spam")
    item = ModerationItem.objects.get(content_type="user", object_id=target.pk)
    with pytest.raises(ActionRefused, match="cannot be removed"):
        item_act(item_id=item.pk, moderator=moderator, action="remove")
    item_act(item_id=item.pk, moderator=moderator, action="suspend-user", days=1)
    assert not User.objects.get(pk=target.pk).is_active


def test_bad_suspension_lengths_are_refused(moderator):
    _, item = reported_pulse()
    for days in (0, -1, 100_000, "3"):
        with pytest.raises(ActionRefused):
            item_act(item_id=item.pk, moderator=moderator, action="suspend-user", days=days)
    assert ModerationAction.objects.filter(item=item).count() == 0


def test_assign_to_me(moderator):
    _, item = reported_pulse()
    assert item_assign(item_id=item.pk, moderator=moderator) == 1
    assert ModerationItem.objects.get(pk=item.pk).assigned_to == moderator


def test_reporters_see_their_report_handled(moderator):
    reporter = UserFactory()
    pulse, item = reported_pulse()
    from moderation.services import report_create

    report_create(reporter=reporter, content_type="pulse", object_id=pulse.pk, reason="hate")
    client = bearer_client(reporter)
    assert client.get("/api/v1/me/reports/").json()["results"][0]["handled"] is False
    item_act(item_id=item.pk, moderator=moderator, action="remove")
    row = client.get("/api/v1/me/reports/").json()["results"][0]
    assert row["handled"] is True and row["status"] == "removed"
