"""Enable optional extensions installed after the database was migrated.

`migrate` creates optional extensions only where the server had them at the time, and skips
the SQL that needs them (RunSQLIfExtension). After installing one (say pgvector), this command
creates it and re-runs that skipped SQL from the applied migrations; all of it is idempotent.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from iwm.db import extensions as catalog
from iwm.db.features import forget
from iwm.db.operations import RunSQLIfExtension, ensure_extension


class Command(BaseCommand):
    help = "Create optional PostgreSQL extensions now available, and the objects that depend on them."

    @transaction.atomic
    def handle(self, *args, **options):
        loader = MigrationLoader(connection)
        with connection.cursor() as cursor:
            before = set(catalog.installed_extensions(cursor))
        for extension in catalog.EXTENSIONS:
            if extension.required:
                continue
            created = ensure_extension(connection, extension.name, required=False, schema=extension.schema)
            if created and extension.name not in before:
                self.stdout.write(self.style.SUCCESS(f"enabled {extension.name}"))
        with connection.cursor() as cursor:
            enabled = set(catalog.installed_extensions(cursor))
        forget()
        with connection.schema_editor(atomic=False) as editor:
            for key in sorted(loader.applied_migrations):
                migration = loader.disk_migrations.get(key)
                if migration is None:
                    continue
                for operation in _flatten(migration.operations):
                    if isinstance(operation, RunSQLIfExtension) and operation.extension in enabled:
                        editor.execute(operation.sql, params=None)
                        self.stdout.write(f"applied {key[0]}.{key[1]}: SQL for {operation.extension}")
        self.stdout.write(f"enabled extensions: {', '.join(sorted(enabled))}")


def _flatten(operations):
    for operation in operations:
        database_operations = getattr(operation, "database_operations", None)
        if database_operations is not None:
            yield from _flatten(database_operations)
        else:
            yield operation
