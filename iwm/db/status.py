"""What this database offers: server version, each extension's state, degraded features."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from . import extensions as catalog


@dataclass
class ExtensionState:
    extension: catalog.Extension
    state: str  # "enabled", "available" (installed on the server, not created here) or "missing"
    version: str | None

    @property
    def degraded(self) -> bool:
        return not self.extension.required and self.state != "enabled" and self.extension.name not in {"cube"}


@dataclass
class DatabaseStatus:
    server_version: str
    database: str
    extensions: list[ExtensionState]
    preloaded: set[str]

    @property
    def statements_tracked(self) -> bool:
        return "pg_stat_statements" in self.preloaded

    def degraded_features(self) -> list[str]:
        notes = [
            f"{state.extension.name}: {state.extension.purpose} -> {state.extension.fallback}"
            for state in self.extensions
            if state.degraded and state.extension.fallback != "none needed"
        ]
        if not self.statements_tracked:
            notes.append(
                "pg_stat_statements is not in shared_preload_libraries: query statistics are not collected"
            )
        return notes


def database_status() -> DatabaseStatus:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        installed = catalog.installed_extensions(cursor)
        available = catalog.available_extensions(cursor)
        preloaded = catalog.preloaded_libraries(cursor)
    states = []
    for extension in catalog.EXTENSIONS:
        if extension.name in installed:
            states.append(ExtensionState(extension, "enabled", installed[extension.name]))
        elif extension.name in available:
            states.append(ExtensionState(extension, "available", None))
        else:
            states.append(ExtensionState(extension, "missing", None))
    return DatabaseStatus(version, database, states, preloaded)


# --- sizes, partitions, unused indexes, slow queries (manage.py db_status) ---------------------------
# Partitioned tables and their indexes are reported once, as the sum over their partitions.


@dataclass
class TableSize:
    table: str
    partitioned: bool
    table_bytes: int  # heap + TOAST (+ partitions')
    index_bytes: int
    rows: int  # the planner's estimate (reltuples), free at any size

    @property
    def total_bytes(self) -> int:
        return self.table_bytes + self.index_bytes


@dataclass
class IndexSize:
    index: str
    table: str
    bytes: int
    scans: int | None = None


def table_sizes(limit: int = 10) -> list[TableSize]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relkind = 'p', sizes.table_bytes, sizes.index_bytes, sizes.rows
            FROM pg_class c
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(pg_table_size(t.relid)), 0)::bigint AS table_bytes,
                       coalesce(sum(pg_indexes_size(t.relid)), 0)::bigint AS index_bytes,
                       coalesce(sum(greatest(r.reltuples, 0)) FILTER (WHERE r.relkind = 'r'), 0)::bigint AS rows
                FROM (SELECT c.oid AS relid WHERE c.relkind = 'r'
                      UNION ALL SELECT relid FROM pg_partition_tree(c.oid) WHERE c.relkind = 'p') t
                JOIN pg_class r ON r.oid = t.relid
            ) sizes
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY sizes.table_bytes + sizes.index_bytes DESC, c.relname
            LIMIT %s
            """,
            [limit],
        )
        return [TableSize(*row) for row in cursor.fetchall()]


# An index itself, or a partitioned index's partitions (pg_partition_tree() is empty for a
# plain index, and a partitioned index has no storage of its own).
TREE = "(SELECT i.oid AS relid WHERE i.relkind = 'i' UNION ALL SELECT relid FROM pg_partition_tree(i.oid) WHERE i.relkind = 'I'"


def index_sizes(limit: int = 10) -> list[IndexSize]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT i.relname, t.relname,
                   (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM {TREE}) p)::bigint AS bytes
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = 'public'::regnamespace AND NOT i.relispartition
            ORDER BY bytes DESC, i.relname
            LIMIT %s
            """,
            [limit],
        )
        return [IndexSize(*row) for row in cursor.fetchall()]


def unused_indexes(limit: int = 20) -> tuple[list[IndexSize], object]:
    """Indexes no query has used since statistics were last reset (idx_scan = 0 on every
    partition), biggest first. Unique, primary-key and exclusion indexes are left out: they
    enforce rules even when no query reads them. Returns them and the reset time (None: never)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT i.relname, t.relname, sum(pg_relation_size(p.relid))::bigint, coalesce(sum(s.idx_scan), 0)::bigint
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            CROSS JOIN LATERAL {TREE}) p
            LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = p.relid
            WHERE t.relnamespace = 'public'::regnamespace AND NOT i.relispartition
              AND NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion
            GROUP BY i.relname, t.relname
            HAVING coalesce(sum(s.idx_scan), 0) = 0
            ORDER BY 3 DESC, 1
            LIMIT %s
            """,
            [limit],
        )
        found = [IndexSize(*row) for row in cursor.fetchall()]
        cursor.execute("SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()")
        reset = cursor.fetchone()[0]
    return found, reset


@dataclass
class SlowQuery:
    calls: int
    mean_ms: float
    total_ms: float
    rows: int
    query: str


@dataclass
class SlowQueries:
    queries: list[SlowQuery]
    note: str | None  # why there are none to show: extension absent, not preloaded


def slow_queries(limit: int = 10) -> SlowQueries:
    """The statements of this database with the highest mean execution time, from
    pg_stat_statements (the platform documentation's "top 10 slowest queries")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_stat_statements'")
        row = cursor.fetchone()
        if row is None:
            return SlowQueries([], "pg_stat_statements is not enabled in this database (CREATE EXTENSION "
                                   "pg_stat_statements, or manage.py enable_extensions): no query statistics")  # fmt: skip
        if "pg_stat_statements" not in catalog.preloaded_libraries(cursor):
            return SlowQueries([], "pg_stat_statements is not in shared_preload_libraries: no query statistics are "
                                   "collected (add it to postgresql.conf and restart PostgreSQL)")  # fmt: skip
        schema = connection.ops.quote_name(row[0])
        cursor.execute(
            f"""
            SELECT calls, mean_exec_time, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')
            FROM {schema}.pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY mean_exec_time DESC
            LIMIT %s
            """,
            [limit],
        )
        return SlowQueries([SlowQuery(*row) for row in cursor.fetchall()], None)


def human_bytes(size: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"
