"""Quiz read and write paths at SCHEMA.md's quiz scale: timings and the plan each query gets.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/quiz_queries.py [--keep]

Builds the scratch database `iwm_bench` (as catalog_queries.py does), loads the demo data, then
adds 1,000 quizzes, 10,000 questions, 40,000 options, 100,000 attempts, 1,000,000 answers and
50,000 leaderboard entries (20,000 of them on one "hot" quiz). The bulk fill runs with
`session_replication_role = replica`, so the per-row triggers stay out of the fill's time (the
data is valid by construction); every measured call runs with the triggers on.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_queries import BENCH_DB, measure, prepare_database  # noqa: E402

QUIZZES, QUESTIONS_PER_QUIZ, OPTIONS_PER_QUESTION = 1_000, 10, 4
USERS, ATTEMPTS, HOT_ENTRIES, OTHER_ENTRIES = 20_000, 100_000, 20_000, 30_000


def fill() -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    timings["migrate + load_demo"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"""
            INSERT INTO users (external_id, email, username, name, avatar_url, bio, location, website, password,
                is_active, is_staff, is_superuser, created_at, updated_at)
            SELECT 'bench-user-' || g, 'bench' || g || '@example.com', 'bench' || g, 'Bench ' || g, '', '', '', '',
                   '!', true, false, false, now(), now()
            FROM generate_series(1, {USERS}) g
        """)
        cursor.execute(f"""
            INSERT INTO quizzes (external_id, title, description, movie_id, number_of_questions, time_limit_seconds,
                pass_score, is_verification_required, is_randomized, is_published, created_at, updated_at)
            SELECT 'bench-quiz-' || g, 'Bench quiz ' || g, '',
                   (SELECT id FROM movies ORDER BY id OFFSET g % 170 LIMIT 1), {QUESTIONS_PER_QUIZ},
                   CASE WHEN g % 2 = 0 THEN 600 END, 70, g % 10 = 0, g % 3 = 0, g % 20 <> 0,
                   now() - g * interval '1 hour', now()
            FROM generate_series(1, {QUIZZES}) g
        """)
        cursor.execute(f"""
            INSERT INTO quiz_questions (external_id, quiz_id, text, media_url, media_type, hint, explanation, points,
                order_index, type)
            SELECT z.external_id || '-q' || k, z.id, 'Question ' || k || '?', '', '', '', 'Because.', 1 + k % 3, k,
                   CASE WHEN k % 3 = 0 THEN 'multiple-choice' ELSE 'single-choice' END
            FROM quizzes z CROSS JOIN generate_series(0, {QUESTIONS_PER_QUIZ - 1}) k
            WHERE z.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO quiz_question_options (external_id, question_id, text, is_correct, order_index)
            SELECT q.external_id || '-o' || k, q.id, 'Option ' || k,
                   k = 0 OR (q.type = 'multiple-choice' AND k = 1), k
            FROM quiz_questions q CROSS JOIN generate_series(0, {OPTIONS_PER_QUESTION - 1}) k
            WHERE q.external_id LIKE 'bench-%'
        """)
        # Finished attempts: user u's n-th attempt at quiz z, spread over the users and quizzes.
        cursor.execute(f"""
            INSERT INTO quiz_attempts (external_id, quiz_id, user_id, attempt_number, question_ids, started_at,
                deadline_at, completed_at, time_spent_seconds, score_percent, passed, status)
            SELECT 'bench-attempt-' || g, z.id, u.id, 1 + g / {USERS},
                   (SELECT array_agg(id ORDER BY order_index) FROM quiz_questions WHERE quiz_id = z.id),
                   now() - interval '2 days' + g * interval '1 second', NULL,
                   now() - interval '2 days' + g * interval '1 second' + interval '100 seconds', 100,
                   round((random() * 100)::numeric, 2), random() > 0.5, 'completed'
            FROM generate_series(1, {ATTEMPTS}) g
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM quizzes
                   WHERE external_id LIKE 'bench-%') z ON z.n = g % {QUIZZES}
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users
                   WHERE external_id LIKE 'bench-%') u ON u.n = (g * 7) % {USERS}
            ON CONFLICT DO NOTHING
        """)
        cursor.execute("""
            INSERT INTO quiz_answers (attempt_id, question_id, selected_option_ids, is_correct, answered_at,
                time_spent_seconds)
            SELECT a.id, q.id, ARRAY[(SELECT min(id) FROM quiz_question_options o WHERE o.question_id = q.id)],
                   true, a.started_at + interval '10 seconds', 10
            FROM quiz_attempts a JOIN quiz_questions q ON q.quiz_id = a.quiz_id
            WHERE a.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO quiz_leaderboard_entries (quiz_id, user_id, attempt_id, score_percent,
                completion_time_seconds, achieved_at)
            SELECT (SELECT id FROM quizzes WHERE external_id = 'bench-quiz-1'), u.id, NULL,
                   round((random() * 100)::numeric, 2), (random() * 600)::int, now() - random() * interval '30 days'
            FROM (SELECT id FROM users WHERE external_id LIKE 'bench-%' ORDER BY id LIMIT {HOT_ENTRIES}) u
        """)
        cursor.execute(f"""
            INSERT INTO quiz_leaderboard_entries (quiz_id, user_id, attempt_id, score_percent,
                completion_time_seconds, achieved_at)
            SELECT DISTINCT ON (a.quiz_id, a.user_id) a.quiz_id, a.user_id, a.id, a.score_percent,
                   a.time_spent_seconds, a.completed_at
            FROM quiz_attempts a JOIN quizzes z ON z.id = a.quiz_id
            WHERE a.external_id LIKE 'bench-%' AND z.external_id <> 'bench-quiz-1'
            ORDER BY a.quiz_id, a.user_id, a.score_percent DESC
            LIMIT {OTHER_ENTRIES}
            ON CONFLICT DO NOTHING
        """)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute(
            "SELECT (SELECT count(*) FROM quiz_attempts), (SELECT count(*) FROM quiz_answers), "
            "(SELECT count(*) FROM quiz_leaderboard_entries)"
        )
        attempts, answers, entries = cursor.fetchone()
    timings["synthetic fill"] = time.perf_counter() - started
    print(f"attempts {attempts:,}  answers {answers:,}  leaderboard entries {entries:,}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    timings["vacuum analyze"] = time.perf_counter() - started
    return timings


def run_queries() -> None:
    from django.test import Client
    from rest_framework_simplejwt.tokens import AccessToken

    from quizzes import services
    from quizzes.models import Quiz, QuizAttempt
    from social.models import User

    client = Client()

    def call(method, path, user=None, status=(200,)):
        def run():
            headers = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(user)}"} if user else {}
            response = getattr(client, method)(path, HTTP_HOST="127.0.0.1", **headers)
            assert response.status_code in status, (path, response.status_code, response.content[:300])
            body = response.json()
            return body.get("results", body) if isinstance(body, dict) else body

        return run

    hot = Quiz.objects.get(external_id="bench-quiz-1")
    timed = Quiz.objects.get(external_id="bench-quiz-2")
    users = iter(User.objects.filter(external_id__startswith="bench-user-").order_by("-id")[:200])
    busy = User.objects.filter(external_id__startswith="bench-user-").order_by("id")[5]
    deep_me = User.objects.get(pk=hot.leaderboard_entries.order_by("score_percent", "-completion_time_seconds")
                               .values_list("user_id", flat=True)[0])  # fmt: skip
    movie_id = Quiz.objects.filter(is_published=True, movie__isnull=False).values_list("movie_id", flat=True)[0]

    print("\n-- API endpoints (whole request) --")
    measure("GET /quizzes/", call("get", "/api/v1/quizzes/"))
    measure("GET /quizzes/?ordering=title&page_size=100", call("get", "/api/v1/quizzes/?ordering=title&page_size=100"))
    measure("GET /quizzes/?verification_required=true", call("get", "/api/v1/quizzes/?verification_required=true"))
    measure("GET /quizzes/?movie=", call("get", f"/api/v1/quizzes/?movie={movie_id}"))
    measure("GET /quizzes/{id}/ (member)", call("get", f"/api/v1/quizzes/{hot.pk}/", busy))
    starters = itertools.cycle([next(users) for _ in range(40)])
    measure("POST /quizzes/{id}/attempts/ (10 questions)",
            lambda: call("post", f"/api/v1/quizzes/{timed.pk}/attempts/", next(starters), (200, 201))())  # fmt: skip
    attempt = QuizAttempt.objects.filter(quiz=timed, status="in-progress").first()
    measure("GET /attempts/{id}/ (in progress)", call("get", f"/api/v1/attempts/{attempt.pk}/", attempt.user))
    to_complete = []
    for _ in range(40):
        user = next(users)
        started, _ = services.quiz_attempt_start(quiz_id=timed.pk, user=user)
        for question_id in started.question_ids[:8]:
            option = started.quiz.questions.get(pk=question_id).options.order_by("id").first()
            services.quiz_answer_submit(
                attempt_id=started.pk, user=user, question_id=question_id, selected_option_ids=[option.pk]
            )
        to_complete.append(started)
    pending = iter(to_complete)

    def complete():
        current = next(pending)
        return call("post", f"/api/v1/attempts/{current.pk}/complete/", current.user)()

    measure("POST /attempts/{id}/complete/ (8 answers)", complete, runs=30)
    measure("GET /me/attempts/", call("get", "/api/v1/me/attempts/", busy))
    measure("GET /quizzes/{hot}/leaderboard/", call("get", f"/api/v1/quizzes/{hot.pk}/leaderboard/"))
    measure("GET /quizzes/{hot}/leaderboard/ (me far down)",
            call("get", f"/api/v1/quizzes/{hot.pk}/leaderboard/", deep_me))  # fmt: skip
    measure("GET /quizzes/{hot}/leaderboard/?page=200",
            call("get", f"/api/v1/quizzes/{hot.pk}/leaderboard/?page=200&page_size=100"))  # fmt: skip

    print("\n-- the cleanup job --")
    from datetime import timedelta

    from django.utils import timezone

    stale_users = [next(users) for _ in range(100)]
    for user in stale_users:
        services.quiz_attempt_start(quiz_id=timed.pk, user=user, now=timezone.now() - timedelta(hours=2))
    started = time.perf_counter()
    expired = services.quiz_attempts_expire()
    print(f"quiz_attempts_expire: {expired} attempts in {(time.perf_counter() - started) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the iwm_bench database")
    args = parser.parse_args()
    prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    print(f"database: {os.environ['DATABASE_URL']}")
    for label, seconds in fill().items():
        print(f"{label:<46} {seconds:8.2f} s")
    run_queries()
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        admin = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
        with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
