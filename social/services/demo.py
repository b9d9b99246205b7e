"""Sample members for the demo (social/demo_data/members.json): invented people, labelled as
sample in their bios, with unusable passwords. Other apps' demo data (reviews, pulses, casting
calls) is written by these members, found by their stable external_id."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from social.models import User

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data" / "members.json"


def demo_members_data() -> list[dict]:
    with open(DEMO_DATA, encoding="utf-8") as handle:
        return json.load(handle)["members"]


def demo_member(external_id: str) -> User:
    return User.objects.get(external_id=external_id)


def demo_is_loaded() -> bool:
    external_ids = [member["external_id"] for member in demo_members_data()]
    return User.objects.filter(external_id__in=external_ids).count() == len(external_ids)


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create or refresh the sample members (upsert on external_id)."""
    count = 0
    for member in demo_members_data():
        user = User.objects.filter(external_id=member["external_id"]).first()
        if user is None:
            user = User(external_id=member["external_id"])
            user.set_unusable_password()
        for field in ("username", "email", "name", "bio", "location"):
            setattr(user, field, member[field])
        user.save()
        count += 1
    return {"users (sample members)": count}
