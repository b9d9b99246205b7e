"""The SQL twins of the partition service (migration iwm.0005), which pg_cron runs: the same
partitions, names, bounds and moved rows as iwm.db.partitions, and the commands pg_cron is
given are valid and do the job's work on this server, pg_cron or not."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from iwm.db import partitions
from iwm.jobs import maintenance
from iwm.jobs.runner import own_connection
from social.models import Notification
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def state(spec) -> list[tuple]:
    return [(p.name, p.start, p.end, p.rows) for p in partitions.partitions_of(spec, exact_counts=True)]


def sql_json(statement: str, params: list) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        value = cursor.fetchone()[0]
    return value if isinstance(value, dict) else json.loads(value)


@pytest.fixture
def stranded_rows():
    """Notifications in DEFAULT: no partition for 2019 and 2020 exists yet."""
    user = UserFactory()
    return [
        Notification.objects.create(user=user, type="system", title=f"old {n}", created_at=moment)
        for n, moment in enumerate([datetime(2019, 6, 3, tzinfo=UTC), datetime(2019, 6, 30, 23, 59, tzinfo=UTC),
                                    datetime(2020, 2, 1, tzinfo=UTC), NOW])  # fmt: skip
    ]


@pytest.fixture
def referring_row(stranded_rows):
    """One stranded notification referred to by a composite foreign key with ON DELETE CASCADE,
    as tables referring to partitioned ones do (moving it must not cascade)."""
    rows = stranded_rows
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE test_notification_refs (id serial PRIMARY KEY, notification_id bigint NOT NULL, "
            "notification_created_at timestamptz NOT NULL, CONSTRAINT test_notification_refs_fk "
            "FOREIGN KEY (notification_id, notification_created_at) REFERENCES notifications (id, created_at) "
            "ON DELETE CASCADE)"
        )
        cursor.execute("INSERT INTO test_notification_refs (notification_id, notification_created_at) VALUES (%s, %s)",
                       [rows[0].pk, rows[0].created_at])  # fmt: skip
    return rows


def test_ensure_in_sql_creates_what_python_creates_and_moves_rows_out_of_default(referring_row):
    spec = partitions.spec_for("notifications")
    point = transaction.savepoint()
    by_sql = sql_json("SELECT iwm_partitions_ensure('notifications', 'month', %s, 'created_at', %s)", [spec.ahead, NOW])
    after_sql = state(spec)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM test_notification_refs")
        refs_after_sql = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conname = 'test_notification_refs_fk'")
        fk_after_sql = cursor.fetchone()[0]
    transaction.savepoint_rollback(point)

    by_python = partitions.partitions_ensure(spec, now=NOW)
    assert sorted(by_sql["created"]) == sorted(by_python.created)
    assert "notifications_m2019_06" in by_sql["created"] and "notifications_m2026_10" in by_sql["created"]
    assert by_sql["moved_out_of_default"] == by_python.moved_rows == 3
    assert after_sql == state(spec)  # same names, bounds and rows per partition
    assert ("notifications_m2019_06", datetime(2019, 6, 1, tzinfo=UTC), datetime(2019, 7, 1, tzinfo=UTC), 2) in after_sql
    assert refs_after_sql == 1 and fk_after_sql == 1  # the referring row survived the move, the key is back

    again = sql_json("SELECT iwm_partitions_ensure('notifications', 'month', 3, 'created_at', %s)", [NOW])
    assert again["created"] == [] and again["moved_out_of_default"] == 0


def test_prune_in_sql_drops_what_python_drops(stranded_rows):
    spec = partitions.spec_for("notifications")
    partitions.partitions_ensure(spec, now=NOW)
    point = transaction.savepoint()
    by_sql = sql_json("SELECT iwm_partitions_prune('notifications', 6, 'created_at', %s)", [NOW])
    after_sql = state(spec)
    transaction.savepoint_rollback(point)

    by_python = partitions.partitions_prune(
        partitions.PartitionedTable("notifications", partitions.MONTH, retention_months=lambda: 6), now=NOW
    )
    assert by_sql["dropped"] == by_python.dropped and by_sql["rows"] == by_python.rows_dropped == 3
    assert by_python.dropped[0] == "notifications_m2019_06" and by_python.dropped[-1] == "notifications_m2026_04"
    assert datetime.fromisoformat(by_sql["cutoff"]) == by_python.cutoff == datetime(2026, 5, 1, tzinfo=UTC)
    assert after_sql == state(spec)
    assert Notification.objects.filter(title="old 3").exists()  # inside retention: kept


def test_the_commands_given_to_pg_cron_do_the_jobs_work(stranded_rows):
    command = maintenance.partitions_maintain_sql()
    assert "iwm_partitions_ensure('notifications', 'month', 3, 'created_at')" in command
    assert "iwm_partitions_prune('notifications', 6, 'created_at')" in command
    with connection.cursor() as cursor:
        cursor.execute(command)  # as pg_cron sends it: one string, several statements
    names = {p.name for p in partitions.partitions_of(partitions.spec_for("notifications"))}
    today = partitions.spec_for("notifications").partition_name(partitions.spec_for("notifications").period_start(datetime.now(UTC)))
    assert today in names and "notifications_m2019_06" not in names  # created, then past retention: dropped
    assert not Notification.objects.filter(title__in=["old 0", "old 1", "old 2"]).exists()

    assert maintenance.notifications_cleanup_sql() == "SELECT public.iwm_partitions_prune('notifications', 6, 'created_at');"

    vacuum = maintenance.vacuum_analyze_sql()
    assert vacuum.startswith("VACUUM (ANALYZE) ") and 'public."notifications"' in vacuum and 'public."movies"' in vacuum
    # VACUUM runs outside a transaction, as pg_cron runs it (on a table this test's open
    # transaction has not locked).
    with own_connection() as autocommit:
        autocommit.execute(maintenance.vacuum_analyze_sql(tables=("movies", "genres")))
