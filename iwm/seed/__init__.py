"""`manage.py seed`: the platform at a chosen scale, generated inside PostgreSQL.

Each app that owns big tables offers a module listed in SEED_MODULES with one function,

    seed(plan: SeedPlan, cursor) -> dict[str, int]      rows written per table

which fills its tables with set-based `INSERT ... SELECT` over `generate_series`: the rows are
made by the server (no Python per row, no round trips), drawn with `random()` after
`setseed()`, so the same `--random-seed` gives the same data. Order matters: later modules
draw their authors from the members and their subjects from the catalog.

The real demo data (`load_demo`) goes in first; the synthetic rows come after it, shaped like
a living platform rather than uniform noise: popularity follows a power law (`power(random(),
k)` picks low ids, the popular ones, far more often), timestamps spread over the last three
years, vocabularies (hashtags, genres, regions) are skewed. Every stored counter is set from
the rows at the end, so the jobs and the API see consistent data.

While the big tables load, their secondary indexes and foreign keys are dropped and then
recreated from their saved definitions (`iwm.seed.schema`): the schema afterwards is exactly
the migrated one (a test compares them).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import import_module

SEED_MODULES: list[str] = [
    "movies.seed",
    "awards.seed",
    "boxoffice.seed",
    "social.seed",
    "movies.seed_reviews",
    "movies.seed_lists",
    "quizzes.seed",
    "talent.seed",
    "moderation.seed",
]

# SCHEMA.md's row scale: the full platform.
FULL_ROWS: dict[str, int] = {
    "movies": 10_000,
    "people": 50_000,
    "scenes": 50_000,
    "movie_streaming_options": 100_000,
    "movie_credits": 150_000,
    "users": 100_000,
    "user_follows": 500_000,
    "pulses": 1_000_000,
    "pulse_reactions": 500_000,
    "pulse_comments": 200_000,
    "notifications": 5_000_000,
    "reviews": 500_000,
    "review_votes": 500_000,
    "review_comments": 200_000,
    "collections": 50_000,
    "watchlist": 500_000,
    "favorites": 1_000_000,
    "quizzes": 1_000,
    "quiz_attempts": 100_000,
    "casting_calls": 10_000,
    "award_ceremonies": 20,
    "festivals": 100,
    "admin_user_meta": 1_000,
    "moderation_items": 10_000,
}

SCALES: dict[str, float] = {"full": 1.0, "small": 0.01, "tiny": 0.002}
HISTORY = timedelta(days=3 * 365)  # timestamps spread over the last three years


@dataclass
class SeedPlan:
    scale: str
    random_seed: int
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def factor(self) -> float:
        return SCALES[self.scale]

    def rows(self, table: str, *, minimum: int = 20) -> int:
        """How many rows `table` gets at this scale (at least `minimum`, so tiny is usable)."""
        return max(minimum, math.ceil(FULL_ROWS[table] * self.factor))

    def synthetic(self, table: str, *, existing: int, minimum: int = 20) -> int:
        """Synthetic rows to add to `existing` (the demo's real ones) to reach the scale; at
        least `minimum`, so even tiny has synthetic rows beside the demo's."""
        return max(minimum, self.rows(table, minimum=minimum) - existing)

    @property
    def since(self) -> datetime:
        return self.now - HISTORY

    def setseed(self, cursor, salt: int) -> None:
        """Re-seed the server's random() before a step, so each step's rows depend only on
        the random seed and the step (not on how many draws earlier steps made)."""
        value = ((self.random_seed * 7919 + salt * 104729) % 2_000_001) / 1_000_000 - 1
        cursor.execute("SELECT setseed(%s)", [value])


def seed_modules():
    return [import_module(name) for name in SEED_MODULES]


class Progress:
    """One line per table: rows, seconds and rows/s."""

    def __init__(self, log=print):
        self.log = log
        self.timings: dict[str, dict] = {}

    def step(self, label: str):
        progress = self

        class _Step:
            def __enter__(self):
                self.started = time.perf_counter()
                return self

            def done(self, rows: int):
                seconds = time.perf_counter() - self.started
                rate = rows / seconds if seconds > 0 else 0
                progress.timings[label] = {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rate)}
                progress.log(f"  {label:<32} {rows:>11,} rows {seconds:>8.2f} s {rate:>11,.0f} rows/s")

            def __exit__(self, *exc):
                return False

        return _Step()
