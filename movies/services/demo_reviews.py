"""Demo reviews (movies/demo_data/reviews.json, labelled sample): the sample members of
social.services.demo review demo films over the last year and more, vote and comment.

Everything goes through the services, so counters, the films' siddu_score and review_count and
the notifications are what members' own actions would have produced. Loading again changes
nothing that is there already (reviews are matched on external_id, comments on review, author
and text; a repeated vote is a no-op).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from iwm.db.partitions import partitions_ensure, spec_for
from movies.models import Movie, Review, ReviewComment, ReviewVote
from movies.services.reviews import review_comment_create, review_create, review_vote
from social.models import User

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data" / "reviews.json"


def demo_reviews_data() -> dict:
    with open(DEMO_DATA, encoding="utf-8") as handle:
        return json.load(handle)


def _members() -> dict[str, User]:
    users = User.objects.filter(external_id__startswith="user-demo-")
    return {user.external_id.removeprefix("user-demo-"): user for user in users}


def demo_is_loaded() -> bool:
    external_ids = [review["external_id"] for review in demo_reviews_data()["reviews"]]
    return Review.objects.filter(external_id__in=external_ids).count() == len(external_ids)


@transaction.atomic
def demo_load() -> dict[str, int]:
    items = demo_reviews_data()["reviews"]
    members = _members()
    now = timezone.now()
    films = dict(Movie.objects.filter(external_id__in=[i["movie"] for i in items]).values_list("external_id", "id"))
    reviews = {r.external_id: r for r in Review.objects.filter(external_id__in=[i["external_id"] for i in items])}
    for item in items:
        if item["external_id"] not in reviews:
            reviews[item["external_id"]] = review_create(
                user=members[item["member"]],
                movie=films[item["movie"]],
                title=item["title"],
                content=item["content"],
                rating=item["rating"],
                has_spoilers=item["has_spoilers"],
                created_at=now - timedelta(days=item["days_ago"]),
                external_id=item["external_id"],
            )
    # Reviews of a year without a partition went to DEFAULT: create it and move them there.
    partitions_ensure(spec_for("reviews"), now=now)

    for item in items:
        review = reviews[item["external_id"]]
        for name, helpful in item["votes"].items():
            review_vote(user=members[name], review=review, helpful=helpful)
        written: list[ReviewComment] = []
        for position, comment in enumerate(item["comments"], start=1):
            author = members[comment["member"]]
            existing = ReviewComment.objects.filter(review_id=review.pk, user=author, content=comment["content"]).first()
            if existing is None:
                parent = written[comment["reply_to"] - 1].pk if comment.get("reply_to") else None
                existing = review_comment_create(user=author, review=review, content=comment["content"], parent=parent)
                span = min(now - review.created_at, timedelta(days=2))
                ReviewComment.objects.filter(pk=existing.pk).update(created_at=review.created_at + span * position / 4)
            written.append(existing)
    ids = [r.pk for r in reviews.values()]
    return {
        "reviews (sample)": len(reviews),
        "review_votes (sample)": ReviewVote.objects.filter(review_id__in=ids).count(),
        "review_comments (sample)": ReviewComment.objects.filter(review_id__in=ids).count(),
    }
