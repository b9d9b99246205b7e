"""Reads of the quizzes app, shaped for the API with a fixed number of queries each.

Correctness (an option's is_correct, a question's explanation, an answer's is_correct) leaves
this module only for an attempt that is over: `attempt_payload` is the one place that decides.
"""

from __future__ import annotations

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, Rank
from django.http import Http404

from quizzes.models import (
    FINISHED_STATUSES,
    AttemptStatus,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizLeaderboardEntry,
    QuizQuestion,
    QuizQuestionOption,
)
from social.models import User

QUIZ_LIST_FIELDS = (
    "id", "external_id", "title", "description", "number_of_questions", "time_limit_seconds", "pass_score",
    "is_verification_required", "is_randomized", "created_at", "updated_at",
    "movie__id", "movie__title", "movie__year",
)  # fmt: skip

# The ranking's order, as the index quiz_leaderboard_rank stores it.
LEADERBOARD_ORDER = (F("score_percent").desc(), F("completion_time_seconds").asc())


def quiz_list() -> QuerySet[Quiz]:
    """Published quizzes with their film: one query a page (plus the count). Filters and
    ordering are quizzes.filters.QuizFilterSet's."""
    return Quiz.objects.filter(is_published=True).select_related("movie").only(*QUIZ_LIST_FIELDS)


def quiz_detail(quiz_id: int) -> Quiz:
    """A published quiz with its film and `total_points`: one query (404 when unpublished)."""
    points = (
        QuizQuestion.objects.filter(quiz_id=OuterRef("pk"))
        .order_by()
        .values("quiz_id")
        .annotate(total=Sum("points"))
        .values("total")
    )
    quiz = quiz_list().filter(pk=quiz_id).annotate(total_points=Coalesce(Subquery(points), 0)).first()
    if quiz is None:
        raise Http404("No such quiz.")
    return quiz


def quiz_member_state(*, quiz_id: int, user) -> dict | None:
    """The signed-in member's own record at a quiz, in one query (None for anonymous)."""
    if user is None or not user.is_authenticated:
        return None
    state = QuizAttempt.objects.filter(quiz_id=quiz_id, user_id=user.pk).aggregate(
        attempts=Count("id"),
        best_score_percent=Max("score_percent", filter=Q(status__in=FINISHED_STATUSES)),
        passed=Count("id", filter=Q(passed=True)),
        in_progress_attempt=Max("id", filter=Q(status=AttemptStatus.IN_PROGRESS)),
    )
    state["passed"] = state["passed"] > 0
    return state


def attempt_owned(*, attempt_id: int, user) -> QuizAttempt:
    """The member's own attempt with its quiz; anyone else's is a 404 (not a 403: an attempt's
    existence is private)."""
    attempt = QuizAttempt.objects.select_related("quiz").filter(pk=attempt_id, user_id=user.pk).first()
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def attempt_payload(attempt: QuizAttempt) -> dict:
    """The attempt with its questions (in the attempt's order), their options, and the member's
    answers: 3 queries whatever the number of questions. Explanations and which options are
    correct are included only once the attempt is over."""
    reveal = attempt.is_over
    option_fields = ["id", "question_id", "text", "order_index", *(["is_correct"] if reveal else [])]
    question_fields = ["id", "text", "type", "media_url", "media_type", "hint", "points", "order_index"]
    if reveal:
        question_fields.append("explanation")
    questions = {
        question.pk: question
        for question in QuizQuestion.objects.filter(pk__in=attempt.question_ids)
        .only(*question_fields)
        .prefetch_related(
            Prefetch(
                "options",
                queryset=QuizQuestionOption.objects.only(*option_fields).order_by("order_index", "id"),
            )
        )
    }
    answers = {
        answer.question_id: answer
        for answer in QuizAnswer.objects.filter(attempt_id=attempt.pk).only(
            "id", "question_id", "selected_option_ids", "is_correct", "answered_at", "time_spent_seconds"
        )
    }
    shown = []
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue  # removed from the quiz since the attempt started
        options = []
        for option in question.options.all():
            row = {"id": option.pk, "text": option.text}
            if reveal:
                row["is_correct"] = option.is_correct
            options.append(row)
        item = {
            "id": question.pk,
            "text": question.text,
            "type": question.type,
            "media_url": question.media_url,
            "media_type": question.media_type,
            "hint": question.hint,
            "points": question.points,
            "options": options,
            "answer": None,
        }
        if reveal:
            item["explanation"] = question.explanation
        answer = answers.get(question_id)
        if answer is not None:
            item["answer"] = {
                "selected_options": list(answer.selected_option_ids),
                "answered_at": answer.answered_at,
                "time_spent_seconds": answer.time_spent_seconds,
            }
            if reveal:
                item["answer"]["is_correct"] = bool(answer.is_correct)
        shown.append(item)
    quiz = attempt.quiz
    return {
        "id": attempt.pk,
        "quiz": {
            "id": quiz.pk,
            "title": quiz.title,
            "time_limit_seconds": quiz.time_limit_seconds,
            "pass_score": quiz.pass_score,
            "is_randomized": quiz.is_randomized,
        },
        "attempt_number": attempt.attempt_number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "completed_at": attempt.completed_at,
        "time_spent_seconds": attempt.time_spent_seconds,
        "score_percent": attempt.score_percent,
        "passed": attempt.passed,
        "total_points": sum(item["points"] for item in shown),
        "answered": len([item for item in shown if item["answer"] is not None]),
        "questions": shown,
    }


