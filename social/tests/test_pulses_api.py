"""Pulses through the API: post, read, edit, delete; reactions; comments; hashtag lists;
authorization per route; hidden content; notifications and mentions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import bearer_client
from movies.models import Movie
from social.models import Notification, Pulse, PulseComment, PulseReaction
from social.selectors.counters import counter_mismatches
from social.services import (
    follow_create,
    pulse_comment_create,
    pulse_comment_status_set,
    pulse_react,
    pulse_status_set,
)
from social.services.settings import user_settings_update
from social.tests.factories import PulseFactory, UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

PULSES = "/api/v1/pulses/"


def detail(pulse, tail=""):
    return f"{PULSES}{pulse.pk}/{tail}"


def test_post_a_pulse_with_tags_media_and_a_linked_movie(member, member_client):
    movie = Movie.objects.get(title="Interstellar")
    body = {
        "content_text": "  Docking scene! #Interstellar #NOLAN #nolan #東京  ",
        "content_media": ["https://img.example.com/a.jpg"],
        "linked_movie": movie.pk,
    }
    response = member_client.post(PULSES, body)
    assert response.status_code == 201
    pulse = response.json()
    assert pulse["content_text"] == "Docking scene! #Interstellar #NOLAN #nolan #東京"
    assert pulse["hashtags"] == ["interstellar", "nolan", "東京"]
    assert pulse["content_media"] == ["https://img.example.com/a.jpg"]
    assert pulse["linked_type"] == "movie"
    assert pulse["linked_movie"] == {"id": movie.pk, "title": "Interstellar", "year": 2014}
    assert pulse["author"] == {"id": member.pk, "username": member.username, "avatar_url": ""}
    assert pulse["reactions"] == {"like": 0, "love": 0, "laugh": 0, "wow": 0, "sad": 0, "angry": 0}
    assert pulse["reactions_total"] == pulse["comments_count"] == 0 and pulse["my_reaction"] is None
    assert pulse["edited_at"] is None
    stored = Pulse.objects.get(pk=pulse["id"])
    assert stored.hashtags == ["interstellar", "nolan", "東京"] and stored.user_id == member.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content_text": "x" * 2001}, "content_text"),
        ({"content_text": "   "}, "content_text"),
        ({}, "content_text"),
        ({"content_text": "hi", "content_media": ["ftp://example.com/a.jpg"]}, "content_media"),
        ({"content_text": "hi", "content_media": ["not a url"]}, "content_media"),
        ({"content_text": "hi", "content_media": [f"https://example.com/{i}.jpg" for i in range(5)]}, "content_media"),
        ({"content_text": "hi", "content_media": "https://example.com/a.jpg"}, "content_media"),
        ({"content_text": "hi", "linked_movie": 999999999}, "linked_movie"),
        ({"content_text": "hi", "linked_movie": "12"}, "linked_movie"),
        ({"content_text": 5}, "content_text"),
        ({"content_text": "hi", "status": "hidden"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(member_client, body, field):
    error = assert_error_shape(member_client.post(PULSES, body, format="json"), 400)
    assert field in error["fields"]
    assert not Pulse.objects.filter(content_text="hi").exists()


def test_media_only_pulses_are_allowed(member_client):
    response = member_client.post(PULSES, {"content_media": ["https://example.com/v.mp4"]}, format="json")
    assert response.status_code == 201 and response.json()["content_text"] == ""


def test_anyone_reads_a_pulse_and_a_member_sees_their_own_reaction(member, member_client, api_client):
    pulse = PulseFactory(content_text="#noir night")
    pulse_react(user=member, pulse=pulse, kind="wow")
    assert api_client.get(detail(pulse)).json()["my_reaction"] is None
    mine = member_client.get(detail(pulse)).json()
    assert mine["my_reaction"] == "wow" and mine["reactions"]["wow"] == 1 and mine["reactions_total"] == 1
    assert_error_shape(api_client.get(f"{PULSES}999999999/"), 404)


def test_only_the_author_edits_and_deletes(member, member_client, api_client):
    pulse = PulseFactory(user=member, content_text="first #draft")
    stranger = bearer_client(UserFactory())
    assert_error_shape(stranger.patch(detail(pulse), {"content_text": "mine now"}), 403)
    assert_error_shape(stranger.delete(detail(pulse)), 403)
    assert_error_shape(api_client.patch(detail(pulse), {"content_text": "anon"}), 401)
    assert_error_shape(api_client.delete(detail(pulse)), 401)
    assert Pulse.objects.get(pk=pulse.pk).content_text == "first #draft"

    edited = member_client.patch(detail(pulse), {"content_text": "second #Final #take"})
    assert edited.status_code == 200
    body = edited.json()
    assert body["hashtags"] == ["final", "take"] and body["edited_at"] is not None
    assert Pulse.objects.get(pk=pulse.pk).hashtags == ["final", "take"]

    movie = Movie.objects.get(title="Memento")
    linked = member_client.patch(detail(pulse), {"linked_movie": movie.pk}, format="json").json()
    assert linked["linked_movie"]["title"] == "Memento" and linked["content_text"] == "second #Final #take"
    unlinked = member_client.patch(detail(pulse), {"linked_movie": None}, format="json").json()
    assert unlinked["linked_movie"] is None and unlinked["linked_type"] is None

    assert member_client.delete(detail(pulse)).status_code == 204
    assert not Pulse.objects.filter(pk=pulse.pk).exists()
    assert_error_shape(member_client.get(detail(pulse)), 404)


def test_an_edit_cannot_empty_a_pulse(member, member_client):
    pulse = PulseFactory(user=member)
    assert_error_shape(member_client.patch(detail(pulse), {"content_text": ""}, format="json"), 400)


def test_anonymous_cannot_post_react_or_comment(api_client):
    pulse = PulseFactory()
    assert_error_shape(api_client.post(PULSES, {"content_text": "hi"}), 401)
    assert_error_shape(api_client.post(detail(pulse, "reactions/"), {"kind": "like"}), 401)
    assert_error_shape(api_client.delete(detail(pulse, "reactions/")), 401)
    assert_error_shape(api_client.post(detail(pulse, "comments/"), {"content": "hi"}), 401)
    assert api_client.get(detail(pulse, "comments/")).status_code == 200


def test_reactions_one_per_member_switching_moves_the_counts(member, member_client, django_capture_on_commit_callbacks):
    author = UserFactory()
    pulse = PulseFactory(user=author)
    other = UserFactory()
    pulse_react(user=other, pulse=pulse, kind="like")
    with django_capture_on_commit_callbacks(execute=True):
        body = member_client.post(detail(pulse, "reactions/"), {"kind": "love"}).json()
    assert body["my_reaction"] == "love" and body["reactions_total"] == 2
    assert body["reactions"]["love"] == 1 and body["reactions"]["like"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        switched = member_client.post(detail(pulse, "reactions/"), {"kind": "like"}).json()
        same = member_client.post(detail(pulse, "reactions/"), {"kind": "like"}).json()
    assert switched["reactions"]["like"] == 2 and switched["reactions"]["love"] == 0 and switched["reactions_total"] == 2
    assert same == switched
    assert PulseReaction.objects.filter(pulse_id=pulse.pk, user=member).count() == 1
    # One notice for the first reaction, none for switching or repeating it.
    assert Notification.objects.filter(user=author, type="pulse_reaction", actor=member).count() == 1

    assert member_client.delete(detail(pulse, "reactions/")).status_code == 204
    assert member_client.delete(detail(pulse, "reactions/")).status_code == 204
    stored = Pulse.objects.get(pk=pulse.pk)
    assert stored.reactions_total == 1 and stored.reactions.get("like") == 1
    assert counter_mismatches()["pulses"] == []


def test_a_bad_reaction_kind_is_a_400(member_client):
    pulse = PulseFactory()
    error = assert_error_shape(member_client.post(detail(pulse, "reactions/"), {"kind": "meh"}), 400)
    assert "kind" in error["fields"]
    assert_error_shape(member_client.post(f"{PULSES}999999999/reactions/", {"kind": "like"}), 404)


def test_comments_oldest_first_with_the_count(member, member_client, django_capture_on_commit_callbacks):
    author = UserFactory()
    pulse = PulseFactory(user=author)
    with django_capture_on_commit_callbacks(execute=True):
        created = member_client.post(detail(pulse, "comments/"), {"content": "  First!  "})
    assert created.status_code == 201
    assert created.json()["content"] == "First!" and created.json()["author"]["id"] == member.pk
    for i in range(4):
        pulse_comment_create(user=UserFactory(), pulse=pulse, content=f"reply {i}")
    first = member_client.get(detail(pulse, "comments/"), {"page_size": 3}).json()
    assert [c["content"] for c in first["results"]] == ["First!", "reply 0", "reply 1"]
    rest = member_client.get(first["next"]).json()
    assert [c["content"] for c in rest["results"]] == ["reply 2", "reply 3"]
    assert member_client.get(detail(pulse)).json()["comments_count"] == 5
    notice = Notification.objects.get(user=author, type="pulse_comment")
    assert notice.actor_id == member.pk and notice.metadata["pulse"] == pulse.pk

    error = assert_error_shape(member_client.post(detail(pulse, "comments/"), {"content": "   "}), 400)
    assert "content" in error["fields"]
    assert_error_shape(member_client.post(detail(pulse, "comments/"), {"content": "x" * 2001}), 400)


def test_hidden_pulses_and_comments_are_absent_and_404(member, member_client, api_client):
    pulse = PulseFactory(user=member, content_text="soon hidden #hushhush")
    visible = PulseFactory(content_text="still here #hushhush")
    comment = pulse_comment_create(user=UserFactory(), pulse=visible, content="rude")
    pulse_comment_create(user=UserFactory(), pulse=visible, content="kind")
    follow_create(follower=UserFactory(), following=member)

    pulse_status_set(pulse=pulse, status="hidden")
    pulse_comment_status_set(comment=comment, status="removed")

    for client in (api_client, member_client):  # the author too
        assert_error_shape(client.get(detail(pulse)), 404)
        assert_error_shape(client.get(detail(pulse, "comments/")), 404)
        tagged = client.get(PULSES, {"tag": "hushhush"}).json()["results"]
        assert [p["id"] for p in tagged] == [visible.pk]
        assert [c["content"] for c in client.get(detail(visible, "comments/")).json()["results"]] == ["kind"]
    assert pulse.pk not in [p["id"] for p in member_client.get("/api/v1/feed/").json()["results"]]
    assert_error_shape(member_client.post(detail(pulse, "reactions/"), {"kind": "like"}), 404)
    assert_error_shape(member_client.post(detail(pulse, "comments/"), {"content": "hello"}), 404)
    assert_error_shape(member_client.patch(detail(pulse), {"content_text": "edit"}), 404)
    assert member_client.get(detail(visible)).json()["comments_count"] == 1  # visible comments only

    pulse_comment_status_set(comment=comment, status="visible")
    assert member_client.get(detail(visible)).json()["comments_count"] == 2
    pulse_status_set(pulse=pulse, status="visible")
    assert member_client.get(detail(pulse)).status_code == 200
    assert counter_mismatches()["pulses"] == []


def test_pulses_by_tag_newest_first_any_case(member_client):
    now = timezone.now()
    pulses = [PulseFactory(content_text=f"#RareTagX number {i}", created_at=now - timedelta(minutes=10 - i)) for i in range(5)]
    PulseFactory(content_text="#other")
    first = member_client.get(PULSES, {"tag": "#raretagx", "page_size": 2}).json()
    assert [p["id"] for p in first["results"]] == [pulses[4].pk, pulses[3].pk]
    second = member_client.get(first["next"]).json()
    third = member_client.get(second["next"]).json()
    assert [p["id"] for p in second["results"] + third["results"]] == [pulses[2].pk, pulses[1].pk, pulses[0].pk]
    assert third["next"] is None
    assert member_client.get(PULSES, {"tag": "RARETAGX"}).json()["results"][0]["id"] == pulses[4].pk


@pytest.mark.parametrize("tag", ["", "no-dash", "two words", "#"])
def test_a_malformed_tag_is_a_400(api_client, tag):
    assert "tag" in assert_error_shape(api_client.get(PULSES, {"tag": tag}), 400)["fields"]


def test_a_bad_cursor_is_a_400(api_client, member_client):
    import base64

    def forged(text):
        return base64.urlsafe_b64encode(text.encode()).decode()

    for cursor in (
        "nonsense",
        "MjAyNnx4",
        "%%%",
        forged("0001-01-02T00:00:00+00:00|5"),  # counting windows back from it would leave the calendar
        forged("2026-01-01T00:00:00|5"),  # no time zone
        forged("2026-01-01T00:00:00+00:00|99999999999999999999"),
    ):
        assert "cursor" in assert_error_shape(api_client.get(PULSES, {"cursor": cursor}), 400)["fields"]
        assert "cursor" in assert_error_shape(member_client.get("/api/v1/feed/", {"cursor": cursor}), 400)["fields"]


def test_mentions_notify_as_privacy_allows(member, django_capture_on_commit_callbacks):
    everyone = UserFactory(username="open_door")
    picky = UserFactory(username="picky.one")
    closed = UserFactory(username="closed_door")
    friend_of_member = UserFactory(username="friendly")
    user_settings_update(user=picky, changes={"privacy": {"allow_mentions": "following"}})
    user_settings_update(user=friend_of_member, changes={"privacy": {"allow_mentions": "following"}})
    user_settings_update(user=closed, changes={"privacy": {"allow_mentions": "nobody"}})
    follow_create(follower=friend_of_member, following=member)
    with django_capture_on_commit_callbacks(execute=True):
        PulseFactory(
            user=member,
            content_text=f"hey @OPEN_DOOR @picky.one @closed_door @friendly @nobody_here @{member.username} mail@open_door",
        )
    mentioned = set(Notification.objects.filter(type="mention", actor=member).values_list("user__username", flat=True))
    assert mentioned == {"open_door", "friendly"}


def test_an_edit_notifies_only_newly_mentioned_members(member, member_client, django_capture_on_commit_callbacks):
    UserFactory(username="first_one")
    UserFactory(username="second_one")
    with django_capture_on_commit_callbacks(execute=True):
        pulse = PulseFactory(user=member, content_text="hi @first_one")
        member_client.patch(detail(pulse), {"content_text": "hi @first_one and @second_one"})
    assert sorted(Notification.objects.filter(type="mention", actor=member).values_list("user__username", flat=True)) == [
        "first_one",
        "second_one",
    ]


def test_deleting_a_pulse_deletes_its_reactions_and_comments(member, member_client):
    pulse = PulseFactory(user=member)
    pulse_react(user=UserFactory(), pulse=pulse, kind="sad")
    pulse_comment_create(user=UserFactory(), pulse=pulse, content="bye")
    assert member_client.delete(detail(pulse)).status_code == 204
    assert not PulseReaction.objects.filter(pulse_id=pulse.pk).exists()
    assert not PulseComment.objects.filter(pulse_id=pulse.pk).exists()


def test_list_queries_do_not_grow_with_the_page(member, member_client, api_client, django_assert_max_num_queries):
    pulses = [PulseFactory(content_text=f"#countme {i}") for i in range(30)]
    for pulse in pulses[::2]:
        pulse_react(user=member, pulse=pulse, kind="like")
        pulse_comment_create(user=member, pulse=pulse, content="nice")
    for size in (1, 10, 100):
        for client in (member_client, api_client):
            with django_assert_max_num_queries(3):
                assert client.get(PULSES, {"tag": "countme", "page_size": size}).status_code == 200
            with django_assert_max_num_queries(3):
                assert client.get(PULSES, {"page_size": size}).status_code == 200
            with django_assert_max_num_queries(3):
                assert client.get(detail(pulses[0], "comments/"), {"page_size": size}).status_code == 200
    with django_assert_max_num_queries(4):
        assert member_client.get(detail(pulses[0])).status_code == 200
