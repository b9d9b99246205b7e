"""SQL helpers that search indexes are built on.

`unaccent()` is only STABLE (it reads its dictionary at run time), so it cannot appear in an
index expression or a generated column. `iwm_unaccent()` pins the dictionary and is declared
IMMUTABLE, the usual and safe way to index accent-free text.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION public.iwm_unaccent(text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

DROP = "DROP FUNCTION IF EXISTS public.iwm_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = [("iwm", "0001_postgres_extensions")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