def my_attempts(user) -> QuerySet[QuizAttempt]:
    """The member's attempts, newest first, with the quiz's title: one query a page. Filters
    are quizzes.filters.MyAttemptFilterSet's."""
    return (
        QuizAttempt.objects.filter(user_id=user.pk)
        .select_related("quiz")
        .only(
            "id", "quiz__id", "quiz__title", "attempt_number", "status", "started_at", "deadline_at",
            "completed_at", "time_spent_seconds", "score_percent", "passed",
        )  # fmt: skip
        .order_by("-started_at", "-id")
    )


def published_quiz_exists(quiz_id: int) -> None:
    if not Quiz.objects.filter(pk=quiz_id, is_published=True).exists():
        raise Http404("No such quiz.")


def _leaderboard_users() -> Prefetch:
    return Prefetch("user", queryset=User.objects.only("id", "username", "name", "avatar_url"))


def leaderboard(quiz_id: int) -> QuerySet[QuizLeaderboardEntry]:
    """A quiz's leaderboard, ranked in SQL (RANK(): equal score and time share a rank), read in
    the order of the index quiz_leaderboard_rank: a page costs the count, the page and its
    members (fetched apart, so a deep page does not join every row before it)."""
    return (
        QuizLeaderboardEntry.objects.filter(quiz_id=quiz_id)
        .only("id", "user_id", "score_percent", "completion_time_seconds", "achieved_at")
        .annotate(rank=Window(expression=Rank(), order_by=LEADERBOARD_ORDER))
        .order_by(*LEADERBOARD_ORDER, "achieved_at", "id")
        .prefetch_related(_leaderboard_users())
    )


def _count_of(queryset) -> Subquery:
    return Coalesce(Subquery(queryset.order_by().values("quiz_id").annotate(n=Count("id")).values("n")), 0)


def leaderboard_me(*, quiz_id: int, user) -> QuizLeaderboardEntry | None:
    """The member's own row with its rank, wherever it falls, in one query: 1 + the entries
    with a higher score + those with the same score and a faster time, which is what RANK()
    over the ranking order gives. Each count is a range of the index quiz_leaderboard_rank."""
    if user is None or not user.is_authenticated:
        return None
    board = QuizLeaderboardEntry.objects.filter(quiz_id=quiz_id)
    higher = board.filter(score_percent__gt=OuterRef("score_percent"))
    same_and_faster = board.filter(
        score_percent=OuterRef("score_percent"), completion_time_seconds__lt=OuterRef("completion_time_seconds")
    )
    return (
        QuizLeaderboardEntry.objects.filter(quiz_id=quiz_id, user_id=user.pk)
        .select_related("user")
        .only(
            "id", "score_percent", "completion_time_seconds", "achieved_at",
            "user__id", "user__username", "user__name", "user__avatar_url",
        )  # fmt: skip
        .annotate(rank=_count_of(higher) + _count_of(same_and_faster) + 1)
        .order_by()
        .first()
    )
