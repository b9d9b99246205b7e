from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from iwm.db import partitions


class Command(BaseCommand):
    help = (
        "List the time-partitioned tables with their partitions, bounds and row counts, and any rows "
        "sitting in DEFAULT. --ensure creates missing partitions (from the oldest row through the ones "
        "kept ahead) and moves rows out of DEFAULT; --prune detaches and drops partitions wholly past "
        "their table's retention. --dry-run says what either would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ensure", action="store_true", help="Create missing partitions; empty DEFAULT.")
        parser.add_argument("--prune", action="store_true", help="Drop partitions wholly past retention.")
        parser.add_argument("--dry-run", action="store_true", help="Only say what --ensure/--prune would do.")
        parser.add_argument("--table", action="append", help="Only this table (repeatable).")
        parser.add_argument("--exact", action="store_true", help="Exact row counts (count(*) per partition).")

    def handle(self, *args, ensure=False, prune=False, dry_run=False, table=None, exact=False, **options):
        specs = partitions.registered()
        if table:
            try:
                specs = [partitions.spec_for(name) for name in table]
            except KeyError as exc:
                raise CommandError(str(exc.args[0])) from exc
        now = datetime.now(UTC)
        would = "would " if dry_run else ""
        for spec in specs:
            if ensure:
                result = partitions.partitions_ensure(spec, now=now, dry_run=dry_run)
                created = ", ".join(result.created) or "nothing"
                self.stdout.write(f"{spec.table}: {would}create {created}")
                if result.moved_rows:
                    self.stdout.write(f"{spec.table}: moved {result.moved_rows} rows out of DEFAULT")
            if prune:
                result = partitions.partitions_prune(spec, now=now, dry_run=dry_run)
                if result.cutoff is None:
                    self.stdout.write(f"{spec.table}: no retention; nothing to prune")
                else:
                    dropped = ", ".join(result.dropped) or "nothing"
                    self.stdout.write(
                        f"{spec.table}: retention before {result.cutoff:%Y-%m-%d}: {would}drop {dropped}"
                        + (f" ({result.rows_dropped} rows)" if result.dropped else "")
                    )
            self._list(spec, exact=exact)

    def _list(self, spec, *, exact: bool) -> None:
        found = partitions.partitions_of(spec, exact_counts=exact)
        months = spec.retention_months()
        retention = f"keeps {months} months" if months is not None else "keeps everything"
        self.stdout.write(self.style.MIGRATE_HEADING(f"{spec.table} (by {spec.interval} on {spec.column}; {retention})"))
        for partition in found:
            count = f"{partition.rows:>12,}" + ("" if partition.exact else " ~")
            if partition.is_default:
                style = self.style.ERROR if partition.rows else self.style.SUCCESS
                note = f"  <- {partition.rows} rows need a partition (run --ensure)" if partition.rows else ""
                self.stdout.write(style(f"  {partition.name:<34} {'DEFAULT':<23} {count}{note}"))
            else:
                bounds = f"{partition.start:%Y-%m-%d} .. {partition.end:%Y-%m-%d}"
                self.stdout.write(f"  {partition.name:<34} {bounds:<23} {count}")
