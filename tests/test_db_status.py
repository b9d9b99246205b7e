"""manage.py db_status: each section is there and shows what the database holds."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django_celery_beat.models import PeriodicTask

from iwm.db import partitions
from iwm.db.status import database_status
from social.models import Notification
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sections(out: str) -> dict[str, str]:
    """The output split at its headings (first words of each heading -> its lines)."""
    found, name = {}, "extensions"
    for line in out.splitlines():
        heading = re.match(r"^(Tables by size|Indexes by size|Partitions|Indexes never used|Slowest statements|Scheduled jobs)", line)
        if heading:
            name = heading.group(1)
        found[name] = found.get(name, "") + line + "\n"
    return found


def test_every_section_shows_what_the_database_holds(capsys):
    now = datetime.now(UTC)
    spec = partitions.spec_for("notifications")
    partitions.partitions_ensure(spec, now=now)
    user = UserFactory()
    for n in range(3):
        Notification.objects.create(user=user, type="system", title=f"n{n}", created_at=now)
    Notification.objects.create(user=user, type="system", title="far", created_at=datetime(2099, 1, 1, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX test_status_unused ON movies (overview)")
        cursor.execute("CREATE UNIQUE INDEX test_status_unique ON movies (external_id, overview)")
        cursor.execute("SELECT pg_sleep(0.3) AS iwm_status_probe")
    call_command("setup_periodic_tasks", verbosity=0)
    PeriodicTask.objects.filter(name="cleanup quiz attempts").update(enabled=False)
    capsys.readouterr()

    call_command("db_status", "--exact", "--top", "500")
    parts = sections(capsys.readouterr().out)

    assert re.search(r"^vector|^pg_trgm\s+required\s+enabled", parts["extensions"], re.M)
    movies = re.search(r"^\s+movies\s+(\S+ \S+)\s+(\S+ \S+)\s+(\S+ \S+)\s+(\S+)$", parts["Tables by size"], re.M)
    assert movies and movies.group(1) != "0 B"
    assert re.search(r"^\s+notifications \(partitioned\)", parts["Tables by size"], re.M)
    assert re.search(r"^\s+movies_title_trgm\s+movies\s+\d", parts["Indexes by size"], re.M)
    current = spec.partition_name(spec.period_start(now))
    start = spec.period_start(now)
    in_month = Notification.objects.filter(created_at__gte=start, created_at__lt=spec.next_start(start)).count()
    assert in_month >= 3  # the three above, and whatever the demo members' activity notified this month
    assert re.search(rf"^\s+{current}\s+\S+ \.\. \S+\s+{in_month:,}$", parts["Partitions"], re.M)
    assert re.search(r"^\s+notifications_default\s+DEFAULT\s+1\s+<- run `manage.py partitions --ensure`", parts["Partitions"], re.M)
    assert "test_status_unused" in parts["Indexes never used"]
    assert "test_status_unique" not in parts["Indexes never used"] and "_pkey" not in parts["Indexes never used"]
    if "pg_stat_statements" in database_status().preloaded:
        probe = re.search(r"^\s+(\d+\.\d)\s+1\s+\d+\s+SELECT pg_sleep\(\$1\) AS iwm_status_probe",
                          parts["Slowest statements"], re.M)  # fmt: skip
        assert probe and float(probe.group(1)) >= 300
    else:  # a server without the preload (the embedded one has it)
        assert "pg_stat_statements is not in shared_preload_libraries" in parts["Slowest statements"]
    assert re.search(r"^\s+partition maintenance\s+30 0 \* \* \*\s+beat\s", parts["Scheduled jobs"], re.M)
    assert re.search(r"^\s+cleanup quiz attempts\s+0 3 \* \* \*\s+beat \(paused\)", parts["Scheduled jobs"], re.M)
    assert re.search(r"^\s+backup\s+0 3 \* \* \*\s+beat\s", parts["Scheduled jobs"], re.M)
    assert re.search(r"^\s+pg_cron: ", parts["Scheduled jobs"], re.M)


def test_without_pg_stat_statements_the_section_says_so(capsys):
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_stat_statements")  # rolled back with the test
    call_command("db_status")
    part = sections(capsys.readouterr().out)["Slowest statements"]
    assert "pg_stat_statements is not enabled in this database" in part


def test_a_job_run_shows_as_the_last_run(capsys):
    from iwm.jobs import job_run

    call_command("setup_periodic_tasks", verbosity=0)
    job_run("vacuum and analyze", tables=("movies",))
    call_command("db_status")
    part = sections(capsys.readouterr().out)["Scheduled jobs"]
    assert re.search(r"vacuum and analyze\s+0 4 \* \* 1\s+beat\s+last: succeeded at \d{4}-\d\d-\d\d", part)
    assert re.search(r"cleanup notifications\s+0 2 \* \* \*\s+beat\s+never run", part)
