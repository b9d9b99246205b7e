from django.core.management.base import BaseCommand

from iwm.db.replicas import replica_states
from iwm.db.status import database_status


class Command(BaseCommand):
    help = (
        "Print the PostgreSQL version, each extension's state, which features run degraded, and each read "
        "replica's state and lag."
    )

    def handle(self, *args, **options):
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
