"""Counters under real concurrency: two connections at once, one waiting on the other's lock."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from social.models import Follow, Pulse, User
from social.services import follow_create, pulse_react
from social.tests.factories import PulseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_thread(target, errors):
    def wrapped():
        try:
            target()
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=wrapped)
    thread.start()
    return thread


def wait_until_a_backend_waits_on_a_lock(timeout=10.0):
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    pytest.fail("the second writer never waited for the first one's lock")


def hold_open_while(first, second):
    """Run `first` in a transaction kept open until `second` (in another thread) waits on a lock."""
    inside, release, errors = threading.Event(), threading.Event(), []

    def holder():
        with transaction.atomic():
            first()
            inside.set()
            release.wait(20)

    def follower():
        inside.wait(20)
        second()

    threads = [run_in_thread(holder, errors), run_in_thread(follower, errors)]
    wait_until_a_backend_waits_on_a_lock()
    release.set()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


def test_two_members_following_one_member_at_once_are_both_counted():
    star, first, second = UserFactory(), UserFactory(), UserFactory()
    hold_open_while(
        lambda: follow_create(follower=first, following=star),
        lambda: follow_create(follower=second, following=star),
    )
    assert User.objects.get(pk=star.pk).followers_count == 2
    assert Follow.objects.filter(following=star).count() == 2


def test_the_same_follow_twice_at_once_counts_once():
    star, fan = UserFactory(), UserFactory()
    hold_open_while(
        lambda: follow_create(follower=fan, following=star),
        lambda: follow_create(follower=fan, following=star),
    )
    assert User.objects.get(pk=star.pk).followers_count == 1
    assert User.objects.get(pk=fan.pk).following_count == 1
    assert Follow.objects.filter(following=star).count() == 1


def test_two_members_following_each_other_at_once_do_not_deadlock():
    ada, bruno = UserFactory(), UserFactory()
    hold_open_while(
        lambda: follow_create(follower=ada, following=bruno),
        lambda: follow_create(follower=bruno, following=ada),
    )
    assert [User.objects.get(pk=u.pk).followers_count for u in (ada, bruno)] == [1, 1]


def test_two_reactions_at_once_are_both_counted():
    pulse = PulseFactory()
    first, second = UserFactory(), UserFactory()
    hold_open_while(
        lambda: pulse_react(user=first, pulse=pulse, kind="like"),
        lambda: pulse_react(user=second, pulse=pulse, kind="love"),
    )
    stored = Pulse.objects.get(pk=pulse.pk)
    assert stored.reactions_total == 2 and stored.reactions == {"like": 1, "love": 1}
