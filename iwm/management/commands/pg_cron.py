from django.core.management.base import BaseCommand, CommandError

from iwm.ops.pg_cron import PgCronError, job_schedulers, pg_cron_install, pg_cron_remove, pg_cron_state


class Command(BaseCommand):
    help = (
        "Run the pure-SQL scheduled jobs (partition maintenance, notification cleanup, VACUUM) from "
        "pg_cron instead of Celery beat: --install schedules them in pg_cron on the same crontabs and "
        "pauses their beat tasks; --remove unschedules them and resumes beat. Without an option, shows "
        "which scheduler runs each job."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--install", action="store_true", help="Schedule the SQL jobs in pg_cron; pause them in beat.")
        action.add_argument("--remove", action="store_true", help="Unschedule IWM's pg_cron jobs; resume them in beat.")

    def handle(self, *args, install, remove, **options):
        try:
            if install:
                result = pg_cron_install()
            elif remove:
                result = pg_cron_remove()
            else:
                result = None
        except PgCronError as exc:
            raise CommandError(str(exc)) from exc
        if result is not None:
            for label, names in (("scheduled in pg_cron", result.scheduled), ("paused in beat", result.beat_paused),
                                 ("unscheduled from pg_cron", result.unscheduled),
                                 ("resumed in beat", result.beat_resumed),
                                 ("stay on beat (not pure SQL)", result.on_beat)):  # fmt: skip
                if names:
                    self.stdout.write(f"{label}: {', '.join(names)}")
        else:
            problem = pg_cron_state().problem()
            self.stdout.write(f"pg_cron: {problem or 'available in this database'}")
        for job in job_schedulers():
            style = self.style.ERROR if job.conflict else (lambda text: text)
            self.stdout.write(style(f"  {job.name:<26} {job.crontab:<12} {job.scheduler}"))
