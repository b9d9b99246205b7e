"""Catalog read paths at full catalog scale: timings and the plan each query gets.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/catalog_queries.py [--keep]

Builds a scratch database `iwm_bench` on the same server (embedded, or DATABASE_URL), applies
every migration, fills it with SCHEMA.md's catalog scale (10,000 movies, 50,000 people,
~250,000 credits, 50,000 scenes, ~100,000 streaming offers, 3,000 theaters) plus the real demo catalog, runs
each endpoint's query many times and prints the median and 95th percentile with the access
path PostgreSQL chose. `--keep` leaves the database for EXPLAIN sessions of your own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "iwm_bench"
MOVIES, PEOPLE, CREDITS_PER_MOVIE, SCENES_PER_MOVIE, THEATERS = 10_000, 50_000, 25, 5, 3_000


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def prepare_database() -> None:
    import psycopg

    from iwm import embedded

    base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    admin = urlsplit(base)._replace(path="/postgres")
    with psycopg.connect(urlunsplit(admin).replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = bench_url(base)


WORDS = (
    "night dark star love war city last lost king queen river road ghost dream blood secret shadow "
    "summer winter iron glass silent wild golden broken black white red blue empire storm fire ice "
    "heart stone moon sun sea island mountain desert forest garden house room door window mirror "
    "journey return rise fall edge line game code signal memory echo machine planet galaxy frontier "
    "detective thief soldier doctor teacher hunter pilot captain stranger family brother sister "
    "daughter son mother father friend enemy lover witness prisoner rebel saint devil angel monster"
).split()
FIRST = "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Yuki Hiro Ana Luis Chen Wei Priya Arjun Fatima Omar Ingrid Lars Sofia Marco Chloe Pierre".split()  # noqa: E501
LAST = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Tanaka Sato Kim Park Chen Wang Singh Patel Khan Ali Larsen Berg Rossi Bianchi Dubois Martin Muller Schmidt Silva Costa".split()  # noqa: E501


def fill() -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    timings["load_demo"] = time.perf_counter() - started

    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    first = "ARRAY[" + ",".join(f"'{w}'" for w in FIRST) + "]"
    last = "ARRAY[" + ",".join(f"'{w}'" for w in LAST) + "]"
    pick = "({arr})[1 + floor(random() * array_length({arr}, 1))::int]"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(f"""
            INSERT INTO movies (external_id, title, original_title, tagline, year, release_date, runtime, rating,
                language, country, overview, poster_url, backdrop_url, status, imdb_rating, siddu_score,
                created_at, updated_at)
            SELECT 'bench-movie-' || g,
                   initcap({pick.format(arr=words)} || ' ' || {pick.format(arr=words)} || ' ' || g),
                   '', '', y, make_date(y, 1 + (g % 12), 1 + (g % 28)), 80 + (g % 100), 'PG-13',
                   (ARRAY['en','fr','ja','ko','es','de','hi'])[1 + g % 7], 'US',
                   (SELECT string_agg({pick.format(arr=words)}, ' ') FROM generate_series(1, 40 + g % 7 * 0)),
                   '', '', 'released', round((3 + random() * 6)::numeric, 1),
                   CASE WHEN g % 3 = 0 THEN NULL ELSE round((2 + random() * 8)::numeric, 1) END, now(), now()
            FROM (SELECT g, 1930 + (g % 95) AS y FROM generate_series(1, {MOVIES}) g) s
        """)
        cursor.execute(f"""
            INSERT INTO people (external_id, name, bio, image_url, known_for, created_at, updated_at)
            SELECT 'bench-person-' || g, {pick.format(arr=first)} || ' ' || {pick.format(arr=last)} || ' ' || g,
                   '', '', (ARRAY['acting','directing','writing'])[1 + g % 3], now(), now()
            FROM generate_series(1, {PEOPLE}) g
        """)
        cursor.execute("""
            INSERT INTO movie_genres (movie_id, genre_id)
            SELECT DISTINCT m.id, (SELECT id FROM genres ORDER BY id OFFSET (m.id * k) % 21 LIMIT 1)
            FROM movies m CROSS JOIN generate_series(1, 3) k WHERE m.external_id LIKE 'bench-%'
            ON CONFLICT DO NOTHING
        """)
        cursor.execute(f"""
            INSERT INTO movie_credits (movie_id, person_id, role, character_name, billing_order)
            SELECT m.id, p.min_id + ((m.id * 7919 + k * 104729) % {PEOPLE}),
                   CASE WHEN k = 0 THEN 'director' WHEN k = 1 THEN 'writer' ELSE 'actor' END, '', k
            FROM movies m CROSS JOIN generate_series(0, {CREDITS_PER_MOVIE - 1}) k
            CROSS JOIN (SELECT min(id) AS min_id FROM people WHERE external_id LIKE 'bench-%') p
            WHERE m.external_id LIKE 'bench-%'
            ON CONFLICT DO NOTHING
        """)
        cursor.execute("""
            INSERT INTO movie_streaming_options (movie_id, platform_id, region, type, price, currency, quality, url,
                verified)
            SELECT m.id, pl.id, r.region, 'subscription', NULL, '', 'HD', '', true
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM movies) m
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS c FROM streaming_platforms) pl
              ON pl.n = 1 + (m.n % pl.c)
            CROSS JOIN (VALUES ('US'), ('GB'), ('FR'), ('DE'), ('JP'), ('IN'), ('BR'), ('KR'), ('AU'), ('CA')) r(region)
            ON CONFLICT DO NOTHING
        """)
        cursor.execute(f"""
            INSERT INTO scenes (external_id, movie_id, title, description, thumbnail_url, duration_seconds, scene_type,
                view_count, comment_count, is_popular, is_visual_treat, added_at)
            SELECT m.external_id || '-scene-' || k, m.id, 'Scene ' || k, '', '', 60 + k * 30, 'dialogue', k * 100, 0,
                   k = 1, false, now()
            FROM movies m CROSS JOIN generate_series(1, {SCENES_PER_MOVIE}) k WHERE m.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO theaters (external_id, name, chain, address, city, country, timezone, latitude, longitude)
            SELECT 'bench-theater-' || g, 'Cinema ' || g, '', '', 'City ' || (g % 300), 'US', 'America/New_York',
                   -60 + random() * 130, -180 + random() * 360
            FROM generate_series(1, {THEATERS}) g
        """)
        cursor.execute("SELECT count(*) FROM movie_streaming_options")
        offers = cursor.fetchone()[0]
    timings["synthetic fill"] = time.perf_counter() - started
    print(f"offers: {offers:,}")

    from movies.services.embeddings import movie_embeddings_refresh

    started = time.perf_counter()
    run = movie_embeddings_refresh()
    timings[f"embed_movies ({run.embedded:,} movies)"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # what an operator runs after a bulk import
    timings["vacuum analyze"] = time.perf_counter() - started
    return timings


def access_paths(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    found: list[str] = []

    def walk(node):
        kind = node["Node Type"]
        if "Index" in kind or kind in {"Seq Scan", "Bitmap Heap Scan"}:
            found.append(f"{kind}:{node.get('Index Name') or node.get('Relation Name')}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return ", ".join(dict.fromkeys(found))


def measure(label: str, queryset_or_callable, runs: int = 30) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = queryset_or_callable()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        queryset_or_callable()
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<46} median {statistics.median(samples):7.2f} ms  p95 {p95:7.2f} ms  "
          f"queries {len(captured.captured_queries)}  rows {len(result) if hasattr(result, '__len__') else '-'}")
    for number, query in enumerate(captured.captured_queries, start=1):
        print(f"{'':<6}q{number}: {access_paths_for(query['sql'])}")


def access_paths_for(sql: str) -> str:
    try:
        return access_paths(sql, None)
    except Exception as exc:  # noqa: BLE001 - a plan we cannot re-run is reported, not fatal
        return f"(plan unavailable: {exc.__class__.__name__})"


def run_queries() -> None:
    from django.test import Client

    from movies.models import Movie, Person, Showtime, Theater
    from movies.selectors import search, similar, theaters

    client = Client()
    interstellar = Movie.objects.get(title="Interstellar")
    nolan = Person.objects.get(name="Christopher Nolan")
    london = Theater.objects.filter(city="London").order_by("id").first()
    showing = Showtime.objects.filter(theater=london).order_by("starts_at").last()

    def api(path):
        def call():
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.content[:300]
            return response.json().get("results", response.json())

        return call

    print("\n-- selectors (SQL only) --")
    measure("search 'intersteller'", lambda: list(search.search("intersteller")[:20]))
    measure("search 'nolan'", lambda: list(search.search("nolan")[:20]))
    measure("search 'dreams heist subconscious'", lambda: list(search.search("dreams heist subconscious")[:20]))
    measure("search 'Ladri di biciclette' (original title)", lambda: list(search.search("Ladri di biciclette")[:20]))
    measure("search '千と千尋' (CJK, 4 chars)", lambda: list(search.search("千と千尋")[:20]))
    measure("search '千尋' (CJK, 2 chars: substring)", lambda: list(search.search("千尋")[:20]))
    measure("search 'dream heist'", lambda: list(search.search("dream heist")[:20]))
    measure("search 'up' (2 letters)", lambda: list(search.search("up")[:20]))
    measure("autocomplete movies 'inter'", lambda: search.movie_autocomplete("inter"))
    measure("autocomplete movies 'spirted' (typo)", lambda: search.movie_autocomplete("spirted"))
    measure("autocomplete people 'chris'", lambda: search.person_autocomplete("chris"))
    measure("similar (method in use)", lambda: similar.similar_movies(interstellar)[1])
    measure("similar (shared genres/credits)", lambda: similar._sharing_genres_and_credits(interstellar.pk, 10))
    for method in ("earthdistance", "haversine"):
        measure(f"theaters near London 25 km ({method})", lambda m=method: list(theaters.theaters_near(51.5, -0.12, 25, method=m)))

    print("\n-- API endpoints (whole request) --")
    measure("GET /movies/", api("/api/v1/movies/"))
    measure("GET /movies/?page_size=100&ordering=-siddu_score", api("/api/v1/movies/?page_size=100&ordering=-siddu_score"))
    measure("GET /movies/?min_siddu_score=9&ordering=-siddu", api("/api/v1/movies/?min_siddu_score=9&ordering=-siddu_score"))
    measure("GET /movies/?genre=drama&year_min=1990", api("/api/v1/movies/?genre=drama&year_min=1990"))
    measure("GET /movies/?watch_region=US&watch_platforms=...", api("/api/v1/movies/?watch_region=US&watch_platforms=netflix,mubi"))
    measure("GET /movies/?ordering=-popularity", api("/api/v1/movies/?ordering=-popularity"))
    measure("GET /movies/?ordering=-imdb_rating", api("/api/v1/movies/?ordering=-imdb_rating"))
    measure("GET /movies/?ordering=title", api("/api/v1/movies/?ordering=title"))
    measure("GET /movies/?genre=drama,crime", api("/api/v1/movies/?genre=drama,crime"))
    measure("GET /movies/?genre=drama|crime", api("/api/v1/movies/?genre=drama%7Ccrime"))
    measure("GET /movies/?people={nolan}", api(f"/api/v1/movies/?people={nolan.pk}"))
    measure("GET /movies/?runtime_min=90&runtime_max=95", api("/api/v1/movies/?runtime_min=90&runtime_max=95"))
    measure("GET /movies/?rating=nr", api("/api/v1/movies/?rating=nr"))
    measure("GET /movies/?imdb_id=tt1375666", api("/api/v1/movies/?imdb_id=tt1375666"))
    measure("GET /movies/{id}/", api(f"/api/v1/movies/{interstellar.pk}/"))
    measure("GET /search/?q=godfater", api("/api/v1/search/?q=godfater"))
    measure("GET /people/?page_size=100", api("/api/v1/people/?page_size=100"))
    measure("GET /theaters/?near=40.73,-73.99", api("/api/v1/theaters/?near=40.73,-73.99&radius_km=25"))
    measure("GET /theaters/{id}/", api(f"/api/v1/theaters/{london.pk}/"))
    measure(
        "GET /movies/{id}/showtimes/?near=London&date=",
        api(f"/api/v1/movies/{showing.movie_id}/showtimes/?near=51.5,-0.12&date={showing.starts_at.date()}"),
    )
    for path in ("genres", "platforms", "regions", "languages", "countries"):
        measure(f"GET /{path}/?page_size=100", api(f"/api/v1/{path}/?page_size=100"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the iwm_bench database")
    args = parser.parse_args()
    prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
    from django.conf import settings

    from iwm import embedded

    embedded.start_configured(settings)  # importing settings starts nothing (the Redis cache, if embedded)
    print(f"database: {os.environ['DATABASE_URL']}")
    for label, seconds in fill().items():
        print(f"{label:<46} {seconds:8.2f} s")
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
