"""Tables partitioned by time, on the real notifications table: creation ahead, rows stranded in
DEFAULT moved out, pruning past retention, and partition pruning in one member's reads."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from iwm.db import partitions
from iwm.db.partitions import MONTH, PartitionedTable
from social.models import Notification
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def spec(retention=6):
    return PartitionedTable("notifications", MONTH, ahead=3, retention_months=lambda: retention)


def names(table="notifications"):
    return [p.name for p in partitions.partitions_of(spec())]


def notification_at(user, when):
    return Notification.objects.create(user=user, type="system", title="hello", created_at=when)


def test_the_parent_is_range_partitioned_with_a_default_and_months_ahead():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'notifications'::regclass"
        )
        assert cursor.fetchone() == ("r",)
    found = names()
    assert "notifications_default" in found
    this_month = timezone.now().astimezone(UTC)
    assert f"notifications_m{this_month:%Y_%m}" in found
    ahead = spec().period_start(this_month)
    for _ in range(3):
        ahead = spec().next_start(ahead)
    assert f"notifications_m{ahead:%Y_%m}" in found


def test_ensure_creates_from_the_oldest_row_and_empties_default():
    user = UserFactory()
    stranded = notification_at(user, datetime(2025, 3, 9, 8, 0, tzinfo=UTC))
    default = [p for p in partitions.partitions_of(spec()) if p.is_default][0]
    assert default.rows == 1  # no partition covers March 2025 yet

    result = partitions.partitions_ensure(spec(), now=NOW)

    assert result.created[0] == "notifications_m2025_03" and result.moved_rows == 1
    months = {f"notifications_m{year}_{month:02d}" for year in (2025, 2026, 2027) for month in range(1, 13)}
    wanted = {name for name in months if "notifications_m2025_03" <= name <= "notifications_m2027_02"}
    assert wanted <= set(names())  # from the oldest row through three months past NOW
    default = [p for p in partitions.partitions_of(spec()) if p.is_default][0]
    assert default.rows == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM notifications WHERE id = %s", [stranded.pk])
        assert cursor.fetchone()[0] == "notifications_m2025_03"
    assert partitions.partitions_ensure(spec(), now=NOW).created == []  # idempotent


def test_ensure_keeps_rows_that_refer_to_moved_rows():
    """Moving rows out of DEFAULT must not fire ON DELETE CASCADE on tables that refer to them."""
    user = UserFactory()
    stranded = notification_at(user, datetime(2024, 7, 1, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE test_notification_refs (id serial PRIMARY KEY, n_id bigint, n_at timestamptz, "
            "CONSTRAINT test_notification_refs_fk FOREIGN KEY (n_id, n_at) "
            "REFERENCES notifications (id, created_at) ON DELETE CASCADE)"
        )
        cursor.execute("INSERT INTO test_notification_refs (n_id, n_at) VALUES (%s, %s)", [stranded.pk, stranded.created_at])

        assert partitions.partitions_ensure(spec(), now=NOW).moved_rows == 1

        cursor.execute("SELECT count(*) FROM test_notification_refs")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'test_notification_refs_fk'")
        assert cursor.fetchone() == (True,)


def test_prune_drops_whole_months_past_retention_and_keeps_the_rest():
    user = UserFactory()
    old = notification_at(user, datetime(2026, 1, 15, tzinfo=UTC))  # before the cutoff (2026-05-01)
    kept = notification_at(user, datetime(2026, 5, 1, tzinfo=UTC))  # first instant inside retention
    partitions.partitions_ensure(spec(), now=NOW)

    dry = partitions.partitions_prune(spec(retention=6), now=NOW, dry_run=True)
    assert dry.cutoff == datetime(2026, 5, 1, tzinfo=UTC)
    assert dry.dropped == ["notifications_m2026_01", "notifications_m2026_02", "notifications_m2026_03", "notifications_m2026_04"]
    assert "notifications_m2026_01" in names()  # a dry run changes nothing

    result = partitions.partitions_prune(spec(retention=6), now=NOW)
    assert result.dropped == dry.dropped and result.rows_dropped == 1
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=kept.pk).exists()
    assert "notifications_m2026_05" in names() and "notifications_m2026_04" not in names()


def test_a_table_without_retention_is_never_pruned():
    notification_at(UserFactory(), datetime(2020, 1, 1, tzinfo=UTC))
    partitions.partitions_ensure(spec(), now=NOW)
    assert partitions.partitions_prune(spec(retention=None), now=NOW).dropped == []


def test_one_members_last_30_days_read_only_those_months_partitions():
    user = UserFactory()
    notification_at(user, timezone.now() - timedelta(days=400))
    partitions.partitions_ensure(spec(), now=timezone.now())
    assert len(names()) > 12

    since = timezone.now() - timedelta(days=30)
    plan = Notification.objects.filter(user=user, created_at__gte=since).order_by("-created_at").explain()

    scanned = {name for name in names() if name in plan}
    months = {f"notifications_m{month:%Y_%m}" for month in (since, timezone.now())}
    ahead = {name for name in names() if name > f"notifications_m{timezone.now():%Y_%m}"}
    # The months of those 30 days, and the (empty) months ahead and DEFAULT, which a lower bound
    # alone cannot exclude; never the months before.
    assert months <= scanned <= months | ahead | {"notifications_default"}
    older = [name for name in names() if name.startswith("notifications_m") and name < min(months)]
    assert older and not any(name in plan for name in older)


def test_the_partitions_command_lists_and_ensures(capsys):
    notification_at(UserFactory(), datetime(2025, 12, 24, tzinfo=UTC))
    call_command("partitions")
    listing = capsys.readouterr().out
    assert "notifications_default" in listing and "need a partition" in listing

    call_command("partitions", "--ensure", "--dry-run")
    assert "would create notifications_m2025_12" in capsys.readouterr().out
    assert "notifications_m2025_12" not in names()

    call_command("partitions", "--ensure")
    out = capsys.readouterr().out
    assert "moved 1 rows out of DEFAULT" in out and "notifications_m2025_12" in names()

    call_command("partitions", "--prune", "--dry-run")
    assert "retention before" in capsys.readouterr().out
