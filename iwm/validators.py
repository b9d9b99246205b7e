"""Validators every app's input can reuse.

`no_control_characters` refuses text holding a control character (Unicode category Cc: the C0
and C1 controls, NUL and DEL included) or a lone surrogate (category Cs, which JSON can carry
as "\\ud800" but UTF-8, and so PostgreSQL, cannot store). `multiline_text` is the same but lets
tab, line feed and carriage return through, for fields such as a bio. `storable_text` refuses
only lone surrogates, for input such as passwords where any other character is the user's
choice. All are plain Django validators, so DRF serializer fields, model fields and forms
accept them alike:

    name = serializers.CharField(validators=[no_control_characters])
    bio = serializers.CharField(validators=[multiline_text])
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} {name}".strip()


# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; Cs is U+D800-U+DFFF.
CONTROL_CHARACTERS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
SURROGATES = re.compile("[\ud800-\udfff]")


@deconstructible
class ControlCharacterValidator:
    """Refuse control characters except those in `allowed` (all of them pass with
    `controls=True`), and always lone surrogates."""

    code = "control_character"

    def __init__(self, allowed: str = "", *, controls: bool = False) -> None:
        self.allowed = allowed
        self.controls = controls
        refused = "" if controls else "".join(c for c in CONTROL_CHARACTERS if c not in allowed)
        self._refused = re.compile(f"[{re.escape(refused)}]") if refused else None

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = SURROGATES.search(value)
        if found:
            raise ValidationError(
                f"Invalid text: a lone surrogate ({_describe(found.group())}) at position {found.start()}.",
                code="invalid_unicode",
                params={"position": found.start()},
            )
        found = self._refused.search(value) if self._refused else None
        if found:
            if self.allowed:
                message = "Control characters are not allowed (only tabs and line breaks are)"
            else:
                message = "Control characters, tabs and line breaks are not allowed"
            raise ValidationError(
                f"{message}: found {_describe(found.group())} at position {found.start()}.",
                code=self.code,
                params={"position": found.start()},
            )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, ControlCharacterValidator)
            and other.allowed == self.allowed
            and other.controls == self.controls
        )

    def __hash__(self) -> int:
        return hash((self.allowed, self.controls))


no_control_characters = ControlCharacterValidator()
multiline_text = ControlCharacterValidator(allowed="\t\n\r")
storable_text = ControlCharacterValidator(controls=True)

__all__ = ["ControlCharacterValidator", "multiline_text", "no_control_characters", "storable_text"]
