"""Social read and write paths at full scale: the feed, hashtag lists, trending, removal.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/social_queries.py [--keep] [--pulses N]

Builds a scratch database `iwm_bench_social` on the same server (embedded, or DATABASE_URL),
applies every migration, loads the demo data, and adds 50,000 members, 1,000,000 pulses over
the last twelve months (a few members write most of them), 1,000,000 follows (20 per member),
500,000 reactions, and a reader who follows 200 of the most active members. Then it times the
feed (first page and the 100th, reached by following `next`), the hashtag lists, a pulse, the
followers of a popular member, the trending refresh, a recount of every counter, and one
active member's account data removal (rolled back), printing the access path of each query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "iwm_bench_social"
MEMBERS, FOLLOWS_EACH, REACTIONS = 50_000, 20, 500_000
TAGS = (
    "nolan ghibli noir scifi horror kubrick villeneuve westerns documentary classics musicals editing "
    "koreancinema miyazaki slowcinema interstellar dune oppenheimer parasite oscars cannes berlinale "
    "tiff sundance a24 criterion imax 70mm rewatch watchlist boxoffice trailer soundtrack cinematography"
).split()


def prepare_database() -> None:
    import psycopg

    from iwm import embedded

    base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    admin = urlsplit(base)._replace(path="/postgres")
    with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))


def fill(pulses: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from iwm.db.partitions import partitions_ensure, spec_for
    from social.services import counters_recount

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    timings["migrate + load_demo"] = time.perf_counter() - started
    now = timezone.now()
    tags = "(ARRAY[" + ",".join(f"'{tag}'" for tag in TAGS) + "])"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.7)")
        cursor.execute(
            """
            INSERT INTO users (external_id, email, username, password, name, avatar_url, bio, location, website,
                               is_active, is_staff, is_superuser, created_at, updated_at)
            SELECT 'bench-' || i, 'bench' || i || '@example.com', 'bench' || i, '!', 'Bench ' || i, '', '', '', '',
                   true, false, false, now(), now()
            FROM generate_series(1, %s) i
            """,
            [MEMBERS],
        )
        cursor.execute("SELECT min(id), max(id) FROM users WHERE external_id LIKE 'bench-%%'")
        low, high = cursor.fetchone()
        # One old pulse first, so that every month gets its partition before the bulk insert.
        cursor.execute(
            "INSERT INTO pulses (user_id, content_text, created_at) VALUES (%s, 'first', %s)",
            [low, now - timedelta(days=365)],
        )
        partitions_ensure(spec_for("pulses"), now=now)
        # A few members write most pulses: the user index is power(random, 3).
        cursor.execute(
            f"""
            INSERT INTO pulses (user_id, content_text, hashtags, status, created_at)
            SELECT %(low)s + floor(power(random(), 3) * (%(high)s - %(low)s))::bigint,
                   'bench pulse ' || i,
                   ARRAY(SELECT DISTINCT {tags}[1 + floor(power(random(), 2) * {len(TAGS)})::int]
                         FROM generate_series(1, (i %% 4))),
                   CASE WHEN i %% 100 = 0 THEN 'hidden' ELSE 'visible' END,
                   %(now)s - random() * interval '364 days'
            FROM generate_series(1, %(pulses)s) i
            """,
            {"low": low, "high": high, "now": now, "pulses": pulses},
        )
        cursor.execute(
            """
            INSERT INTO user_follows (follower_id, following_id, created_at)
            SELECT follower, following, now()
            FROM (
                SELECT u.id AS follower, %(low)s + floor(power(random(), 2) * (%(high)s - %(low)s))::bigint AS following
                FROM users u, generate_series(1, %(each)s)
                WHERE u.external_id LIKE 'bench-%%'
            ) pairs
            WHERE follower <> following
            ON CONFLICT DO NOTHING
            """,
            {"low": low, "high": high, "each": FOLLOWS_EACH},
        )
        cursor.execute(
            """
            INSERT INTO pulse_reactions (user_id, pulse_id, pulse_created_at, kind, created_at)
            SELECT %(low)s + floor(random() * (%(high)s - %(low)s))::bigint, p.id, p.created_at,
                   (ARRAY['like','love','laugh','wow','sad','angry'])[1 + floor(random() * 6)::int], now()
            FROM (SELECT id, created_at FROM pulses ORDER BY random() LIMIT %(reactions)s) p
            ON CONFLICT DO NOTHING
            """,
            {"low": low, "high": high, "reactions": REACTIONS},
        )
        # The reader follows 200 of the most active members.
        cursor.execute(
            """
            INSERT INTO users (external_id, email, username, password, name, avatar_url, bio, location, website,
                               is_active, is_staff, is_superuser, created_at, updated_at)
            VALUES ('bench-reader', 'reader@example.com', 'bench_reader', '!', 'Reader', '', '', '', '',
                    true, false, false, now(), now())
            """
        )
        cursor.execute(
            """
            INSERT INTO user_follows (follower_id, following_id, created_at)
            SELECT reader.id, u.id, now()
            FROM users u, (SELECT id FROM users WHERE username = 'bench_reader') reader
            WHERE u.external_id LIKE 'bench-%%' AND u.username <> 'bench_reader'
            ORDER BY u.id LIMIT 200
            """
        )
    timings[f"synthetic fill ({pulses:,} pulses)"] = time.perf_counter() - started
    started = time.perf_counter()
    recount = counters_recount()
    timings[f"counters_recount (users {recount['users']:,}, pulses {recount['pulses']:,})"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    timings["vacuum analyze"] = time.perf_counter() - started
    return timings


def access_paths(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]["Plan"]
    found: dict[str, int] = {}

    def walk(node):
        kind = node["Node Type"]
        if "Index" in kind or kind in {"Seq Scan", "Bitmap Heap Scan"}:
            target = node.get("Index Name") or node.get("Relation Name") or ""
            # Partition indexes are named after their partition: group them.
            for prefix in ("pulses_m", "pulses_default"):
                if target.startswith(prefix):
                    target = "pulses_*" + target.split("_", 3)[-1] if prefix == "pulses_m" else target
            key = f"{kind}:{target}"
            found[key] = found.get(key, 0) + 1
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return ", ".join(f"{key} x{count}" if count > 1 else key for key, count in found.items())


def measure(label: str, call, runs: int = 20) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    samples.sort()
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    size = len(result) if hasattr(result, "__len__") else "-"
    print(f"{label:<48} median {statistics.median(samples):8.2f} ms  p95 {p95:8.2f} ms  "
          f"queries {len(captured.captured_queries)}  rows {size}")  # fmt: skip
    for number, query in enumerate(captured.captured_queries, start=1):
        try:
            paths = access_paths(query["sql"])
        except Exception as exc:  # noqa: BLE001 - a plan we cannot re-run is reported, not fatal
            paths = f"(plan unavailable: {exc.__class__.__name__})"
        print(f"{'':<6}q{number}: {paths}")


def run_queries() -> None:
    from django.db import connection, transaction
    from django.test import Client
    from rest_framework_simplejwt.tokens import AccessToken

    from social.models import Pulse, User
    from social.selectors import pulses as reads
    from social.services import account_data_remove, trending_topics_refresh

    reader = User.objects.get(username="bench_reader")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(reader)}", HTTP_ACCEPT_ENCODING="identity")

    def api(path):
        def call():
            response = client.get(path)
            assert response.status_code == 200, response.content[:300]
            return response.json()["results"]

        return call

    after = None
    for _ in range(99):
        keys = reads.feed_keys(reader_id=reader.pk, after=after, limit=20)
        after = keys[-1]
    deep = after
    popular = User.objects.order_by("-followers_count").first()
    busiest = User.objects.filter(external_id__startswith="bench-").order_by("id").first()
    pulse = Pulse.objects.filter(status="visible").order_by("-id").first()

    print("\n-- selectors (SQL only) --")
    measure("feed keys, page 1 (200 followed)", lambda: reads.feed_keys(reader_id=reader.pk, after=None, limit=21))
    measure("feed keys, page 100", lambda: reads.feed_keys(reader_id=reader.pk, after=deep, limit=21))
    measure("feed rows, page 1", lambda: reads.feed_page(reader_id=reader.pk, after=None, limit=21))
    measure("feed rows, page 100", lambda: reads.feed_page(reader_id=reader.pk, after=deep, limit=21))

    print("\n-- API endpoints (whole request) --")
    measure("GET /feed/", api("/api/v1/feed/"))
    measure("GET /feed/?page_size=100", api("/api/v1/feed/?page_size=100"))
    from iwm.api.keyset import encode_key

    measure("GET /feed/ page 100 (by cursor)", api(f"/api/v1/feed/?cursor={encode_key(deep)}"))
    measure("GET /pulses/ (everything, newest)", api("/api/v1/pulses/"))
    measure("GET /pulses/?tag=nolan (common tag)", api("/api/v1/pulses/?tag=nolan"))
    measure("GET /pulses/?tag=cinematography (rare)", api("/api/v1/pulses/?tag=cinematography"))
    measure("GET /pulses/{id}/", lambda: [client.get(f"/api/v1/pulses/{pulse.pk}/").json()])
    measure(f"GET /users/{{id}}/followers/ ({popular.followers_count:,})", api(f"/api/v1/users/{popular.pk}/followers/"))
    measure("GET /users/{id}/ (profile)", lambda: [client.get(f"/api/v1/users/{popular.pk}/").json()])

    print("\n-- writes --")
    measure("trending_topics_refresh (3 windows)", lambda: trending_topics_refresh(), runs=3)
    measure("GET /trending/?window=30d", api("/api/v1/trending/?window=30d"))

    def removal():
        with transaction.atomic():
            done = account_data_remove(user=busiest)
            transaction.set_rollback(True)
        return list(done.values())

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pulses WHERE user_id = %s", [busiest.pk])
        own = cursor.fetchone()[0]
    measure(f"account_data_remove (member with {own:,} pulses, rolled back)", removal, runs=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    parser.add_argument("--pulses", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help=f"measure an existing {BENCH_DB} (kept with --keep)")
    args = parser.parse_args()
    if args.reuse:
        from iwm import embedded

        base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DB}"))
    else:
        prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    from django.conf import settings

    from iwm import embedded

    embedded.start_configured(settings)
    print(f"database: {os.environ['DATABASE_URL']}")
    if not args.reuse:
        for label, seconds in fill(args.pulses).items():
            print(f"{label:<48} {seconds:8.2f} s")
    run_queries()
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        admin = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
        with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
