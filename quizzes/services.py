"""Writes of the quizzes app: taking a quiz (start, answer, complete), expiring stale attempts,
publishing.

Scoring happens here only, from the stored answers and the stored correct options; nothing a
client sends about a score or about correctness reaches these functions. An attempt row is
locked (SELECT ... FOR UPDATE) by every write to it, so two completes of one attempt score it
once, and an answer cannot slip in while it is being scored.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Max, Q, Value, When
from django.http import Http404
from django.utils import timezone

from iwm.api.errors import Conflict
from moderation.selectors import user_is_verified
from quizzes.models import (
    ONE_CORRECT_TYPES,
    AttemptStatus,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
    QuizQuestionOption,
)
from quizzes.rules import question_problems

HUNDREDTH = Decimal("0.01")
ALREADY_ANSWERED = "This question has been answered already in this attempt."


def _constraint_of(exc: IntegrityError) -> str | None:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)


def _locked_attempt(*, attempt_id: int, user) -> QuizAttempt:
    """The member's own attempt, row-locked until the transaction ends; anyone else's is a 404."""
    attempt = (
        QuizAttempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .filter(pk=attempt_id, user_id=user.pk)
        .first()
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


# --- starting ------------------------------------------------------------------------------


def quiz_attempt_start(*, quiz_id: int, user, now: datetime | None = None) -> tuple[QuizAttempt, bool]:
    """Start an attempt at a published quiz, or resume the member's attempt in progress.

    Returns (attempt, created). An attempt in progress whose time is up is closed as expired
    first, and a new one starts. A random quiz shuffles its questions once, here; the order is
    stored with the attempt, so every read shows the same order."""
    now = now or timezone.now()
    quiz = (
        Quiz.objects.filter(pk=quiz_id, is_published=True)
        .only("id", "title", "time_limit_seconds", "is_randomized", "is_verification_required", "pass_score")
        .first()
    )
    if quiz is None:
        raise Http404("No such quiz.")
    if quiz.is_verification_required and not user_is_verified(user):
        raise PermissionDenied("This quiz is open to verified members only.")
    with transaction.atomic():
        current = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .filter(quiz_id=quiz.pk, user_id=user.pk, status=AttemptStatus.IN_PROGRESS)
            .first()
        )
        if current is not None:
            if current.deadline_at is None or now <= current.deadline_at:
                return current, False
            _finish(current, now=now)  # its time ran out: close it (expired) and start afresh
        question_ids = list(
            QuizQuestion.objects.filter(quiz_id=quiz.pk).order_by("order_index", "id").values_list("id", flat=True)
        )
        if quiz.is_randomized:
            random.SystemRandom().shuffle(question_ids)
        last = QuizAttempt.objects.filter(quiz_id=quiz.pk, user_id=user.pk).aggregate(n=Max("attempt_number"))["n"]
        attempt = QuizAttempt(
            quiz=quiz,
            user=user,
            attempt_number=(last or 0) + 1,
            question_ids=question_ids,
            started_at=now,
            deadline_at=now + timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
        )
        try:
            with transaction.atomic():
                attempt.save(force_insert=True)
        except IntegrityError as exc:
            if _constraint_of(exc) not in {"quiz_attempts_one_in_progress", "quiz_attempts_quiz_user_number_key"}:
                raise
            # Another request of the same member started one at the same moment: resume that.
            winner = QuizAttempt.objects.select_related("quiz").filter(
                quiz_id=quiz.pk, user_id=user.pk, status=AttemptStatus.IN_PROGRESS
            ).first()
            if winner is None:
                raise Conflict("Another attempt was started at the same time; try again.") from exc
            return winner, False
    return attempt, True


# --- answering -----------------------------------------------------------------------------


def quiz_answer_submit(
    *, attempt_id: int, user, question_id: int, selected_option_ids: list[int], now: datetime | None = None
) -> QuizAnswer:
    """Answer one question of an attempt in progress, once. Correctness is not decided (nor
    told) here: it is computed when the attempt is completed."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(attempt_id=attempt_id, user=user)
        if attempt.is_over:
            raise Conflict(f"This attempt is {attempt.status}; it takes no more answers.", code="attempt_over")
        if attempt.deadline_at is not None and now > attempt.deadline_at:
            raise Conflict(
                "The time limit of this attempt has passed; answers no longer count. Complete it to see the result.",
                code="time_up",
            )
        if question_id not in attempt.question_ids:
            raise ValidationError({"question": ["Not a question of this attempt."]})
        question = QuizQuestion.objects.filter(pk=question_id).only("id", "type").first()
        if question is None:
            raise ValidationError({"question": ["This question has been removed from the quiz."]})
        selected = list(selected_option_ids)
        if len(set(selected)) != len(selected):
            raise ValidationError({"selected_options": ["Each option may be selected once."]})
        valid = set(QuizQuestionOption.objects.filter(question_id=question_id).values_list("id", flat=True))
        foreign = [option for option in selected if option not in valid]
        if foreign:
            listed = ", ".join(str(option) for option in foreign[:10])
            raise ValidationError({"selected_options": [f"Not options of this question: {listed}."]})
        if question.type in ONE_CORRECT_TYPES and len(selected) != 1:
            raise ValidationError({"selected_options": ["This question takes exactly one option."]})
        if QuizAnswer.objects.filter(attempt_id=attempt.pk, question_id=question_id).exists():
            raise Conflict(ALREADY_ANSWERED, code="already_answered")
        previous = attempt.answers.aggregate(last=Max("answered_at"))["last"] or attempt.started_at
        answer = QuizAnswer(
            attempt=attempt,
            question_id=question_id,
            selected_option_ids=selected,
            answered_at=now,
            time_spent_seconds=max(0, int((now - previous).total_seconds())),
        )
        try:
            with transaction.atomic():
                answer.save(force_insert=True)
        except IntegrityError as exc:  # the attempt row lock makes this unreachable in practice
            if _constraint_of(exc) == "quiz_answers_attempt_question_key":
                raise Conflict(ALREADY_ANSWERED, code="already_answered") from exc
            raise
    return answer


