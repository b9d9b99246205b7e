"""The write path below the API: scoring, the time limit, the leaderboard, the expiry job."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iwm.api.errors import Conflict
from quizzes import services
from quizzes.models import AttemptStatus, QuizAnswer, QuizAttempt, QuizLeaderboardEntry
from quizzes.tests.factories import QuestionFactory, correct_ids, quiz_with_questions, wrong_id

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def play(quiz, user, *, right: int, start: float = 0, finish: float = 30):
    """Start at `start` s, answer the first `right` questions right and the rest wrong, complete
    at `finish` s (seconds from T0)."""
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=user, now=at(start))
    for index, question_id in enumerate(attempt.question_ids):
        question = quiz.questions.get(pk=question_id)
        chosen = correct_ids(question) if index < right else [wrong_id(question)]
        services.quiz_answer_submit(
            attempt_id=attempt.pk, user=user, question_id=question_id, selected_option_ids=chosen, now=at(start + 1)
        )
    return services.quiz_attempt_complete(attempt_id=attempt.pk, user=user, now=at(finish))


def test_the_leaderboard_keeps_the_best_score_then_the_fastest_time(member):
    quiz = quiz_with_questions(count=4)
    play(quiz, member, right=2, start=0, finish=50)
    entry = QuizLeaderboardEntry.objects.get(quiz=quiz, user=member)
    assert (entry.score_percent, entry.completion_time_seconds) == (Decimal("50.00"), 50)
    best = play(quiz, member, right=4, start=100, finish=190)  # better score, slower: replaces
    entry.refresh_from_db()
    assert (entry.score_percent, entry.completion_time_seconds, entry.attempt_id) == (Decimal("100"), 90, best.pk)
    faster = play(quiz, member, right=4, start=200, finish=240)  # same score, faster: replaces
    entry.refresh_from_db()
    assert (entry.completion_time_seconds, entry.attempt_id, entry.achieved_at) == (40, faster.pk, at(240))
    play(quiz, member, right=4, start=300, finish=360)  # same score, slower: kept
    play(quiz, member, right=3, start=400, finish=401)  # lower score, fastest: kept
    entry.refresh_from_db()
    assert (entry.score_percent, entry.completion_time_seconds, entry.attempt_id) == (Decimal("100"), 40, faster.pk)
    assert QuizLeaderboardEntry.objects.filter(quiz=quiz).count() == 1
    assert list(QuizAttempt.objects.filter(quiz=quiz, user=member).order_by("attempt_number").values_list(
        "attempt_number", flat=True)) == [1, 2, 3, 4, 5]  # fmt: skip


def test_an_answer_stored_after_the_deadline_does_not_count(member):
    quiz = quiz_with_questions(count=2, time_limit_seconds=60)
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=member, now=at(0))
    first, second = (quiz.questions.get(pk=pk) for pk in attempt.question_ids)
    services.quiz_answer_submit(
        attempt_id=attempt.pk, user=member, question_id=first.pk, selected_option_ids=correct_ids(first), now=at(59)
    )
    with pytest.raises(Conflict):
        services.quiz_answer_submit(
            attempt_id=attempt.pk, user=member, question_id=second.pk, selected_option_ids=correct_ids(second),
            now=at(61),
        )  # fmt: skip
    # Whatever wrote it (a request that raced the deadline), a late answer is not scored.
    QuizAnswer.objects.create(
        attempt=attempt, question=second, selected_option_ids=correct_ids(second), answered_at=at(61)
    )
    done = services.quiz_attempt_complete(attempt_id=attempt.pk, user=member, now=at(65))
    assert done.status == AttemptStatus.EXPIRED and done.score_percent == Decimal("50.00")
    assert done.time_spent_seconds == 60
    assert dict(done.answers.values_list("question_id", "is_correct")) == {first.pk: True, second.pk: False}


def test_completing_just_in_time_is_completed_not_expired(member):
    quiz = quiz_with_questions(count=1, time_limit_seconds=60)
    done = play(quiz, member, right=1, start=0, finish=60)
    assert done.status == AttemptStatus.COMPLETED and done.score_percent == 100 and done.passed


def test_scoring_uses_the_correct_options_stored_at_completion(member):
    quiz = quiz_with_questions(count=1)
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=member, now=at(0))
    question = quiz.questions.get()
    chosen = wrong_id(question)
    services.quiz_answer_submit(
        attempt_id=attempt.pk, user=member, question_id=question.pk, selected_option_ids=[chosen], now=at(1)
    )
    # The author fixes the key while the attempt runs: the stored options decide.
    question.options.update(is_correct=False)
    question.options.filter(pk=chosen).update(is_correct=True)
    done = services.quiz_attempt_complete(attempt_id=attempt.pk, user=member, now=at(2))
    assert done.score_percent == 100


def test_the_pass_score_is_inclusive(member):
    quiz = quiz_with_questions(count=4, pass_score=75)
    assert play(quiz, member, right=3).passed is True
    assert play(quiz, member, right=2, start=100, finish=130).passed is False


def test_questions_added_after_the_start_are_not_part_of_the_attempt(member):
    quiz = quiz_with_questions(count=2)
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=member, now=at(0))
    late = QuestionFactory(quiz=quiz, order_index=99)
    with pytest.raises(ValidationError) as refused:
        services.quiz_answer_submit(
            attempt_id=attempt.pk, user=member, question_id=late.pk, selected_option_ids=[1], now=at(1)
        )
    assert "question" in refused.value.message_dict
    late.delete()


def test_expire_closes_stale_attempts_and_scores_them(member, settings):
    settings.QUIZ_ATTEMPT_MAX_AGE_HOURS = 24
    from social.tests.factories import UserFactory

    timed = quiz_with_questions(count=2, time_limit_seconds=60)
    untimed = quiz_with_questions(count=2)
    now = at(0) + datetime.timedelta(days=1, hours=1)
    past_deadline, _ = services.quiz_attempt_start(quiz_id=timed.pk, user=member, now=at(0))
    first = timed.questions.get(pk=past_deadline.question_ids[0])
    services.quiz_answer_submit(
        attempt_id=past_deadline.pk, user=member, question_id=first.pk, selected_option_ids=correct_ids(first),
        now=at(10),
    )  # fmt: skip
    too_old, _ = services.quiz_attempt_start(quiz_id=untimed.pk, user=member, now=at(0))
    other = UserFactory()
    recent, _ = services.quiz_attempt_start(quiz_id=untimed.pk, user=other, now=now - datetime.timedelta(hours=1))
    in_time, _ = services.quiz_attempt_start(quiz_id=timed.pk, user=other, now=now - datetime.timedelta(seconds=30))
    finished = play(untimed, UserFactory(), right=2)

    assert services.quiz_attempts_expire(now=now) == 2
    past_deadline.refresh_from_db()
    too_old.refresh_from_db()
    assert past_deadline.status == too_old.status == AttemptStatus.EXPIRED
    assert past_deadline.score_percent == Decimal("50.00") and past_deadline.time_spent_seconds == 60
    assert too_old.score_percent == 0 and too_old.time_spent_seconds == 0 and too_old.passed is False
    for untouched in (recent, in_time):
        untouched.refresh_from_db()
        assert untouched.status == AttemptStatus.IN_PROGRESS
    assert QuizAttempt.objects.get(pk=finished.pk).status == AttemptStatus.COMPLETED
    assert not QuizLeaderboardEntry.objects.filter(user=member).exists()  # expired runs do not rank
    assert services.quiz_attempts_expire(now=now) == 0  # safe to run twice
    # A shorter age, given by the caller, reaches the recent one too.
    assert services.quiz_attempts_expire(now=now, max_age=datetime.timedelta(minutes=30)) == 1


def test_expire_works_through_batches(member):
    from social.tests.factories import UserFactory

    quiz = quiz_with_questions(count=1, time_limit_seconds=10)
    for _ in range(5):
        services.quiz_attempt_start(quiz_id=quiz.pk, user=UserFactory(), now=at(0))
    assert services.quiz_attempts_expire(now=at(11), batch_size=2) == 5
    assert not QuizAttempt.objects.filter(quiz=quiz, status=AttemptStatus.IN_PROGRESS).exists()


def test_publishing_checks_the_questions(member):
    quiz = quiz_with_questions(count=1, is_published=False)
    empty = QuestionFactory(quiz=quiz, order_index=5)
    with pytest.raises(ValidationError) as refused:
        services.quiz_publish_set(quiz=quiz, published=True)
    assert "at least two options" in " ".join(refused.value.message_dict["is_published"])
    empty.delete()
    assert services.quiz_publish_set(quiz=quiz, published=True).is_published
