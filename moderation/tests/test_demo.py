"""The demo data: a queue for the demo moderator, loaded once however often it runs."""

import pytest

from moderation import demo
from moderation.models import ModerationItem
from social.services import demo_account_ensure

pytestmark = pytest.mark.django_db


def test_the_demo_queue_is_there_and_loading_again_changes_nothing():
    assert demo.demo_is_loaded()
    before = ModerationItem.objects.filter(external_id__startswith="moderation-demo-").count()
    assert before == demo.PULSES
    assert all(item.status == "pending" and item.reporter_count == 2 for item in ModerationItem.objects.filter(external_id__startswith="moderation-demo-"))
    demo.demo_load()
    assert ModerationItem.objects.filter(external_id__startswith="moderation-demo-").count() == before


def test_the_demo_moderator_can_work_the_queue():
    moderator, _ = demo_account_ensure(email="mod@iwm.example", username="demo_mod", password="a-long-demo-password-1", role="moderator")
    for permission in ("view_moderationitem", "change_moderationitem", "view_moderationaction", "change_adminusermeta"):
        assert moderator.has_perm(f"moderation.{permission}"), permission
    for permission in ("change_systemsetting", "delete_moderationaction", "view_adminmetricsnapshot"):
        assert not moderator.has_perm(f"moderation.{permission}"), permission
