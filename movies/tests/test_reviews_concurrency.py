"""Reviews under real concurrency: two connections at once, one waiting on the other's lock."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from conftest import bearer_client
from movies.models import Movie, Review, ReviewVote
from movies.services.reviews import review_create, review_vote
from movies.tests.factories import MovieFactory, ReviewFactory
from social.tests.factories import UserFactory
from social.tests.test_concurrency import hold_open_while, run_in_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_posts_of_the_same_review_at_once_give_one_201_and_one_409():
    member, movie = UserFactory(), MovieFactory()
    client = bearer_client(member)
    url = f"/api/v1/movies/{movie.pk}/reviews/"
    statuses, errors, start = [], [], threading.Barrier(2)

    def post(rating):
        start.wait(10)
        statuses.append(client.post(url, {"content": "Seen it twice.", "rating": rating}, format="json").status_code)

    threads = [run_in_thread(lambda r=r: post(r), errors) for r in (7, 8)]
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(statuses) == [201, 409]
    assert Review.objects.filter(user=member, movie=movie).count() == 1
    assert Movie.objects.get(pk=movie.pk).review_count == 1


def test_the_second_of_two_overlapping_reviews_waits_and_gets_a_conflict():
    member, movie = UserFactory(), MovieFactory()
    client = bearer_client(member)
    responses = []
    hold_open_while(
        lambda: review_create(user=member, movie=movie, content="First", rating=6),
        lambda: responses.append(
            client.post(f"/api/v1/movies/{movie.pk}/reviews/", {"content": "Second", "rating": 9}, format="json")
        ),
    )
    assert responses[0].status_code == 409
    assert "already reviewed" in responses[0].json()["error"]["message"]
    assert Movie.objects.get(pk=movie.pk).siddu_score == 6


def test_the_key_table_alone_refuses_a_raced_duplicate():
    """Without the service's movie lock (a bulk writer, the seed): the database still refuses."""
    member, movie = UserFactory(), MovieFactory()
    sql = "INSERT INTO reviews (user_id, movie_id, content, rating) VALUES (%s, %s, 'raw', 5)"
    failures = []

    def second():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [member.pk, movie.pk])
        except IntegrityError as error:
            failures.append(error)

    hold_open_while(lambda: connection.cursor().execute(sql, [member.pk, movie.pk]), second)
    assert len(failures) == 1 and "review_keys_pkey" in str(failures[0])
    assert Review.objects.filter(user=member, movie=movie).count() == 1


def test_votes_of_many_members_at_once_are_all_counted():
    review = ReviewFactory()
    voters = [UserFactory() for _ in range(2)]
    hold_open_while(
        lambda: review_vote(user=voters[0], review=review, helpful=True),
        lambda: review_vote(user=voters[1], review=review, helpful=True),
    )
    assert Review.objects.get(pk=review.pk).helpful_votes == 2 == ReviewVote.objects.filter(review_id=review.pk).count()
