"""django-filter pieces every app's FilterSets use, so numbers are parsed one way.

Django's form fields accept any Unicode decimal digit (`int('٣')` is 3) and `1e3` as a decimal;
a query string's numbers are written with ASCII digits, an optional sign and decimal point.
"""

from __future__ import annotations

import re

import django_filters
import django_filters.fields
from django import forms

INTEGER = re.compile(r"-?[0-9]{1,18}")
DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


class _AsciiNumberMixin:
    pattern: re.Pattern
    message = "Enter a number written with the digits 0-9."

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and not self.pattern.fullmatch(value):
                raise forms.ValidationError(self.message, code="invalid")
        return super().to_python(value)


class AsciiIntegerField(_AsciiNumberMixin, forms.IntegerField):
    pattern = INTEGER
    message = "Enter a whole number written with the digits 0-9."


class AsciiDecimalField(_AsciiNumberMixin, forms.DecimalField):
    pattern = DECIMAL


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: ?year=1994, ?runtime_min=90."""

    field_class = AsciiIntegerField


class DecimalFilter(django_filters.NumberFilter):
    """A decimal number: ?min_siddu_score=7.5."""

    field_class = AsciiDecimalField


class StrictChoiceField(django_filters.fields.ChoiceField):
    """A parameter given with no value (`?status=`) is refused like a value outside the choices:
    the schema documents an enum, and an empty string is not one of its values."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class ChoiceFilter(django_filters.ChoiceFilter):
    """django-filter's ChoiceFilter, strict about an empty value (see StrictChoiceField)."""

    field_class = StrictChoiceField
