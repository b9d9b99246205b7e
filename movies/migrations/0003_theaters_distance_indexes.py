"""Indexed distance search for theaters, by the best method the server offers.

* PostGIS: a generated `location geography(Point, 4326)` column with a GiST index.
* earthdistance: a GiST index on the theater's point on the earth. `ll_to_earth()` calls other
  functions without a schema, which breaks index rebuilds under the empty search_path that
  pg_restore uses, so the index is on a wrapper that pins its search_path.

Neither is part of the Django model; movies.selectors.theaters picks the method at run time
and falls back to a plain haversine formula when both are missing.
"""

from django.db import migrations

from iwm.db.operations import RunSQLIfExtension

POSTGIS_SQL = """
ALTER TABLE theaters ADD COLUMN IF NOT EXISTS location geography(Point, 4326)
    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography) STORED;
CREATE INDEX IF NOT EXISTS theaters_location_gist ON theaters USING gist (location);
"""
POSTGIS_REVERSE = """
DROP INDEX IF EXISTS theaters_location_gist;
ALTER TABLE IF EXISTS theaters DROP COLUMN IF EXISTS location;
"""

EARTHDISTANCE_SQL = """
CREATE OR REPLACE FUNCTION public.iwm_earth_point(latitude float8, longitude float8)
RETURNS public.earth
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = public, pg_temp
AS $$ SELECT ll_to_earth(latitude, longitude) $$;
CREATE INDEX IF NOT EXISTS theaters_earth_point_gist ON theaters USING gist (public.iwm_earth_point(latitude, longitude));
"""
EARTHDISTANCE_REVERSE = """
DROP INDEX IF EXISTS theaters_earth_point_gist;
DROP FUNCTION IF EXISTS public.iwm_earth_point(float8, float8);
"""


class Migration(migrations.Migration):
    dependencies = [("movies", "0002_movie_embeddings")]

    operations = [
        RunSQLIfExtension("postgis", POSTGIS_SQL, POSTGIS_REVERSE),
        RunSQLIfExtension("earthdistance", EARTHDISTANCE_SQL, EARTHDISTANCE_REVERSE),
    ]
