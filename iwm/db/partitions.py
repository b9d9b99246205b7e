"""Tables partitioned by time: one helper for creating, listing, filling and pruning partitions.

The parents are `PARTITION BY RANGE (<time column>)` with a DEFAULT partition (created by each
app's migration). Partitions are UTC-aligned and named after their period:

    reviews_y2026              yearly   [2026-01-01, 2027-01-01)
    notifications_m2026_11     monthly  [2026-11-01, 2026-12-01)
    reviews_default            anything no period partition covers (kept empty)

`partitions_ensure` creates what is missing, from the oldest row through `ahead` periods
past now, and moves rows out of DEFAULT into their new partition; `partitions_prune` detaches
and drops partitions that end before the table's retention cutoff. Both are idempotent and
take the parent's lock, so two runs at once wait for each other instead of racing. The daily
maintenance job and `manage.py partitions` call them; migrations call `partitions_ensure`
for the current window when they create a table.

Apps register their tables (`register(PartitionedTable(...))`) in their AppConfig.ready().
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection as default_connection
from django.db import transaction

logger = logging.getLogger(__name__)

YEAR = "year"
MONTH = "month"


@dataclass(frozen=True)
class PartitionedTable:
    table: str
    interval: str  # YEAR or MONTH
    column: str = "created_at"
    # Periods kept ready past the current one (the rule: 3 months, or 12 months of a
    # yearly table, i.e. the next year).
    ahead: int = 3
    # Months of data kept; None keeps everything. A callable so a setting can change it.
    retention_months: Callable[[], int | None] = field(default=lambda: None)

    def __post_init__(self):
        if self.interval not in (YEAR, MONTH):
            raise ValueError(f"interval must be {YEAR!r} or {MONTH!r}")

    @property
    def default_partition(self) -> str:
        return f"{self.table}_default"

    def period_start(self, moment: datetime) -> datetime:
        moment = moment.astimezone(UTC)
        if self.interval == YEAR:
            return datetime(moment.year, 1, 1, tzinfo=UTC)
        return datetime(moment.year, moment.month, 1, tzinfo=UTC)

    def next_start(self, start: datetime) -> datetime:
        if self.interval == YEAR:
            return start.replace(year=start.year + 1)
        return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)

    def partition_name(self, start: datetime) -> str:
        if self.interval == YEAR:
            return f"{self.table}_y{start.year}"
        return f"{self.table}_m{start.year}_{start.month:02d}"


_REGISTRY: dict[str, PartitionedTable] = {}


def register(spec: PartitionedTable) -> PartitionedTable:
    _REGISTRY[spec.table] = spec
    return spec


def registered() -> list[PartitionedTable]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def spec_for(table: str) -> PartitionedTable:
    try:
        return _REGISTRY[table]
    except KeyError:
        raise KeyError(f"{table} is not a registered partitioned table; known: {', '.join(sorted(_REGISTRY))}") from None


# --- reading the catalog ------------------------------------------------------------------------


@dataclass
class Partition:
    name: str
    start: datetime | None  # None for DEFAULT
    end: datetime | None
    rows: int  # exact for DEFAULT, planner's estimate otherwise (see `exact`)
    exact: bool

    @property
    def is_default(self) -> bool:
        return self.start is None


def _quote(name: str) -> str:
    return default_connection.ops.quote_name(name)


def partitions_of(spec: PartitionedTable, *, exact_counts: bool = False, using=None) -> list[Partition]:
    """The table's partitions, oldest first, DEFAULT last. Row counts come from the planner's
    statistics (free at any size) unless `exact_counts`; DEFAULT's is always exact."""
    conn = using or default_connection
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT child.relname, pg_get_expr(child.relpartbound, child.oid), greatest(child.reltuples, 0)::bigint
            FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE parent.relname = %s AND parent.relnamespace = 'public'::regnamespace
            """,
            [spec.table],
        )
        rows = cursor.fetchall()
        found = []
        for name, bound, estimate in rows:
            start, end = _parse_bound(bound)
            count_exactly = exact_counts or start is None
            if count_exactly:
                cursor.execute(f"SELECT count(*) FROM {_quote(name)}")
                estimate = cursor.fetchone()[0]
            found.append(Partition(name, start, end, int(estimate), count_exactly))
    return sorted(found, key=lambda p: (p.start is None, p.start or datetime.min.replace(tzinfo=UTC)))


def _parse_bound(bound: str) -> tuple[datetime | None, datetime | None]:
    """"FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')" or "DEFAULT"."""
    if bound.strip().upper() == "DEFAULT":
        return None, None
    values = [part.split("'")[1] for part in bound.split("(")[1:]]
    return _parse_timestamp(values[0]), _parse_timestamp(values[1])


def _parse_timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace(" ", "T"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- ensure ---------------------------------------------------------------------------------------


@dataclass
class EnsureResult:
    table: str
    created: list[str] = field(default_factory=list)
    moved_rows: int = 0


def _oldest_row(spec: PartitionedTable, cursor) -> datetime | None:
    cursor.execute(f"SELECT min({_quote(spec.column)}) FROM {_quote(spec.table)}")
    return cursor.fetchone()[0]


def _wanted_starts(spec: PartitionedTable, *, oldest: datetime | None, now: datetime) -> list[datetime]:
    first = spec.period_start(min(oldest, now) if oldest else now)
    last = spec.period_start(now)
    for _ in range(spec.ahead):
        last = spec.next_start(last)
    starts, start = [], first
    while start <= last:
        starts.append(start)
        start = spec.next_start(start)
    return starts


def partitions_ensure(
    spec: PartitionedTable,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    using=None,
    since: datetime | None = None,
) -> EnsureResult:
    """Create the missing partitions from the oldest row (or `since`, if earlier: a bulk load
    about to write history) through `spec.ahead` periods past `now`, moving any rows DEFAULT
    holds for a new partition into it. Idempotent."""
    conn = using or default_connection
    now = now or datetime.now(UTC)
    result = EnsureResult(spec.table)
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if not dry_run:
            # SHARE ROW EXCLUSIVE conflicts with itself: concurrent ensure runs queue up, while
            # reads go on. (CREATE ... PARTITION OF takes what else it needs.)
            cursor.execute(f"LOCK TABLE {_quote(spec.table)} IN SHARE ROW EXCLUSIVE MODE")
        existing = {p.name for p in partitions_of(spec, using=conn)}
        oldest = _oldest_row(spec, cursor)
        if since is not None:
            oldest = min(oldest, since) if oldest else since
        for start in _wanted_starts(spec, oldest=oldest, now=now):
            name = spec.partition_name(start)
            if name in existing:
                continue
            result.created.append(name)
            if dry_run:
                continue
            end = spec.next_start(start)
            result.moved_rows += _create_partition(spec, cursor, name, start, end)
    if result.created and not dry_run:
        logger.info("%s: created %s (moved %d rows out of DEFAULT)", spec.table, ", ".join(result.created), result.moved_rows)
    return result


def _create_partition(spec: PartitionedTable, cursor, name: str, start: datetime, end: datetime) -> int:
    table, default, column = _quote(spec.table), _quote(spec.default_partition), _quote(spec.column)
    bounds = "FOR VALUES FROM (%s) TO (%s)"
    cursor.execute(f"SELECT count(*) FROM {default} WHERE {column} >= %s AND {column} < %s", [start, end])
    stranded = cursor.fetchone()[0]
    if not stranded:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {_quote(name)} PARTITION OF {table} {bounds}", [start, end])
        return 0
    # DEFAULT holds rows of this period, so the partition cannot be attached until they leave.
    # Deleting them from DEFAULT would fire ON DELETE CASCADE on tables that refer to them, so
    # those foreign keys are dropped for the move and put back (and validated) afterwards, all
    # in this transaction under the parent's lock.
    references = _referencing_foreign_keys(cursor, spec.table)
    if references:
        # ALTER TABLE refuses a table with deferred checks still pending in this transaction
        # (rows the caller wrote just before): run them now. They would run at commit anyway.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for ref_table, constraint, _definition in references:
        cursor.execute(f"ALTER TABLE {_quote(ref_table)} DROP CONSTRAINT {_quote(constraint)}")
    cursor.execute(f"CREATE TABLE {_quote(name)} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {default} WHERE {column} >= %s AND {column} < %s RETURNING *) "
        f"INSERT INTO {_quote(name)} SELECT * FROM moved",
        [start, end],
    )
    moved = cursor.rowcount
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {_quote(name)} {bounds}", [start, end])
    for ref_table, constraint, definition in references:
        cursor.execute(f"ALTER TABLE {_quote(ref_table)} ADD CONSTRAINT {_quote(constraint)} {definition}")
    return moved


def _referencing_foreign_keys(cursor, table: str) -> list[tuple[str, str, str]]:
    """(referencing table, constraint name, definition) of the foreign keys that point at
    `table`, declared on the referencing tables themselves (not their partitions' clones)."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE contype = 'f' AND confrelid = %s::regclass AND conparentid = 0
        """,
        [table],
    )
    return cursor.fetchall()


# --- prune ----------------------------------------------------------------------------------------


@dataclass
class PruneResult:
    table: str
    cutoff: datetime | None
    dropped: list[str] = field(default_factory=list)
    rows_dropped: int = 0


def retention_cutoff(spec: PartitionedTable, now: datetime) -> datetime | None:
    months = spec.retention_months()
    if months is None:
        return None
    month_index = now.year * 12 + (now.month - 1) - months
    return datetime(month_index // 12, month_index % 12 + 1, 1, tzinfo=UTC)


def partitions_prune(
    spec: PartitionedTable, *, now: datetime | None = None, dry_run: bool = False, using=None
) -> PruneResult:
    """Detach and drop the partitions that end on or before the retention cutoff (the first
    day of the month `retention` months before `now`). A partition that still holds any row
    inside retention is never dropped: only partitions wholly before the cutoff qualify, and
    the rows are counted again under the lock to be sure."""
    conn = using or default_connection
    now = now or datetime.now(UTC)
    cutoff = retention_cutoff(spec, now)
    result = PruneResult(spec.table, cutoff)
    if cutoff is None:
        return result
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if not dry_run:
            cursor.execute(f"LOCK TABLE {_quote(spec.table)} IN SHARE ROW EXCLUSIVE MODE")
        for partition in partitions_of(spec, using=conn):
            if partition.is_default or partition.end > cutoff:
                continue
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE {_quote(spec.column)} >= %s), count(*) FROM {_quote(partition.name)}",
                [cutoff],
            )
            inside_retention, rows = cursor.fetchone()
            if inside_retention:
                logger.warning("%s: %s holds %d rows inside retention; kept", spec.table, partition.name, inside_retention)
                continue
            result.dropped.append(partition.name)
            result.rows_dropped += rows
            if not dry_run:
                cursor.execute(f"ALTER TABLE {_quote(spec.table)} DETACH PARTITION {_quote(partition.name)}")
                cursor.execute(f"DROP TABLE {_quote(partition.name)}")
    if result.dropped and not dry_run:
        logger.info("%s: dropped %s (%d rows) before %s", spec.table, ", ".join(result.dropped), result.rows_dropped, cutoff)
    return result


# --- SQL for migrations ---------------------------------------------------------------------------


def create_parent_sql(table: str, columns_sql: str, *, column: str = "created_at") -> str:
    """CREATE TABLE for a partitioned parent with its DEFAULT partition. `columns_sql` is the
    column list including `id bigint GENERATED BY DEFAULT AS IDENTITY` and the primary key
    `PRIMARY KEY (id, <column>)` (a partitioned table's keys must include the partition key)."""
    return (
        f'CREATE TABLE IF NOT EXISTS "{table}" ({columns_sql}) PARTITION BY RANGE ("{column}");\n'
        f'CREATE TABLE IF NOT EXISTS "{table}_default" PARTITION OF "{table}" DEFAULT;'
    )


def drop_parent_sql(table: str) -> str:
    return f'DROP TABLE IF EXISTS "{table}" CASCADE;'


def ensure_in_migration(table: str, interval: str, *, ahead: int, column: str = "created_at"):
    """A RunPython function creating the current window of partitions when a migration creates
    the parent. The spec is spelled out in the migration (frozen), not read from the registry."""

    def forwards(apps, schema_editor):
        partitions_ensure(
            PartitionedTable(table, interval, column=column, ahead=ahead), using=schema_editor.connection
        )

    return forwards
