"""Read replicas against a real streaming replica of the test server (tests/streaming_replica.py).

The replica is a physical copy made with pg_basebackup after the test database exists, so the test
database is on it too; Django reaches it as the alias "replica1", configured as
DATABASE_REPLICA_URLS would configure it. What these tests write must be committed for the replica
to see it: they use transactional databases (flushed on the primary, hence on the replica, after
each test).
"""

from __future__ import annotations

import io
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from conftest import bearer_client
from iwm.db import router
from tests.streaming_replica import StreamingReplica, Unavailable

ALIAS = "replica1"


def capture(conn) -> CaptureQueriesContext:
    """CaptureQueriesContext that sees every query: Django keeps at most 9,000 in a connection's log,
    and once the log is full a capture's slice of it comes out empty."""
    conn.queries_log.clear()
    return CaptureQueriesContext(conn)


pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", ALIAS])]


def _primary_params() -> dict:
    conf = connections["default"].settings_dict
    params = {"host": conf["HOST"] or "localhost", "user": conf["USER"] or "postgres"}
    if conf["PORT"]:
        params["port"] = conf["PORT"]
    if conf["PASSWORD"]:
        params["password"] = conf["PASSWORD"]
    return params


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    """A streaming replica, known to Django as "replica1" for the tests of this module."""
    from iwm.settings.base import replica_config

    try:
        server = StreamingReplica(_primary_params()).create()
    except Unavailable as exc:
        pytest.skip(f"no streaming replica can be made here: {exc}")
    database = connections["default"].settings_dict["NAME"]
    config = replica_config(server.url(database))
    connections.settings[ALIAS] = connections.configure_settings({"default": connections.settings["default"],
                                                                  ALIAS: config})[ALIAS]  # fmt: skip
    try:
        yield server
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
        server.destroy()


@pytest.fixture
def replicas_on(replica, settings):
    """DATABASE_REPLICA_URLS with the replica, as a web process would have it."""
    settings.DATABASE_REPLICAS = [ALIAS]
    settings.READ_YOUR_WRITES_SECONDS = 5
    router.forget_health()
    cache.clear()
    if not replica.is_running():
        pytest.fail("the replica was stopped by an earlier test")
    replica.resume_replay()
    yield replica
    router.forget_health()


def _statements(captured) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


def test_the_replica_streams_and_holds_the_test_database(replicas_on):
    with replicas_on.connect(connections["default"].settings_dict["NAME"]) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        assert conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()[0] == "streaming"
        assert conn.execute("SELECT to_regclass('movies') IS NOT NULL").fetchone()[0]


def test_a_public_read_is_served_by_the_replica(replicas_on):
    from movies.tests.factories import MovieFactory

    movie = MovieFactory(title="Read From The Standby")
    replicas_on.wait_caught_up()
    client = APIClient()
    with capture(connections[ALIAS]) as on_replica, \
            capture(connections["default"]) as on_primary:  # fmt: skip
        response = client.get(f"/api/v1/movies/{movie.pk}/")
    assert response.status_code == 200 and response.json()["title"] == "Read From The Standby"
    assert '"movies"' in _statements(on_replica)
    assert '"movies"' not in _statements(on_primary)
    # The replica itself says so: a backend of the application "iwm-replica" last read movies.
    with replicas_on.connect() as conn:
        sessions = conn.execute(
            "SELECT datname, query FROM pg_stat_activity WHERE application_name = 'iwm-replica'"
        ).fetchall()
    assert sessions, "no iwm-replica backend on the replica"
    last_statement = on_replica.captured_queries[-1]["sql"]
    assert (connections["default"].settings_dict["NAME"], last_statement) in sessions, (sessions, last_statement)


def test_writes_transactions_and_row_locks_use_the_primary(replicas_on):
    from movies.models import Movie
    from movies.tests.factories import MovieFactory

    movie = MovieFactory()
    replicas_on.wait_caught_up()
    with router.routing():
        assert Movie.objects.all().db == ALIAS  # an ordinary read
        with transaction.atomic():
            assert Movie.objects.all().db == "default"
        assert Movie.objects.all().db == ALIAS, "after the transaction, reads go back to the replica"
    with router.routing():
        with transaction.atomic():
            assert Movie.objects.select_for_update().filter(pk=movie.pk).db == "default"
        assert Movie.objects.all().db == "default", "a row lock is a write: the request stays on the primary"
    with router.routing():
        Movie.objects.filter(pk=movie.pk).update(title="Written")
        assert Movie.objects.all().db == "default", "after a write in this request, the primary"
    assert Movie.objects.all().db == "default", "outside a request (Celery, commands): the primary"


