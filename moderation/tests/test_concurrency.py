"""Two moderators acting on one item at once: the second waits for the first's row lock, then
finds the item handled and is refused; exactly one action applies."""

import threading

import pytest

from moderation.models import ModerationAction
from moderation.services import ActionRefused, item_act
from moderation.tests.helpers import reported_pulse
from social.models import Pulse
from social.tests.test_concurrency import hold_open_while
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_moderators_at_once_cannot_both_apply():
    from social.services import moderators_group_ensure

    first, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    for user in (first, second):
        user.groups.add(moderators_group_ensure())
    pulse, item = reported_pulse()
    refused = []
    lock = threading.Lock()

    def act(moderator, action):
        def run():
            try:
                item_act(item_id=item.pk, moderator=moderator, action=action)
            except ActionRefused as exc:
                with lock:
                    refused.append(str(exc))

        return run

    hold_open_while(act(first, "remove"), act(second, "approve"))
    assert len(refused) == 1 and "removed" in refused[0]
    assert list(ModerationAction.objects.filter(item=item).values_list("action", flat=True)) == ["remove"]
    assert Pulse.objects.get(pk=pulse.pk).status == "removed"
