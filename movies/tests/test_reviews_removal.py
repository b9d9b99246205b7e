"""Account deletion (DELETE /api/v1/auth/me/): the member's reviews, comments and votes go, and
the counters and scores they fed on other members' content equal what the remaining rows say."""

from decimal import Decimal

import pytest
from django.db import transaction

from conftest import bearer_client
from movies.models import Movie, Review, ReviewComment, ReviewKey, ReviewVote
from movies.selectors.review_counters import review_counter_mismatches
from movies.services import account_data_remove
from movies.services.reviews import review_comment_create, review_comment_status_set, review_vote
from movies.tests.factories import MovieFactory, ReviewFactory
from social.models import Notification, User
from social.services import follow_create
from social.tests.factories import TEST_PASSWORD, PulseFactory, UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db


def scenario():
    leaving, others = UserFactory(), [UserFactory() for _ in range(3)]
    shared, only_theirs = MovieFactory(), MovieFactory()
    mine = ReviewFactory(user=leaving, movie=shared, rating=10)
    ReviewFactory(user=leaving, movie=only_theirs, rating=2)
    kept = ReviewFactory(user=others[0], movie=shared, rating=6)
    # Their votes and comments on others' reviews, and others' replies to their comments.
    review_vote(user=leaving, review=kept, helpful=True)
    review_vote(user=others[1], review=kept, helpful=False)
    comment = review_comment_create(user=leaving, review=kept, content="Too kind.")
    review_comment_create(user=others[1], review=kept, content="Not at all.", parent=comment.pk)
    review_comment_create(user=others[2], review=kept, content="Stays.")
    hidden = review_comment_create(user=leaving, review=kept, content="Hidden one.")
    review_comment_status_set(comment=hidden, status="hidden")
    # Others' votes and comments on their reviews.
    review_vote(user=others[1], review=mine, helpful=True)
    review_comment_create(user=others[2], review=mine, content="Agreed")
    follow_create(follower=leaving, following=others[0])
    PulseFactory(user=leaving)
    return leaving, others, shared, only_theirs, kept


def test_removal_leaves_counters_and_scores_equal_to_the_rows():
    leaving, others, shared, only_theirs, kept = scenario()
    assert review_counter_mismatches() == {"reviews": [], "movies": []}
    assert Movie.objects.get(pk=shared.pk).siddu_score == Decimal("8.0")

    account_data_remove(user=leaving)

    assert not Review.objects.filter(user=leaving).exists() and not ReviewKey.objects.filter(user=leaving).exists()
    assert not ReviewVote.objects.filter(user=leaving).exists()
    assert not ReviewComment.objects.filter(user=leaving).exists()
    kept = Review.objects.get(pk=kept.pk)
    assert (kept.helpful_votes, kept.unhelpful_votes, kept.comment_count) == (0, 1, 1)
    assert ReviewComment.objects.filter(review_id=kept.pk).count() == 1  # the reply went with the comment
    shared, only_theirs = Movie.objects.get(pk=shared.pk), Movie.objects.get(pk=only_theirs.pk)
    assert (shared.siddu_score, shared.review_count) == (Decimal("6.0"), 1)
    assert (only_theirs.siddu_score, only_theirs.review_count) == (None, 0)
    assert review_counter_mismatches() == {"reviews": [], "movies": []}


def test_delete_my_account_through_the_api(django_capture_on_commit_callbacks):
    leaving, others, shared, _, kept = scenario()
    client = bearer_client(leaving)
    assert_error_shape(client.delete("/api/v1/auth/me/", {}, format="json"), 400)
    error = assert_error_shape(client.delete("/api/v1/auth/me/", {"password": "wrong"}, format="json"), 400)
    assert "password" in error["fields"]
    assert_error_shape(client.delete("/api/v1/auth/me/", {"password": TEST_PASSWORD, "really": True}, format="json"), 400)
    assert User.objects.filter(pk=leaving.pk).exists()
    assert_error_shape(bearer_client(others[0]).delete("/api/v1/auth/me/", {"password": "wrong"}, format="json"), 400)

    assert client.delete("/api/v1/auth/me/", {"password": TEST_PASSWORD}, format="json").status_code == 204

    assert not User.objects.filter(pk=leaving.pk).exists()
    assert review_counter_mismatches() == {"reviews": [], "movies": []}
    assert User.objects.get(pk=others[0].pk).followers_count == 0
    assert not Notification.objects.filter(actor_id=leaving.pk).exists()
    assert Movie.objects.get(pk=shared.pk).review_count == 1
    assert_error_shape(client.get("/api/v1/auth/me/"), 401)


def test_anonymous_cannot_delete_an_account(api_client):
    assert_error_shape(api_client.delete("/api/v1/auth/me/", {"password": "x"}, format="json"), 401)


def test_removal_runs_in_the_callers_transaction():
    leaving, _, shared, _, kept = scenario()
    with pytest.raises(RuntimeError), transaction.atomic():
        account_data_remove(user=leaving)
        raise RuntimeError("the account deletion failed after this")
    assert Review.objects.filter(user=leaving).count() == 2
    assert Review.objects.get(pk=kept.pk).helpful_votes == 1
    assert Movie.objects.get(pk=shared.pk).review_count == 2


def test_deleting_an_account_removes_its_lists_and_casting_calls_too():
    from movies.models import Collection, CollectionFollow, Favorite, WatchlistEntry
    from movies.services.lists import collection_create, collection_follow, favorite_add, watchlist_add
    from talent.models import CastingCall, CastingSubmission
    from talent.tests.factories import SubmissionFactory, open_call

    leaving, other = UserFactory(), UserFactory()
    film = MovieFactory()
    theirs = collection_create(owner=other, title="Theirs")
    mine = collection_create(owner=leaving, title="Mine")
    collection_follow(collection_id=theirs.pk, user=leaving)
    collection_follow(collection_id=mine.pk, user=other)
    watchlist_add(user=leaving, movie=film.pk)
    favorite_add(user=leaving, type="movie", target=film.pk)
    call, role = open_call(posted_by=leaving)
    _, other_role = open_call(posted_by=other)
    SubmissionFactory(role=other_role, applicant=leaving)
    SubmissionFactory(role=role, applicant=other)
    assert Collection.objects.get(pk=theirs.pk).followers == 1

    response = bearer_client(leaving).delete("/api/v1/auth/me/", {"password": TEST_PASSWORD}, format="json")
    assert response.status_code == 204

    assert Collection.objects.get(pk=theirs.pk).followers == 0  # the counter follows the rows
    assert not Collection.objects.filter(owner_id=leaving.pk).exists()
    assert not CollectionFollow.objects.filter(user_id__in=[leaving.pk]).exists()
    assert not WatchlistEntry.objects.filter(user_id=leaving.pk).exists()
    assert not Favorite.objects.filter(user_id=leaving.pk).exists()
    assert not CastingCall.objects.filter(pk=call.pk).exists()
    assert not CastingSubmission.objects.filter(applicant_id=leaving.pk).exists()
    assert CastingCall.objects.filter(posted_by=other).exists()  # the other member's call stays
