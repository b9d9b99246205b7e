"""Members reporting content through the API."""

import pytest
from django.core.cache import cache

from conftest import bearer_client
from moderation import targets
from moderation.models import ModerationItem, ModerationReport
from moderation.system_settings import setting_set
from social.models import Pulse, PulseComment
from social.services import pulse_comment_create
from social.tests.factories import PulseFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"
MINE = "/api/v1/me/reports/"


def report(client, object_id, content_type="pulse", reason="spam", **extra):
    return client.post(URL, {"content_type": content_type, "object_id": object_id, "reason": reason, **extra}, format="json")


def test_a_report_joins_one_item_per_content_and_a_repeat_is_409(member_client, member):
    pulse = PulseFactory()
    response = report(member_client, pulse.pk, note="a scam link")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["content_type"] == "pulse" and body["handled"] is False and body["status"] == "pending"
    again = report(member_client, pulse.pk, reason="hate")
    assert again.status_code == 409 and again.json()["error"]["status"] == 409
    other = bearer_client(UserFactory())
    assert report(other, pulse.pk, reason="hate").status_code == 201
    item = ModerationItem.objects.get(content_type="pulse", object_id=pulse.pk)
    assert item.reporter_count == 2 and item.author_id == pulse.user_id and item.status == "pending"
    assert ModerationReport.objects.filter(item=item).count() == 2


def test_own_content_missing_content_and_bad_input_are_400(member_client, member, api_client):
    own = PulseFactory(user=member)
    assert report(member_client, own.pk).json()["error"]["fields"] == {"object_id": ["You cannot report your own content."]}
    assert report(member_client, member.pk, content_type="user").status_code == 400
    assert "object_id" in report(member_client, 999_999_999).json()["error"]["fields"]
    assert "reason" in report(member_client, own.pk, reason="boring").json()["error"]["fields"]
    assert "content_type" in report(member_client, own.pk, content_type="poem").json()["error"]["fields"]
    assert "object_id" in report(member_client, "7").json()["error"]["fields"]
    assert "extra" in report(member_client, own.pk, extra=1).json()["error"]["fields"]
    assert report(api_client, own.pk).status_code == 401


def test_reviews_their_comments_and_casting_calls_are_reported_hidden_and_removed(
    django_capture_on_commit_callbacks, api_client, member_client, member
):
    from movies.models import Movie
    from movies.services.reviews import review_comment_create
    from movies.tests.factories import MovieFactory, ReviewFactory
    from moderation.services import item_act
    from talent.tests.factories import open_call

    with django_capture_on_commit_callbacks(execute=True):
        setting_set(key="report_threshold", value=2)
    movie = MovieFactory()
    review, kept = ReviewFactory(movie=movie, rating=2), ReviewFactory(movie=movie, rating=8)
    Movie.objects.filter(pk=movie.pk).update(siddu_score=5, review_count=2)
    comment = review_comment_create(user=UserFactory(), review=kept, content="spoiler: he dies")
    call, _ = open_call()
    own = ReviewFactory(user=member)

    assert report(member_client, own.pk, content_type="review").status_code == 400  # one's own
    assert report(member_client, review.pk, content_type="review").status_code == 201
    assert report(member_client, comment.pk, content_type="review_comment", reason="spoilers").status_code == 201
    assert report(member_client, call.pk, content_type="casting_call").status_code == 201
    assert ModerationItem.objects.get(content_type="review_comment", object_id=comment.pk).content_title == (
        "spoiler: he dies"
    )
    # A second reporter crosses the threshold: the review is hidden at once, the film's score follows.
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 200
    assert report(bearer_client(UserFactory()), review.pk, content_type="review").status_code == 201
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert Movie.objects.filter(pk=movie.pk).values_list("review_count", flat=True).get() == 1
    # A moderator removes the casting call: gone from the API.
    assert api_client.get(f"/api/v1/casting-calls/{call.pk}/").status_code == 200
    moderator = UserFactory(is_staff=True, is_superuser=True)
    item = ModerationItem.objects.get(content_type="casting_call", object_id=call.pk)
    item_act(item_id=item.pk, moderator=moderator, action="remove", reason="scam")
    assert api_client.get(f"/api/v1/casting-calls/{call.pk}/").status_code == 404
    listed = api_client.get("/api/v1/casting-calls/", {"page_size": 100}).json()["results"]
    assert call.pk not in [row["id"] for row in listed]


