"""The demo quizzes (quizzes/demo_data/quizzes.json): real facts about films of the demo catalog,
each answer explained.

Idempotent: quizzes, questions and options are upserted on external_id (questions are
`<quiz>-<key>`, options `<question>-<position>`), and a demo quiz's questions and options are made
to match the file exactly. One transaction; the option rules are checked at its COMMIT.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from movies.models import Movie
from quizzes.models import Quiz, QuizQuestion, QuizQuestionOption

DEMO_DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def _read(data_dir: Path) -> list[dict]:
    with open(data_dir / "quizzes.json", encoding="utf-8") as handle:
        return json.load(handle)


def demo_is_loaded(*, data_dir: Path = DEMO_DATA_DIR) -> bool:
    ids = [quiz["external_id"] for quiz in _read(data_dir)]
    return Quiz.objects.filter(external_id__in=ids).count() == len(ids)


def _upsert(model, rows: list, update_fields: list[str]) -> dict[str, object]:
    saved = model.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["external_id"], update_fields=update_fields, batch_size=500
    )
    return {row.external_id: row for row in saved}


@transaction.atomic
def demo_load(*, data_dir: Path = DEMO_DATA_DIR) -> dict[str, int]:
    quizzes = _read(data_dir)
    now = timezone.now()
    movie_ids = {quiz["movie"] for quiz in quizzes if quiz.get("movie")}
    movies = dict(Movie.objects.filter(external_id__in=movie_ids).values_list("external_id", "id"))
    missing = sorted(movie_ids - set(movies))
    if missing:
        raise ValueError(f"demo quizzes refer to films missing from the catalog: {', '.join(missing)}")

    saved_quizzes = _upsert(
        Quiz,
        [
            Quiz(
                external_id=quiz["external_id"],
                title=quiz["title"],
                description=quiz.get("description", ""),
                movie_id=movies.get(quiz.get("movie")),
                time_limit_seconds=quiz.get("time_limit_seconds"),
                pass_score=quiz["pass_score"],
                is_randomized=quiz.get("is_randomized", False),
                is_verification_required=quiz.get("is_verification_required", False),
                is_published=quiz.get("is_published", True),
                created_at=now,
                updated_at=now,
            )
            for quiz in quizzes
        ],
        [
            "title", "description", "movie", "time_limit_seconds", "pass_score", "is_randomized",
            "is_verification_required", "is_published", "updated_at",
        ],
    )  # fmt: skip

    questions, options = [], []
    for quiz in quizzes:
        quiz_row = saved_quizzes[quiz["external_id"]]
        for position, question in enumerate(quiz["questions"]):
            external_id = f"{quiz['external_id']}-{question['key']}"
            questions.append(
                QuizQuestion(
                    external_id=external_id,
                    quiz_id=quiz_row.pk,
                    text=question["text"],
                    media_url=question.get("media_url", ""),
                    media_type=question.get("media_type", ""),
                    hint=question.get("hint", ""),
                    explanation=question["explanation"],
                    points=question.get("points", 1),
                    order_index=position,
                    type=question["type"],
                )
            )
            for index, option in enumerate(question["options"]):
                options.append((external_id, index, option))
    saved_questions = _upsert(
        QuizQuestion,
        questions,
        ["quiz", "text", "media_url", "media_type", "hint", "explanation", "points", "order_index", "type"],
    )
    saved_options = _upsert(
        QuizQuestionOption,
        [
            QuizQuestionOption(
                external_id=f"{question_external_id}-{index + 1}",
                question_id=saved_questions[question_external_id].pk,
                text=option["text"],
                is_correct=option.get("correct", False),
                order_index=index,
            )
            for question_external_id, index, option in options
        ],
        ["question", "text", "is_correct", "order_index"],
    )

    quiz_ids = [quiz.pk for quiz in saved_quizzes.values()]
    QuizQuestionOption.objects.filter(question__quiz_id__in=quiz_ids).exclude(
        external_id__in=list(saved_options)
    ).delete()
    QuizQuestion.objects.filter(quiz_id__in=quiz_ids).exclude(external_id__in=list(saved_questions)).delete()
    return {
        "quizzes": len(saved_quizzes),
        "quiz_questions": len(saved_questions),
        "quiz_question_options": len(saved_options),
    }
