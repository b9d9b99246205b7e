"""The demo quizzes: loaded with the catalog, idempotent, consistent with the catalog's facts."""

from __future__ import annotations

import pytest

from movies.models import MovieCredit
from quizzes import demo
from quizzes.models import Quiz, QuizQuestion, QuizQuestionOption
from quizzes.rules import question_problems

pytestmark = pytest.mark.django_db


def test_demo_quizzes_are_loaded_and_loading_again_changes_nothing():
    assert demo.demo_is_loaded()
    before = (Quiz.objects.count(), QuizQuestion.objects.count(), QuizQuestionOption.objects.count())
    counts = demo.demo_load()
    assert counts == {"quizzes": 3, "quiz_questions": 21, "quiz_question_options": 81}
    assert (Quiz.objects.count(), QuizQuestion.objects.count(), QuizQuestionOption.objects.count()) == before


def test_every_demo_question_is_complete_and_explained():
    for quiz in Quiz.objects.filter(external_id__startswith="quiz-").prefetch_related("questions__options"):
        assert quiz.is_published and quiz.movie_id is not None and quiz.number_of_questions >= 5
        for question in quiz.questions.all():
            flags = [option.is_correct for option in question.options.all()]
            assert question_problems(question_type=question.type, correct_flags=flags, quiz_published=True) == []
            assert len(question.explanation) > 20 and question.hint


def test_director_and_cast_answers_match_the_catalog():
    """The answers the catalog can vouch for agree with its credits."""
    for quiz in Quiz.objects.filter(external_id__startswith="quiz-").select_related("movie"):
        director = quiz.questions.get(external_id=f"{quiz.external_id}-director")
        answer = director.options.get(is_correct=True).text
        directors = MovieCredit.objects.filter(movie=quiz.movie, role="director").values_list("person__name", flat=True)
        assert answer in directors, (quiz.title, answer, list(directors))
    ki_taek = QuizQuestion.objects.get(external_id="quiz-parasite-2019-ki-taek").options.get(is_correct=True)
    assert MovieCredit.objects.filter(
        movie__external_id="iwm-parasite-2019", person__name=ki_taek.text, character_name="Kim Ki-taek"
    ).exists()
    michael = QuizQuestion.objects.get(external_id="quiz-the-godfather-1972-michael").options.get(is_correct=True)
    assert MovieCredit.objects.filter(
        movie__external_id="iwm-the-godfather-1972", person__name=michael.text, character_name="Michael Corleone"
    ).exists()
