"""What the database itself refuses, whatever the code above it does.

The option rules are constraint triggers checked at COMMIT; a test transaction never commits,
so `commit_check()` asks PostgreSQL to run the pending checks now (SET CONSTRAINTS ALL
IMMEDIATE), which is what COMMIT does. test_concurrency.py shows a real COMMIT refusing.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from quizzes.models import (
    AttemptStatus,
    QuestionType,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizLeaderboardEntry,
    QuizQuestion,
    QuizQuestionOption,
)
from quizzes.rules import question_problems
from quizzes.tests.factories import OptionFactory, QuestionFactory, QuizFactory, quiz_with_questions

pytestmark = pytest.mark.django_db


def commit_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused_at_commit(change) -> str:
    """Run `change` and the COMMIT-time checks in a savepoint; return the database's message."""
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        change()
        commit_check()
    commit_check()  # what stays behind is valid
    return str(refused.value)


def accepted_at_commit(change) -> None:
    with transaction.atomic():
        change()
        commit_check()


# --- one row at a time: CHECK ----------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"pass_score": 101}, {"pass_score": -1}, {"time_limit_seconds": 0}, {"time_limit_seconds": 86401}, {"title": ""}],
)
def test_quiz_checks(changes):
    quiz = QuizFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quiz.objects.filter(pk=quiz.pk).update(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"points": 0},
        {"points": 101},
        {"type": "essay"},
        {"media_type": "gif", "media_url": "https://example.com/a.gif"},
        {"media_type": "image"},  # a type without a URL
        {"media_url": "https://example.com/a.png"},  # a URL without a type
        {"order_index": -1},
        {"text": ""},
    ],
)
def test_question_checks(changes):
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizQuestion.objects.filter(pk=question.pk).update(**changes)


def test_external_ids_are_unique():
    QuizFactory(external_id="quiz-x")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizFactory(external_id="quiz-x")


