"""Quizzes about films: authored in the admin, taken through the API, scored on the server.

Rules the database enforces (see migrations 0001 and 0002 for the triggers):

* One row at a time (CHECK): vocabularies, ranges, a media type only with a media URL, an
  attempt's outcome columns filled exactly when it is over, a non-empty answer.
* Across rows (CHECK cannot see other rows, so constraint triggers do it):
  - a question's options: at least two, at least one correct; a single-choice or true-false
    question exactly one correct; a true-false question exactly two options. Checked at
    COMMIT (DEFERRABLE INITIALLY DEFERRED), so an author can change several options in one
    transaction. A draft quiz may hold a question with no options yet (the admin saves
    questions before their options); a published quiz may not, and needs one question.
  - an answer's selected options are distinct options of its question, the question is one
    of the attempt's, and a single-choice or true-false answer selects exactly one.
  - `quizzes.number_of_questions` is recounted by a trigger whenever questions change.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import GreaterThan

from iwm.db.constraints import choices_check, non_negative, range_check, unique_external_id

MAX_TIME_LIMIT_SECONDS = 24 * 60 * 60


def new_quiz_external_id() -> str:
    return f"quiz-{uuid.uuid4().hex}"


def new_question_external_id() -> str:
    return f"question-{uuid.uuid4().hex}"


def new_option_external_id() -> str:
    return f"option-{uuid.uuid4().hex}"


def new_attempt_external_id() -> str:
    return f"attempt-{uuid.uuid4().hex}"


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single-choice", "Single choice"
    MULTIPLE_CHOICE = "multiple-choice", "Multiple choice"
    TRUE_FALSE = "true-false", "True or false"


ONE_CORRECT_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE)


class MediaType(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"
    AUDIO = "audio", "Audio"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Expired"
    ABANDONED = "abandoned", "Abandoned"


FINISHED_STATUSES = (AttemptStatus.COMPLETED, AttemptStatus.EXPIRED)


def _cardinality(field: str) -> Func:
    return Func(F(field), function="cardinality", output_field=models.IntegerField())


class Quiz(models.Model):
    external_id = models.CharField(
        max_length=100, default=new_quiz_external_id, help_text="Stable import id, e.g. quiz-inception-2010."
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    movie = models.ForeignKey(
        "movies.Movie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        db_index=False,  # quizzes_movie_created covers it
        help_text="The film the quiz is about, if any.",
    )
    number_of_questions = models.IntegerField(
        default=0, editable=False, help_text="Kept by the database from the quiz's questions."
    )
    time_limit_seconds = models.IntegerField(
        null=True, blank=True, help_text="Seconds from the start of an attempt; empty for no limit."
    )
    pass_score = models.SmallIntegerField(default=70, help_text="Percent of the points needed to pass (0-100).")
    is_verification_required = models.BooleanField(
        default=False, help_text="Only verified members may take it."
    )
    is_randomized = models.BooleanField(
        default=False, help_text="Each attempt gets the questions in its own random order."
    )
    is_published = models.BooleanField(
        default=False,
        help_text="Visible and playable. A published quiz needs questions whose options are complete.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "quizzes"
        verbose_name_plural = "quizzes"
        ordering = ["-created_at", "-id"]
        constraints = [
            unique_external_id(table="quizzes"),
            range_check("pass_score", 0, 100, table="quizzes"),
            range_check("time_limit_seconds", 1, MAX_TIME_LIMIT_SECONDS, table="quizzes"),
            non_negative("number_of_questions", table="quizzes"),
            models.CheckConstraint(condition=~Q(title=""), name="quizzes_title_not_blank"),
        ]
        indexes = [
            # GET /quizzes/ lists published quizzes only; each ordering and filter has its index.
            models.Index(
                F("created_at").desc(), F("id").desc(), name="quizzes_published_created", condition=Q(is_published=True)
            ),
            models.Index(fields=["title", "id"], name="quizzes_published_title", condition=Q(is_published=True)),
            models.Index(
                "is_verification_required",
                F("created_at").desc(),
                F("id").desc(),
                name="quizzes_published_verification",
                condition=Q(is_published=True),
            ),
            # Not partial: it also serves the foreign key (ON DELETE SET NULL of a movie).
            models.Index("movie", F("created_at").desc(), F("id").desc(), name="quizzes_movie_created"),
        ]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    external_id = models.CharField(max_length=100, default=new_question_external_id)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", db_index=False)
    text = models.TextField()
    media_url = models.URLField(max_length=500, blank=True)
    media_type = models.CharField(max_length=10, choices=MediaType.choices, blank=True)
    hint = models.TextField(blank=True, help_text="Shown while the quiz is taken.")
    explanation = models.TextField(blank=True, help_text="Shown only after the attempt is completed.")
    points = models.SmallIntegerField(default=1, help_text="Weight of the question in the score (1-100).")
    order_index = models.SmallIntegerField(default=0, help_text="Position in the quiz (stored order).")
    type = models.CharField(max_length=20, choices=QuestionType.choices, default=QuestionType.SINGLE_CHOICE)

    class Meta:
        db_table = "quiz_questions"
        ordering = ["quiz_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="quiz_questions"),
            choices_check("type", QuestionType, table="quiz_questions"),
            choices_check("media_type", MediaType, table="quiz_questions", blank=True),
            range_check("points", 1, 100, table="quiz_questions"),
            non_negative("order_index", table="quiz_questions"),
            models.CheckConstraint(condition=~Q(text=""), name="quiz_questions_text_not_blank"),
            models.CheckConstraint(
                condition=Q(media_url="", media_type="") | (~Q(media_url="") & ~Q(media_type="")),
                name="quiz_questions_media_type_with_url",
                violation_error_message="A media URL needs a media type, and a media type needs a URL.",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "order_index", "id"], name="quiz_questions_quiz_order")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class QuizQuestionOption(models.Model):
    external_id = models.CharField(max_length=100, default=new_option_external_id)
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="options", db_index=False)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    order_index = models.SmallIntegerField(default=0)

    class Meta:
        db_table = "quiz_question_options"
        ordering = ["question_id", "order_index", "id"]
        constraints = [
            unique_external_id(table="quiz_question_options"),
            non_negative("order_index", table="quiz_question_options"),
            models.CheckConstraint(condition=~Q(text=""), name="quiz_question_options_text_not_blank"),
        ]
        indexes = [models.Index(fields=["question", "order_index", "id"], name="quiz_options_question_order")]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    external_id = models.CharField(max_length=100, default=new_attempt_external_id)
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,  # a quiz members have taken is retired by unpublishing it
        related_name="attempts",
        db_index=False,  # quiz_attempts_quiz_user_number_key covers it
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        db_index=False,  # quiz_attempts_user_started covers it
    )
    attempt_number = models.IntegerField(help_text="1 for the member's first attempt at this quiz, then 2, 3...")
    question_ids = ArrayField(
        models.BigIntegerField(),
        help_text="The attempt's questions in the order it shows them (shuffled once for random quizzes).",
    )
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(
        null=True, blank=True, help_text="started_at + the quiz's time limit when it started; empty for no limit."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent_seconds = models.IntegerField(null=True, blank=True)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)

    class Meta:
        db_table = "quiz_attempts"
        ordering = ["-started_at", "-id"]
        constraints = [
            unique_external_id(table="quiz_attempts"),
            models.UniqueConstraint(
                fields=["quiz", "user", "attempt_number"], name="quiz_attempts_quiz_user_number_key"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(status=AttemptStatus.IN_PROGRESS),
                name="quiz_attempts_one_in_progress",
                violation_error_message="This member already has an attempt in progress at this quiz.",
            ),
            choices_check("status", AttemptStatus, table="quiz_attempts"),
            range_check("score_percent", 0, 100, table="quiz_attempts"),
            non_negative("time_spent_seconds", table="quiz_attempts"),
            models.CheckConstraint(condition=Q(attempt_number__gte=1), name="quiz_attempts_attempt_number_positive"),
            models.CheckConstraint(
                condition=Q(GreaterThan(_cardinality("question_ids"), 0)), name="quiz_attempts_question_ids_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(deadline_at__isnull=True) | Q(deadline_at__gt=F("started_at")),
                name="quiz_attempts_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("started_at")),
                name="quiz_attempts_completed_after_start",
            ),
            # The outcome columns are filled exactly when the attempt is over.
            models.CheckConstraint(
                condition=(
                    Q(
                        status=AttemptStatus.IN_PROGRESS,
                        completed_at__isnull=True,
                        score_percent__isnull=True,
                        passed__isnull=True,
                        time_spent_seconds__isnull=True,
                    )
                    | Q(
                        status__in=FINISHED_STATUSES,
                        completed_at__isnull=False,
                        score_percent__isnull=False,
                        passed__isnull=False,
                        time_spent_seconds__isnull=False,
                    )
                    | Q(status=AttemptStatus.ABANDONED, completed_at__isnull=False)
                ),
                name="quiz_attempts_outcome_matches_status",
            ),
        ]
        indexes = [
            # GET /me/attempts/ (newest first), filtered by quiz or by status.
            models.Index("user", F("started_at").desc(), F("id").desc(), name="quiz_attempts_user_started"),
            models.Index(
                "user", "quiz", F("started_at").desc(), F("id").desc(), name="quiz_attempts_user_quiz"
            ),
            models.Index(
                "user", "status", F("started_at").desc(), F("id").desc(), name="quiz_attempts_user_status"
            ),
            # The expiry job: stale in-progress attempts by deadline, and by age.
            models.Index(
                fields=["deadline_at"],
                name="quiz_attempts_open_deadline",
                condition=Q(status=AttemptStatus.IN_PROGRESS, deadline_at__isnull=False),
            ),
            models.Index(
                fields=["started_at"], name="quiz_attempts_open_started", condition=Q(status=AttemptStatus.IN_PROGRESS)
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.attempt_number} of {self.user_id} at quiz {self.quiz_id}"

    @property
    def is_over(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(
        QuizAttempt,
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,  # quiz_answers_attempt_question_key covers it
    )
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="answers")
    selected_option_ids = ArrayField(models.BigIntegerField(), help_text="Ids of the options the member chose.")
    is_correct = models.BooleanField(
        null=True, blank=True, help_text="Set by the server when the attempt is scored; empty before."
    )
    answered_at = models.DateTimeField()
    time_spent_seconds = models.IntegerField(
        default=0, help_text="Seconds since the previous answer (or the start), measured by the server."
    )

    class Meta:
        db_table = "quiz_answers"
        ordering = ["attempt_id", "answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quiz_answers_attempt_question_key"),
            non_negative("time_spent_seconds", table="quiz_answers"),
            models.CheckConstraint(
                condition=Q(GreaterThan(_cardinality("selected_option_ids"), 0)),
                name="quiz_answers_selected_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id} in attempt {self.attempt_id}"


class QuizLeaderboardEntry(models.Model):
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.CASCADE,
        related_name="leaderboard_entries",
        db_index=False,  # the unique pair and the ranking index cover it
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_leaderboard_entries"
    )
    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The best attempt."
    )
    score_percent = models.DecimalField(max_digits=5, decimal_places=2)
    completion_time_seconds = models.IntegerField()
    achieved_at = models.DateTimeField()

    class Meta:
        db_table = "quiz_leaderboard_entries"
        verbose_name_plural = "quiz leaderboard entries"
        ordering = ["quiz_id", "-score_percent", "completion_time_seconds", "achieved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user"], name="quiz_leaderboard_entries_quiz_user_key"),
            range_check("score_percent", 0, 100, table="quiz_leaderboard_entries"),
            non_negative("completion_time_seconds", table="quiz_leaderboard_entries"),
        ]
        indexes = [
            # The ranking: best score, then fastest time; ties share a rank, then earliest first.
            models.Index(
                "quiz",
                F("score_percent").desc(),
                "completion_time_seconds",
                "achieved_at",
                "id",
                name="quiz_leaderboard_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on quiz {self.quiz_id}: {self.score_percent}%"
