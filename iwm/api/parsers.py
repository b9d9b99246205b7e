"""The API's JSON parser: DRF's, with a nesting limit.

Python's json module recurses once per level, so a body nested a few thousand levels deep
raised RecursionError (a 500). No IWM payload nests more than a few levels, so anything deeper
than MAX_DEPTH is refused as a parse error before it is decoded. The depth is measured on the
raw text with two regular expressions (strings removed, then brackets kept), in C, not in a
Python loop over the body.
"""

from __future__ import annotations

import codecs
import json
import re
from itertools import accumulate

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser

MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")
_DELTA = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth(raw: bytes) -> int:
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", raw))
    if len(brackets) <= MAX_DEPTH:
        return len(brackets)
    return max(accumulate(_DELTA[byte] for byte in brackets), default=0)


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        if not raw:
            raise ParseError("JSON parse error - the body is empty.")
        if nesting_depth(raw) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        try:
            text = codecs.decode(raw, encoding)
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON; json.loads accepts them by default.
    raise ValueError(f"{name} is not valid JSON")
