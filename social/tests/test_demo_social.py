"""The demo social activity: loaded with the test data, consistent, and idempotent."""

import pytest

from social.models import Follow, Pulse, PulseComment, PulseReaction, TrendingTopic
from social.selectors.counters import counter_mismatches
from social.services import demo_social

pytestmark = pytest.mark.django_db


def sample_counts():
    pulses = Pulse.objects.filter(external_id__startswith="pulse-demo-")
    ids = list(pulses.values_list("id", flat=True))
    return {
        "follows": Follow.objects.filter(follower__external_id__startswith="user-demo-").count(),
        "pulses": len(ids),
        "reactions": PulseReaction.objects.filter(pulse_id__in=ids).count(),
        "comments": PulseComment.objects.filter(pulse_id__in=ids).count(),
    }


def test_the_demo_members_follow_post_react_and_comment():
    assert demo_social.demo_is_loaded()
    data = demo_social.demo_social_data()
    counts = sample_counts()
    assert counts == {
        "follows": sum(len(followed) for followed in data["follows"].values()),
        "pulses": len(data["pulses"]),
        "reactions": sum(len(p["reactions"]) for p in data["pulses"]),
        "comments": sum(len(p["comments"]) for p in data["pulses"]),
    }
    tagged = Pulse.objects.filter(external_id__startswith="pulse-demo-", hashtags__contains=["nolan"])
    assert tagged.count() >= 5
    assert Pulse.objects.filter(external_id__startswith="pulse-demo-", linked_movie__isnull=False).count() >= 30
    assert TrendingTopic.objects.filter(window_label="30d", tag="nolan").exists()
    assert counter_mismatches() == {"users": [], "pulses": []}


def test_loading_again_changes_nothing():
    before = sample_counts()
    demo_social.demo_load()
    assert sample_counts() == before
    assert counter_mismatches() == {"users": [], "pulses": []}
