"""Running the pure-SQL jobs from pg_cron instead of Celery beat, where the server has pg_cron.

`pg_cron_install()` schedules, in pg_cron, every job of iwm.jobs.SCHEDULE that has a
`pg_cron` command (on the same crontab, UTC), and pauses that job's beat periodic task, so
one job never runs from both; `pg_cron_remove()` unschedules them and turns the beat tasks
back on. The runner refuses too (iwm.jobs.runner): a job that pg_cron runs is recorded as
skipped if beat or an admin's "run now" fires it.

Which jobs: the ones whose work is SQL alone.

* partition maintenance and cleanup notifications call iwm_partitions_ensure/_prune
  (migration iwm.0005), plpgsql twins of iwm.db.partitions;
* vacuum and analyze is one `VACUUM (ANALYZE) t1, t2, ...` statement, which pg_cron runs
  outside a transaction block as VACUUM requires (no function could: VACUUM cannot run inside
  one).

The rest stay on beat: quiz attempts are scored by Python code, and the backup runs pg_dump,
a program, which SQL cannot start.

pg_cron keeps its own record of runs (cron.job_run_details; `db_status` shows each job's last),
not the job_runs table. Its jobs are named "iwm: <job name>". pg_cron lives in one database per
server (cron.database_name), which must be IWM's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.module_loading import import_string

JOB_PREFIX = "iwm: "


class PgCronError(RuntimeError):
    pass


@dataclass
class PgCronState:
    server_major: int
    available: bool  # the server has pg_cron's files
    preloaded: bool  # shared_preload_libraries has it
    installed: bool  # CREATE EXTENSION pg_cron ran in this database
    database_name: str | None  # cron.database_name (known once preloaded)
    current_database: str

    def problem(self) -> str | None:
        """Why pg_cron cannot run IWM's jobs on this database, or None."""
        if not self.available:
            return (f"pg_cron is not installed on this PostgreSQL {self.server_major} server "
                    f"(Debian/Ubuntu: apt install postgresql-{self.server_major}-cron)")  # fmt: skip
        if not self.preloaded:
            return ("pg_cron is installed but not preloaded: add it to shared_preload_libraries "
                    "(keeping pg_stat_statements) and restart PostgreSQL")  # fmt: skip
        if self.database_name != self.current_database:
            return (f"pg_cron runs in database {self.database_name!r} (cron.database_name), not in "
                    f"{self.current_database!r}: set cron.database_name = '{self.current_database}' and restart")  # fmt: skip
        return None


def pg_cron_state() -> PgCronState:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT current_setting('server_version_num')::int / 10000,
                   EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron'),
                   'pg_cron' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')),
                   EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron'),
                   current_setting('cron.database_name', true),
                   current_database()
            """
        )
        return PgCronState(*cursor.fetchone())


@dataclass
class CronJob:
    jobid: int
    name: str  # the IWM job's name (without the prefix)
    schedule: str
    command: str
    active: bool


def cron_jobs() -> dict[str, CronJob]:
    """IWM's jobs in pg_cron, by job name ({} where pg_cron is not installed here)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('cron.job') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute(
            "SELECT jobid, jobname, schedule, command, active FROM cron.job WHERE jobname LIKE %s ORDER BY jobid",
            [JOB_PREFIX + "%"],
        )
        return {
            name.removeprefix(JOB_PREFIX): CronJob(jobid, name.removeprefix(JOB_PREFIX), schedule, command, active)
            for jobid, name, schedule, command, active in cursor.fetchall()
        }


def runs_on_pg_cron(job_name: str) -> bool:
    job = cron_jobs().get(job_name)
    return bool(job and job.active)


@dataclass
class InstallResult:
    scheduled: list[str] = field(default_factory=list)  # now run by pg_cron
    beat_paused: list[str] = field(default_factory=list)
    on_beat: list[str] = field(default_factory=list)  # not pure SQL: stay on beat
    unscheduled: list[str] = field(default_factory=list)  # pg_cron jobs removed (--remove, or no longer SQL)
    beat_resumed: list[str] = field(default_factory=list)


def _set_beat_enabled(names: list[str], enabled: bool) -> list[str]:
    from django_celery_beat.models import PeriodicTask, PeriodicTasks

    changed = list(PeriodicTask.objects.filter(name__in=names).exclude(enabled=enabled).values_list("name", flat=True))
    PeriodicTask.objects.filter(name__in=changed).update(enabled=enabled)
    if changed:
        PeriodicTasks.update_changed()  # a queryset update sends no signal: tell beat to reload
    return sorted(changed)


