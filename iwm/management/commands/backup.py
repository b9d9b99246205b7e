from django.core.management.base import BaseCommand, CommandError

from iwm.db.status import human_bytes
from iwm.ops.backup import BackupError, backup_create
from iwm.ops.clients import ClientError


class Command(BaseCommand):
    help = (
        "Dump the database with the pg_dump of the server's major version into BACKUP_DIR "
        "(iwm-<UTC time>.dump or .sql), showing each table as it goes; keeps the newest BACKUP_KEEP "
        "backups of each kind. Restore with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["custom", "plain"], default="custom",
                            help="custom: compressed archive for pg_restore (default); plain: SQL for psql.")
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--schema-only", action="store_true", help="Definitions only, no rows.")
        only.add_argument("--data-only", action="store_true", help="Rows only, no definitions.")
        parser.add_argument("--table", action="append", default=[], metavar="T",
                            help="Only this table (repeatable; a partitioned table's partitions are named apart).")

    def handle(self, *args, format, schema_only, data_only, table, verbosity, **options):
        say = self.stdout.write if verbosity >= 1 else (lambda line: None)
        try:
            result = backup_create(format=format, schema_only=schema_only, data_only=data_only, tables=table,
                                   progress=say)  # fmt: skip
        except (BackupError, ClientError) as exc:
            raise CommandError(str(exc)) from exc
        size = human_bytes(result.bytes)
        self.stdout.write(self.style.SUCCESS(
            f"backup written: {result.path} ({size}, {len(result.tables)} tables' rows, {result.seconds:.1f} s, "
            f"{result.client})"
        ))  # fmt: skip
        if result.deleted:
            self.stdout.write(f"removed older backups: {', '.join(result.deleted)}")
