"""Query parameters are strict, for every endpoint.

* A parameter the endpoint does not know is a 400 that names it and lists the accepted ones
  (`/movies/?yeer=1994` must not quietly return the whole catalog).
* Whole numbers are ASCII digits only: `str.isdigit()` and `int()` accept `²`, `①`, Arabic-Indic
  and fullwidth digits, which are not numbers a client means to send.

Every API view inherits `StrictQueryParamsMixin` (through the base classes in
`iwm.api.views`); the accepted names come from what the view already declares: its
`params_class` (a Serializer of query parameters), its `filterset_class` and its paginator.
"""

from __future__ import annotations

import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

ASCII_WHOLE_NUMBER = re.compile(r"[0-9]+")
# A page number or size past 18 digits is no page anyone has; refusing long strings early also
# keeps Python's int() away from its 4,300-digit limit.
MAX_DIGITS = 18


def parse_whole_number(raw: str, *, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    """An int from ASCII digits only, within [minimum, maximum], else a 400 on `name`."""
    bounds = f"from {minimum}" + (f" to {maximum}" if maximum is not None else "")
    if not isinstance(raw, str) or len(raw) > MAX_DIGITS or not ASCII_WHOLE_NUMBER.fullmatch(raw):
        raise ValidationError({name: [f"Must be a whole number {bounds}, written with the digits 0-9."]})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValidationError({name: [f"Must be a whole number {bounds}; {value} was given."]})
    return value


class StrictIntegerField(serializers.IntegerField):
    """DRF's IntegerField, refusing non-ASCII digits (`int('²')` fails, `int('٣')` is 3)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            text = data.strip()
            if len(text) > MAX_DIGITS + 1 or not re.fullmatch(r"-?[0-9]+", text):
                self.fail("invalid")
        return super().to_internal_value(data)


def query_param_names_of(view) -> set[str]:
    """Every query parameter `view` accepts."""
    names: set[str] = set(getattr(view, "extra_query_params", ()))
    params_class = getattr(view, "params_class", None)
    if params_class is not None:
        names |= set(params_class().fields)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        names |= set(getattr(paginator, "query_param_names", lambda: ())())
    return names


class StrictQueryParamsMixin:
    """Refuses unknown query parameters with a 400 before the view runs."""

    params_class: type[serializers.Serializer] | None = None
    extra_query_params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "OPTIONS":
            return
        accepted = query_param_names_of(self)
        unknown = sorted(set(request.query_params) - accepted)
        if unknown:
            listed = ", ".join(sorted(accepted)) if accepted else "none"
            raise ValidationError(
                {name: [f"Unknown query parameter. This endpoint accepts: {listed}."] for name in unknown[:20]}
            )

    def query_params(self) -> dict:
        """The view's `params_class` applied to the query string (a 400 on bad values)."""
        if self.params_class is None:
            return {}
        params = self.params_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data
