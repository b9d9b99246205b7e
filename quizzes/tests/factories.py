"""Factories of the quizzes app, and `quiz_with_questions` to build a playable quiz in one call.

A `db` test never commits, but its teardown checks the deferred constraints (Django runs
SET CONSTRAINTS ALL IMMEDIATE), so the option rules apply to what a test leaves behind:
publish a quiz only with valid questions (quiz_with_questions does).
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from quizzes.models import QuestionType, Quiz, QuizQuestion, QuizQuestionOption


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz

    external_id = factory.Sequence(lambda n: f"test-quiz-{n}")
    title = factory.Sequence(lambda n: f"Test quiz {n}")
    description = "A quiz for tests."
    pass_score = 50
    is_published = False  # a published quiz needs valid questions by COMMIT: see quiz_with_questions


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = QuizQuestion

    external_id = factory.Sequence(lambda n: f"test-question-{n}")
    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    explanation = factory.Sequence(lambda n: f"Because {n}.")
    hint = "Think."
    points = 1
    order_index = factory.Sequence(lambda n: n % 100)
    type = QuestionType.SINGLE_CHOICE


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = QuizQuestionOption

    external_id = factory.Sequence(lambda n: f"test-option-{n}")
    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False
    order_index = factory.Sequence(lambda n: n % 100)


def add_options(question: QuizQuestion) -> None:
    """Valid options for the question's type: true-false gets True (correct) and False;
    single-choice four with the first correct; multiple-choice four with the first two correct."""
    if question.type == QuestionType.TRUE_FALSE:
        OptionFactory(question=question, text="True", is_correct=True, order_index=0)
        OptionFactory(question=question, text="False", is_correct=False, order_index=1)
        return
    correct = 2 if question.type == QuestionType.MULTIPLE_CHOICE else 1
    for index in range(4):
        OptionFactory(question=question, is_correct=index < correct, order_index=index)


def quiz_with_questions(*, types=None, points=None, count: int = 3, **quiz_fields) -> Quiz:
    """A quiz (published unless told otherwise) with `count` questions of `types` (single-choice
    by default) worth `points`, each with valid options, in order_index order."""
    types = list(types) if types is not None else [QuestionType.SINGLE_CHOICE] * count
    points = list(points) if points is not None else [1] * len(types)
    quiz = QuizFactory(**{"is_published": True, **quiz_fields})
    for index, (question_type, worth) in enumerate(zip(types, points, strict=True)):
        add_options(QuestionFactory(quiz=quiz, type=question_type, points=worth, order_index=index))
    return quiz


def correct_ids(question: QuizQuestion) -> list[int]:
    return list(question.options.filter(is_correct=True).order_by("id").values_list("id", flat=True))


def wrong_id(question: QuizQuestion) -> int:
    return question.options.filter(is_correct=False).order_by("id").values_list("id", flat=True).first()
