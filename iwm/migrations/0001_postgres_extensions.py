"""Every PostgreSQL extension IWM uses, in one place, before any app's tables.

Required ones stop `migrate` with installation advice when the server lacks them; optional
ones are created only where the server offers them (see iwm/db/extensions.py for what
degrades without each).
"""

from django.db import migrations

from iwm.db.operations import EnsureExtension


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        EnsureExtension("pg_trgm", required=True),
        EnsureExtension("hstore", required=True),
        EnsureExtension("btree_gin", required=True),
        EnsureExtension("unaccent", required=True),
        EnsureExtension("pg_stat_statements", required=True),
        EnsureExtension("vector", required=False),
        EnsureExtension("postgis", required=False),
        EnsureExtension("cube", required=False),
        EnsureExtension("earthdistance", required=False),
        EnsureExtension("pgcrypto", required=False),
        EnsureExtension("pg_cron", required=False),
        EnsureExtension("pg_partman", required=False, schema="partman"),
    ]