def _unschedule(cursor, names: list[str]) -> None:
    for name in names:
        cursor.execute("SELECT cron.unschedule(%s)", [JOB_PREFIX + name])


@transaction.atomic
def pg_cron_install() -> InstallResult:
    """Schedule the SQL jobs in pg_cron and pause their beat tasks (idempotent: running it
    again rewrites the commands, e.g. after a retention setting changed)."""
    from iwm.jobs import SCHEDULE
    from iwm.jobs.schedule import periodic_tasks_sync

    state = pg_cron_state()
    problem = state.problem()
    if problem:
        raise PgCronError(problem)
    result = InstallResult()
    periodic_tasks_sync()  # the beat rows exist, so that the ones pg_cron takes over can be paused
    with connection.cursor() as cursor:
        if not state.installed:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
        existing = cron_jobs()
        for job in SCHEDULE:
            if not job.pg_cron:
                result.on_beat.append(job.name)
                continue
            command = import_string(job.pg_cron)()
            cursor.execute("SELECT cron.schedule(%s, %s, %s)", [JOB_PREFIX + job.name, job.crontab, command])
            result.scheduled.append(job.name)
        stale = sorted(set(existing) - set(result.scheduled))
        _unschedule(cursor, stale)
    result.unscheduled = stale
    result.beat_paused = _set_beat_enabled(result.scheduled, False)
    result.beat_resumed = _set_beat_enabled(stale, True)
    return result


@transaction.atomic
def pg_cron_remove() -> InstallResult:
    """Unschedule IWM's pg_cron jobs and turn their beat tasks back on. The extension stays."""
    result = InstallResult()
    existing = cron_jobs()
    with connection.cursor() as cursor:
        _unschedule(cursor, sorted(existing))
    result.unscheduled = sorted(existing)
    result.beat_resumed = _set_beat_enabled(result.unscheduled, True)
    return result


# --- who runs what (db_status) --------------------------------------------------------------------


@dataclass
class JobScheduler:
    name: str
    crontab: str
    scheduler: str  # "beat", "beat (paused)", "pg_cron", "pg_cron (inactive)", "beat AND pg_cron", "not scheduled"
    last_run: str  # "" if never

    @property
    def conflict(self) -> bool:
        return self.scheduler == "beat AND pg_cron"


def job_schedulers() -> list[JobScheduler]:
    from django_celery_beat.models import PeriodicTask

    from iwm.jobs import SCHEDULE
    from iwm.models import JobRun

    beat = {task.name: task.enabled for task in PeriodicTask.objects.filter(name__in=[j.name for j in SCHEDULE])}
    cron = cron_jobs()
    cron_last = _cron_last_runs([job.jobid for job in cron.values()])
    found = []
    for job in SCHEDULE:
        on_beat, on_cron = beat.get(job.name), cron.get(job.name)
        if on_beat and on_cron and on_cron.active:
            scheduler = "beat AND pg_cron"
        elif on_cron:
            scheduler = "pg_cron" if on_cron.active else "pg_cron (inactive)"
        elif on_beat is None:
            scheduler = "not scheduled"
        else:
            scheduler = "beat" if on_beat else "beat (paused)"
        if on_cron:
            last = cron_last.get(on_cron.jobid, "")
        else:
            run = JobRun.objects.filter(job=job.name).order_by("-started_at", "-id").only("outcome", "started_at").first()
            last = f"{run.outcome} at {run.started_at:%Y-%m-%d %H:%M} UTC" if run else ""
        found.append(JobScheduler(job.name, job.crontab, scheduler, last))
    return found


def _cron_last_runs(jobids: list[int]) -> dict[int, str]:
    if not jobids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('cron.job_run_details') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute(
            """
            SELECT DISTINCT ON (jobid) jobid, status, start_time, left(coalesce(return_message, ''), 80)
            FROM cron.job_run_details WHERE jobid = ANY(%s) ORDER BY jobid, runid DESC
            """,
            [jobids],
        )
        return {
            jobid: f"{status} at {start:%Y-%m-%d %H:%M} UTC" + (f" ({message})" if status == "failed" else "")
            for jobid, status, start, message in cursor.fetchall()
        }
