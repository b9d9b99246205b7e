"""JWT authentication that refuses a token naming no valid user id.

A correctly signed token whose `user_id` is not a whole number (or is outside bigint) reached
the ORM as-is and raised a ValueError or DataError: a 500. Here any such token is simply an
invalid token (401). `valid_user_id` is shared with the refresh service, which reads the same
claim.

Both classes tell the database router which member the request acts for (`note_member`) before
the member's row is read, so a member who just wrote reads from the primary (read-your-writes,
iwm/db/router.py): after a password change the new token must be checked against the new hash.
"""

from __future__ import annotations

from rest_framework.authentication import SessionAuthentication as DRFSessionAuthentication
from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from iwm.db.router import note_member

BIGINT_MAX = 2**63 - 1


def valid_user_id(value) -> int | None:
    """The claim as a positive bigint, or None if it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 1 <= number <= BIGINT_MAX else None


class JWTAuthentication(SimpleJWTAuthentication):
    def get_user(self, validated_token):
        user_id = valid_user_id(validated_token.get(api_settings.USER_ID_CLAIM))
        if user_id is None:
            raise InvalidToken("Token contained no recognizable user identification")
        validated_token[api_settings.USER_ID_CLAIM] = user_id
        note_member(user_id)
        return super().get_user(validated_token)


class SessionAuthentication(DRFSessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            note_member(result[0].pk)
        return result

