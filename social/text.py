"""Hashtags and @mentions in what members write.

Hashtags: a '#' that does not stand inside a word, followed by a run of Unicode letters, digits
and underscores (combining marks count as part of a letter, so #हिंदी and a decomposed #café
stay whole). The text is NFC-normalised first; tags are stored lower-cased, without the '#',
each once, in order of appearance. A run longer than HASHTAG_MAX_LENGTH is not a tag, and at
most HASHTAGS_MAX tags are kept. "C#" and "abc#def" hold no tag; "#1917" is one (a film).

Mentions: an '@' that does not follow a letter, digit, '_', '.' or '@' (so e-mail addresses
are not mentions), followed by a username as social.models.USERNAME_PATTERN defines it.
"""

from __future__ import annotations

import re
import unicodedata

from social.models import HASHTAG_MAX_LENGTH, HASHTAGS_MAX, USERNAME_PATTERN

MENTIONS_MAX = 20

_MENTION = re.compile(r"(?<![A-Za-z0-9_.@])@([A-Za-z0-9][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)")
_USERNAME = re.compile(USERNAME_PATTERN)


def _is_tag_char(char: str) -> bool:
    if char == "_":
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def normalise_tag(raw: str) -> str:
    """The stored form of a tag a client asks for: NFC, lower-case, without a leading '#'."""
    return unicodedata.normalize("NFC", raw.strip()).removeprefix("#").lower()


def is_tag(value: str) -> bool:
    """Whether `value` (already normalised) is a tag the parser could have produced."""
    return (
        0 < len(value) <= HASHTAG_MAX_LENGTH
        and all(_is_tag_char(char) for char in value)
        and not unicodedata.category(value[0]).startswith("M")
    )


def hashtags_in(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "")
    found: list[str] = []
    index, length = 0, len(text)
    while index < length and len(found) < HASHTAGS_MAX:
        if text[index] != "#" or (index > 0 and _is_tag_char(text[index - 1])):
            index += 1
            continue
        end = index + 1
        while end < length and _is_tag_char(text[end]):
            end += 1
        tag = text[index + 1 : end].lower()
        if is_tag(tag) and tag not in found:
            found.append(tag)
        index = max(end, index + 1)
    return found


def mentions_in(text: str) -> list[str]:
    """Usernames mentioned, each once (case-insensitively), in order, at most MENTIONS_MAX."""
    found: list[str] = []
    seen: set[str] = set()
    for match in _MENTION.finditer(text or ""):
        name = match.group(1)
        if _USERNAME.fullmatch(name) and name.upper() not in seen:
            seen.add(name.upper())
            found.append(name)
            if len(found) == MENTIONS_MAX:
                break
    return found
