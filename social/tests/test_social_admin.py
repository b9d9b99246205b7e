"""The admin of follows, pulses, comments, reactions and trending topics: moderators change
the status only, through the services; searches and filters moderators need; bounded queries."""

import pytest
from django.urls import reverse

from social.models import Follow, Pulse, PulseComment, TrendingTopic, User
from social.services import follow_create, pulse_comment_create
from social.tests.factories import PulseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def change_url(obj):
    return reverse(f"admin:social_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_moderator_hides_a_pulse_and_cannot_change_its_text(moderator_client):
    pulse = PulseFactory(content_text="original text #keep")
    page = moderator_client.get(change_url(pulse))
    assert page.status_code == 200 and b'name="status"' in page.content and b'name="content_text"' not in page.content
    response = moderator_client.post(change_url(pulse), {"status": "hidden", "content_text": "vandalised"})
    assert response.status_code == 302
    stored = Pulse.objects.get(pk=pulse.pk)
    assert stored.status == "hidden" and stored.content_text == "original text #keep"


def test_hiding_a_comment_in_the_admin_updates_the_pulses_count(moderator_client):
    pulse = PulseFactory()
    comment = pulse_comment_create(user=UserFactory(), pulse=pulse, content="spam spam")
    assert moderator_client.post(change_url(comment), {"status": "removed"}).status_code == 302
    assert PulseComment.objects.get(pk=comment.pk).status == "removed"
    assert Pulse.objects.get(pk=pulse.pk).comments_count == 0


def test_status_actions_on_the_changelist(moderator_client):
    pulses = [PulseFactory() for _ in range(3)]
    url = reverse("admin:social_pulse_changelist")
    response = moderator_client.post(
        url, {"action": "make_removed", "_selected_action": [p.pk for p in pulses[:2]]}, follow=True
    )
    assert response.status_code == 200
    assert sorted(Pulse.objects.filter(pk__in=[p.pk for p in pulses]).values_list("status", flat=True)) == [
        "removed",
        "removed",
        "visible",
    ]


def test_pulse_search_by_hashtag_id_and_username(moderator_client):
    author = UserFactory(username="searchable_author")
    tagged = PulseFactory(user=author, content_text="#AdminFindsMe")
    other = PulseFactory(content_text="nothing here")
    url = reverse("admin:social_pulse_changelist")
    for term, expected in (("#adminfindsme", tagged), (str(other.pk), other), ("searchable_author", tagged)):
        listing = moderator_client.get(url, {"q": term}).context["cl"].result_list
        assert [p.pk for p in listing] == [expected.pk], term
    for params in ({"created": "24h"}, {"status__exact": "hidden"}, {"linked_type__exact": "movie"}):
        assert moderator_client.get(url, params).status_code == 200


def test_changelists_do_not_grow_with_rows(moderator_client, django_assert_max_num_queries):
    for i in range(30):
        pulse = PulseFactory(content_text=f"bulk {i}")
        pulse_comment_create(user=UserFactory(), pulse=pulse, content="bulk comment")
    for model in ("pulse", "pulsecomment", "pulsereaction", "follow", "trendingtopic"):
        with django_assert_max_num_queries(12):
            assert moderator_client.get(reverse(f"admin:social_{model}_changelist")).status_code == 200


def test_reactions_are_read_only_and_moderators_cannot_delete_pulses(moderator_client, moderator):
    assert moderator.has_perm("social.change_pulse") and not moderator.has_perm("social.delete_pulse")
    assert not moderator.has_perm("social.change_user")
    pulse = PulseFactory()
    assert moderator_client.get(reverse("admin:social_pulse_delete", args=[pulse.pk])).status_code == 403


def test_an_admin_deleting_a_follow_keeps_the_counters_right(client, admin_user):
    client.force_login(admin_user)
    fan, star = UserFactory(), UserFactory()
    follow_create(follower=fan, following=star)
    follow = Follow.objects.get(follower=fan, following=star)
    response = client.post(reverse("admin:social_follow_delete", args=[follow.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert User.objects.get(pk=star.pk).followers_count == 0 and User.objects.get(pk=fan.pk).following_count == 0


def test_the_trending_action_recomputes(client, admin_user):
    client.force_login(admin_user)
    TrendingTopic.objects.all().delete()
    PulseFactory(content_text="#recomputed")
    client.post(reverse("admin:social_trendingtopic_changelist"), {"action": "recompute", "_selected_action": [0]})
    assert TrendingTopic.objects.filter(tag="recomputed").count() == 3
