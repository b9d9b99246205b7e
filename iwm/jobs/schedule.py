"""The schedule in django-celery-beat's tables, written from iwm.jobs.SCHEDULE."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

TASK = "iwm.run_job"


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"{label}: {', '.join(names)}"
            for label, names in (("created", self.created), ("updated", self.updated),
                                 ("unchanged", self.unchanged), ("removed", self.removed))
            if names
        ]  # fmt: skip


def crontab_for(expression: str) -> CrontabSchedule:
    minute, hour, day_of_month, month_of_year, day_of_week = expression.split()
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
        day_of_week=day_of_week, timezone="UTC",
    )  # fmt: skip
    return schedule


@transaction.atomic
def periodic_tasks_sync() -> SyncResult:
    from iwm.jobs import SCHEDULE

    result = SyncResult()
    wanted = {job.name for job in SCHEDULE}
    for job in SCHEDULE:
        crontab = crontab_for(job.crontab)
        kwargs = json.dumps({"job": job.name})
        task = PeriodicTask.objects.select_for_update().filter(name=job.name).first()
        if task is None:
            PeriodicTask.objects.create(
                name=job.name, task=TASK, crontab=crontab, kwargs=kwargs, queue=job.queue,
                description=job.description, enabled=True,
            )  # fmt: skip
            result.created.append(job.name)
            continue
        desired = {"task": TASK, "crontab": crontab, "kwargs": kwargs, "queue": job.queue, "description": job.description,
                   "interval": None, "solar": None, "clocked": None}  # fmt: skip
        changed = [name for name, value in desired.items() if getattr(task, name) != value]
        if changed:
            for name in changed:
                setattr(task, name, desired[name])
            task.save()  # `enabled` is left alone: an admin's pause stays
            result.updated.append(job.name)
        else:
            result.unchanged.append(job.name)
    stale = PeriodicTask.objects.filter(task=TASK).exclude(name__in=wanted)
    result.removed = sorted(stale.values_list("name", flat=True))
    stale.delete()
    return result
