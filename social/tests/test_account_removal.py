"""account_data_remove: everything a member wrote or owns in the social app goes, and the
counters on other members' rows equal what the remaining rows say."""

import pytest
from django.db import connection

from social.models import Follow, Notification, NotificationPreference, Pulse, PulseComment, PulseReaction, User, UserSettings
from social.selectors.counters import counter_mismatches
from social.services import (
    account_data_remove,
    follow_create,
    pulse_comment_create,
    pulse_comment_status_set,
    pulse_react,
)
from social.services.notifications import notify
from social.services.settings import notification_preferences_update, user_settings_update
from social.tests.factories import PulseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_removal_deletes_the_members_rows_and_corrects_everyone_elses_counters(django_capture_on_commit_callbacks):
    leaving = UserFactory()
    others = [UserFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for other in others[:3]:
            follow_create(follower=leaving, following=other)
        for other in others[1:]:
            follow_create(follower=other, following=leaving)
        follow_create(follower=others[0], following=others[1])  # not theirs: stays

        theirs = [PulseFactory(user=leaving, content_text=f"mine {i} @{others[0].username}") for i in range(3)]
        for pulse in theirs:
            pulse_react(user=others[0], pulse=pulse, kind="like")
            pulse_comment_create(user=others[1], pulse=pulse, content="on a pulse that goes")

        kept = PulseFactory(user=others[2])
        pulse_react(user=leaving, pulse=kept, kind="angry")
        pulse_react(user=others[3], pulse=kept, kind="angry")
        pulse_react(user=others[0], pulse=kept, kind="love")
        pulse_comment_create(user=leaving, pulse=kept, content="one")
        pulse_comment_create(user=leaving, pulse=kept, content="two")
        hidden = pulse_comment_create(user=leaving, pulse=kept, content="hidden one")
        pulse_comment_create(user=others[3], pulse=kept, content="stays")
        notify(recipients=[leaving.pk], type="system", title="welcome")
    pulse_comment_status_set(comment=hidden, status="hidden")
    user_settings_update(user=leaving, changes={"privacy": {"follows": "private"}})
    notification_preferences_update(user=leaving, changes={"channels": {"follow": {"in_app": False}}})
    assert Notification.objects.filter(actor=leaving).exists() and Notification.objects.filter(user=leaving).exists()
    assert counter_mismatches() == {"users": [], "pulses": []}

    done = account_data_remove(user=leaving)

    assert done["pulses"] == 3 and done["follows"] == 6 and done["reactions"] == 1 and done["comments"] == 3
    assert not Follow.objects.filter(follower=leaving).exists() and not Follow.objects.filter(following=leaving).exists()
    assert not Pulse.objects.filter(user=leaving).exists()
    assert not PulseReaction.objects.filter(user=leaving).exists()
    assert not PulseComment.objects.filter(user=leaving).exists()
    assert not PulseReaction.objects.filter(pulse_id__in=[p.pk for p in theirs]).exists()
    assert not PulseComment.objects.filter(pulse_id__in=[p.pk for p in theirs]).exists()
    assert not Notification.objects.filter(user=leaving).exists() and not Notification.objects.filter(actor=leaving).exists()
    assert not UserSettings.objects.filter(user=leaving).exists()
    assert not NotificationPreference.objects.filter(user=leaving).exists()

    kept = Pulse.objects.get(pk=kept.pk)
    assert kept.reactions_total == 2 and kept.reactions["angry"] == 1 and kept.reactions["love"] == 1
    assert kept.comments_count == 1
    assert [User.objects.get(pk=o.pk).followers_count for o in others] == [0, 1, 0, 0]
    assert [User.objects.get(pk=o.pk).following_count for o in others] == [1, 0, 0, 0]
    assert counter_mismatches() == {"users": [], "pulses": []}

    leaving.delete()  # what DELETE /auth/me/ does after the apps' removal services
    assert counter_mismatches() == {"users": [], "pulses": []}


def test_removal_runs_in_the_callers_transaction():
    from django.db import transaction

    leaving, other = UserFactory(), UserFactory()
    follow_create(follower=leaving, following=other)
    with pytest.raises(RuntimeError), transaction.atomic():
        account_data_remove(user=leaving)
        raise RuntimeError("the account deletion failed after this")
    assert Follow.objects.filter(follower=leaving).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT followers_count FROM users WHERE id = %s", [other.pk])
        assert cursor.fetchone()[0] == 1


def test_recount_repairs_drifted_counters():
    from social.services import counters_recount

    pulse = PulseFactory()
    pulse_react(user=UserFactory(), pulse=pulse, kind="wow")
    star = UserFactory()
    follow_create(follower=UserFactory(), following=star)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE users SET followers_count = 7 WHERE id = %s", [star.pk])
        cursor.execute("UPDATE pulses SET reactions = '{\"wow\": 3}', reactions_total = 3 WHERE id = %s", [pulse.pk])
    drift = counter_mismatches()
    assert [row["id"] for row in drift["users"]] == [star.pk] and [row["id"] for row in drift["pulses"]] == [pulse.pk]
    assert counters_recount() == {"users": 1, "pulses": 1}
    assert counter_mismatches() == {"users": [], "pulses": []}
