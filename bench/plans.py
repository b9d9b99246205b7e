"""The plan of every list and search endpoint's SQL at seed scale, captured from the ORM while
the endpoint answers (not hand-written copies), with EXPLAIN (ANALYZE, BUFFERS).

    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/seed.py --scale full --keep
    .venv/bin/python -m iwm.launcher exec -- .venv/bin/python bench/plans.py

Reads the database bench/seed.py kept (`iwm_bench_seed`). For each endpoint it prints each
query's execution time and flags any sequential scan of a table (or partition) estimated or
found to hold over 10,000 rows. Figures go to bench/results/plans.json; the exit status is 1
when something is flagged.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_DB = "iwm_bench_seed"
BIG = 10_001  # the capped count reads up to 10,001 rows by design

# name -> path; {movie}, {member}, {quiz} come from the seeded database. Member-only routes
# are called as {member}.
ENDPOINTS: dict[str, str] = {
    "movies": "/api/v1/movies/",
    "movies genre+year+ordering": "/api/v1/movies/?genre=drama&year_min=1990&ordering=-siddu_score",
    "movies where to watch": "/api/v1/movies/?watch_region=US&watch_platforms=netflix",
    "movies by popularity": "/api/v1/movies/?ordering=-popularity",
    "people": "/api/v1/people/",
    "search": "/api/v1/search/?q=intersteller",
    "movies autocomplete": "/api/v1/movies/autocomplete/?q=star",
    "people autocomplete": "/api/v1/people/autocomplete/?q=chris",
    "similar": "/api/v1/movies/{movie}/similar/",
    "theaters near": "/api/v1/theaters/?near=51.5072,-0.1276&radius_km=10",
    "movie reviews": "/api/v1/movies/{movie}/reviews/",
    "movie reviews most helpful": "/api/v1/movies/{movie}/reviews/?ordering=-helpful_votes",
    "member reviews": "/api/v1/users/{member}/reviews/",
    "followers": "/api/v1/users/{member}/followers/",
    "pulses by tag": "/api/v1/pulses/?tag=nolan",
    "feed": "/api/v1/feed/",
    "notifications": "/api/v1/notifications/",
    "notifications unread count": "/api/v1/notifications/unread-count/",
    "trending": "/api/v1/trending/?window=7d",
    "collections": "/api/v1/collections/",
    "my watchlist": "/api/v1/me/watchlist/",
    "my favorites": "/api/v1/me/favorites/",
    "quizzes": "/api/v1/quizzes/",
    "quiz leaderboard": "/api/v1/quizzes/{quiz}/leaderboard/",
    "weekend box office": "/api/v1/boxoffice/weekend/?region=US",
    "casting calls open": "/api/v1/casting-calls/?open=true",
    "casting calls search": "/api/v1/casting-calls/?q=ghost&role_type=lead",
    "ceremonies": "/api/v1/awards/ceremonies/",
    "festivals": "/api/v1/festivals/",
    "my reports": "/api/v1/me/reports/",
}


def seq_scans(plan: dict, found: list, *, limited: bool = False) -> list:
    """Sequential scans that read over BIG rows (rows returned plus rows filtered out, times
    loops), or that are planned to when nothing above them stops them early: a scan under a
    LIMIT that stops it (the pagination's capped count reads at most 10,001 rows) counts what
    it read, not the table's size."""
    node = plan.get("Node Type", "")
    limited = limited or node == "Limit"
    if node == "Seq Scan":
        loops = max(plan.get("Actual Loops", 1), 1)
        read = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * loops
        rows = read if limited else max(plan.get("Plan Rows", 0), read)
        found.append({"relation": plan.get("Relation Name"), "rows": int(rows)})
    for child in plan.get("Plans", []):
        seq_scans(child, found, limited=limited)
    return found


def main() -> None:
    from iwm import embedded

    base = os.environ.get("DATABASE_URL") or embedded.ensure_postgres_url()
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{SEED_DB}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    os.environ.setdefault("AUTH_THROTTLE_RATE", "1000000/min")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework_simplejwt.tokens import AccessToken

    from social.models import User

    embedded.start_configured(settings)
    settings.ALLOWED_HOSTS = ["*"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM movies WHERE title = 'Interstellar'")
        movie = cursor.fetchone()[0]
        cursor.execute(
            "SELECT following_id FROM user_follows GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )  # the most followed member: the biggest lists
        member = cursor.fetchone()[0]
        cursor.execute("SELECT quiz_id FROM quiz_leaderboard_entries GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        quiz = cursor.fetchone()[0]
    reader = User.objects.get(pk=member)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(reader)}")
    report, flagged = [], 0
    for name, path in ENDPOINTS.items():
        url = path.format(movie=movie, member=member, quiz=quiz)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                explained = cursor.fetchone()[0]
            explained = explained if isinstance(explained, list) else json.loads(explained)
            top = explained[0]
            scans = [s for s in seq_scans(top["Plan"], []) if s["rows"] > BIG]
            flagged += len(scans)
            queries.append({"sql": sql[:300], "execution_ms": round(top["Execution Time"], 2),
                            "planning_ms": round(top["Planning Time"], 2), "seq_scans_over_10k": scans})  # fmt: skip
        total = sum(q["execution_ms"] for q in queries)
        flags = "; ".join(f"SEQ SCAN {s['relation']} ({s['rows']:,} rows)" for q in queries for s in q["seq_scans_over_10k"])
        print(f"{name:<30} {response.status_code} {len(queries):>2} queries {total:>8.2f} ms  {flags}")
        report.append({"endpoint": name, "path": url, "status": response.status_code, "queries": queries,
                       "execution_ms": round(total, 2)})  # fmt: skip
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "plans.json").write_text(json.dumps({"flagged": flagged, "endpoints": report}, indent=2) + "\n")
    print(f"\n{flagged} sequential scans of tables over {BIG:,} rows flagged; written: {results / 'plans.json'}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