def test_a_member_reads_their_own_write_while_the_replica_lags(replicas_on, settings):
    from django.contrib.auth import get_user_model

    from social.tests.factories import UserFactory

    settings.READ_YOUR_WRITES_SECONDS = 2
    member = UserFactory(name="Before")
    client = bearer_client(member)
    replicas_on.wait_caught_up()
    replicas_on.pause_replay()  # the replica receives but applies nothing: it lags for as long as we like
    try:
        response = client.patch("/api/v1/auth/me/", {"name": "After"}, format="json")
        assert response.status_code == 200 and response.json()["name"] == "After"
        assert get_user_model().objects.using(ALIAS).get(pk=member.pk).name == "Before", "the replica lags"

        with capture(connections[ALIAS]) as on_replica:
            assert client.get("/api/v1/auth/me/").json()["name"] == "After"
        assert on_replica.captured_queries == [], "within the window the member reads from the primary"

        time.sleep(settings.READ_YOUR_WRITES_SECONDS + 0.5)  # the window is what protects: past it...
        assert client.get("/api/v1/auth/me/").json()["name"] == "Before", "...the lagging replica answers"
    finally:
        replicas_on.resume_replay()
    replicas_on.wait_caught_up()
    assert client.get("/api/v1/auth/me/").json()["name"] == "After"


def test_a_staff_members_admin_change_counts_as_their_write(replicas_on, client):
    from social.tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert not router.wrote_recently(staff.pk)
    with capture(connections[ALIAS]) as on_replica:
        assert client.get("/admin/").status_code == 200
    assert on_replica.captured_queries == [], "the admin reads from the primary"
    assert not router.wrote_recently(staff.pk), "a read is not a write"
    added = client.post("/admin/movies/genre/add/", {"name": "Replica Noir", "slug": "replica-noir"})
    assert added.status_code == 302, added.content[:500]
    assert router.wrote_recently(staff.pk), "their API reads now come from the primary for a while"


def test_db_status_and_readiness_show_the_replica_lag(replicas_on):
    from social.tests.factories import UserFactory

    replicas_on.wait_caught_up()
    ready = APIClient().get("/readyz").json()
    assert ready["status"] == "ready"
    (caught_up,) = ready["replicas"]
    assert caught_up["alias"] == ALIAS and caught_up["ok"] and caught_up["receiver"] == "streaming"
    assert caught_up["lag_bytes"] == 0 and caught_up["lag_seconds"] == 0

    replicas_on.pause_replay()
    try:
        UserFactory.create_batch(20)  # WAL the replica receives but does not apply
        time.sleep(0.3)
        (behind,) = APIClient().get("/readyz").json()["replicas"]
        assert behind["ok"] and behind["in_recovery"] and behind["lag_bytes"] > 0 and behind["lag_seconds"] > 0
        out = io.StringIO()
        call_command("db_status", stdout=out, no_color=True)
        line = next(line for line in out.getvalue().splitlines() if line.startswith(ALIAS))
        assert "standby" in line and "streaming" in line
        assert int(line.split()[3]) > 0, line
    finally:
        replicas_on.resume_replay()


def test_a_stopped_replica_does_not_break_reads(replicas_on):
    """Last in this module: it stops the replica."""
    from movies.tests.factories import MovieFactory

    movie = MovieFactory(title="Still Served")
    replicas_on.wait_caught_up()
    client = APIClient(raise_request_exception=False)  # the first try's error is logged, not raised
    with capture(connections[ALIAS]) as on_replica:
        assert client.get(f"/api/v1/movies/{movie.pk}/").status_code == 200
    assert on_replica.captured_queries, "read from the replica while it ran (its connection stays open)"

    replicas_on.stop()
    # The open connection to the replica is now dead: the read fails there and is served again from
    # the primary within the same request.
    response = client.get(f"/api/v1/movies/{movie.pk}/")
    assert response.status_code == 200 and response.json()["title"] == "Still Served"
    assert router.replica_usable(ALIAS) is False, "remembered as down"
    with capture(connections["default"]) as on_primary:
        assert client.get("/api/v1/movies/").status_code == 200
    assert '"movies"' in _statements(on_primary), "the next requests go straight to the primary"

    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready", "a replica down is not unready"
    (down,) = ready.json()["replicas"]
    assert down["ok"] is False and down["error"]
