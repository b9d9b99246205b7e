"""The orjson renderer writes what DRF's JSONRenderer writes (the API's bytes did not change)."""

import datetime
import decimal
import json

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from iwm.api.renderers import ORJSONRenderer


def test_same_json_as_drf_for_what_serializers_produce():
    data = {
        "id": 1, "title": "Amélie — 千と千尋", "score": decimal.Decimal("8.5"), "tags": ["a", "b"],
        "nested": {"when": "2026-11-26T10:00:00Z", "none": None, "ok": True, "ratio": 0.25},
        "lazy": gettext_lazy("Invalid input."), 7: "int key",
    }  # fmt: skip
    ours = json.loads(ORJSONRenderer().render(data))
    theirs = json.loads(JSONRenderer().render(data))
    assert ours == theirs


def test_datetimes_render_as_iso_8601():
    when = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)
    assert json.loads(ORJSONRenderer().render({"at": when}))["at"].startswith("2026-11-26T10:00:00")


def test_no_content_renders_nothing():
    assert ORJSONRenderer().render(None) == b""
