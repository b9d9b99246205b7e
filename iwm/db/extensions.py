"""The PostgreSQL extensions IWM uses, which are required, and what degrades without the others.

One catalog read by the extension migration, by ``manage.py db_status`` and by the runtime
feature checks (``iwm.db.features``), so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extension:
    name: str
    required: bool
    purpose: str
    # What the product does instead when an optional extension is missing.
    fallback: str = ""
    # Extensions that must exist first (CREATE EXTENSION ... CASCADE would hide which one failed).
    needs: tuple[str, ...] = ()
    # The library must be in shared_preload_libraries for the extension to be created or useful.
    preload: bool = False
    schema: str | None = None
    # How to install it, by platform; {major} is the server's major version.
    install: dict[str, str] = field(default_factory=dict)


CONTRIB_INSTALL = {
    "Debian/Ubuntu": "sudo apt install postgresql-contrib (shipped with postgresql-{major} on current releases)",
    "macOS (Homebrew)": "brew install postgresql@{major} (contrib is included)",
}

EXTENSIONS: tuple[Extension, ...] = (
    Extension("pg_trgm", True, "typo-tolerant search and autocomplete (trigram indexes)", install=CONTRIB_INSTALL),
    Extension("hstore", True, "key-value columns", install=CONTRIB_INSTALL),
    Extension("btree_gin", True, "composite GIN indexes mixing scalar and jsonb/array columns", install=CONTRIB_INSTALL),
    Extension("unaccent", True, "accent-insensitive search ('amelie' finds 'Amélie')", install=CONTRIB_INSTALL),
    Extension(
        "pg_stat_statements",
        True,
        "query statistics for operators (needs shared_preload_libraries = 'pg_stat_statements')",
        install=CONTRIB_INSTALL,
    ),
    Extension(
        "vector",
        False,
        "plot embeddings and 'similar movies' by nearest neighbour (pgvector, HNSW index)",
        fallback="similar movies are ranked by shared genres and credits",
        install={
            "Debian/Ubuntu": "sudo apt install postgresql-{major}-pgvector",
            "macOS (Homebrew)": "brew install pgvector",
        },
    ),
    Extension(
        "postgis",
        False,
        "geography column and GiST index for 'theaters near me'",
        fallback="distances use earthdistance, or a plain haversine formula in SQL",
        install={
            "Debian/Ubuntu": "sudo apt install postgresql-{major}-postgis-3",
            "macOS (Homebrew)": "brew install postgis",
        },
    ),
    Extension("cube", False, "needed by earthdistance", fallback="see earthdistance", install=CONTRIB_INSTALL),
    Extension(
        "earthdistance",
        False,
        "indexed great-circle distances for 'theaters near me' when PostGIS is absent",
        fallback="distances use a plain haversine formula in SQL (no index: fine for thousands of theaters)",
        needs=("cube",),
        install=CONTRIB_INSTALL,
    ),
    Extension(
        "pgcrypto",
        False,
        "cryptographic functions in SQL; nothing in IWM depends on it (gen_random_uuid() is core)",
        fallback="none needed",
        install=CONTRIB_INSTALL,
    ),
    Extension(
        "pg_cron",
        False,
        "in-database job scheduling; IWM schedules its jobs with Celery beat instead",
        fallback="jobs run from Celery beat on the same crontabs",
        preload=True,
        install={
            "Debian/Ubuntu": "sudo apt install postgresql-{major}-cron, then shared_preload_libraries = 'pg_cron'",
            "macOS (Homebrew)": "brew install pg_cron, then shared_preload_libraries = 'pg_cron'",
        },
    ),
    Extension(
        "pg_partman",
        False,
        "partition management; IWM creates its time partitions itself (partition maintenance job)",
        fallback="partitions are created by IWM's own maintenance job",
        schema="partman",
        install={
            "Debian/Ubuntu": "sudo apt install postgresql-{major}-partman",
            "macOS (Homebrew)": "build from https://github.com/pgpartman/pg_partman",
        },
    ),
)

BY_NAME = {extension.name: extension for extension in EXTENSIONS}
REQUIRED = tuple(e.name for e in EXTENSIONS if e.required)
OPTIONAL = tuple(e.name for e in EXTENSIONS if not e.required)


def install_hint(extension: Extension, server_major: int | str) -> str:
    lines = [f"  {platform}: {command.format(major=server_major)}" for platform, command in extension.install.items()]
    return "\n".join(lines)


def server_major_version(cursor) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def available_extensions(cursor) -> set[str]:
    cursor.execute("SELECT name FROM pg_available_extensions")
    return {row[0] for row in cursor.fetchall()}


def installed_extensions(cursor) -> dict[str, str]:
    cursor.execute("SELECT extname, extversion FROM pg_extension")
    return dict(cursor.fetchall())


def preloaded_libraries(cursor) -> set[str]:
    cursor.execute("SHOW shared_preload_libraries")
    return {name.strip() for name in cursor.fetchone()[0].split(",") if name.strip()}


def can_create(extension: Extension, available: set[str], preloaded: set[str]) -> bool:
    """Whether this server can create the extension: its files are installed, its
    dependencies too, and (for pg_cron) its library is preloaded."""
    if extension.name not in available:
        return False
    if extension.preload and extension.name not in preloaded:
        return False
    return all(can_create(BY_NAME[dep], available, preloaded) for dep in extension.needs)
