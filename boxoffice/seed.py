"""Box office at seed scale (iwm.seed): weekend charts of twenty titles for every region over
the seeded history (each film runs eight weekends, its grosses falling week by week) and the
daily trend of each region, all with `source` = 'sample'. Weekends and days the demo's
figures already cover are left to them."""

from __future__ import annotations

from datetime import timedelta

from iwm.seed import SeedPlan

TABLES = ["box_office_weekend_entries", "box_office_trends"]
RANKS, RUN = 20, 8


def seed(plan: SeedPlan, cursor, progress) -> dict[str, int]:
    from boxoffice.choices import REGION_CURRENCY

    written: dict[str, int] = {}
    regions = ", ".join(f"('{region}', '{currency}')" for region, currency in REGION_CURRENCY.items())
    since = plan.since.date()
    first_friday = since + timedelta(days=(4 - since.weekday()) % 7)
    weeks = (plan.now.date() - first_friday).days // 7
    # Sixteen regions at scale `full` (about the documented 50,000 chart entries over three
    # years); smaller scales keep fewer.
    region_count = max(2, round(16 * min(1.0, plan.factor * 50)))
    span = {"first": first_friday, "weeks": weeks, "regions": region_count, "now": plan.now,
            "since": since, "last": plan.now.date() - timedelta(days=1)}  # fmt: skip
    with progress.step("box_office_weekend_entries") as step:
        cursor.execute(
            f"""
            INSERT INTO box_office_weekend_entries
                (region, period_start, period_end, rank, title, distributor, weekend_gross, total_gross, currency,
                 source, created_at, updated_at)
            SELECT r.region, %(first)s::date + 7 * w, %(first)s::date + 7 * w + 2, k,
                   'Sample film ' || (w - (k - 1) %% {RUN}) || '-' || (k - 1) / {RUN},
                   'Sample Studio ' || (w + k) %% 12,
                   ((100 - k) * 100000 + w) * (1 + r.n %% 5),
                   ((100 - k) * 100000 + w) * (1 + r.n %% 5) * (1 + (k - 1) %% {RUN}),
                   r.currency, 'sample', %(now)s, %(now)s
            FROM (SELECT region, currency, row_number() OVER (ORDER BY region) AS n
                  FROM (VALUES {regions}) AS v(region, currency) ORDER BY region LIMIT %(regions)s) r,
                 generate_series(0, %(weeks)s - 1) AS w, generate_series(1, {RANKS}) AS k
            WHERE NOT EXISTS (SELECT 1 FROM box_office_weekend_entries e
                              WHERE e.region = r.region AND e.period_start = %(first)s::date + 7 * w)
            ORDER BY r.region, w, k
            """,
            span,
        )
        step.done(written.setdefault("box_office_weekend_entries", cursor.rowcount))
    with progress.step("box_office_trends") as step:
        cursor.execute(
            f"""
            INSERT INTO box_office_trends (region, date, gross, currency, source, updated_at)
            SELECT r.region, d::date, (1000000 + extract(dow FROM d)::int * 100000) * (1 + r.n %% 5), r.currency,
                   'sample', %(now)s
            FROM (SELECT region, currency, row_number() OVER (ORDER BY region) AS n
                  FROM (VALUES {regions}) AS v(region, currency) ORDER BY region LIMIT %(regions)s) r,
                 generate_series(%(since)s::date, %(last)s::date, INTERVAL '1 day') AS d
            ORDER BY r.region, d
            ON CONFLICT DO NOTHING
            """,
            span,
        )
        step.done(written.setdefault("box_office_trends", cursor.rowcount))
    return written
