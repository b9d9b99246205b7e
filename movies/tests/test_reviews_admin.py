"""The reviews admin: changelists in bounded queries with filters, moderation through the services."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from movies.models import Movie, Review, ReviewComment
from movies.services.reviews import review_comment_create, review_vote
from movies.tests.factories import MovieFactory, ReviewFactory
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_changelists_filter_search_and_stay_bounded(admin_client_, django_assert_max_num_queries):
    reviews = [ReviewFactory(title=f"take {i}") for i in range(5)]
    for review in reviews:
        review_vote(user=UserFactory(), review=review, helpful=True)
        review_comment_create(user=UserFactory(), review=review, content="indeed")
    for name in ("review", "reviewcomment", "reviewvote"):
        url = reverse(f"admin:movies_{name}_changelist")
        with django_assert_max_num_queries(12):
            assert admin_client_.get(url).status_code == 200
        periods = [{"created": "24h"}, {"created": timezone.now().strftime("%Y-%m")}] if name != "reviewvote" else []
        for params in [*periods, {"q": str(reviews[0].pk)}, {"q": reviews[0].user.username}, {"status__exact": "hidden"}][
            : None if name != "reviewvote" else 2
        ]:
            assert admin_client_.get(url, params).status_code == 200
    page = admin_client_.get(reverse("admin:movies_review_changelist"), {"status__exact": "visible", "created": "24h"})
    assert b"take 4" in page.content
    assert b"take 4" not in admin_client_.get(reverse("admin:movies_review_changelist"), {"created": "2001-01"}).content


def test_moderation_actions_move_the_movie_score_and_comment_count(admin_client_):
    movie = MovieFactory()
    kept, hidden = ReviewFactory(movie=movie, rating=4), ReviewFactory(movie=movie, rating=10)
    comment = review_comment_create(user=UserFactory(), review=kept, content="meh")
    url = reverse("admin:movies_review_changelist")
    response = admin_client_.post(url, {"action": "make_hidden", "_selected_action": [hidden.pk]})
    assert response.status_code == 302
    assert Review.objects.get(pk=hidden.pk).status == "hidden"
    assert Movie.objects.filter(pk=movie.pk).values_list("siddu_score", "review_count").get() == (Decimal("4.0"), 1)
    admin_client_.post(
        reverse("admin:movies_reviewcomment_changelist"), {"action": "make_removed", "_selected_action": [comment.pk]}
    )
    assert ReviewComment.objects.get(pk=comment.pk).status == "removed"
    assert Review.objects.get(pk=kept.pk).comment_count == 0
