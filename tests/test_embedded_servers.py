"""The embedded servers behind `make run` / `make test`, started in a scratch folder."""

import psycopg
import redis

from iwm import embedded
from iwm.settings.base import celery_url


def test_embedded_redis_starts_answers_and_stops(tmp_path):
    server = embedded.EmbeddedRedis(tmp_path / "redis")
    assert server.start() is True
    try:
        assert server.start() is False  # already running: reused, not started twice
        client = redis.Redis.from_url(server.url())
        client.set("iwm-test", "1")
        assert client.get("iwm-test") == b"1"
    finally:
        assert server.stop() is True
    assert not server.is_running()


def test_embedded_postgres_initialises_with_pg_stat_statements_preloaded(tmp_path):
    server = embedded.EmbeddedPostgres(tmp_path / "pg")
    assert server.start() is True
    try:
        with psycopg.connect(server.url().replace("postgres://", "postgresql://")) as conn:
            assert conn.execute("SHOW shared_preload_libraries").fetchone()[0] == "pg_stat_statements"
            assert conn.execute("SELECT current_database()").fetchone()[0] == embedded.DATABASE_NAME
            available = {row[0] for row in conn.execute("SELECT name FROM pg_available_extensions")}
            assert {"vector", "pg_trgm", "earthdistance"} <= available
    finally:
        assert server.stop() is True
    assert not server.is_running()
    # Data stays for next time: a second start reuses it without initdb.
    assert (tmp_path / "pg" / "PG_VERSION").exists()


def test_celery_spells_unix_sockets_its_own_way():
    assert celery_url("unix:///x/redis.sock?db=0") == "redis+socket:///x/redis.sock?db=0"
    assert celery_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
