"""The demo reviews: counts from the JSON, counters and scores equal to the rows, idempotent."""

import pytest

from movies.models import Movie, Review, ReviewComment, ReviewVote
from movies.selectors.review_counters import review_counter_mismatches
from movies.services.demo_reviews import demo_is_loaded, demo_load, demo_reviews_data

pytestmark = pytest.mark.django_db


def test_demo_reviews_are_loaded_consistent_and_idempotent(api_client):
    data = demo_reviews_data()
    assert data["source"] == "sample" and demo_is_loaded()
    ids = list(Review.objects.filter(external_id__startswith="review-demo-").values_list("id", flat=True))
    assert len(ids) == len(data["reviews"])
    assert ReviewVote.objects.filter(review_id__in=ids).count() == sum(len(r["votes"]) for r in data["reviews"])
    comments = sum(len(r["comments"]) for r in data["reviews"])
    assert ReviewComment.objects.filter(review_id__in=ids).count() == comments
    assert ReviewComment.objects.filter(review_id__in=ids, parent__isnull=False).count() == 2
    assert review_counter_mismatches() == {"reviews": [], "movies": []}
    before = (Review.objects.count(), ReviewVote.objects.count(), ReviewComment.objects.count())
    scores = dict(Movie.objects.filter(review_count__gt=0).values_list("id", "siddu_score"))
    demo_load()
    assert (Review.objects.count(), ReviewVote.objects.count(), ReviewComment.objects.count()) == before
    assert dict(Movie.objects.filter(review_count__gt=0).values_list("id", "siddu_score")) == scores
    interstellar = Movie.objects.get(external_id="iwm-interstellar-2014")
    rows = api_client.get(f"/api/v1/movies/{interstellar.pk}/reviews/", {"ordering": "-helpful_votes"}).json()["results"]
    assert [row["author"]["username"] for row in rows] == ["felix_scifi", "dev_watches"]
