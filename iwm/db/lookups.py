"""`__ilike`: a plain ILIKE, which trigram GIN indexes can serve.

Django's `icontains` / `istartswith` compile to `UPPER(col) LIKE UPPER(...)`, an expression no
trigram index is built on. The pattern is the caller's: build it with `like_pattern()` so `%`,
`_` and `\\` typed by a user match themselves.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup, TextField


class ILike(Lookup):
    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """`text%` (prefix) or `%text%` (contains), with LIKE's special characters escaped."""
    escaped = like_escape(text)
    return f"{escaped}%" if prefix else f"%{escaped}%"


def register() -> None:
    TextField.register_lookup(ILike)
    CharField.register_lookup(ILike)
