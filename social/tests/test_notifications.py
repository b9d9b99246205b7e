"""Notifications: written after the action commits, respecting preferences; a member's list,
read marks and unread count; nobody else's."""

import logging

import pytest

from conftest import bearer_client
from social.models import Notification
from social.services import notifications as notification_writes
from social.services.settings import notification_preferences_update
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"


def notify(recipient, actor=None, kind="follow", title="Someone followed you"):
    notification_writes.notify(recipients=[recipient.pk], actor_id=actor.pk if actor else None, type=kind, title=title)


def test_a_notification_is_written_only_after_the_action_commits(django_capture_on_commit_callbacks, member):
    actor = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(member, actor)
        assert not Notification.objects.filter(user=member).exists()
    for callback in callbacks:
        callback()
    notification = Notification.objects.get(user=member)
    assert notification.actor_id == actor.pk and notification.type == "follow" and not notification.is_read


def test_no_notification_to_oneself_or_of_a_type_turned_off(django_capture_on_commit_callbacks, member):
    actor = UserFactory()
    notification_preferences_update(user=member, changes={"channels": {"follow": {"in_app": False}}})
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, member)
        notify(member, actor, kind="follow")
        notify(member, actor, kind="mention", title="@you")
    assert list(Notification.objects.filter(user=member).values_list("type", flat=True)) == ["mention"]


def test_a_failure_to_notify_is_logged_and_never_raised(django_capture_on_commit_callbacks, member, monkeypatch, caplog):
    monkeypatch.setattr(notification_writes, "INSERT_SQL", "INSERT INTO no_such_table VALUES (1)")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        notify(member, UserFactory())
    assert "could not write a follow notification" in caplog.text
    assert not Notification.objects.filter(user=member).exists()


def test_an_unknown_type_is_a_programming_error(member):
    with pytest.raises(ValueError):
        notification_writes.notify(recipients=[member.pk], type="nonsense", title="x")


@pytest.fixture
def inbox(member):
    actor = UserFactory(username="sender")
    rows = [
        Notification.objects.create(user=member, actor=actor, type="follow", title=f"notice {i}", is_read=i % 2 == 0)
        for i in range(7)
    ]
    Notification.objects.create(user=actor, type="system", title="not yours")
    return rows


def test_my_notifications_newest_first_by_cursor(member_client, inbox):
    first = member_client.get(LIST, {"page_size": 3}).json()
    assert [n["title"] for n in first["results"]] == ["notice 6", "notice 5", "notice 4"]
    assert first["results"][0]["actor"]["username"] == "sender"
    second = member_client.get(first["next"]).json()
    assert [n["title"] for n in second["results"]] == ["notice 3", "notice 2", "notice 1"]
    unread = member_client.get(LIST, {"unread": "true"}).json()["results"]
    assert {n["title"] for n in unread} == {"notice 1", "notice 3", "notice 5"}


def test_the_list_costs_the_same_queries_whatever_the_page_size(member_client, inbox, django_assert_max_num_queries):
    for size in (1, 7, 100):
        with django_assert_max_num_queries(3):
            assert member_client.get(LIST, {"page_size": size}).status_code == 200


def test_a_bad_cursor_is_a_400(member_client, inbox):
    error = assert_error_shape(member_client.get(LIST, {"cursor": "not-a-cursor"}), 400)
    assert "cursor" in error["fields"]


def test_mark_one_read_then_all(member_client, member, inbox):
    unread = [n for n in inbox if not n.is_read]
    assert member_client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3, "capped": False}
    assert member_client.post(f"/api/v1/notifications/{unread[0].pk}/read/").status_code == 204
    assert member_client.get("/api/v1/notifications/unread-count/").json()["unread"] == 2
    assert member_client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert member_client.get("/api/v1/notifications/unread-count/").json()["unread"] == 0


def test_the_unread_count_is_cached_and_every_change_forgets_it(
    member_client, member, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from social.selectors.notifications import unread_count_key

    count = "/api/v1/notifications/unread-count/"
    cache.delete(unread_count_key(member.pk))
    assert member_client.get(count).json()["unread"] == 0
    with django_assert_num_queries(1):  # the member's row (token check); the count comes from the cache
        assert member_client.get(count).json()["unread"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, UserFactory())
        notify(member, UserFactory(), title="another")
    assert member_client.get(count).json()["unread"] == 2, "a new notification forgets the cached count"
    first = Notification.objects.filter(user=member).order_by("id").first()
    member_client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert member_client.get(count).json()["unread"] == 1
    member_client.post("/api/v1/notifications/read-all/")
    assert member_client.get(count).json()["unread"] == 0


def test_another_members_notification_is_a_404(member, inbox):
    stranger = bearer_client(UserFactory())
    assert_error_shape(stranger.post(f"/api/v1/notifications/{inbox[1].pk}/read/"), 404)
    assert Notification.objects.get(pk=inbox[1].pk).is_read is False
    assert stranger.get(LIST).json()["results"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", LIST),
        ("get", "/api/v1/notifications/unread-count/"),
        ("post", "/api/v1/notifications/read-all/"),
        ("post", "/api/v1/notifications/1/read/"),
        ("get", "/api/v1/me/settings/"),
        ("get", "/api/v1/me/notification-preferences/"),
    ],
)
def test_anonymous_gets_a_401(api_client, method, path):
    assert_error_shape(getattr(api_client, method)(path), 401)
