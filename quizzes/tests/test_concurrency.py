"""Races, with real threads on their own database connections and real COMMITs."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from conftest import bearer_client
from quizzes import services
from quizzes.models import AttemptStatus, QuestionType, QuizAttempt, QuizLeaderboardEntry, QuizQuestion
from quizzes.tests.factories import OptionFactory, QuestionFactory, QuizFactory, correct_ids, quiz_with_questions
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _quiz(**fields):
    with transaction.atomic():  # published with its questions in one COMMIT, as the rules require
        return quiz_with_questions(count=2, **fields)


def _in_threads(*calls):
    """Run each call in its own thread (each with its own connection); return their results."""
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:  # reported below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    return threads, results


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction and kept until it ends; the callers poll
        # from inside a transaction, so each poll must ask for a fresh snapshot.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_two_completes_at_once_score_the_attempt_once(monkeypatch):
    user = UserFactory()
    quiz = _quiz()
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=user)
    for question in QuizQuestion.objects.filter(pk__in=attempt.question_ids):
        services.quiz_answer_submit(
            attempt_id=attempt.pk, user=user, question_id=question.pk, selected_option_ids=correct_ids(question)
        )
    offers: list[int] = []
    original = services._leaderboard_offer

    def counted(scored):
        offers.append(scored.pk)
        return original(scored)

    monkeypatch.setattr(services, "_leaderboard_offer", counted)
    clients = [bearer_client(user), bearer_client(user)]
    url = f"/api/v1/attempts/{attempt.pk}/complete/"

    # Hold the attempt's row so that both completes are in flight at the same moment, then let go.
    with transaction.atomic():
        QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        threads, responses = _in_threads(*(lambda client=client: client.post(url) for client in clients))
        deadline = time.monotonic() + 20
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, "the two completes never waited on the attempt's row lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(30)

    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).json()
    assert winner["status"] == "completed" and winner["score_percent"] == "100.00"
    assert offers == [attempt.pk]  # one leaderboard update
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.COMPLETED
    entry = QuizLeaderboardEntry.objects.get(quiz=quiz)
    assert entry.attempt_id == attempt.pk and entry.achieved_at == attempt.completed_at


def test_two_starts_at_once_give_one_attempt():
    user = UserFactory()
    quiz = _quiz()
    barrier = threading.Barrier(2)
    clients = [bearer_client(user), bearer_client(user)]

    def start(client):
        barrier.wait(10)
        return client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")

    threads, responses = _in_threads(*(lambda client=client: start(client) for client in clients))
    for thread in threads:
        thread.join(30)
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [200, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert QuizAttempt.objects.filter(quiz=quiz, user=user).count() == 1


def test_a_real_commit_refuses_a_question_that_breaks_the_rules():
    with pytest.raises(IntegrityError, match="exactly one correct"), transaction.atomic():
        question = QuestionFactory(quiz=QuizFactory(), type=QuestionType.SINGLE_CHOICE, external_id="bad-question")
        OptionFactory(question=question, is_correct=True)
        OptionFactory(question=question, is_correct=True)
    assert not QuizQuestion.objects.filter(external_id="bad-question").exists()