@pytest.fixture
def attempt(member):
    quiz = quiz_with_questions(count=2)
    now = timezone.now()
    return QuizAttempt.objects.create(
        quiz=quiz,
        user=member,
        attempt_number=1,
        question_ids=list(quiz.questions.values_list("id", flat=True)),
        started_at=now,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "paused"},
        {"status": AttemptStatus.COMPLETED},  # completed without an outcome
        {"score_percent": Decimal("50")},  # an outcome while in progress
        {"attempt_number": 0},
        {"question_ids": []},
        {"deadline_at": timezone.now() - datetime.timedelta(hours=1)},
        {
            "status": AttemptStatus.COMPLETED,
            "completed_at": timezone.now(),
            "score_percent": Decimal("100.01"),
            "passed": True,
            "time_spent_seconds": 10,
        },
        {
            "status": AttemptStatus.EXPIRED,
            "completed_at": timezone.now() - datetime.timedelta(days=1),  # before it started
            "score_percent": Decimal("10"),
            "passed": False,
            "time_spent_seconds": 10,
        },
    ],
)
def test_attempt_checks(attempt, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.filter(pk=attempt.pk).update(**changes)


def test_one_attempt_in_progress_per_member_and_quiz_and_numbers_unique(attempt):
    fields = {"quiz": attempt.quiz, "user": attempt.user, "question_ids": attempt.question_ids}
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(attempt_number=2, started_at=timezone.now(), **fields)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        status=AttemptStatus.COMPLETED,
        completed_at=timezone.now(),
        score_percent=Decimal("0"),
        passed=False,
        time_spent_seconds=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(attempt_number=1, started_at=timezone.now(), **fields)
    QuizAttempt.objects.create(attempt_number=2, started_at=timezone.now(), **fields)


def test_leaderboard_one_row_per_member_and_quiz_and_score_range(attempt):
    row = {"quiz": attempt.quiz, "user": attempt.user, "completion_time_seconds": 5, "achieved_at": timezone.now()}
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizLeaderboardEntry.objects.create(score_percent=Decimal("100.5"), **row)
    QuizLeaderboardEntry.objects.create(score_percent=Decimal("90"), **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizLeaderboardEntry.objects.create(score_percent=Decimal("95"), **row)


# --- across rows: the option rules, at COMMIT ------------------------------------------------


def _question(question_type, flags, *, published=False):
    quiz = QuizFactory(is_published=False)
    question = QuestionFactory(quiz=quiz, type=question_type)
    for index, flag in enumerate(flags):
        OptionFactory(question=question, is_correct=flag, order_index=index)
    if published:
        Quiz.objects.filter(pk=quiz.pk).update(is_published=True)
    return question


@pytest.mark.parametrize(
    ("question_type", "flags", "message"),
    [
        (QuestionType.SINGLE_CHOICE, [True, True, False], "exactly one correct"),
        (QuestionType.SINGLE_CHOICE, [False, False, False], "at least one correct"),
        (QuestionType.MULTIPLE_CHOICE, [False, False], "at least one correct"),
        (QuestionType.TRUE_FALSE, [True, False, False], "exactly two options"),
        (QuestionType.TRUE_FALSE, [True, True], "exactly one correct"),
        (QuestionType.MULTIPLE_CHOICE, [True], "at least two options"),
    ],
)
def test_options_that_break_the_rules_are_refused_at_commit(question_type, flags, message):
    assert message in refused_at_commit(lambda: _question(question_type, flags))


def test_valid_option_sets_commit():
    accepted_at_commit(lambda: _question(QuestionType.MULTIPLE_CHOICE, [True, True, False, False]))
    accepted_at_commit(lambda: _question(QuestionType.TRUE_FALSE, [False, True], published=True))


def test_checks_run_at_commit_so_an_author_may_pass_through_invalid_states():
    question = _question(QuestionType.SINGLE_CHOICE, [True, False])
    commit_check()
    first, second = question.options.order_by("order_index")

    def move_the_correct_answer():
        QuizQuestionOption.objects.filter(pk=first.pk).update(is_correct=False)  # none correct for a moment
        QuizQuestionOption.objects.filter(pk=second.pk).update(is_correct=True)

    accepted_at_commit(move_the_correct_answer)


def test_removing_an_option_or_changing_the_type_is_checked_too():
    question = _question(QuestionType.MULTIPLE_CHOICE, [True, True, False, False])
    commit_check()
    assert "exactly one correct" in refused_at_commit(
        lambda: QuizQuestion.objects.filter(pk=question.pk).update(type=QuestionType.SINGLE_CHOICE)
    )
    assert "at least one correct" in refused_at_commit(
        lambda: question.options.filter(is_correct=True).delete()
    )


def test_a_draft_may_hold_questions_without_options_but_a_published_quiz_may_not():
    accepted_at_commit(lambda: QuestionFactory(quiz=QuizFactory(is_published=False)))
    draft = Quiz.objects.filter(is_published=False).latest("id")
    assert "at least two options" in refused_at_commit(
        lambda: Quiz.objects.filter(pk=draft.pk).update(is_published=True)
    )
    assert "has no questions" in refused_at_commit(lambda: QuizFactory(is_published=True))
    published = quiz_with_questions(count=1)
    commit_check()
    assert "has no questions" in refused_at_commit(lambda: published.questions.all().delete())
    assert "at least two options" in refused_at_commit(lambda: QuestionFactory(quiz=published))


def test_the_admin_rules_and_the_database_agree():
    """quizzes.rules.question_problems (for forms) and quiz_question_problem (SQL) say the same."""
    cases = []
    for question_type in QuestionType.values:
        for flags in itertools.chain.from_iterable(itertools.product([False, True], repeat=n) for n in range(0, 4)):
            for published in (False, True):
                cases.append((question_type, list(flags), published))
    for question_type, flags, published in cases:
        with transaction.atomic():
            question = _question(question_type, flags, published=published)
            with connection.cursor() as cursor:
                cursor.execute("SELECT quiz_question_problem(%s)", [question.pk])
                in_sql = cursor.fetchone()[0]
            transaction.set_rollback(True)
        in_python = question_problems(question_type=question_type, correct_flags=flags, quiz_published=published)
        assert (in_sql is None) == (in_python == []), (question_type, flags, published, in_sql, in_python)


def test_number_of_questions_follows_the_questions():
    quiz, other = QuizFactory(), QuizFactory()
    questions = [QuestionFactory(quiz=quiz) for _ in range(3)]
    quiz.refresh_from_db()
    assert quiz.number_of_questions == 3
    QuizQuestion.objects.filter(pk=questions[0].pk).update(quiz=other)
    questions[1].delete()
    quiz.refresh_from_db()
    other.refresh_from_db()
    assert (quiz.number_of_questions, other.number_of_questions) == (1, 1)
    Quiz.objects.filter(pk=quiz.pk).update(number_of_questions=99)  # a stale write is corrected
    quiz.refresh_from_db()
    assert quiz.number_of_questions == 1


# --- across rows: answers --------------------------------------------------------------------


def test_an_answer_must_fit_its_question_and_attempt(attempt):
    first, second = QuizQuestion.objects.filter(pk__in=attempt.question_ids).order_by("order_index")
    outsider = quiz_with_questions(count=1).questions.get()
    base = {"attempt": attempt, "answered_at": timezone.now()}
    first_options = list(first.options.values_list("id", flat=True))
    refused = [
        {"question": first, "selected_option_ids": [second.options.first().pk]},  # another question's option
        {"question": first, "selected_option_ids": first_options[:2]},  # two for a single choice
        {"question": first, "selected_option_ids": [first_options[0]] * 2},
        {"question": first, "selected_option_ids": []},
        {"question": outsider, "selected_option_ids": [outsider.options.first().pk]},  # not in the attempt
    ]
    for fields in refused:
        with pytest.raises(IntegrityError), transaction.atomic():
            QuizAnswer.objects.create(**base, **fields)
    QuizAnswer.objects.create(**base, question=first, selected_option_ids=first_options[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAnswer.objects.create(**base, question=first, selected_option_ids=first_options[1:2])  # twice