def test_members_comments_and_members_can_be_reported(member_client):
    pulse = PulseFactory()
    comment = pulse_comment_create(user=UserFactory(), pulse=pulse, content="rude words")
    assert report(member_client, comment.pk, content_type="pulse_comment", reason="harassment").status_code == 201
    assert report(member_client, pulse.user_id, content_type="user", reason="spam").status_code == 201
    item = ModerationItem.objects.get(content_type="pulse_comment", object_id=comment.pk)
    assert item.content_title == "rude words"


def test_content_is_hidden_at_once_when_reports_cross_the_threshold(django_capture_on_commit_callbacks, api_client):
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(key="report_threshold", value=2)
    pulse = PulseFactory()
    assert report(bearer_client(UserFactory()), pulse.pk).status_code == 201
    assert Pulse.objects.get(pk=pulse.pk).status == "visible"
    assert api_client.get(f"/api/v1/pulses/{pulse.pk}/").status_code == 200
    assert report(bearer_client(UserFactory()), pulse.pk).status_code == 201
    assert Pulse.objects.get(pk=pulse.pk).status == "hidden"
    assert api_client.get(f"/api/v1/pulses/{pulse.pk}/").status_code == 404
    item = ModerationItem.objects.get(content_type="pulse", object_id=pulse.pk)
    assert item.content_hidden and item.status == "pending"
    cache.clear()


def test_a_comment_is_hidden_at_the_threshold_too(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        setting_set(key="report_threshold", value=1)
    comment = pulse_comment_create(user=UserFactory(), pulse=PulseFactory(), content="spam spam")
    assert report(bearer_client(UserFactory()), comment.pk, content_type="pulse_comment").status_code == 201
    assert PulseComment.objects.get(pk=comment.pk).status == "hidden"


def test_my_reports_are_mine_paginated_with_handled(member_client, member, django_assert_max_num_queries):
    for _ in range(5):
        assert report(member_client, PulseFactory().pk).status_code == 201
    report(bearer_client(UserFactory()), PulseFactory().pk)
    ModerationReport.objects.filter(pk=ModerationReport.objects.filter(reporter=member).order_by("id")[0].pk).update(handled=True)
    for size in (1, 3, 100):
        with django_assert_max_num_queries(3):
            response = member_client.get(MINE, {"page_size": size})
        assert response.status_code == 200
    rows = member_client.get(MINE, {"page_size": 100}).json()["results"]
    assert len(rows) == 5 and [r["handled"] for r in rows].count(True) == 1
    page = member_client.get(MINE, {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]
    assert member_client.get(MINE, {"bogus": 1}).status_code == 400


def test_my_reports_need_a_member(api_client):
    assert api_client.get(MINE).status_code == 401


def test_one_registration_line_makes_a_kind_reportable_and_moderatable(member_client, moderator):
    """What the lead's line for casting calls does, shown with a stand-in model (pulses)."""
    from moderation.services import item_act

    kind = "casting_call"
    previous = targets.target_for(kind)
    targets.register(kind, model="social.Pulse", author="user_id", text="content_text", status_set="social.services.pulse_status_set", object_arg="pulse", status_field="status", link="/api/v1/pulses/{id}/")  # fmt: skip
    try:
        pulse = PulseFactory()
        assert report(member_client, pulse.pk, content_type=kind).status_code == 201
        item = ModerationItem.objects.get(content_type=kind, object_id=pulse.pk)
        item_act(item_id=item.pk, moderator=moderator, action="remove")
        assert Pulse.objects.get(pk=pulse.pk).status == "removed"
    finally:
        targets.unregister(kind)
        if previous is not None:
            targets._REGISTRY[kind] = previous
