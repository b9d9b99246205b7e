"""The scheduled jobs: the schedule in django-celery-beat's tables, the runner's records and
locks, and each job's effect on the data it is given."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from iwm.db import partitions
from iwm.jobs import SCHEDULE, job_run
from iwm.jobs.runner import LOCK_NAMESPACE, lock_key, own_connection
from iwm.models import JobOutcome, JobRun
from social.models import Notification
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def schedule_in_database() -> dict:
    return {
        task.name: (
            " ".join([task.crontab.minute, task.crontab.hour, task.crontab.day_of_month,
                      task.crontab.month_of_year, task.crontab.day_of_week]),
            task.enabled, str(task.crontab.timezone), task.task, json.loads(task.kwargs), task.queue,
        )  # fmt: skip
        for task in PeriodicTask.objects.filter(task="iwm.run_job").select_related("crontab")
    }


EXPECTED = {job.name: (job.crontab, True, "UTC", "iwm.run_job", {"job": job.name}, job.queue) for job in SCHEDULE}


def test_the_schedule_in_the_database_equals_the_table_once_and_twice():
    call_command("setup_periodic_tasks")
    assert schedule_in_database() == EXPECTED
    call_command("setup_periodic_tasks")
    assert schedule_in_database() == EXPECTED
    assert PeriodicTask.objects.filter(task="iwm.run_job").count() == len(SCHEDULE)


def test_a_changed_crontab_is_restored_and_an_admins_pause_is_kept(capsys):
    call_command("setup_periodic_tasks")
    first = SCHEDULE[0].name
    task = PeriodicTask.objects.get(name=first)
    task.enabled = False
    task.save()
    task.crontab.minute = "59"
    task.crontab.save()
    PeriodicTask.objects.create(name="a job that no longer exists", task="iwm.run_job", kwargs="{}",
                                crontab=task.crontab)  # fmt: skip
    capsys.readouterr()
    call_command("setup_periodic_tasks")
    out = capsys.readouterr().out
    assert "removed: a job that no longer exists" in out
    expected = dict(EXPECTED)
    crontab, _, *rest = expected[first]
    expected[first] = (crontab, False, *rest)
    assert schedule_in_database() == expected


def test_a_run_is_recorded_with_its_rows_and_outcome():
    notification = Notification.objects.create(user=UserFactory(), type="system", title="old", created_at=datetime(2020, 1, 5, tzinfo=UTC))
    run = job_run("partition maintenance")
    assert run.outcome == JobOutcome.SUCCEEDED and run.finished_at >= run.started_at
    assert run.rows_affected >= 1 and "notifications_m2020_01" in run.detail["created"]
    assert run.detail["moved_out_of_default"] == 1
    assert not Notification.objects.filter(pk=notification.pk).exists()  # then dropped: past retention
    assert "notifications_m2020_01" in run.detail["dropped"]


def test_a_failure_is_recorded_and_raised(monkeypatch):
    from iwm.jobs import maintenance

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(maintenance, "vacuum_analyze", broken)
    with pytest.raises(RuntimeError):
        job_run("vacuum and analyze")
    run = JobRun.objects.get(job="vacuum and analyze")
    assert run.outcome == JobOutcome.FAILED and "disk full" in run.error and run.finished_at


def test_a_second_run_while_one_holds_the_lock_is_skipped():
    with own_connection() as other:
        assert other.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, lock_key("vacuum and analyze")]
        ).fetchone()[0]
        run = job_run("vacuum and analyze")
    assert run.outcome == JobOutcome.SKIPPED
    assert job_run("vacuum and analyze").outcome == JobOutcome.SUCCEEDED  # the lock went with the connection


def test_a_run_left_running_by_a_dead_worker_is_marked_abandoned():
    from django.utils import timezone

    stale = JobRun.objects.create(job="vacuum and analyze", started_at=timezone.now())
    job_run("vacuum and analyze")
    stale.refresh_from_db()
    assert stale.outcome == JobOutcome.ABANDONED and stale.finished_at


def test_notifications_cleanup_drops_whole_months_past_retention(settings):
    settings.NOTIFICATION_RETENTION_MONTHS = 6
    user = UserFactory()
    old = Notification.objects.create(user=user, type="system", title="old", created_at=datetime(2021, 3, 1, tzinfo=UTC))
    fresh = Notification.objects.create(user=user, type="system", title="new")
    partitions.partitions_ensure(partitions.spec_for("notifications"))
    run = job_run("cleanup notifications")
    assert run.rows_affected == 1 and "notifications_m2021_03" in run.detail["dropped"]
    assert not Notification.objects.filter(pk=old.pk).exists() and Notification.objects.filter(pk=fresh.pk).exists()


def test_vacuum_analyze_runs_outside_a_transaction():
    run = job_run("vacuum and analyze")
    assert run.outcome == JobOutcome.SUCCEEDED
    assert "movies" in run.detail["tables"] and "notifications" in run.detail["tables"]


def test_cleanup_quiz_attempts_expires_stale_attempts():
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.models import QuizAttempt
    from quizzes.services import quiz_attempt_start
    from quizzes.tests.factories import quiz_with_questions

    quiz = quiz_with_questions(is_published=True)
    stale, _ = quiz_attempt_start(quiz_id=quiz.pk, user=UserFactory(), now=timezone.now() - timedelta(days=3))
    fresh, _ = quiz_attempt_start(quiz_id=quiz.pk, user=UserFactory())
    run = job_run("cleanup quiz attempts")
    assert run.outcome == JobOutcome.SUCCEEDED and run.rows_affected == 1
    assert QuizAttempt.objects.get(pk=stale.pk).status == "expired"
    assert QuizAttempt.objects.get(pk=fresh.pk).status == "in-progress"


def test_update_trending_topics_counts_recent_hashtags():
    from django.utils import timezone

    from social.models import TrendingTopic
    from social.services.pulses import pulse_create

    author = UserFactory()
    for _ in range(3):
        pulse_create(user=author, content_text="Rewatching #Zardoz tonight", created_at=timezone.now())
    run = job_run("update trending topics")
    assert run.outcome == JobOutcome.SUCCEEDED and run.rows_affected >= 1
    zardoz = TrendingTopic.objects.get(tag="zardoz", window_label="24h")
    assert zardoz.count == 3


def test_cleanup_pulses_deletes_only_old_pulses_nobody_engaged_with(settings):
    from datetime import timedelta

    from django.utils import timezone

    from social.models import Pulse
    from social.services.pulses import pulse_create, pulse_react

    settings.PULSE_CLEANUP_DAYS = 365
    author, fan = UserFactory(), UserFactory()
    long_ago = timezone.now() - timedelta(days=500)
    ignored = pulse_create(user=author, content_text="nobody saw this", created_at=long_ago)
    loved = pulse_create(user=author, content_text="everybody loved this", created_at=long_ago)
    pulse_react(user=fan, pulse=loved, kind="love")
    recent = pulse_create(user=author, content_text="fresh and quiet")
    partitions.partitions_ensure(partitions.spec_for("pulses"))
    run = job_run("cleanup pulses")
    assert run.rows_affected == 1
    remaining = set(Pulse.objects.values_list("pk", flat=True))
    assert ignored.pk not in remaining and {loved.pk, recent.pk} <= remaining
    assert job_run("cleanup pulses").rows_affected == 0


def test_update_casting_calls_closes_calls_past_their_deadline():
    from datetime import timedelta

    from django.utils import timezone

    from talent.models import CastingCall
    from talent.tests.factories import CastingCallFactory

    now = timezone.now()
    expired = CastingCallFactory(posted_date=now - timedelta(days=9), submission_deadline=now - timedelta(minutes=5))
    current = CastingCallFactory()
    run = job_run("update casting calls")
    assert run.outcome == JobOutcome.SUCCEEDED and run.rows_affected >= 1
    assert CastingCall.objects.get(pk=expired.pk).status == "closed"
    assert CastingCall.objects.get(pk=current.pk).status == "active"
    assert job_run("update casting calls").rows_affected == 0


def test_update_engagement_scores_recomputes_from_votes_and_comments():
    from movies.models import Review
    from movies.services.reviews import review_comment_create, review_vote
    from movies.tests.factories import ReviewFactory

    review, old = ReviewFactory(), ReviewFactory(created_at=datetime(2019, 3, 1, tzinfo=UTC))
    for helpful in (True, True, False):
        review_vote(user=UserFactory(), review=review, helpful=helpful)
    review_comment_create(user=UserFactory(), review=review, content="yes")
    review_vote(user=UserFactory(), review=old, helpful=False)
    run = job_run("update engagement scores")
    assert run.outcome == JobOutcome.SUCCEEDED and run.rows_affected >= 2
    assert Review.objects.get(pk=review.pk).engagement_score == 2 + 0.5 + 2
    assert Review.objects.get(pk=old.pk).engagement_score == 0.5
    assert job_run("update engagement scores").rows_affected == 0  # nothing left to change


def test_update_movie_stats_repairs_drifted_counters_and_scores():
    from decimal import Decimal

    from django.db import connection

    from movies.models import Movie, Review
    from movies.selectors.review_counters import review_counter_mismatches
    from movies.services.reviews import review_vote
    from movies.tests.factories import MovieFactory, ReviewFactory

    movie = MovieFactory()
    review = ReviewFactory(movie=movie, rating=8)
    ReviewFactory(movie=movie, rating=5)
    review_vote(user=UserFactory(), review=review, helpful=True)
    job_run("update movie stats")  # the rest of the test database, set right first
    with connection.cursor() as cursor:
        cursor.execute("UPDATE movies SET siddu_score = 1, review_count = 9 WHERE id = %s", [movie.pk])
        cursor.execute("UPDATE reviews SET helpful_votes = 4, comment_count = 2 WHERE id = %s", [review.pk])
    assert review_counter_mismatches() != {"reviews": [], "movies": []}
    run = job_run("update movie stats")
    assert run.outcome == JobOutcome.SUCCEEDED and run.rows_affected == 2
    assert Movie.objects.filter(pk=movie.pk).values_list("siddu_score", "review_count").get() == (Decimal("6.5"), 2)
    assert Review.objects.filter(pk=review.pk).values_list("helpful_votes", "comment_count").get() == (1, 0)
    assert review_counter_mismatches() == {"reviews": [], "movies": []}
