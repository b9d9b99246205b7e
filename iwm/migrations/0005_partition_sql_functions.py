"""Partition upkeep as SQL functions, for pg_cron (`manage.py pg_cron --install`).

The same work as iwm.db.partitions.partitions_ensure / partitions_prune, which beat's jobs run
in Python; tests/test_partition_sql.py checks that both give the same partitions, names and
bounds. Both take the parent's SHARE ROW EXCLUSIVE lock, so a Python run and an SQL run queue
up instead of racing.

    SELECT iwm_partitions_ensure('notifications', 'month', 3);   -- -> {"created": [...], "moved_out_of_default": n}
    SELECT iwm_partitions_prune('notifications', 6);             -- -> {"dropped": [...], "rows": n, "cutoff": ...}

`at` stands for "now" (tests pass a fixed moment). Names and bounds are UTC-aligned:
notifications_m2026_11 is [2026-11-01, 2026-12-01) UTC.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION public.iwm_partition_name(parent text, step text, start timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE step WHEN 'year' THEN parent || '_y' || to_char(start AT TIME ZONE 'UTC', 'YYYY')
                     ELSE parent || '_m' || to_char(start AT TIME ZONE 'UTC', 'YYYY_MM') END
$$;

CREATE OR REPLACE FUNCTION public.iwm_partitions_ensure(
    parent text, step text, ahead integer, col text DEFAULT 'created_at', at timestamptz DEFAULT now()
) RETURNS jsonb LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    period interval := CASE step WHEN 'year' THEN interval '1 year' WHEN 'month' THEN interval '1 month' END;
    now_utc timestamp := at AT TIME ZONE 'UTC';
    oldest timestamptz;
    start_at timestamp;   -- UTC wall-clock time of a period's start
    last_at timestamp;
    lo timestamptz;
    hi timestamptz;
    part text;
    stranded bigint;
    moved bigint := 0;
    created text[] := '{}';
    ref_tables text[];
    ref_names text[];
    ref_defs text[];
    i integer;
BEGIN
    IF period IS NULL THEN
        RAISE EXCEPTION 'step must be year or month, not %', step;
    END IF;
    -- Conflicts with itself: concurrent runs (and partitions_ensure in Python) queue up.
    EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', parent);
    EXECUTE format('SELECT min(%I) FROM %I', col, parent) INTO oldest;
    start_at := date_trunc(step, least(coalesce(oldest AT TIME ZONE 'UTC', now_utc), now_utc));
    last_at := date_trunc(step, now_utc) + ahead * period;
    WHILE start_at <= last_at LOOP
        lo := start_at AT TIME ZONE 'UTC';
        hi := (start_at + period) AT TIME ZONE 'UTC';
        part := iwm_partition_name(parent, step, lo);
        IF NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                       WHERE i.inhparent = parent::regclass AND c.relname = part) THEN
            EXECUTE format('SELECT count(*) FROM %I WHERE %I >= $1 AND %I < $2', parent || '_default', col, col)
                INTO stranded USING lo, hi;
            IF stranded = 0 THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
            ELSE
                -- DEFAULT holds rows of this period: move them into the new partition. Their
                -- deletion from DEFAULT would cascade to tables referring to them, so those
                -- foreign keys are dropped for the move and put back (validated) afterwards.
                SELECT array_agg(conrelid::regclass::text), array_agg(conname::text), array_agg(pg_get_constraintdef(oid))
                  INTO ref_tables, ref_names, ref_defs
                  FROM pg_constraint WHERE contype = 'f' AND confrelid = parent::regclass AND conparentid = 0;
                FOR i IN 1 .. coalesce(cardinality(ref_tables), 0) LOOP
                    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ref_tables[i], ref_names[i]);
                END LOOP;
                EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
                EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                               'INSERT INTO %I SELECT * FROM moved', parent || '_default', col, col, part) USING lo, hi;
                moved := moved + stranded;
                EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
                FOR i IN 1 .. coalesce(cardinality(ref_tables), 0) LOOP
                    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', ref_tables[i], ref_names[i], ref_defs[i]);
                END LOOP;
            END IF;
            created := created || part;
        END IF;
        start_at := start_at + period;
    END LOOP;
    RETURN jsonb_build_object('table', parent, 'created', to_jsonb(created), 'moved_out_of_default', moved);
END $$;

CREATE OR REPLACE FUNCTION public.iwm_partitions_prune(
    parent text, retention_months integer, col text DEFAULT 'created_at', at timestamptz DEFAULT now()
) RETURNS jsonb LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    cutoff timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') - retention_months * interval '1 month') AT TIME ZONE 'UTC';
    part record;
    inside bigint;
    total bigint;
    dropped text[] := '{}';
    dropped_rows bigint := 0;
BEGIN
    EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', parent);
    FOR part IN
        SELECT c.relname::text AS name,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = parent::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
         ORDER BY 2
    LOOP
        CONTINUE WHEN part.upper_bound > cutoff;
        EXECUTE format('SELECT count(*) FILTER (WHERE %I >= $1), count(*) FROM %I', col, part.name)
            INTO inside, total USING cutoff;
        IF inside > 0 THEN
            RAISE WARNING '%: % holds % rows inside retention; kept', parent, part.name, inside;
            CONTINUE;
        END IF;
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, part.name);
        EXECUTE format('DROP TABLE %I', part.name);
        dropped := dropped || part.name;
        dropped_rows := dropped_rows + total;
    END LOOP;
    RETURN jsonb_build_object('table', parent, 'dropped', to_jsonb(dropped), 'rows', dropped_rows, 'cutoff', cutoff);
END $$;
"""

REVERSE = """
DROP FUNCTION IF EXISTS public.iwm_partitions_prune(text, integer, text, timestamptz);
DROP FUNCTION IF EXISTS public.iwm_partitions_ensure(text, text, integer, text, timestamptz);
DROP FUNCTION IF EXISTS public.iwm_partition_name(text, text, timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [("iwm", "0004_job_runs")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
