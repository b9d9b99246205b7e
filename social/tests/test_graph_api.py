"""Follows, the public profile, the followers and following lists, their privacy, counters."""

import pytest
from django.db import connection

from conftest import bearer_client
from social.models import Follow, Notification, User
from social.selectors.counters import counter_mismatches
from social.services import follow_create
from social.services.settings import user_settings_update
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db


def url(user, tail=""):
    return f"/api/v1/users/{user.pk}/{tail}"


def counts(user):
    user = User.objects.get(pk=user.pk)
    return user.followers_count, user.following_count


def test_follow_is_idempotent_and_counts_once(member, member_client, django_capture_on_commit_callbacks):
    star = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = member_client.post(url(star, "follow/"))
        again = member_client.post(url(star, "follow/"))
    assert first.status_code == again.status_code == 200
    assert again.json() == {"following": True, "followers_count": 1, "following_count": 0}
    assert counts(star) == (1, 0) and counts(member) == (0, 1)
    assert Follow.objects.filter(follower=member, following=star).count() == 1
    notice = Notification.objects.get(user=star)
    assert notice.type == "follow" and notice.actor_id == member.pk  # one notice, not two

    assert member_client.delete(url(star, "follow/")).status_code == 204
    assert member_client.delete(url(star, "follow/")).status_code == 204  # not following: nothing to undo
    assert counts(star) == (0, 0) and counts(member) == (0, 0)


def test_following_oneself_is_a_400_and_a_missing_or_inactive_member_a_404(member, member_client):
    error = assert_error_shape(member_client.post(url(member, "follow/")), 400)
    assert "yourself" in error["message"]
    assert_error_shape(member_client.post("/api/v1/users/999999999/follow/"), 404)
    gone = UserFactory(is_active=False)
    assert_error_shape(member_client.post(url(gone, "follow/")), 404)
    assert_error_shape(member_client.delete(url(gone, "follow/")), 404)
    assert counts(member) == (0, 0)


def test_the_database_refuses_self_follows_and_duplicates(member):
    from django.db import IntegrityError, transaction

    other = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, following=member)
    Follow.objects.create(follower=member, following=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, following=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=member.pk).update(followers_count=-1)


@pytest.mark.parametrize("method", ["post", "delete"])
def test_anonymous_cannot_follow(api_client, method):
    assert_error_shape(getattr(api_client, method)(url(UserFactory(), "follow/")), 401)


def test_profile_with_counts_and_whether_i_follow(member, member_client, api_client):
    star = UserFactory(bio="Films.", location="Lyon", website="https://example.com/star")
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        follow_create(follower=fan, following=star)
    follow_create(follower=star, following=fans[0])

    anonymous = api_client.get(url(star)).json()
    assert anonymous["followers_count"] == 3 and anonymous["following_count"] == 1
    assert anonymous["is_following"] is None and anonymous["reviews_count"] == 0
    assert anonymous["location"] == "Lyon" and anonymous["website"] == "https://example.com/star"
    assert {"id", "username", "name", "avatar_url", "bio", "created_at"} <= set(anonymous)
    assert member_client.get(url(star)).json()["is_following"] is False
    follow_create(follower=member, following=star)
    assert member_client.get(url(star)).json()["is_following"] is True


def test_profile_settings_hide_location_and_website_from_others(member, member_client, api_client):
    member.location, member.website = "Oslo", "https://example.com/me"
    member.save()
    user_settings_update(user=member, changes={"profile": {"show_location": False, "show_website": False}})
    seen = api_client.get(url(member)).json()
    assert seen["location"] is None and seen["website"] is None
    mine = member_client.get(url(member)).json()
    assert mine["location"] == "Oslo" and mine["website"] == "https://example.com/me"
    assert mine["is_following"] is False


def test_profile_of_a_missing_or_inactive_member_is_a_404(api_client):
    assert_error_shape(api_client.get("/api/v1/users/999999999/"), 404)
    assert_error_shape(api_client.get(url(UserFactory(is_active=False))), 404)


def test_followers_and_following_newest_first_by_cursor(member, member_client):
    star = UserFactory()
    fans = [UserFactory(username=f"fan{i}") for i in range(5)]
    for fan in fans:
        follow_create(follower=fan, following=star)
        follow_create(follower=star, following=fan)
    first = member_client.get(url(star, "followers/"), {"page_size": 3}).json()
    assert [row["user"]["username"] for row in first["results"]] == ["fan4", "fan3", "fan2"]
    assert set(first["results"][0]) == {"user", "followed_at"}
    second = member_client.get(first["next"]).json()
    assert [row["user"]["username"] for row in second["results"]] == ["fan1", "fan0"]
    following = member_client.get(url(star, "following/")).json()["results"]
    assert [row["user"]["username"] for row in following] == ["fan4", "fan3", "fan2", "fan1", "fan0"]


def test_private_follows_are_a_404_to_others_and_visible_to_the_owner(member, member_client, api_client):
    fan = UserFactory()
    follow_create(follower=fan, following=member)
    user_settings_update(user=member, changes={"privacy": {"follows": "private"}})
    for tail in ("followers/", "following/"):
        assert_error_shape(api_client.get(url(member, tail)), 404)
        assert_error_shape(bearer_client(fan).get(url(member, tail)), 404)
        assert member_client.get(url(member, tail)).status_code == 200
    assert member_client.get(url(member, "followers/")).json()["results"][0]["user"]["id"] == fan.pk
    assert api_client.get(url(member)).json()["followers_count"] == 1  # counts stay public


def test_lists_of_a_missing_member_are_a_404(api_client):
    assert_error_shape(api_client.get("/api/v1/users/999999999/followers/"), 404)


def test_list_queries_do_not_grow_with_the_page(member, member_client, django_assert_max_num_queries):
    star = UserFactory()
    for _ in range(30):
        follow_create(follower=UserFactory(), following=star)
    for size in (1, 10, 100):
        for tail in ("followers/", "following/"):
            with django_assert_max_num_queries(4):
                assert member_client.get(url(star, tail), {"page_size": size}).status_code == 200
        with django_assert_max_num_queries(5):
            assert member_client.get(url(star)).status_code == 200


def test_counters_match_the_rows_after_a_sequence_of_follows():
    people = [UserFactory() for _ in range(6)]
    for a in people:
        for b in people[::2]:
            if a != b:
                follow_create(follower=a, following=b)
    from social.services import follow_delete

    follow_delete(follower=people[1], following=people[0])
    follow_delete(follower=people[1], following=people[0])
    follow_create(follower=people[0], following=people[0 + 3])
    assert counter_mismatches()["users"] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT followers_count FROM users WHERE id = %s", [people[0].pk])
        assert cursor.fetchone()[0] == 4  # five others follow people[0], one stopped
