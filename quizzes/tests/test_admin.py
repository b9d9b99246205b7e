"""Authoring in the admin: the option rules on save with a clear message; members' play read-only
for moderators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import QuestionType, Quiz, QuizAttempt, QuizQuestion
from quizzes.tests.factories import QuestionFactory, QuizFactory, quiz_with_questions

pytestmark = pytest.mark.django_db

QUESTION_FIELDS = [
    "text", "media_url", "media_type", "hint", "explanation", "points", "order_index", "type", "external_id",
]  # fmt: skip
QUIZ_FIELDS = ["external_id", "title", "description", "time_limit_seconds", "pass_score"]
QUIZ_FLAGS = ["is_randomized", "is_verification_required", "is_published"]


def _inline(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is False or value is None:
                continue
            data[f"{prefix}-{index}-{key}"] = str(value)
    return data


def _options(question, flags: list[bool]) -> dict:
    existing = list(question.options.order_by("order_index", "id"))
    rows = []
    for index, flag in enumerate(flags):
        option = existing[index] if index < len(existing) else None
        rows.append({
            "id": option.pk if option else "",
            "question": question.pk,
            "order_index": index,
            "text": option.text if option else f"New option {index}",
            "is_correct": flag,
            "external_id": option.external_id if option else f"admin-option-{question.pk}-{index}",
        })  # fmt: skip
    return _inline("options", rows, initial=min(len(existing), len(flags)))


def _question_post(question, flags, **changes) -> dict:
    data = {field: getattr(question, field) for field in QUESTION_FIELDS}
    data.update(quiz=question.quiz_id, **changes)
    return {**{k: v for k, v in data.items() if v is not None}, **_options(question, flags), "_save": "Save"}


def _quiz_post(quiz, *, new_questions: int = 0, **changes) -> dict:
    data = {field: getattr(quiz, field) for field in QUIZ_FIELDS}
    data = {key: value for key, value in data.items() if value is not None}
    for flag in QUIZ_FLAGS:
        if changes.pop(flag, getattr(quiz, flag)):
            data[flag] = "on"
    data.update(changes)
    rows = []
    for question in quiz.questions.order_by("order_index", "id"):
        row = {field: getattr(question, field) for field in QUESTION_FIELDS}
        rows.append({**row, "id": question.pk, "quiz": quiz.pk})
    for index in range(new_questions):
        rows.append({
            "id": "", "quiz": quiz.pk, "text": f"A new question {index}?", "points": 1, "order_index": 50 + index,
            "type": QuestionType.SINGLE_CHOICE, "external_id": f"admin-new-{quiz.pk}-{index}",
        })  # fmt: skip
    return {**data, **_inline("questions", rows, initial=quiz.questions.count()), "_save": "Save"}


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_question_options_are_validated_on_save_with_a_clear_message(admin_client_):
    quiz = quiz_with_questions(count=1)
    question = quiz.questions.get()
    url = reverse("admin:quizzes_quizquestion_change", args=[question.pk])
    response = admin_client_.post(url, _question_post(question, [True, True, False, False]))
    assert response.status_code == 200
    assert "exactly one correct option; 2 are marked correct" in response.content.decode()
    assert list(question.options.order_by("order_index").values_list("is_correct", flat=True)) == [
        True, False, False, False,
    ]  # fmt: skip
    response = admin_client_.post(url, _question_post(question, [True, True, False, False], type="multiple-choice"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.type == "multiple-choice" and question.options.filter(is_correct=True).count() == 2


def test_true_false_needs_exactly_two_options(admin_client_):
    quiz = quiz_with_questions(types=[QuestionType.TRUE_FALSE])
    question = quiz.questions.get()
    url = reverse("admin:quizzes_quizquestion_change", args=[question.pk])
    response = admin_client_.post(url, _question_post(question, [True, False, False]))
    assert response.status_code == 200 and "exactly two options" in response.content.decode()
    assert question.options.count() == 2


def test_a_draft_question_gets_its_options_on_its_own_page(admin_client_):
    quiz = QuizFactory(is_published=False)
    question = QuestionFactory(quiz=quiz, type=QuestionType.SINGLE_CHOICE)
    url = reverse("admin:quizzes_quizquestion_change", args=[question.pk])
    response = admin_client_.post(url, _question_post(question, [False, True, False]))
    assert response.status_code == 302
    assert list(question.options.order_by("order_index").values_list("is_correct", flat=True)) == [False, True, False]


def test_a_published_quiz_takes_no_question_without_options(admin_client_):
    quiz = quiz_with_questions(count=1)
    url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    response = admin_client_.post(url, _quiz_post(quiz, new_questions=1))
    assert response.status_code == 200
    assert "cannot take a question without options" in response.content.decode()
    assert quiz.questions.count() == 1
    # Unpublished, the quiz takes it; its options come next, on the question's page.
    response = admin_client_.post(url, _quiz_post(quiz, new_questions=1, is_published=False))
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.number_of_questions == 2 and not quiz.is_published


def test_publishing_with_an_incomplete_question_is_refused_with_the_reason(admin_client_):
    quiz = quiz_with_questions(count=1, is_published=False)
    QuestionFactory(quiz=quiz, order_index=9, text="Which year?")
    url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    response = admin_client_.post(url, _quiz_post(quiz, is_published=True))
    assert response.status_code == 200
    assert "Question 2: A question needs at least two options." in response.content.decode()
    assert not Quiz.objects.get(pk=quiz.pk).is_published
    changelist = reverse("admin:quizzes_quiz_changelist")
    response = admin_client_.post(changelist, {"action": "publish", "_selected_action": [quiz.pk]}, follow=True)
    assert "not published" in response.content.decode() and not Quiz.objects.get(pk=quiz.pk).is_published


def test_publish_action_publishes_a_complete_quiz(admin_client_):
    quiz = quiz_with_questions(count=2, is_published=False)
    changelist = reverse("admin:quizzes_quiz_changelist")
    admin_client_.post(changelist, {"action": "publish", "_selected_action": [quiz.pk]})
    assert Quiz.objects.get(pk=quiz.pk).is_published


def test_moderators_author_quizzes_but_only_read_members_attempts(client, moderator, member):
    client.force_login(moderator)
    quiz = quiz_with_questions(count=1)
    attempt, _ = services.quiz_attempt_start(quiz_id=quiz.pk, user=member)
    add_page = client.get(reverse("admin:quizzes_quiz_add"))
    assert add_page.status_code == 200 and b'value="quiz-' in add_page.content  # an external id is suggested
    assert client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).status_code == 200
    for name in ("quizattempt", "quizanswer", "quizleaderboardentry"):
        assert client.get(reverse(f"admin:quizzes_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:quizzes_{name}_add")).status_code == 403
    change = reverse("admin:quizzes_quizattempt_change", args=[attempt.pk])
    page = client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content  # a view-only page
    assert client.post(change, {"status": "completed"}).status_code == 403
    assert client.get(reverse("admin:quizzes_quizattempt_delete", args=[attempt.pk])).status_code == 403
    assert QuizAttempt.objects.get(pk=attempt.pk).status == "in-progress"


def test_the_last_question_of_a_published_quiz_cannot_be_deleted(admin_client_):
    quiz = quiz_with_questions(count=1)
    question = quiz.questions.get()
    assert admin_client_.get(reverse("admin:quizzes_quizquestion_delete", args=[question.pk])).status_code == 403
    assert QuizQuestion.objects.filter(pk=question.pk).exists()


def test_filters_and_searches_render(admin_client_):
    quiz_with_questions(count=1, title="Nolan dreams")
    checks = [
        ("quiz", {"is_published__exact": "1", "q": "nolan"}),
        ("quizquestion", {"type__exact": "true-false", "quiz__is_published__exact": "1"}),
        ("quizquestionoption", {"is_correct__exact": "1", "q": "option"}),
        ("quizattempt", {"status__exact": "completed", "passed__exact": "1"}),
        ("quizanswer", {"is_correct__exact": "0"}),
        ("quizleaderboardentry", {"quiz__is_published__exact": "1"}),
    ]
    for name, params in checks:
        assert admin_client_.get(reverse(f"admin:quizzes_{name}_changelist"), params).status_code == 200
    page = admin_client_.get(reverse("admin:quizzes_quiz_changelist"), {"q": "nolan"}).content.decode()
    assert "Nolan dreams" in page
