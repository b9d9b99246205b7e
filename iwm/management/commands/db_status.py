from django.core.management.base import BaseCommand

from iwm.db.replicas import replica_states
from iwm.db import partitions
from iwm.db.status import (
    database_status,
    human_bytes,
    index_sizes,
    slow_queries,
    table_sizes,
    unused_indexes,
)
from iwm.ops.pg_cron import job_schedulers, pg_cron_state


class Command(BaseCommand):
    help = (
        "Print the PostgreSQL version, each extension's state and which features run degraded; each read "
        "replica's state and lag; the biggest tables and indexes, the partitions with their rows, the "
        "indexes never used, the slowest statements (pg_stat_statements) and which scheduler runs each job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--top", type=int, default=10, metavar="N",
                            help="How many tables, indexes and queries to list (default 10).")
        parser.add_argument("--exact", action="store_true",
                            help="Count partition rows exactly (count(*)) instead of the planner's estimate.")

    def handle(self, *args, top, exact, **options):
        self._extensions()
        self._sizes(top)
        self._partitions(exact)
        self._unused(top)
        self._queries(top)
        self._schedulers()

    def _heading(self, text: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(text))

    def _extensions(self) -> None:
        status = database_status()
        self.stdout.write(f"PostgreSQL {status.server_version}, database {status.database}")
        self.stdout.write("")
        self.stdout.write(f"{'extension':<20} {'kind':<9} {'state':<10} version")
        for state in status.extensions:
            kind = "required" if state.extension.required else "optional"
            style = {"enabled": self.style.SUCCESS, "available": self.style.WARNING}.get(state.state, self.style.ERROR)
            if state.state == "missing" and not state.extension.required:
                style = self.style.WARNING
            self.stdout.write(f"{state.extension.name:<20} {kind:<9} {style(f'{state.state:<10}')} {state.version or ''}")
        self.stdout.write("")
        preload = ", ".join(sorted(status.preloaded)) or "(none)"
        self.stdout.write(f"shared_preload_libraries: {preload}")
        degraded = status.degraded_features()
        if degraded:
            self.stdout.write("Degraded features:")
            for note in degraded:
                self.stdout.write(f"  - {note}")
        else:
            self.stdout.write(self.style.SUCCESS("No degraded features."))
        available = [s.extension.name for s in status.extensions if s.state == "available"]
        if available:
            self.stdout.write(f"Installed on the server but not enabled here: {', '.join(available)} "
                              "(run `manage.py enable_extensions`).")
        self._replicas()

    def _replicas(self):
        states = replica_states()
        self.stdout.write("")
        if not states:
            self.stdout.write("Read replicas: none (DATABASE_REPLICA_URLS is empty).")
            return
        self.stdout.write(f"{'replica':<10} {'state':<12} {'receiver':<10} {'lag bytes':>10} {'lag seconds':>12}")
        for state in states:
            if not state.ok:
                self.stdout.write(f"{state.alias:<10} {self.style.ERROR('down'.ljust(12))} {state.error}")
                continue
            role = "standby" if state.in_recovery else "promoted"
            style = self.style.SUCCESS if state.in_recovery and state.receiver == "streaming" else self.style.WARNING
            lag_bytes = "" if state.lag_bytes is None else str(state.lag_bytes)
            lag_seconds = "" if state.lag_seconds is None else f"{state.lag_seconds:.3f}"
            self.stdout.write(
                f"{state.alias:<10} {style(role.ljust(12))} {state.receiver or '-':<10} {lag_bytes:>10} {lag_seconds:>12}"
            )

    def _sizes(self, top: int) -> None:
        self._heading(f"Tables by size (top {top}; partitioned tables summed over their partitions)")
        self.stdout.write(f"  {'table':<36} {'total':>10} {'table':>10} {'indexes':>10} {'rows (est.)':>14}")
        for row in table_sizes(top):
            name = row.table + (" (partitioned)" if row.partitioned else "")
            self.stdout.write(f"  {name:<36} {human_bytes(row.total_bytes):>10} {human_bytes(row.table_bytes):>10} "
                              f"{human_bytes(row.index_bytes):>10} {row.rows:>14,}")  # fmt: skip
        self._heading(f"Indexes by size (top {top})")
        for row in index_sizes(top):
            self.stdout.write(f"  {row.index:<48} {row.table:<28} {human_bytes(row.bytes):>10}")

    def _partitions(self, exact: bool) -> None:
        self._heading("Partitions" + (" (exact row counts)" if exact else " (rows: planner's estimate ~, DEFAULT exact)"))
        for spec in partitions.registered():
            months = spec.retention_months()
            keeps = f"keeps {months} months" if months is not None else "keeps everything"
            self.stdout.write(f"  {spec.table} (by {spec.interval} on {spec.column}; {keeps})")
            for partition in partitions.partitions_of(spec, exact_counts=exact):
                count = f"{partition.rows:>12,}" + ("" if partition.exact else " ~")
                if partition.is_default:
                    line = f"    {partition.name:<34} {'DEFAULT':<23} {count}"
                    self.stdout.write(self.style.ERROR(line + "  <- run `manage.py partitions --ensure`")
                                      if partition.rows else line)  # fmt: skip
                else:
                    bounds = f"{partition.start:%Y-%m-%d} .. {partition.end:%Y-%m-%d}"
                    self.stdout.write(f"    {partition.name:<34} {bounds:<23} {count}")

    def _unused(self, top: int) -> None:
        found, reset = unused_indexes(max(top, 20))
        since = f"since {reset:%Y-%m-%d %H:%M} UTC" if reset else "since the statistics began"
        self._heading(f"Indexes never used {since} (unique and primary-key indexes left out)")
        if not found:
            self.stdout.write("  none")
        for row in found:
            self.stdout.write(f"  {row.index:<48} {row.table:<28} {human_bytes(row.bytes):>10}")

    def _queries(self, top: int) -> None:
        self._heading(f"Slowest statements by mean time (top {top}, pg_stat_statements)")
        result = slow_queries(top)
        if result.note:
            self.stdout.write(self.style.WARNING(f"  {result.note}"))
            return
        self.stdout.write(f"  {'mean ms':>10} {'calls':>9} {'total ms':>12}  query")
        for query in result.queries:
            self.stdout.write(f"  {query.mean_ms:>10.1f} {query.calls:>9,} {query.total_ms:>12.0f}  {query.query[:110]}")

    def _schedulers(self) -> None:
        self._heading("Scheduled jobs: who runs each (beat: django-celery-beat; pg_cron: cron.job)")
        problem = pg_cron_state().problem()
        self.stdout.write(f"  pg_cron: {problem or 'available in this database (manage.py pg_cron --install)'}")
        for job in job_schedulers():
            line = f"  {job.name:<26} {job.crontab:<12} {job.scheduler:<18} {('last: ' + job.last_run) if job.last_run else 'never run'}"
            self.stdout.write(self.style.ERROR(line + "  <- runs twice: manage.py pg_cron --install")
                              if job.conflict else line)  # fmt: skip
