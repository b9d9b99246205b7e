from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iwm.ops.clients import ClientError
from iwm.ops.restore import RestoreError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (a custom-format .dump or a plain .sql) into a new or empty database on the "
        "configured server: the configured database, or --target-db NAME (created if missing). A "
        "non-empty target is refused unless --force, which DROPS it and creates it again. Reports the "
        "tables and rows restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup` (or any pg_dump archive or SQL).")
        parser.add_argument("--target-db", metavar="NAME", help="Database to restore into (default: the configured one).")
        parser.add_argument("--force", action="store_true",
                            help="If the target database is not empty, drop it (ending its sessions) and create it again.")

    def handle(self, *args, file, target_db, force, verbosity, **options):
        say = self.stdout.write if verbosity >= 1 else (lambda line: None)
        try:
            result = backup_restore(Path(file), target_db=target_db, force=force, progress=say)
        except (RestoreError, ClientError) as exc:
            raise CommandError(str(exc)) from exc
        width = max((len(name) for name in result.tables), default=10)
        self.stdout.write(f"{'table':<{width}} {'rows':>12}")
        for name, rows in result.tables.items():
            self.stdout.write(f"{name:<{width}} {rows:>12,}")
        for entry in result.skipped:
            self.stdout.write(self.style.WARNING(f"not restored: {entry} (pg_cron lives in one database per server)"))
        self.stdout.write(self.style.SUCCESS(
            f"restored {result.format} backup into {result.database}: {len(result.tables)} tables "
            f"({result.partitions} partitions), {result.rows:,} rows in {result.seconds:.1f} s ({result.client})"
        ))  # fmt: skip
        if result.database != _configured():
            self.stdout.write(f"To use it: point DATABASE_URL at database {result.database}, then `manage.py migrate --check`.")


def _configured() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]
