"""pg_cron: `manage.py pg_cron --install` hands the pure-SQL jobs to pg_cron and pauses them in
beat; `--remove` gives them back. The tests that need pg_cron skip, saying why, on a server
without it (the embedded one); run them against a PostgreSQL with pg_cron preloaded whose
cron.database_name is the test database (docs/operations.md, "pg_cron")."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.module_loading import import_string
from django_celery_beat.models import PeriodicTask

from iwm.jobs import SCHEDULE, job_run
from iwm.models import JobOutcome
from iwm.ops.backup import backup_create
from iwm.ops.clients import Target, find_client
from iwm.ops.pg_cron import cron_jobs, job_schedulers, pg_cron_remove, pg_cron_state
from iwm.ops.restore import backup_restore
from tests.test_backup_restore import scratch_database  # noqa: F401  (fixture)

SQL_JOBS = {job.name for job in SCHEDULE if job.pg_cron}
OTHER_JOBS = {job.name for job in SCHEDULE} - SQL_JOBS


def require_pg_cron():
    problem = pg_cron_state().problem()
    if problem:
        pytest.skip(f"needs pg_cron in this database: {problem}")


def beat_enabled() -> dict[str, bool]:
    return dict(PeriodicTask.objects.filter(task="iwm.run_job").values_list("name", "enabled"))


def test_the_sql_jobs_are_the_pure_sql_ones():
    assert SQL_JOBS == {"partition maintenance", "cleanup notifications", "vacuum and analyze"}
    assert {"backup", "cleanup quiz attempts", "update casting calls"} <= OTHER_JOBS


@pytest.mark.django_db
def test_without_pg_cron_install_refuses_and_says_why():
    state = pg_cron_state()
    if state.problem() is None:
        pytest.skip("this server has pg_cron in the test database")
    call_command("setup_periodic_tasks", verbosity=0)
    with pytest.raises(CommandError, match="pg_cron"):
        call_command("pg_cron", "--install")
    assert all(beat_enabled().values())  # nothing paused
    assert {job.scheduler for job in job_schedulers()} == {"beat"}


@pytest.mark.django_db
def test_install_schedules_the_sql_jobs_pauses_beat_and_remove_gives_them_back(capsys):
    require_pg_cron()
    call_command("setup_periodic_tasks", verbosity=0)
    call_command("pg_cron", "--install")
    out = capsys.readouterr().out
    assert "scheduled in pg_cron: partition maintenance, cleanup notifications, vacuum and analyze" in out
    on_beat = ", ".join(job.name for job in SCHEDULE if not job.pg_cron)
    assert f"stay on beat (not pure SQL): {on_beat}" in out

    jobs = cron_jobs()
    assert set(jobs) == SQL_JOBS
    for job in SCHEDULE:
        if job.pg_cron:
            assert jobs[job.name].schedule == job.crontab and jobs[job.name].active
            assert jobs[job.name].command == import_string(job.pg_cron)()
    enabled = beat_enabled()
    assert {name for name, on in enabled.items() if not on} == SQL_JOBS
    assert all(enabled[name] for name in OTHER_JOBS)

    # Beat (or an admin's "run now") firing a job pg_cron runs does nothing but say so.
    run = job_run("cleanup notifications")
    assert run.outcome == JobOutcome.SKIPPED and "pg_cron runs this job" in run.detail["reason"]

    call_command("db_status")
    status = capsys.readouterr().out
    assert re.search(r"partition maintenance\s+30 0 \* \* \*\s+pg_cron\s", status)
    assert re.search(r"vacuum and analyze\s+0 4 \* \* 1\s+pg_cron\s", status)
    assert re.search(r"backup\s+0 3 \* \* \*\s+beat\s", status)

    # Idempotent: again, the same jobs (updated in place), nothing doubled.
    ids = {name: job.jobid for name, job in jobs.items()}
    call_command("pg_cron", "--install")
    assert {name: job.jobid for name, job in cron_jobs().items()} == ids

    # A beat task an admin resumes by mistake: db_status shows the job would run twice.
    PeriodicTask.objects.filter(name="cleanup notifications").update(enabled=True)
    assert {j.name: j.scheduler for j in job_schedulers()}["cleanup notifications"] == "beat AND pg_cron"

    call_command("pg_cron", "--remove")
    out = capsys.readouterr().out
    assert "unscheduled from pg_cron" in out and "resumed in beat" in out
    assert cron_jobs() == {}
    assert all(beat_enabled().values())
    assert {job.scheduler for job in job_schedulers()} == {"beat"}


@pytest.mark.django_db(transaction=True)
def test_pg_cron_runs_the_installed_jobs_for_real():
    """Committed, as pg_cron's scheduler reads it: the partition job and the VACUUM job are
    moved to every minute and must both succeed in pg_cron's own record of runs."""
    require_pg_cron()
    call_command("setup_periodic_tasks", verbosity=0)
    try:
        call_command("pg_cron", "--install")
        jobs = cron_jobs()
        watched = [jobs["partition maintenance"].jobid, jobs["vacuum and analyze"].jobid]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_cron launcher'")
            assert cursor.fetchone()[0] == 1, "pg_cron's scheduler is not running (it stops when its database is dropped): restart PostgreSQL"
            for jobid in watched:
                cursor.execute("SELECT cron.alter_job(%s, schedule := '* * * * *')", [jobid])
        deadline, finished = time.monotonic() + 150, {}
        while time.monotonic() < deadline and len(finished) < len(watched):
            time.sleep(2)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT jobid, status, return_message FROM cron.job_run_details "
                    "WHERE jobid = ANY(%s) AND status IN ('succeeded', 'failed')",
                    [watched],
                )
                finished = {jobid: (status, message) for jobid, status, message in cursor.fetchall()}
        assert len(finished) == len(watched), f"pg_cron ran {finished} within 150 s"
        assert {status for status, _ in finished.values()} == {"succeeded"}, finished
        assert finished[watched[1]][1] == "VACUUM"
        last = {job.name: job.last_run for job in job_schedulers()}
        assert last["partition maintenance"].startswith("succeeded at ")
    finally:
        pg_cron_remove()
    assert cron_jobs() == {}


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_pg_cron_database_restores_into_another_database_without_pg_cron(tmp_path, scratch_database):
    """pg_cron exists in one database per server: the backup leaves it (and its job table) out,
    so the restore into another database works and never copies the schedule."""
    require_pg_cron()
    try:
        call_command("pg_cron", "--install")  # committed: pg_dump sees cron.job's rows
        backup = backup_create(folder=tmp_path)
    finally:
        pg_cron_remove()
    listing = subprocess.run([str(find_client("pg_restore", server_major=pg_cron_state().server_major,
                                              server_version="").path), "--list", str(backup.path)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "pg_cron" not in listing and " cron " not in listing
    assert "EXTENSION - pg_trgm" in listing
    target = scratch_database()
    restored = backup_restore(backup.path, target_db=target)
    assert "movies" in restored.tables and not any(name.startswith("cron.") for name in restored.tables)
    with Target.from_settings(dbname=target).connect(autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'").fetchone()[0] == 0
        # The jobs pg_cron ran arrive paused in beat: db_status there says "beat (paused)".
        paused = conn.execute("SELECT name FROM django_celery_beat_periodictask WHERE NOT enabled ORDER BY name").fetchall()
    assert {name for (name,) in paused} == SQL_JOBS


@pytest.mark.django_db
def test_a_plain_pg_dump_archive_with_pg_cron_restores_without_it(tmp_path, scratch_database):
    """An archive made elsewhere with plain pg_dump (pg_cron included): the restore leaves
    pg_cron's entries out and says so."""
    require_pg_cron()
    state = pg_cron_state()
    target = Target.from_settings()
    archive = tmp_path / "foreign.dump"
    pg_dump = find_client("pg_dump", server_major=state.server_major, server_version="")
    subprocess.run([str(pg_dump.path), "--format=c", f"--file={archive}"], env=target.environ(), check=True)
    restored = backup_restore(archive, target_db=scratch_database())
    assert "EXTENSION - pg_cron" in restored.skipped and "TABLE DATA cron job postgres" in " ".join(restored.skipped)
    assert "movies" in restored.tables


@pytest.mark.django_db
def test_the_command_without_options_says_who_runs_each_job(capsys):
    call_command("setup_periodic_tasks", verbosity=0)
    capsys.readouterr()
    call_command("pg_cron")
    out = capsys.readouterr().out
    problem = pg_cron_state().problem()
    assert f"pg_cron: {problem or 'available in this database'}" in out
    for job in SCHEDULE:
        assert re.search(rf"^\s+{job.name}\s+{re.escape(job.crontab)}\s+beat$", out, re.M)
