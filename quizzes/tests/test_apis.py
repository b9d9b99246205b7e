"""The quiz API as a member meets it: finding a quiz, taking it, the result, the leaderboard."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import bearer_client
from moderation.services import user_verification_set
from movies.models import Movie
from quizzes.models import AttemptStatus, QuestionType, Quiz, QuizAttempt, QuizLeaderboardEntry
from quizzes.tests.factories import QuizFactory, correct_ids, quiz_with_questions, wrong_id
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

REVEALING_KEYS = {"is_correct", "explanation"}


def keys_anywhere(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_anywhere(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_anywhere(item) for item in value)) if value else set()
    return set()


def start(client, quiz):
    return client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")


def answer(client, attempt_id, question, options, **extra):
    return client.post(
        f"/api/v1/attempts/{attempt_id}/answers/",
        {"question": question if isinstance(question, int) else question.pk, "selected_options": options, **extra},
        format="json",
    )


def questions_in_order(quiz):
    return list(quiz.questions.order_by("order_index", "id"))


# --- finding a quiz --------------------------------------------------------------------------


def test_list_shows_published_quizzes_only_with_their_film(api_client):
    movie = Movie.objects.get(external_id="iwm-inception-2010")
    shown = quiz_with_questions(title="Shown", movie=movie)
    hidden = QuizFactory(title="Hidden draft", is_published=False)
    body = api_client.get("/api/v1/quizzes/?page_size=100").json()
    ids = {quiz["id"] for quiz in body["results"]}
    assert shown.pk in ids and hidden.pk not in ids
    row = next(quiz for quiz in body["results"] if quiz["id"] == shown.pk)
    assert row["movie"] == {"id": movie.pk, "title": "Inception", "year": 2010}
    assert row["number_of_questions"] == 3
    assert REVEALING_KEYS.isdisjoint(keys_anywhere(body))


def test_list_filters_by_movie_and_verification_and_orders(api_client):
    movie = Movie.objects.get(external_id="iwm-parasite-2019")
    about = quiz_with_questions(title="AAA about Parasite", movie=movie)
    gated = quiz_with_questions(title="AAB gated", is_verification_required=True)
    by_movie = api_client.get(f"/api/v1/quizzes/?movie={movie.pk}").json()["results"]
    assert about.pk in [q["id"] for q in by_movie] and all(q["movie"]["id"] == movie.pk for q in by_movie)
    only_gated = api_client.get("/api/v1/quizzes/?verification_required=true&page_size=100").json()["results"]
    assert gated.pk in [q["id"] for q in only_gated] and all(q["is_verification_required"] for q in only_gated)
    open_ones = api_client.get("/api/v1/quizzes/?verification_required=false&page_size=100").json()["results"]
    assert gated.pk not in [q["id"] for q in open_ones] and about.pk in [q["id"] for q in open_ones]
    titles = [q["title"] for q in api_client.get("/api/v1/quizzes/?ordering=title&page_size=100").json()["results"]]
    assert titles == sorted(titles) and titles[:2] == ["AAA about Parasite", "AAB gated"]
    newest = api_client.get("/api/v1/quizzes/").json()["results"]
    assert [q["created_at"] for q in newest] == sorted((q["created_at"] for q in newest), reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "movie=abc", "movie=٣", "movie=", "verification_required=yes", "verification_required=", "ordering=score",
        "ordering=", "page_size=101", "quizz=1",
    ],  # fmt: skip
)
def test_list_refuses_bad_parameters(api_client, query):
    error = assert_error_shape(api_client.get(f"/api/v1/quizzes/?{query}"), 400)
    assert query.split("=")[0] in error["fields"]


def test_list_query_count_is_fixed_whatever_the_number_of_quizzes(api_client, django_assert_max_num_queries):
    movie = Movie.objects.get(external_id="iwm-inception-2010")
    for _ in range(25):
        quiz_with_questions(count=1, movie=movie)
    with django_assert_max_num_queries(2):
        body = api_client.get("/api/v1/quizzes/?page_size=100").json()
    assert len(body["results"]) >= 25


def test_detail_without_questions_or_correctness_and_my_record(api_client, member):
    quiz = quiz_with_questions(types=[QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE], points=[2, 3])
    body = api_client.get(f"/api/v1/quizzes/{quiz.pk}/").json()
    assert body["total_points"] == 5 and body["my"] is None
    assert "questions" not in body and REVEALING_KEYS.isdisjoint(keys_anywhere(body))
    client = bearer_client(member)
    attempt_id = start(client, quiz).json()["id"]
    mine = client.get(f"/api/v1/quizzes/{quiz.pk}/").json()["my"]
    assert mine == {"attempts": 1, "best_score_percent": None, "passed": False, "in_progress_attempt": attempt_id}


def test_unpublished_quiz_is_a_404_everywhere(member_client):
    draft = quiz_with_questions(is_published=False)
    assert_error_shape(member_client.get(f"/api/v1/quizzes/{draft.pk}/"), 404)
    assert_error_shape(start(member_client, draft), 404)
    assert_error_shape(member_client.get(f"/api/v1/quizzes/{draft.pk}/leaderboard/"), 404)


# --- starting --------------------------------------------------------------------------------


def test_starting_needs_a_member(api_client):
    quiz = quiz_with_questions()
    assert_error_shape(start(api_client, quiz), 401)


def test_start_returns_questions_with_options_in_stored_order_without_correctness(member_client):
    quiz = quiz_with_questions(
        types=[QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.SINGLE_CHOICE]
    )
    response = start(member_client, quiz)
    assert response.status_code == 201
    body = response.json()
    assert REVEALING_KEYS.isdisjoint(keys_anywhere(body))
    assert body["status"] == "in-progress" and body["attempt_number"] == 1 and body["deadline_at"] is None
    assert [q["id"] for q in body["questions"]] == [q.pk for q in questions_in_order(quiz)]
    first = questions_in_order(quiz)[0]
    assert [o["id"] for o in body["questions"][0]["options"]] == list(
        first.options.order_by("order_index", "id").values_list("id", flat=True)
    )
    assert body["questions"][0]["hint"] == "Think." and body["questions"][0]["answer"] is None
    assert body["score_percent"] is None and body["passed"] is None


def test_random_order_is_per_attempt_and_stable(django_assert_max_num_queries):
    quiz = quiz_with_questions(count=12, is_randomized=True)
    stored = [q.pk for q in questions_in_order(quiz)]
    orders = []
    for _ in range(4):
        client = bearer_client(UserFactory())
        body = start(client, quiz).json()
        order = [q["id"] for q in body["questions"]]
        assert sorted(order) == sorted(stored)
        again = client.get(f"/api/v1/attempts/{body['id']}/").json()
        assert [q["id"] for q in again["questions"]] == order
        orders.append(tuple(order))
    # Four members drawing the same shuffle of 12 questions by chance: about 1 in 10^26.
    assert len(set(orders) | {tuple(stored)}) > 1


def test_a_second_start_resumes_the_attempt_in_progress(member_client):
    quiz = quiz_with_questions()
    first = start(member_client, quiz)
    second = start(member_client, quiz)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_a_start_after_the_time_ran_out_expires_the_old_attempt_and_starts_anew(member_client, member):
    quiz = quiz_with_questions(time_limit_seconds=60)
    old_id = start(member_client, quiz).json()["id"]
    past = timezone.now() - datetime.timedelta(minutes=5)
    QuizAttempt.objects.filter(pk=old_id).update(started_at=past, deadline_at=past + datetime.timedelta(seconds=60))
    response = start(member_client, quiz)
    assert response.status_code == 201 and response.json()["attempt_number"] == 2
    assert QuizAttempt.objects.get(pk=old_id).status == AttemptStatus.EXPIRED


def test_verification_required_quizzes_are_for_verified_members(member_client, member):
    quiz = quiz_with_questions(is_verification_required=True)
    error = assert_error_shape(start(member_client, quiz), 403)
    assert "verified" in error["message"]
    user_verification_set(user=member)
    assert start(member_client, quiz).status_code == 201


def test_start_query_count_does_not_grow_with_questions(member, django_assert_max_num_queries):
    client = bearer_client(member)
    small = quiz_with_questions(count=2, is_verification_required=True)
    large = quiz_with_questions(count=30, is_verification_required=True, is_randomized=True)
    user_verification_set(user=member)
    counts = []
    for quiz in (small, large):
        with django_assert_max_num_queries(16) as captured:
            response = start(client, quiz)
        assert response.status_code == 201
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert len(response.json()["questions"]) == 30


# --- answering -------------------------------------------------------------------------------


@pytest.fixture
def playing(member):
    """A member in the middle of a three-question quiz (single, multiple, true-false)."""
    quiz = quiz_with_questions(
        types=[QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE], points=[1, 2, 3]
    )
    client = bearer_client(member)
    attempt_id = start(client, quiz).json()["id"]
    return client, quiz, attempt_id, questions_in_order(quiz)


def test_an_answer_is_taken_once_and_tells_nothing_about_correctness(playing):
    client, quiz, attempt_id, (single, multiple, true_false) = playing
    response = answer(client, attempt_id, single, correct_ids(single))
    assert response.status_code == 201
    assert REVEALING_KEYS.isdisjoint(keys_anywhere(response.json()))
    assert response.json()["selected_options"] == correct_ids(single)
    error = assert_error_shape(answer(client, attempt_id, single, [wrong_id(single)]), 409)
    assert "answered already" in error["message"]
    shown = client.get(f"/api/v1/attempts/{attempt_id}/").json()
    assert shown["answered"] == 1 and shown["questions"][0]["answer"]["selected_options"] == correct_ids(single)
    assert REVEALING_KEYS.isdisjoint(keys_anywhere(shown))


def test_answers_that_do_not_fit_the_question_are_400s_on_the_field(playing):
    client, quiz, attempt_id, (single, multiple, true_false) = playing
    other = quiz_with_questions(count=1)
    other_question = other.questions.get()
    cases = [
        (single, [other_question.options.first().pk], "selected_options"),  # an option of another question
        (single, correct_ids(single) + [wrong_id(single)], "selected_options"),  # two for a single choice
        (true_false, [o.pk for o in true_false.options.all()], "selected_options"),
        (multiple, [correct_ids(multiple)[0]] * 2, "selected_options"),  # the same option twice
        (multiple, [], "selected_options"),
        (multiple, ["1"], "selected_options"),
        (multiple, [True], "selected_options"),
        (multiple, correct_ids(multiple)[0], "selected_options"),  # not a list
        (other_question, correct_ids(other_question), "question"),  # not a question of this attempt
        ("7", correct_ids(single), "question"),
    ]
    for question, options, field in cases:
        payload = {"question": question.pk if hasattr(question, "pk") else question, "selected_options": options}
        response = client.post(f"/api/v1/attempts/{attempt_id}/answers/", payload, format="json")
        error = assert_error_shape(response, 400)
        assert any(key.split(".")[0] == field for key in error["fields"]), (payload, error)
    assert QuizAttempt.objects.get(pk=attempt_id).answers.count() == 0


def test_someone_elses_attempt_is_a_404(playing):
    client, quiz, attempt_id, (single, *_rest) = playing
    stranger = bearer_client(UserFactory())
    assert_error_shape(stranger.get(f"/api/v1/attempts/{attempt_id}/"), 404)
    assert_error_shape(answer(stranger, attempt_id, single, correct_ids(single)), 404)
    assert_error_shape(stranger.post(f"/api/v1/attempts/{attempt_id}/complete/"), 404)


# --- completing and scoring ------------------------------------------------------------------


def test_complete_scores_points_weighted_from_stored_answers(playing):
    client, quiz, attempt_id, (single, multiple, true_false) = playing
    # A client's claims about correctness or score are ignored: there is no such input.
    answer(client, attempt_id, single, correct_ids(single), is_correct=False, score_percent=0)
    answer(client, attempt_id, multiple, correct_ids(multiple)[:1], is_correct=True, points=100)  # half right: wrong
    answer(client, attempt_id, true_false, correct_ids(true_false))
    response = client.post(f"/api/v1/attempts/{attempt_id}/complete/", {"score_percent": 100, "passed": True})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert Decimal(body["score_percent"]) == Decimal("66.67")  # (1 + 3) of 6 points
    assert body["passed"] is True  # pass score 50
    by_id = {q["id"]: q for q in body["questions"]}
    assert [by_id[q.pk]["answer"]["is_correct"] for q in (single, multiple, true_false)] == [True, False, True]
    assert by_id[single.pk]["explanation"] == single.explanation
    assert {o["id"] for o in by_id[multiple.pk]["options"] if o["is_correct"]} == set(correct_ids(multiple))
    entry = QuizLeaderboardEntry.objects.get(quiz=quiz)
    assert entry.score_percent == Decimal("66.67") and entry.attempt_id == attempt_id
    # After completion the attempt shows everything, and takes nothing more.
    shown = client.get(f"/api/v1/attempts/{attempt_id}/").json()
    assert shown["score_percent"] == body["score_percent"] and "explanation" in shown["questions"][0]
    assert_error_shape(client.post(f"/api/v1/attempts/{attempt_id}/complete/"), 409)
    assert_error_shape(answer(client, attempt_id, single, correct_ids(single)), 409)


def test_unanswered_questions_score_nothing_and_a_low_score_fails(playing):
    client, quiz, attempt_id, (single, multiple, true_false) = playing
    answer(client, attempt_id, single, correct_ids(single))
    body = client.post(f"/api/v1/attempts/{attempt_id}/complete/").json()
    assert Decimal(body["score_percent"]) == Decimal("16.67") and body["passed"] is False
    assert [q["answer"] for q in body["questions"][1:]] == [None, None]


def test_time_limit_answers_after_it_do_not_count_and_the_attempt_expires(member_client):
    quiz = quiz_with_questions(count=2, time_limit_seconds=60)
    first, second = questions_in_order(quiz)
    body = start(member_client, quiz).json()
    assert body["deadline_at"] is not None
    answer(member_client, body["id"], first, correct_ids(first))
    # Time passes: the attempt started two minutes ago.
    attempt = QuizAttempt.objects.get(pk=body["id"])
    shift = datetime.timedelta(minutes=2)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - shift, deadline_at=attempt.deadline_at - shift
    )
    attempt.answers.update(answered_at=attempt.started_at - shift + datetime.timedelta(seconds=10))
    error = assert_error_shape(answer(member_client, body["id"], second, correct_ids(second)), 409)
    assert "time limit" in error["message"]
    result = member_client.post(f"/api/v1/attempts/{body['id']}/complete/").json()
    assert result["status"] == "expired" and Decimal(result["score_percent"]) == Decimal("50.00")
    assert result["time_spent_seconds"] == 60 and result["passed"] is True
    assert not QuizLeaderboardEntry.objects.filter(quiz=quiz).exists()  # only runs finished in time rank


# --- history ---------------------------------------------------------------------------------


def test_my_attempts_newest_first_filtered_and_only_mine(member, django_assert_max_num_queries):
    client = bearer_client(member)
    quizzes = [quiz_with_questions(count=1) for _ in range(3)]
    ids = []
    for quiz in quizzes:
        attempt_id = start(client, quiz).json()["id"]
        ids.append(attempt_id)
    client.post(f"/api/v1/attempts/{ids[0]}/complete/")
    start(bearer_client(UserFactory()), quizzes[0])  # someone else's
    with django_assert_max_num_queries(3):  # user, count, page
        body = client.get("/api/v1/me/attempts/?page_size=100").json()
    assert [a["id"] for a in body["results"]] == list(reversed(ids))
    assert body["results"][-1]["quiz"] == {"id": quizzes[0].pk, "title": quizzes[0].title}
    assert [a["id"] for a in client.get(f"/api/v1/me/attempts/?quiz={quizzes[1].pk}").json()["results"]] == [ids[1]]
    done = client.get("/api/v1/me/attempts/?status=completed").json()["results"]
    assert [a["id"] for a in done] == [ids[0]] and done[0]["score_percent"] is not None


def test_my_attempts_query_count_does_not_grow(member, django_assert_max_num_queries):
    client = bearer_client(member)
    for _ in range(12):
        start(client, quiz_with_questions(count=1))
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/me/attempts/?page_size=100").json()["results"]) == 12


def test_my_attempts_needs_a_member_and_strict_parameters(api_client, member_client):
    assert_error_shape(api_client.get("/api/v1/me/attempts/"), 401)
    assert_error_shape(member_client.get("/api/v1/me/attempts/?status=finished"), 400)
    assert_error_shape(member_client.get("/api/v1/me/attempts/?quiz=x"), 400)
    assert_error_shape(member_client.get("/api/v1/me/attempts/?quiz="), 400)
    assert_error_shape(member_client.get("/api/v1/me/attempts/?status="), 400)


# --- leaderboard -----------------------------------------------------------------------------


def _entries(quiz, rows):
    """rows: (score, seconds) per member, in creation order; returns the members."""
    users = []
    base = timezone.now() - datetime.timedelta(days=1)
    for index, (score, seconds) in enumerate(rows):
        user = UserFactory()
        QuizLeaderboardEntry.objects.create(
            quiz=quiz,
            user=user,
            score_percent=Decimal(score),
            completion_time_seconds=seconds,
            achieved_at=base + datetime.timedelta(minutes=index),
        )
        users.append(user)
    return users


def test_leaderboard_ranks_by_score_then_time_with_shared_ranks(api_client):
    quiz = quiz_with_questions()
    users = _entries(quiz, [(80, 50), (100, 90), (100, 40), (80, 50), (60, 10)])
    body = api_client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard/").json()
    ranked = [(row["rank"], row["user"]["id"]) for row in body["results"]]
    assert ranked == [
        (1, users[2].pk), (2, users[1].pk), (3, users[0].pk), (3, users[3].pk), (5, users[4].pk),
    ]  # fmt: skip
    assert body["count"] == 5 and body["me"] is None
    assert set(body["results"][0]["user"]) == {"id", "username", "name", "avatar_url"}


def test_leaderboard_shows_my_rank_even_off_the_page(api_client, django_assert_max_num_queries):
    quiz = quiz_with_questions()
    users = _entries(quiz, [(100 - index, 30) for index in range(30)])
    me = users[24]
    client = bearer_client(me)
    with django_assert_max_num_queries(6):  # me, quiz, count, page, its members, my row with its rank
        body = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard/?page_size=10").json()
    assert len(body["results"]) == 10 and me.pk not in [row["user"]["id"] for row in body["results"]]
    assert body["me"]["rank"] == 25 and body["me"]["user"]["id"] == me.pk
    assert Decimal(body["me"]["score_percent"]) == Decimal(76)
    third_page = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard/?page_size=10&page=3").json()
    assert {"rank": 25, "id": me.pk} in [{"rank": r["rank"], "id": r["user"]["id"]} for r in third_page["results"]]


def test_leaderboard_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    quiz = quiz_with_questions()
    _entries(quiz, [(50, index) for index in range(60)])
    with django_assert_max_num_queries(4):  # quiz, count, page, its members
        body = api_client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard/?page_size=100").json()
    assert len(body["results"]) == 60 and body["results"][-1]["rank"] == 60


def test_completing_in_time_puts_me_on_the_leaderboard(playing, member):
    client, quiz, attempt_id, questions = playing
    for question in questions:
        answer(client, attempt_id, question, correct_ids(question))
    client.post(f"/api/v1/attempts/{attempt_id}/complete/")
    body = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard/").json()
    assert body["me"]["rank"] == 1 and Decimal(body["me"]["score_percent"]) == 100
    assert body["results"][0]["user"]["id"] == member.pk


def test_the_demo_quizzes_answer_with_data(api_client, member_client):
    body = api_client.get("/api/v1/quizzes/?page_size=100").json()
    demo = {q["external_id"]: q for q in body["results"] if q["external_id"].startswith("quiz-")}
    assert {"quiz-inception-2010", "quiz-the-godfather-1972", "quiz-parasite-2019"} <= set(demo)
    inception = Quiz.objects.get(external_id="quiz-inception-2010")
    started = start(member_client, inception).json()
    assert len(started["questions"]) == 7 and started["deadline_at"] is not None


def test_complete_query_count_does_not_grow_with_answers(member, django_assert_max_num_queries):
    client = bearer_client(member)
    counts = []
    for count in (2, 12):
        quiz = quiz_with_questions(count=count)
        attempt_id = start(client, quiz).json()["id"]
        for question in questions_in_order(quiz):
            answer(client, attempt_id, question, correct_ids(question))
        with django_assert_max_num_queries(14) as captured:
            body = client.post(f"/api/v1/attempts/{attempt_id}/complete/").json()
        assert body["score_percent"] == "100.00" and len(body["questions"]) == count
        counts.append(len(captured))
    assert counts[0] == counts[1]
