"""Operating the database: backups (pg_dump), restores (pg_restore/psql) and pg_cron.

The services live here; `manage.py backup`, `restore` and `pg_cron` are thin commands over
them, and the daily "backup" job (iwm.jobs.SCHEDULE) calls `backup.backup_create` too.
"""
