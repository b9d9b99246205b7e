"""Shapes of the quiz endpoints.

Input shapes carry no score and no correctness: there is nothing for a client to claim.
Output fields that reveal correctness (`explanation`, an option's and an answer's
`is_correct`) are optional in the schema and present only once the attempt is over.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iwm.api.serializers import Input
from quizzes.models import AttemptStatus, MediaType, QuestionType

MAX_ID = 2**63 - 1
MAX_SELECTED_OPTIONS = 20

MOVIE_REF = {
    "type": "object",
    "nullable": True,
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "year": {"type": "integer", "nullable": True},
    },
}


class QuizOutput(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    movie = serializers.SerializerMethodField()
    number_of_questions = serializers.IntegerField()
    time_limit_seconds = serializers.IntegerField(allow_null=True, help_text="Null: no time limit.")
    pass_score = serializers.IntegerField(help_text="Percent of the points needed to pass.")
    is_verification_required = serializers.BooleanField()
    is_randomized = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(MOVIE_REF)
    def get_movie(self, quiz):
        movie = quiz.movie
        return None if movie is None else {"id": movie.id, "title": movie.title, "year": movie.year}


class MyQuizStateOutput(serializers.Serializer):
    attempts = serializers.IntegerField()
    best_score_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(help_text="Whether any of my attempts passed.")
    in_progress_attempt = serializers.IntegerField(allow_null=True, help_text="Id of my attempt in progress.")


class QuizDetailOutput(QuizOutput):
    total_points = serializers.IntegerField()
    my = MyQuizStateOutput(allow_null=True, help_text="The signed-in member's record here; null when anonymous.")


class OptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    is_correct = serializers.BooleanField(required=False, help_text="Only once the attempt is over.")


class AnswerOutput(serializers.Serializer):
    selected_options = serializers.ListField(child=serializers.IntegerField())
    answered_at = serializers.DateTimeField()
    time_spent_seconds = serializers.IntegerField(help_text="Since the previous answer (or the start).")
    is_correct = serializers.BooleanField(required=False, help_text="Only once the attempt is over.")


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=QuestionType.choices)
    media_url = serializers.CharField(allow_blank=True)
    media_type = serializers.ChoiceField(choices=[("", ""), *MediaType.choices], allow_blank=True)
    hint = serializers.CharField(allow_blank=True)
    points = serializers.IntegerField()
    explanation = serializers.CharField(allow_blank=True, required=False, help_text="Only once the attempt is over.")
    options = OptionOutput(many=True)
    answer = AnswerOutput(allow_null=True, help_text="My answer; null while unanswered.")


class AttemptQuizOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    time_limit_seconds = serializers.IntegerField(allow_null=True)
    pass_score = serializers.IntegerField()
    is_randomized = serializers.BooleanField()


class AttemptOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = AttemptQuizOutput()
    attempt_number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttemptStatus.choices)
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True, help_text="When the time limit ends; null: no limit.")
    completed_at = serializers.DateTimeField(allow_null=True)
    time_spent_seconds = serializers.IntegerField(allow_null=True)
    score_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    total_points = serializers.IntegerField()
    answered = serializers.IntegerField(help_text="How many questions I have answered.")
    questions = QuestionOutput(many=True)


class AttemptSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quiz = serializers.SerializerMethodField()
    attempt_number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttemptStatus.choices)
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    time_spent_seconds = serializers.IntegerField(allow_null=True)
    score_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    passed = serializers.BooleanField(allow_null=True)

    @extend_schema_field(
        {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}}
    )
    def get_quiz(self, attempt):
        return {"id": attempt.quiz.id, "title": attempt.quiz.title}


class LeaderboardUserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    avatar_url = serializers.CharField()


class LeaderboardEntryOutput(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 is best; equal score and time share a rank.")
    user = LeaderboardUserOutput()
    score_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    completion_time_seconds = serializers.IntegerField()
    achieved_at = serializers.DateTimeField()


# --- input ---------------------------------------------------------------------------------


class JSONIdField(serializers.IntegerField):
    """An id inside a JSON list: a JSON whole number only (not "5", 5.0 or true)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class AnswerInput(Input):
    # A client's claims about its answer are disregarded (scoring uses the stored options only).
    ignored_fields = ("is_correct", "correct", "points", "score", "score_percent", "passed")

    question = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Id of a question of the attempt.")
    selected_options = serializers.ListField(
        child=JSONIdField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_SELECTED_OPTIONS,
        help_text="Ids of the chosen options (exactly one for single-choice and true-false questions).",
    )

    def validate_selected_options(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each option may be selected once.")
        return value


class AnswerCreatedOutput(serializers.Serializer):
    attempt = serializers.IntegerField()
    question = serializers.IntegerField()
    selected_options = serializers.ListField(child=serializers.IntegerField())
    answered_at = serializers.DateTimeField()
    time_spent_seconds = serializers.IntegerField()
