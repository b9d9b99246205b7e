"""The demo data of every app, loaded in order by `manage.py load_demo` (and `make run`).

Each entry names a module that offers two functions:

    demo_is_loaded() -> bool        whether this app's demo rows are there already
    demo_load() -> dict[str, int]   load (or refresh) them idempotently, in one transaction,
                                    upserting on external_id; returns rows per table

Order matters: later apps refer to the catalog's films and people (by external_id) and to the
demo members. Apps add their line here when their demo data lands.
"""

from __future__ import annotations

from importlib import import_module

DEMO_MODULES: list[str] = [
    "movies.services.demo_catalog",
    "social.services.demo",  # sample members, who write the other apps' demo content
    "movies.services.demo_lists",  # their collections, watchlists and favorites
    "talent.demo",  # casting calls by the sample members
    "awards.demo",
    "boxoffice.demo",
    "quizzes.demo",
    "social.services.demo_social",  # their follows, pulses, reactions, comments; trending topics
    "movies.services.demo_reviews",  # their reviews of demo films, votes and comments
    "moderation.demo",  # a few reports of their pulses for the queue; the dashboard's first numbers
]


def demo_modules():
    return [import_module(name) for name in DEMO_MODULES]


def demo_load_all(*, if_empty: bool = False, log=print) -> dict[str, dict[str, int]]:
    """Load every app's demo data; returns {module: rows per table} for the apps loaded now.
    With `if_empty`, an app whose data is there already is only refreshed (`demo_refresh`,
    where it has one: the catalog's showtimes follow the calendar)."""
    loaded: dict[str, dict[str, int]] = {}
    for module in demo_modules():
        if if_empty and module.demo_is_loaded():
            refresh = getattr(module, "demo_refresh", None)
            if refresh is not None:
                for table, count in refresh().items():
                    log(f"{table:<32} {count:>7} (refreshed)")
            continue
        loaded[module.__name__] = module.demo_load()
        for table, count in loaded[module.__name__].items():
            log(f"{table:<32} {count:>7}")
    return loaded
