"""Drop the secondary indexes and foreign keys of the tables a bulk load fills, and put them
back exactly as they were.

Maintaining a trigram GIN index during a five-million-row load triples its time, and checking
a foreign key per row more than doubles it; building each index once at the end and
validating each key in one pass is the known fast path. What is dropped is read from the
catalogs first (`pg_get_indexdef`, `pg_get_constraintdef`), so what comes back is the
migrated schema, whatever the migrations made it. Primary keys and unique constraints stay
(they also keep the generated rows honest); for a partitioned table the statements act on
the parent, which carries them to every partition.

Foreign keys come back `NOT VALID` and are then `VALIDATE`d: one scan of the table instead of
one lookup per row, and the key ends up exactly as valid as the migrated one. (PostgreSQL
refuses `NOT VALID` on a partitioned table: those are added, and checked, in one step.)
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class SavedIndex:
    table: str
    name: str
    definition: str


@dataclass(frozen=True)
class SavedForeignKey:
    table: str
    name: str
    definition: str
    partitioned: bool


INDEXES_SQL = """
SELECT c.relname, i.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname = ANY(%s)
  AND NOT x.indisprimary AND NOT x.indisunique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
  AND NOT c.relispartition
ORDER BY c.relname, i.relname
"""

FOREIGN_KEYS_SQL = """
SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), c.relkind = 'p'
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND k.contype = 'f' AND c.relname = ANY(%s)
  AND k.conparentid = 0
ORDER BY c.relname, k.conname
"""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def saved_indexes(cursor, tables: list[str]) -> list[SavedIndex]:
    cursor.execute(INDEXES_SQL, [tables])
    return [SavedIndex(*row) for row in cursor.fetchall()]


def saved_foreign_keys(cursor, tables: list[str]) -> list[SavedForeignKey]:
    cursor.execute(FOREIGN_KEYS_SQL, [tables])
    return [SavedForeignKey(*row) for row in cursor.fetchall()]


@contextmanager
def secondary_structures_deferred(cursor, tables: list[str], *, log=print):
    """Inside the block, `tables` have no secondary indexes or foreign keys (their own, and
    those of other tables pointing at them); on leaving, both are rebuilt and validated."""
    indexes = saved_indexes(cursor, tables)
    own = saved_foreign_keys(cursor, tables)
    cursor.execute(
        """
        SELECT DISTINCT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class r ON r.oid = k.confrelid
        WHERE k.contype = 'f' AND r.relname = ANY(%s) AND NOT c.relispartition
        """,
        [tables],
    )
    referencing = sorted({row[0] for row in cursor.fetchall()} - set(tables))
    pointing_in = [fk for fk in saved_foreign_keys(cursor, referencing) if _references(fk, tables)]
    keys = own + pointing_in
    for fk in keys:
        cursor.execute(f"ALTER TABLE {_quote(fk.table)} DROP CONSTRAINT {_quote(fk.name)}")
    for index in indexes:
        cursor.execute(f"DROP INDEX {_quote(index.name)}")
    log(f"  (dropped {len(indexes)} indexes and {len(keys)} foreign keys for the load)")
    yield
    for index in indexes:
        # A partitioned table's index reads "ON ONLY parent" (the parent alone, invalid until
        # each partition's index is attached): built on the parent, it reaches every partition.
        cursor.execute(index.definition.replace(" ON ONLY ", " ON ", 1))
    for fk in keys:
        table = _quote(fk.table)
        if fk.partitioned:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quote(fk.name)} {fk.definition}")
            continue
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quote(fk.name)} {fk.definition} NOT VALID")
        cursor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {_quote(fk.name)}")


def _references(fk: SavedForeignKey, tables: list[str]) -> bool:
    target = fk.definition.split("REFERENCES", 1)[1].strip().split("(", 1)[0].strip().strip('"')
    return target.split(".")[-1] in tables


SCHEMA_FINGERPRINT_SQL = """
SELECT 'index', c.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisvalid::text
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT c.relispartition
UNION ALL
SELECT 'constraint', c.relname, k.conname, pg_get_constraintdef(k.oid), k.convalidated::text
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT c.relispartition AND k.conparentid = 0
ORDER BY 1, 2, 3
"""


def schema_fingerprint(cursor) -> list[tuple]:
    """Every index and constraint of the schema's tables, with its definition and validity:
    equal before and after a seed. (Partitions are left out, and the per-partition copies of a
    key that points at a partitioned table: a seed adds the partitions of its history, each
    carrying its parent's indexes and keys.)"""
    cursor.execute(SCHEMA_FINGERPRINT_SQL)
    return cursor.fetchall()
