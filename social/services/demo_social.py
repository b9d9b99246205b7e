"""Demo social activity (social/demo_data/social.json): the sample members follow each other,
post pulses with hashtags and mentions (some linked to demo films) spread over the last five
months, react and comment; trending topics are computed at the end.

Everything goes through the services, so counters and notifications are what members' own
actions would have produced. Loading again changes nothing that is there already (pulses are
matched on external_id, comments on author and text, follows and reactions are idempotent).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from iwm.db.partitions import partitions_ensure, spec_for
from movies.models import Movie
from social.models import Follow, Pulse, PulseComment, PulseReaction, User
from social.services.graph import follow_create
from social.services.pulses import pulse_comment_create, pulse_create, pulse_react
from social.services.trending import trending_topics_refresh

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data" / "social.json"


def demo_social_data() -> dict:
    with open(DEMO_DATA, encoding="utf-8") as handle:
        return json.load(handle)


def _members() -> dict[str, User]:
    users = User.objects.filter(external_id__startswith="user-demo-")
    return {user.external_id.removeprefix("user-demo-"): user for user in users}


def demo_is_loaded() -> bool:
    external_ids = [pulse["external_id"] for pulse in demo_social_data()["pulses"]]
    return Pulse.objects.filter(external_id__in=external_ids).count() == len(external_ids)


@transaction.atomic
def demo_load() -> dict[str, int]:
    data = demo_social_data()
    members = _members()
    now = timezone.now()

    for follower, followed in data["follows"].items():
        for name in followed:
            follow_create(follower=members[follower], following=members[name])

    films = dict(
        Movie.objects.filter(external_id__in=[p["linked_movie"] for p in data["pulses"] if p.get("linked_movie")])
        .values_list("external_id", "id")
    )
    pulses: dict[str, Pulse] = {
        pulse.external_id: pulse
        for pulse in Pulse.objects.filter(external_id__in=[p["external_id"] for p in data["pulses"]])
    }
    for item in data["pulses"]:
        if item["external_id"] not in pulses:
            pulses[item["external_id"]] = pulse_create(
                user=members[item["member"]],
                content_text=item["content_text"],
                linked_movie=films[item["linked_movie"]] if item.get("linked_movie") else None,
                created_at=now - timedelta(days=item["days_ago"]),
                external_id=item["external_id"],
            )
    # Pulses months old went to DEFAULT if their month had no partition yet: create it and move
    # them there before anything refers to them.
    partitions_ensure(spec_for("pulses"), now=now)

    for item in data["pulses"]:
        pulse = pulses[item["external_id"]]
        for name, kind in item["reactions"].items():
            pulse_react(user=members[name], pulse=pulse, kind=kind)
        span = min(now - pulse.created_at, timedelta(hours=12))
        for position, comment in enumerate(item["comments"], start=1):
            author = members[comment["member"]]
            if PulseComment.objects.filter(pulse_id=pulse.pk, user=author, content=comment["content"]).exists():
                continue
            created = pulse_comment_create(user=author, pulse=pulse, content=comment["content"])
            written_at = pulse.created_at + span * position / (len(item["comments"]) + 1)
            PulseComment.objects.filter(pk=created.pk).update(created_at=written_at)

    trending = trending_topics_refresh(now=now)
    return {
        "user_follows (sample members)": Follow.objects.filter(follower__in=members.values()).count(),
        "pulses (sample)": len(pulses),
        "pulse_reactions (sample)": PulseReaction.objects.filter(pulse_id__in=[p.pk for p in pulses.values()]).count(),
        "pulse_comments (sample)": PulseComment.objects.filter(pulse_id__in=[p.pk for p in pulses.values()]).count(),
        "trending_topics": sum(trending.values()),
    }
