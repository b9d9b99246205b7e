"""Constraint builders used by every app's models, so each rule is spelled one way."""

from __future__ import annotations

from django.db import models
from django.db.models.lookups import Exact


def choices_check(
    field: str, choices: type[models.TextChoices], *, table: str, blank: bool = False
) -> models.CheckConstraint:
    """CHECK that a TextChoices column holds one of its values (NULL passes, as SQL says);
    `blank=True` also admits '' for an optional column."""
    allowed = [*choices.values, ""] if blank else list(choices.values)
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": allowed}), name=f"{table}_{field}_valid")


def range_check(field: str, low, high, *, table: str) -> models.CheckConstraint:
    """CHECK low <= field <= high (NULL passes)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=f"{table}_{field}_range"
    )


def non_negative(field: str, *, table: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": 0}), name=f"{table}_{field}_non_negative")


def unique_external_id(*, table: str) -> models.UniqueConstraint:
    """`external_id` is unique through a named constraint rather than `unique=True`, which on a
    char column would also build a second, pattern-ops index nobody queries."""
    return models.UniqueConstraint(fields=["external_id"], name=f"{table}_external_id_key")


def jsonb_array_check(field: str, *, table: str) -> models.CheckConstraint:
    """A jsonb column documented as a list holds a JSON array (or NULL)."""
    is_array = Exact(models.Func(models.F(field), function="jsonb_typeof", output_field=models.TextField()), "array")
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(is_array), name=f"{table}_{field}_is_array"
    )


def jsonb_object_check(field: str, *, table: str) -> models.CheckConstraint:
    """A jsonb column documented as an object holds a JSON object (or NULL)."""
    is_object = Exact(models.Func(models.F(field), function="jsonb_typeof", output_field=models.TextField()), "object")
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(is_object), name=f"{table}_{field}_is_object"
    )
