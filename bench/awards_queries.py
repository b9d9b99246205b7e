"""Awards and festivals read paths at SCHEMA.md's scale: timings and the plan each query gets.

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/awards_queries.py [--keep]

Builds a scratch database `iwm_bench_awards` on the same server, applies every migration, loads
the demo data, adds a synthetic catalog (10,000 movies, 50,000 people) and awards at the schema's
scale (20 ceremonies, 200 ceremony years, 2,000 categories, 50,000 nominations, 100 festivals,
1,000 editions with 60,000 program entries and 10,000 prizes), then times each endpoint and
prints the access path PostgreSQL chose for each of its queries.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import catalog_queries  # noqa: E402  (the shared helpers: scratch database, measure, plans)

catalog_queries.BENCH_DB = "iwm_bench_awards"
MOVIES, PEOPLE = 10_000, 50_000
CEREMONIES, YEARS_PER_CEREMONY, CATEGORIES_PER_YEAR, NOMINATIONS_PER_CATEGORY = 20, 10, 10, 25
FESTIVALS, EDITIONS_PER_FESTIVAL, SECTIONS, ENTRIES_PER_SECTION, PRIZES = 100, 10, 3, 20, 10


def fill() -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    timings["migrate + load_demo"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(f"""
            INSERT INTO movies (external_id, title, original_title, tagline, year, runtime, rating, language, country,
                overview, poster_url, backdrop_url, status, created_at, updated_at)
            SELECT 'bench-movie-' || g, 'Bench Film ' || g, '', '', 1930 + g % 95, 100, 'PG', 'en', 'US', '', '', '',
                   'released', now(), now()
            FROM generate_series(1, {MOVIES}) g
        """)
        cursor.execute(f"""
            INSERT INTO people (external_id, name, bio, image_url, known_for, created_at, updated_at)
            SELECT 'bench-person-' || g, 'Bench Person ' || g, '', '', 'acting', now(), now()
            FROM generate_series(1, {PEOPLE}) g
        """)
        cursor.execute(f"""
            INSERT INTO award_ceremonies (external_id, name, short_name, description, logo_url, background_image_url)
            SELECT 'bench-ceremony-' || g, 'Bench Awards ' || g, '', '', '', '' FROM generate_series(1, {CEREMONIES}) g
        """)
        cursor.execute(f"""
            INSERT INTO award_ceremony_years (external_id, ceremony_id, year, label, location, hosted_by, description,
                highlights)
            SELECT c.external_id || '-' || (2000 + k), c.id, 2000 + k, '', '', '[]', '', '[]'
            FROM award_ceremonies c CROSS JOIN generate_series(1, {YEARS_PER_CEREMONY}) k
            WHERE c.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO award_categories (external_id, ceremony_year_id, name, order_index, allows_ties)
            SELECT y.external_id || '-c' || k, y.id, 'Category ' || k, k, false
            FROM award_ceremony_years y CROSS JOIN generate_series(1, {CATEGORIES_PER_YEAR}) k
            WHERE y.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            WITH m AS (SELECT min(id) AS lo FROM movies WHERE external_id LIKE 'bench-%'),
                 p AS (SELECT min(id) AS lo FROM people WHERE external_id LIKE 'bench-%')
            INSERT INTO award_nominations (external_id, category_id, nominee_type, nominee_name, film_title, movie_id,
                person_id, details, image_url, is_winner)
            SELECT c.external_id || '-n' || k, c.id, CASE WHEN c.order_index % 2 = 0 THEN 'person' ELSE 'movie' END,
                   'Nominee ' || k, 'Film ' || k,
                   CASE WHEN k % 10 < 7 THEN m.lo + (c.id * 31 + k * 7919) % {MOVIES} END,
                   CASE WHEN c.order_index % 2 = 0 AND k % 2 = 0 THEN p.lo + (c.id * 17 + k * 104729) % {PEOPLE} END,
                   '', '', k = 1
            FROM award_categories c CROSS JOIN generate_series(1, {NOMINATIONS_PER_CATEGORY}) k CROSS JOIN m CROSS JOIN p
            WHERE c.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO award_nomination_people (nomination_id, person_id)
            SELECT n.id, p.lo + (n.id * 13) % {PEOPLE}
            FROM award_nominations n CROSS JOIN (SELECT min(id) AS lo FROM people WHERE external_id LIKE 'bench-%') p
            WHERE n.external_id LIKE 'bench-%' AND n.nominee_type = 'movie'
        """)
        cursor.execute(f"""
            INSERT INTO festivals (external_id, name, location, description, website, image_url, logo_url)
            SELECT 'bench-festival-' || g, 'Bench Festival ' || g, '', '', '', '', '' FROM generate_series(1, {FESTIVALS}) g
        """)
        cursor.execute(f"""
            INSERT INTO festival_editions (external_id, festival_id, year, edition_label, starts_on, ends_on, description)
            SELECT f.external_id || '-' || (2015 + k), f.id, 2015 + k, '', make_date(2015 + k, 5, 1),
                   make_date(2015 + k, 5, 12), ''
            FROM festivals f CROSS JOIN generate_series(1, {EDITIONS_PER_FESTIVAL}) k
            WHERE f.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO festival_program_sections (external_id, edition_id, name, description, order_index)
            SELECT e.external_id || '-s' || k, e.id, 'Section ' || k, '', k
            FROM festival_editions e CROSS JOIN generate_series(1, {SECTIONS}) k WHERE e.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO festival_program_entries (external_id, section_id, movie_id, title, director, country,
                premiere_type, order_index)
            SELECT s.external_id || '-e' || k, s.id, m.lo + (s.id * 37 + k * 7919) % {MOVIES}, 'Entry ' || k, '', '',
                   'world', k
            FROM festival_program_sections s CROSS JOIN generate_series(1, {ENTRIES_PER_SECTION}) k
            CROSS JOIN (SELECT min(id) AS lo FROM movies WHERE external_id LIKE 'bench-%') m
            WHERE s.external_id LIKE 'bench-%'
            ON CONFLICT DO NOTHING
        """)
        cursor.execute(f"""
            INSERT INTO festival_winner_categories (external_id, edition_id, name, order_index)
            SELECT e.external_id || '-p' || k, e.id, 'Prize ' || k, k
            FROM festival_editions e CROSS JOIN generate_series(1, {PRIZES}) k WHERE e.external_id LIKE 'bench-%'
        """)
        cursor.execute(f"""
            INSERT INTO festival_winners (external_id, category_id, movie_id, title, recipient_name, details, order_index)
            SELECT w.external_id || '-w', w.id, m.lo + (w.id * 53) % {MOVIES}, 'Winner', '', '', 0
            FROM festival_winner_categories w
            CROSS JOIN (SELECT min(id) AS lo FROM movies WHERE external_id LIKE 'bench-%') m
            WHERE w.external_id LIKE 'bench-%'
        """)
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute(
            "SELECT (SELECT count(*) FROM award_nominations), (SELECT count(*) FROM festival_program_entries)"
        )
        nominations, entries = cursor.fetchone()
    timings["synthetic fill + vacuum analyze"] = time.perf_counter() - started
    print(f"nominations: {nominations:,}  program entries: {entries:,}")
    return timings


def run_queries() -> None:
    from django.db.models import Count
    from django.test import Client

    from awards.models import Ceremony, Festival, Nomination, NominationPerson
    from awards.selectors.profiles import award_counts_for_movies, award_counts_for_people

    client = Client()
    measure = catalog_queries.measure

    def api(path):
        def call():
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            return body.get("results", body) if isinstance(body, dict) else body

        return call

    ceremony = Ceremony.objects.get(external_id="bench-ceremony-7")
    oscars = Ceremony.objects.get(external_id="oscars")
    festival = Festival.objects.get(external_id="bench-festival-42")
    busiest_movie = (
        Nomination.objects.filter(movie__isnull=False).values("movie_id").annotate(n=Count("id")).order_by("-n")[0]
    )
    busiest_person = (
        NominationPerson.objects.values("person_id").annotate(n=Count("id")).order_by("-n")[0]
    )
    movie_ids = list(Nomination.objects.filter(movie__isnull=False).values_list("movie_id", flat=True)[:20])
    person_ids = list(NominationPerson.objects.values_list("person_id", flat=True)[:20])
    print(f"busiest film: {busiest_movie['n']} nominations; busiest credited person: {busiest_person['n']}")

    print("\n-- API endpoints (whole request) --")
    measure("GET /awards/ceremonies/?page_size=100", api("/api/v1/awards/ceremonies/?page_size=100"))
    measure("GET /awards/ceremonies/{id}/", api(f"/api/v1/awards/ceremonies/{ceremony.pk}/"))
    measure("GET /awards/ceremonies/{id}/years/2005/ (250 noms)", api(f"/api/v1/awards/ceremonies/{ceremony.pk}/years/2005/"))
    measure("GET /awards/ceremonies/oscars/years/2024/", api(f"/api/v1/awards/ceremonies/{oscars.pk}/years/2024/"))
    measure("GET /festivals/?page_size=100", api("/api/v1/festivals/?page_size=100"))
    measure("GET /festivals/{id}/", api(f"/api/v1/festivals/{festival.pk}/"))
    measure("GET /festivals/{id}/editions/2020/", api(f"/api/v1/festivals/{festival.pk}/editions/2020/"))
    measure("GET /movies/{busiest}/awards/", api(f"/api/v1/movies/{busiest_movie['movie_id']}/awards/"))
    measure("GET /people/{busiest}/awards/", api(f"/api/v1/people/{busiest_person['person_id']}/awards/"))
    print("\n-- selectors --")
    measure("award_counts_for_movies(20 ids)", lambda: award_counts_for_movies(movie_ids))
    measure("award_counts_for_people(20 ids)", lambda: award_counts_for_people(person_ids))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    catalog_queries.prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    import django

    django.setup()
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
            conn.execute(f"DROP DATABASE IF EXISTS {catalog_queries.BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
