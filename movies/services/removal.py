"""Account deletion for the movies app: `account_data_remove(user=...)` deletes what the member
wrote or owns here and corrects the counters and scores it fed, in the caller's transaction.
Each concept has its own function (reviews: movies.services.removal_reviews); this one calls
them in order."""

from __future__ import annotations

from django.db import transaction

from movies.services.lists import lists_account_data_remove
from movies.services.removal_reviews import reviews_account_data_remove


def account_data_remove(*, user) -> dict[str, int]:
    done: dict[str, int] = {}
    with transaction.atomic():
        done.update(reviews_account_data_remove(user=user))
        done.update(lists_account_data_remove(user=user))
    return done
