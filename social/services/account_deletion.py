"""Deleting an account (DELETE /api/v1/auth/me/): the member's right to leave.

`account_delete(user=..., password=...)` checks the password, then in ONE transaction runs
each app's removal service (what the member wrote or owns goes, and the counters and scores it
fed on other members' content are corrected: movies.services.account_data_remove for reviews and
lists, talent.services.account_data_remove for casting calls and submissions,
social.services.account_data_remove for follows, pulses, notifications and settings) and
deletes the user row. A failure anywhere leaves everything as it was.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

WRONG_PASSWORD = "This is not the account's password."


def account_delete(*, user, password: str) -> dict[str, int]:
    if not isinstance(password, str) or not password or not user.check_password(password):
        raise ValidationError({"password": [WRONG_PASSWORD]})
    from movies.services import account_data_remove as movies_data_remove
    from social.services.removal import account_data_remove as social_data_remove
    from talent.services import account_data_remove as talent_data_remove

    done: dict[str, int] = {}
    with transaction.atomic():
        done.update(movies_data_remove(user=user))
        done.update(talent_data_remove(user=user))
        done.update(social_data_remove(user=user))
        user.delete()
    return done