# --- completing and scoring ----------------------------------------------------------------


def quiz_attempt_complete(*, attempt_id: int, user, now: datetime | None = None) -> QuizAttempt:
    """Hand in an attempt: score it, set `passed`, and (when completed in time) update the
    leaderboard, all in one transaction. An attempt past its time limit is closed as expired:
    the answers given in time are scored, and it does not enter the leaderboard. A second
    complete is a 409; when two arrive at once, the row lock makes one wait and then refuse."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(attempt_id=attempt_id, user=user)
        if attempt.is_over:
            raise Conflict(f"This attempt is {attempt.status} already.", code="attempt_over")
        _finish(attempt, now=now)
    return attempt


def _finish(attempt: QuizAttempt, *, now: datetime, stale: bool = False) -> None:
    """Score and close a locked attempt in progress (the caller holds the row lock).

    In time: status completed, time spent = now - start, leaderboard updated. Past its
    deadline: status expired, answers after the deadline do not count, time spent = the limit.
    `stale` (the cleanup job's attempts with no deadline, abandoned long ago): expired, time
    spent up to the last answer."""
    timed_out = attempt.deadline_at is not None and now > attempt.deadline_at
    cutoff = attempt.deadline_at if timed_out else now
    if stale and not timed_out:
        last = attempt.answers.aggregate(last=Max("answered_at"))["last"]
        cutoff = max(last or attempt.started_at, attempt.started_at)
    attempt.score_percent = _score(attempt, counted_until=cutoff)
    attempt.status = AttemptStatus.EXPIRED if (timed_out or stale) else AttemptStatus.COMPLETED
    attempt.completed_at = now
    attempt.time_spent_seconds = max(0, int((cutoff - attempt.started_at).total_seconds()))
    attempt.passed = attempt.score_percent >= attempt.quiz.pass_score
    attempt.save(update_fields=["status", "completed_at", "time_spent_seconds", "score_percent", "passed"])
    if attempt.status == AttemptStatus.COMPLETED:
        _leaderboard_offer(attempt)


def _score(attempt: QuizAttempt, *, counted_until: datetime) -> Decimal:
    """Points-weighted percent of the attempt's questions answered exactly right (the selected
    set equals the set of correct options) by `counted_until`; sets each answer's is_correct."""
    points = dict(QuizQuestion.objects.filter(pk__in=attempt.question_ids).values_list("id", "points"))
    correct: dict[int, set[int]] = defaultdict(set)
    for question_id, option_id in QuizQuestionOption.objects.filter(
        question_id__in=list(points), is_correct=True
    ).values_list("question_id", "id"):
        correct[question_id].add(option_id)
    answers = attempt.answers.values_list("id", "question_id", "selected_option_ids", "answered_at")
    earned, right = 0, []
    for answer_id, question_id, selected, answered_at in answers:
        if question_id in points and answered_at <= counted_until and set(selected) == correct[question_id]:
            earned += points[question_id]
            right.append(answer_id)
    attempt.answers.update(is_correct=Case(When(pk__in=right, then=Value(True)), default=Value(False)))
    total = sum(points.values())
    if not total:
        return Decimal("0.00")
    return (Decimal(earned * 100) / Decimal(total)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


LEADERBOARD_UPSERT = """
INSERT INTO quiz_leaderboard_entries
    (quiz_id, user_id, attempt_id, score_percent, completion_time_seconds, achieved_at)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (quiz_id, user_id) DO UPDATE SET
    attempt_id = EXCLUDED.attempt_id,
    score_percent = EXCLUDED.score_percent,
    completion_time_seconds = EXCLUDED.completion_time_seconds,
    achieved_at = EXCLUDED.achieved_at
WHERE EXCLUDED.score_percent > quiz_leaderboard_entries.score_percent
   OR (EXCLUDED.score_percent = quiz_leaderboard_entries.score_percent
       AND EXCLUDED.completion_time_seconds < quiz_leaderboard_entries.completion_time_seconds)
"""


def _leaderboard_offer(attempt: QuizAttempt) -> bool:
    """Keep the member's best run of the quiz (higher score, then shorter time): one statement,
    safe against a concurrent run of the same member. Returns whether the entry changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            LEADERBOARD_UPSERT,
            [
                attempt.quiz_id,
                attempt.user_id,
                attempt.pk,
                attempt.score_percent,
                attempt.time_spent_seconds,
                attempt.completed_at,
            ],
        )
        return cursor.rowcount == 1


# --- the cleanup job -----------------------------------------------------------------------


def quiz_attempts_expire(
    *, now: datetime | None = None, max_age: timedelta | None = None, batch_size: int = 200
) -> int:
    """Close stale attempts in progress as expired: those past their deadline, and those
    started more than `max_age` ago (default QUIZ_ATTEMPT_MAX_AGE_HOURS) whatever their limit.
    Each is scored from the answers given in time, as a complete would. Attempts locked by a
    member's own complete right now are skipped (that complete decides them). Safe to run
    twice; returns how many attempts it expired."""
    now = now or timezone.now()
    if max_age is None:
        max_age = timedelta(hours=settings.QUIZ_ATTEMPT_MAX_AGE_HOURS)
    too_old = now - max_age
    stale = Q(deadline_at__lt=now) | Q(started_at__lt=too_old)
    expired = 0
    while True:
        with transaction.atomic():
            batch = list(
                QuizAttempt.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("quiz")
                .filter(stale, status=AttemptStatus.IN_PROGRESS)
                .order_by("started_at", "id")[:batch_size]
            )
            for attempt in batch:
                _finish(attempt, now=now, stale=True)
        expired += len(batch)
        if len(batch) < batch_size:
            return expired


# --- authoring -----------------------------------------------------------------------------


def quiz_problems(quiz: Quiz) -> list[str]:
    """Why `quiz` could not be published as it is stored ([] when it can)."""
    questions = list(quiz.questions.prefetch_related("options").order_by("order_index", "id"))
    if not questions:
        return ["A published quiz needs at least one question."]
    problems = []
    for position, question in enumerate(questions, start=1):
        for problem in question_problems(
            question_type=question.type,
            correct_flags=[option.is_correct for option in question.options.all()],
            quiz_published=True,
        ):
            problems.append(f"Question {position} ({question}): {problem}")
    return problems


@transaction.atomic
def quiz_publish_set(*, quiz: Quiz, published: bool) -> Quiz:
    """Publish or unpublish a quiz; publishing checks its questions first (400 with reasons)."""
    if published:
        problems = quiz_problems(quiz)
        if problems:
            raise ValidationError({"is_published": problems})
    quiz.is_published = published
    quiz.save(update_fields=["is_published", "updated_at"])
    return quiz
