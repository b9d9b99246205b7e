"""Input serializers that are strict about what a client sends.

DRF's fields are lenient about JSON types: a CharField takes `0` and stores "0", an
IntegerField takes "5". A client that sends the wrong type has a bug worth hearing about, and
the schema promises types, so every input serializer of the API builds on `Input` (or adds
`StrictJSONTypesMixin` to a ModelSerializer): a JSON value of the wrong type is a 400 on its
field, and a field the serializer does not know is a 400 naming it. Query strings are all
text, so they are left to the fields' own parsing (unknown query parameters are
iwm.api.params' job).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import serializers

# Checked in order: the first matching field class decides (subclasses before their bases).
JSON_TYPES: list[tuple[type, tuple[type, ...], str]] = [
    (serializers.BooleanField, (bool,), "true or false"),
    (serializers.CharField, (str,), "a string"),
    (serializers.IntegerField, (int,), "a whole number"),
    (serializers.FloatField, (int, float), "a number"),
    (serializers.DecimalField, (int, float, str), "a number"),
    (serializers.ListField, (list,), "a list"),
    (serializers.MultipleChoiceField, (list,), "a list"),
    (serializers.ChoiceField, (str, int), "one of the listed values"),
    (serializers.DictField, (dict,), "an object"),
    (serializers.ListSerializer, (list,), "a list"),
    (serializers.Serializer, (dict,), "an object"),
]


def _expected(field) -> tuple[tuple[type, ...], str] | None:
    for field_class, types, label in JSON_TYPES:
        if isinstance(field, field_class):
            return types, label
    return None


class StrictJSONTypesMixin:
    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors: dict[str, list[str]] = {}
            for name, field in self.fields.items():
                if field.read_only or name not in data or data[name] is None:
                    continue
                expected = _expected(field)
                if expected is None:
                    continue
                types, label = expected
                value = data[name]
                wrong_bool = isinstance(value, bool) and bool not in types
                if wrong_bool or not isinstance(value, types):
                    errors[name] = [f"Must be {label}."]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictFieldsMixin:
    """Refuses body fields the serializer does not declare, naming them: a misspelt field
    would otherwise be ignored and the client would believe it was saved."""

    unknown_field_message = "Unknown field."
    # Fields a client may send and the server deliberately disregards (e.g. a score with a quiz
    # answer: scoring is the server's); listed, so they are not mistaken for typos.
    ignored_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            unknown = sorted(set(data) - set(self.fields) - set(self.ignored_fields))
            if unknown:
                raise serializers.ValidationError({name: [self.unknown_field_message] for name in unknown[:20]})
        return super().to_internal_value(data)


class Input(StrictFieldsMixin, StrictJSONTypesMixin, serializers.Serializer):
    """Base of the API's input shapes: declared fields only, each of its JSON type."""
