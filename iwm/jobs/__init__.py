"""The scheduled jobs: one table of what runs when, and one runner.

Each job is a service function somewhere in an app (testable without Celery) that returns the
number of rows it affected, or a dict with "rows" and any details worth keeping. `job_run(name)`
runs one: it takes a PostgreSQL advisory lock named after the job (so two runs at once, from
two workers or beat and an admin's "run now", never overlap: the second is recorded as
skipped), records a `job_runs` row (start, end, rows, outcome, error), and re-raises a failure
so the Celery task can retry it. The Celery task (iwm.tasks.run_job) is a thin wrapper, and
django-celery-beat's database scheduler fires it on the crontabs below, which
`manage.py setup_periodic_tasks` writes (the same times as the platform's pg_cron plan).

A job whose whole work is SQL may also name, in `pg_cron`, a function returning that SQL: where
the server has pg_cron, `manage.py pg_cron --install` schedules it there instead of in beat
(iwm/ops/pg_cron.py). Leave it empty for jobs that need Python or a program.
"""

from __future__ import annotations

from dataclasses import dataclass

from iwm.jobs.runner import job_run  # noqa: F401  (the public entry point)


@dataclass(frozen=True)
class Job:
    name: str
    crontab: str  # minute hour day-of-month month day-of-week, UTC
    service: str  # dotted path of the function to call
    description: str
    queue: str = "maintenance"
    # Where the job is pure SQL: the dotted path of a function returning the SQL command that
    # pg_cron runs instead of beat (`manage.py pg_cron --install`); empty for jobs that need
    # Python (or a program such as pg_dump). See iwm/ops/pg_cron.py.
    pg_cron: str = ""


SCHEDULE: tuple[Job, ...] = (
    Job(
        "update trending topics",
        "0 0 * * *",
        "social.services.cleanup.trending_topics_job",
        "Recount the hashtags of recent visible pulses into trending_topics for the 24h, 7d and 30d windows.",
    ),
    Job(
        "cleanup pulses",
        "0 3 * * 0",
        "social.services.cleanup.pulses_cleanup",
        "Delete pulses older than PULSE_CLEANUP_DAYS with no reactions, comments or shares, one monthly "
        "partition per statement.",
    ),
    Job(
        "partition maintenance",
        "30 0 * * *",
        "iwm.jobs.maintenance.partitions_maintain",
        "Create the partitions of the coming periods for every time-partitioned table, move any rows "
        "out of DEFAULT, and detach and drop partitions wholly past their table's retention.",
        pg_cron="iwm.jobs.maintenance.partitions_maintain_sql",
    ),
    Job(
        "cleanup notifications",
        "0 2 * * *",
        "iwm.jobs.maintenance.notifications_cleanup",
        "Drop the monthly partitions of notifications past NOTIFICATION_RETENTION_MONTHS (a whole month at "
        "a time, never row by row).",
        pg_cron="iwm.jobs.maintenance.notifications_cleanup_sql",
    ),
    Job(
        "cleanup quiz attempts",
        "0 3 * * *",
        "quizzes.services.quiz_attempts_expire",
        "Expire in-progress quiz attempts past their time limit or older than QUIZ_ATTEMPT_MAX_AGE_HOURS, "
        "scoring them from the answers given in time.",
    ),
    Job(
        "update casting calls",
        "0 * * * *",
        "talent.services.casting_calls_close_expired",
        "Close the active casting calls whose submission deadline has passed.",
    ),
    Job(
        "vacuum and analyze",
        "0 4 * * 1",
        "iwm.jobs.maintenance.vacuum_analyze",
        "VACUUM (ANALYZE) the busy tables, outside any transaction.",
        pg_cron="iwm.jobs.maintenance.vacuum_analyze_sql",
    ),
    Job(
        "lift suspensions",
        "15 * * * *",
        "moderation.services.suspensions_lift_expired",
        "Reactivate members whose suspension has ended (admin_user_meta.suspended_until passed), with an "
        "audit row and a notification each.",
    ),
    Job(
        "update admin metrics",
        "0 * * * *",
        "moderation.services.admin_metrics_snapshot_job",
        "Write one admin_metric_snapshots row (users, active users in 24 h, reviews, pulses, pending moderation, "
        "oldest pending item's age) for the admin's dashboard.",
    ),
    Job(
        "generate reports",
        "0 6 * * *",
        "moderation.services.daily_report_job",
        "Write (or rewrite) the daily_reports row for yesterday (UTC): sign-ups, pulses, reports, moderation "
        "actions by kind.",
    ),
    Job(
        "backup",
        "0 3 * * *",
        "iwm.ops.backup.backup_job",
        "pg_dump the whole database (custom format) into BACKUP_DIR and keep the newest BACKUP_KEEP backups.",
    ),
    Job(
        "update engagement scores",
        "0 1 * * *",
        "movies.services.review_jobs.review_engagement_update",
        "Recompute reviews.engagement_score (helpful + 0.5 x unhelpful votes + 2 x visible comments) from the "
        "vote and comment rows, one yearly partition per statement.",
    ),
    Job(
        "update movie stats",
        "0 5 * * *",
        "movies.services.review_jobs.movie_stats_update",
        "Recompute the reviews' helpful/unhelpful/comment counters from the rows (one partition per "
        "statement) and every movie's siddu_score and review_count from its visible reviews.",
    ),
)

BY_NAME = {job.name: job for job in SCHEDULE}


def job_named(name: str) -> Job:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no job named {name!r}; jobs: {', '.join(BY_NAME)}") from None
