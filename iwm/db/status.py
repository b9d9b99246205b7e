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
