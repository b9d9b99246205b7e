"""Migration operations for PostgreSQL features Django's own operations do not cover."""

from __future__ import annotations

import logging

from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.db.migrations.operations.base import Operation

from . import extensions as catalog

logger = logging.getLogger(__name__)


class ExtensionMissing(CommandError):
    """A required extension cannot be created; `migrate` stops with this message."""


class EnsureExtension(Operation):
    """CREATE EXTENSION IF NOT EXISTS, required or optional.

    * required: a server without the extension stops the migration with a message that
      says how to install it;
    * optional: created when ``pg_available_extensions`` lists it (and, for extensions that
      must be preloaded, when they are); otherwise skipped and the feature degrades to the
      fallback named in ``iwm.db.extensions``. A later ``migrate`` does not retry: run
      ``manage.py enable_extensions`` after installing it.

    Reversing drops the extension (without CASCADE, so it fails loudly if something still
    uses it).
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, name: str, *, required: bool, schema: str | None = None):
        self.name = name
        self.required = required
        self.schema = schema

    def deconstruct(self):
        kwargs = {"required": self.required}
        if self.schema:
            kwargs["schema"] = self.schema
        return (self.__class__.__qualname__, [self.name], kwargs)

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        kind = "required" if self.required else "optional"
        return f"Create {kind} PostgreSQL extension {self.name}"

    @property
    def migration_name_fragment(self):
        return f"extension_{self.name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        ensure_extension(schema_editor.connection, self.name, required=self.required, schema=self.schema)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP EXTENSION IF EXISTS {schema_editor.quote_name(self.name)}")
        if self.schema:
            schema_editor.execute(f"DROP SCHEMA IF EXISTS {schema_editor.quote_name(self.schema)}")


def ensure_extension(connection, name: str, *, required: bool, schema: str | None = None) -> bool:
    """Create the extension if the server can. Returns whether it exists afterwards."""
    extension = catalog.BY_NAME.get(name) or catalog.Extension(name, required, "")
    with connection.cursor() as cursor:
        if name in catalog.installed_extensions(cursor):
            return True
        available = catalog.available_extensions(cursor)
        preloaded = catalog.preloaded_libraries(cursor)
        major = catalog.server_major_version(cursor)
        if not catalog.can_create(extension, available, preloaded):
            if required:
                raise ExtensionMissing(
                    f"PostgreSQL extension '{name}' is required by IWM ({extension.purpose}) but this "
                    f"PostgreSQL {major} server does not have it installed.\nInstall it, then run migrate "
                    f"again:\n{catalog.install_hint(extension, major)}"
                )
            logger.warning("optional extension %s is not available; %s", name, extension.fallback)
            return False
        try:
            # A savepoint, so that a refused CREATE EXTENSION leaves the migration's transaction usable.
            with transaction.atomic(using=connection.alias):
                if schema:
                    cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {connection.ops.quote_name(schema)}")
                    cursor.execute(
                        f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(name)} "
                        f"SCHEMA {connection.ops.quote_name(schema)}"
                    )
                else:
                    cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(name)}")
        except DatabaseError as exc:
            message = str(exc).strip()
            if required:
                raise ExtensionMissing(
                    f"PostgreSQL extension '{name}' is required by IWM ({extension.purpose}) but could not "
                    f"be created: {message}\nIf this is a permission error, connect as a superuser (or ask "
                    f"the database administrator to run CREATE EXTENSION {name};) and run migrate again."
                ) from exc
            logger.warning("optional extension %s could not be created (%s); %s", name, message, extension.fallback)
            return False
    return True


class RunSQLIfExtension(Operation):
    """Run SQL only where an (optional) extension is enabled, e.g. a pgvector table or a
    PostGIS column. Reversing always runs `reverse_sql`, which must use IF EXISTS so it is a
    no-op where the forward SQL never ran."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, extension: str, sql: str, reverse_sql: str, *, elidable: bool = False):
        self.extension = extension
        self.sql = sql
        self.reverse_sql = reverse_sql
        self.elidable = elidable

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.extension, self.sql, self.reverse_sql], {})

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Raw SQL that needs the {self.extension} extension (skipped without it)"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        with schema_editor.connection.cursor() as cursor:
            enabled = self.extension in catalog.installed_extensions(cursor)
        if enabled:
            schema_editor.execute(self.sql, params=None)
        else:
            logger.warning("skipped SQL that needs the %s extension (not enabled on this server)", self.extension)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(self.reverse_sql, params=None)
