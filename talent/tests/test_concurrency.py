"""Races, with real threads on their own database connections and real COMMITs."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from iwm.api.errors import Conflict
from social.tests.factories import UserFactory
from talent import services
from talent.models import CastingCall, CastingSubmission
from talent.tests.factories import open_call

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(*calls):
    results: list = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as exc:  # reported to the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_applications_to_one_role_at_once_make_one_submission_and_a_conflict():
    _, role = open_call()
    applicant = UserFactory()
    apply = lambda: services.submission_create(role_id=role.pk, user=applicant)  # noqa: E731
    results = _in_threads(apply, apply)
    assert sorted(type(result).__name__ for result in results) == ["CastingSubmission", "Conflict"]
    assert any(isinstance(result, Conflict) for result in results)
    assert CastingSubmission.objects.filter(role=role, applicant=applicant).count() == 1


def test_an_application_waits_for_a_close_in_progress_and_is_refused():
    call, role = open_call()
    applicant = UserFactory()
    closing = threading.Event()

    def close_slowly():
        with transaction.atomic():
            locked = CastingCall.objects.select_for_update().get(pk=call.pk)
            closing.set()
            time.sleep(0.5)  # the application arrives meanwhile and must wait for this COMMIT
            locked.status = "closed"
            locked.save(update_fields=["status"])

    def apply_after_close_started():
        closing.wait(10)
        return services.submission_create(role_id=role.pk, user=applicant)

    results = _in_threads(close_slowly, apply_after_close_started)
    assert isinstance(results[1], ValidationError) and "closed" in str(results[1])
    assert not CastingSubmission.objects.filter(role=role).exists()
