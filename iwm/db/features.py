"""Which optional PostgreSQL features this database offers, checked once per process.

Code that has a fallback asks here (``has_extension("vector")``) instead of catching errors.
"""

from __future__ import annotations

import threading

from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import extensions as catalog

_lock = threading.Lock()
_cache: dict[tuple, frozenset[str]] = {}


def _key(alias: str) -> tuple:
    settings = connections[alias].settings_dict
    return alias, settings["NAME"], settings.get("HOST"), settings.get("PORT")


def enabled_extensions(using: str = "default") -> frozenset[str]:
    key = _key(using)
    cached = _cache.get(key)
    if cached is None:
        with connections[using].cursor() as cursor:
            cached = frozenset(catalog.installed_extensions(cursor))
        with _lock:
            _cache[key] = cached
    return cached


def has_extension(name: str, using: str = "default") -> bool:
    return name in enabled_extensions(using)


def forget() -> None:
    """Drop the cached answers (after migrate, or when a test switches database)."""
    with _lock:
        _cache.clear()


@receiver(post_migrate)
def _forget_after_migrate(**kwargs) -> None:
    forget()
