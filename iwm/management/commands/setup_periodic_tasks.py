from django.core.management.base import BaseCommand

from iwm.jobs.schedule import periodic_tasks_sync


class Command(BaseCommand):
    help = (
        "Write the schedule of the scheduled jobs into django-celery-beat's tables (idempotent): one "
        "periodic task per job on its crontab (UTC). Running it again restores a changed crontab and "
        "removes jobs no longer in the schedule, and keeps an admin's pause."
    )

    def handle(self, *args, **options):
        result = periodic_tasks_sync()
        for line in result.lines():
            self.stdout.write(line)
