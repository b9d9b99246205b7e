"""Quiz endpoints. Thin: parse the input, call a service or a selector, serialize."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response

from iwm.api.pagination import PageNumberPagination
from iwm.api.schema import Error
from iwm.api.views import ApiView, ListApiView, PublicReadMixin
from quizzes import selectors, services
from quizzes.filters import MyAttemptFilterSet, QuizFilterSet
from quizzes.models import QuizLeaderboardEntry
from quizzes.serializers import (
    AnswerCreatedOutput,
    AnswerInput,
    AttemptOutput,
    AttemptSummaryOutput,
    LeaderboardEntryOutput,
    QuizDetailOutput,
    QuizOutput,
)

FORBIDDEN = OpenApiResponse(Error, description="This quiz is for verified members only.")
CONFLICT = OpenApiResponse(Error, description="The attempt is over, or the question is answered already.")


class QuizListApi(PublicReadMixin, ListApiView):
    """Published quizzes, newest first, filtered by movie or by the verification they need."""

    serializer_class = QuizOutput
    filterset_class = QuizFilterSet

    def get_queryset(self):
        return selectors.quiz_list()


class QuizDetailApi(PublicReadMixin, ApiView):
    optional_auth = True

    @extend_schema(
        responses=QuizDetailOutput,
        summary="A published quiz (its questions come with an attempt), with my record at it",
    )
    def get(self, request, quiz_id: int):
        quiz = selectors.quiz_detail(quiz_id)
        quiz.my = selectors.quiz_member_state(quiz_id=quiz.pk, user=request.user)
        return Response(QuizDetailOutput(quiz).data)


class QuizAttemptStartApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: AttemptOutput, 200: AttemptOutput, 403: FORBIDDEN, 409: CONFLICT},
        summary="Start an attempt (201), or resume my attempt in progress (200)",
        description=(
            "Returns the attempt with its questions and their options, never which options are "
            "correct. A random quiz shows each attempt its own order, the same on every read."
        ),
    )
    def post(self, request, quiz_id: int):
        attempt, created = services.quiz_attempt_start(quiz_id=quiz_id, user=request.user)
        return Response(
            AttemptOutput(selectors.attempt_payload(attempt)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttemptDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=AttemptOutput,
        summary="One of my attempts; correct options and explanations once it is over",
    )
    def get(self, request, attempt_id: int):
        attempt = selectors.attempt_owned(attempt_id=attempt_id, user=request.user)
        return Response(AttemptOutput(selectors.attempt_payload(attempt)).data)


class AttemptAnswerApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=AnswerInput,
        responses={201: AnswerCreatedOutput, 409: CONFLICT},
        summary="Answer a question of my attempt (once)",
    )
    def post(self, request, attempt_id: int):
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.quiz_answer_submit(
            attempt_id=attempt_id,
            user=request.user,
            question_id=data.validated_data["question"],
            selected_option_ids=data.validated_data["selected_options"],
        )
        body = {
            "attempt": answer.attempt_id,
            "question": answer.question_id,
            "selected_options": answer.selected_option_ids,
            "answered_at": answer.answered_at,
            "time_spent_seconds": answer.time_spent_seconds,
        }
        return Response(AnswerCreatedOutput(body).data, status=status.HTTP_201_CREATED)


class AttemptCompleteApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: AttemptOutput, 409: CONFLICT},
        summary="Hand in my attempt: the server scores it",
        description=(
            "Scores the stored answers against the stored correct options (points-weighted "
            "percent), sets `passed`, and updates the leaderboard. Past the time limit the attempt "
            "closes as `expired`: answers after the limit do not count, and it does not enter the "
            "leaderboard."
        ),
    )
    def post(self, request, attempt_id: int):
        attempt = services.quiz_attempt_complete(attempt_id=attempt_id, user=request.user)
        return Response(AttemptOutput(selectors.attempt_payload(attempt)).data)


class MyAttemptListApi(ListApiView):
    """My quiz attempts, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AttemptSummaryOutput
    filterset_class = MyAttemptFilterSet

    def get_queryset(self):
        return selectors.my_attempts(self.request.user)


class LeaderboardPagination(PageNumberPagination):
    """Pages of the ranking, plus `me`: the signed-in member's own row wherever it ranks."""

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["me"] = {
            "allOf": [schema["items"]],
            "nullable": True,
            "description": "My own entry and rank (null when anonymous or not ranked), even off this page.",
        }
        described["required"] = [*described.get("required", []), "me"]
        return described


class QuizLeaderboardApi(PublicReadMixin, ListApiView):
    """A published quiz's leaderboard: best score first, then fastest; with my own rank."""

    optional_auth = True
    serializer_class = LeaderboardEntryOutput
    pagination_class = LeaderboardPagination
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuizLeaderboardEntry.objects.none()
        quiz_id = self.kwargs["quiz_id"]
        selectors.published_quiz_exists(quiz_id)
        return selectors.leaderboard(quiz_id)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        response = self.get_paginated_response(LeaderboardEntryOutput(page, many=True).data)
        me = selectors.leaderboard_me(quiz_id=self.kwargs["quiz_id"], user=request.user)
        response.data["me"] = None if me is None else LeaderboardEntryOutput(me).data
        return response
