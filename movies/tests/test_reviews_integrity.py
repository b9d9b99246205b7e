"""What the database itself enforces for reviews (partitioned by year), their votes and comments."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from iwm.db.partitions import partitions_ensure, partitions_of, spec_for
from movies.models import Review, ReviewComment, ReviewVote
from movies.services.reviews import review_comment_create, review_vote
from movies.tests.factories import MovieFactory, ReviewFactory
from social.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refused(statement, params=()):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def insert_review_sql(user_id, movie_id, rating="7.0", created_at="now()"):
    return (
        "INSERT INTO reviews (user_id, movie_id, content, rating, created_at) "
        f"VALUES ({int(user_id)}, {int(movie_id)}, 'x', {rating}, {created_at})"
    )


def test_reviews_is_range_partitioned_by_year_with_a_default_and_the_next_year():
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'reviews'::regclass")
        assert cursor.fetchone() == ("r",)
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'reviews'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, created_at)"
    names = [partition.name for partition in partitions_of(spec_for("reviews"))]
    this_year = datetime.now(UTC).year
    assert {"reviews_default", f"reviews_y{this_year}", f"reviews_y{this_year + 1}"} <= set(names)


def test_one_review_per_member_and_movie_although_partitioned(member):
    movie = MovieFactory()
    ReviewFactory(user=member, movie=movie)
    # Another year (another partition) does not get round it.
    refused(insert_review_sql(member.pk, movie.pk, created_at="now() - interval '2 years'"))
    refused(insert_review_sql(member.pk, movie.pk))
    # Another member, or another movie, is fine.
    ReviewFactory(movie=movie)
    ReviewFactory(user=member)


def test_deleting_a_review_frees_the_pair_and_takes_its_votes_and_comments(member):
    review = ReviewFactory(user=member)
    voter = UserFactory()
    review_vote(user=voter, review=review, helpful=True)
    review_comment_create(user=voter, review=review, content="Agreed")
    Review.objects.filter(pk=review.pk, created_at=review.created_at).delete()
    assert not ReviewVote.objects.filter(review_id=review.pk).exists()
    assert not ReviewComment.objects.filter(review_id=review.pk).exists()
    ReviewFactory(user=member, movie=review.movie_id)  # the pair is free again


def test_a_review_keeps_its_member_and_movie(member):
    review = ReviewFactory(user=member)
    refused("UPDATE reviews SET movie_id = %s WHERE id = %s", [MovieFactory().pk, review.pk])


@pytest.mark.parametrize("rating", ["10.5", "-0.5", "7.3"])
def test_ratings_are_0_to_10_in_half_steps(member, rating):
    refused(insert_review_sql(member.pk, MovieFactory().pk, rating=rating))


def test_a_vote_or_comment_for_a_missing_review_is_refused(member):
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        ReviewVote.objects.create(user=member, review_id=999_999_999, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewComment.objects.create(user=member, review_id=999_999_999, content="hello?")


def test_one_vote_per_member_and_review(member):
    review = ReviewFactory()
    ReviewVote.objects.create(user=member, review_id=review.pk, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVote.objects.create(user=member, review_id=review.pk, helpful=False)


def test_rows_in_default_move_to_their_new_partition_keeping_keys_votes_and_comments(member):
    spec = spec_for("reviews")
    old = datetime(1990, 6, 1, tzinfo=UTC)
    review = ReviewFactory(user=member, created_at=old)
    review_vote(user=UserFactory(), review=review, helpful=False)
    review_comment_create(user=UserFactory(), review=review, content="Old but gold")
    default = next(p for p in partitions_of(spec) if p.is_default)
    assert default.rows == 1
    result = partitions_ensure(spec)
    assert "reviews_y1990" in result.created and result.moved_rows == 1
    assert next(p for p in partitions_of(spec) if p.is_default).rows == 0
    assert ReviewVote.objects.filter(review_id=review.pk).count() == 1
    assert ReviewComment.objects.filter(review_id=review.pk).count() == 1
    refused(insert_review_sql(member.pk, review.movie_id))  # the key survived the move
    assert Review.objects.get(pk=review.pk).rating == Decimal("7.0")


@pytest.mark.parametrize("ordering", ["-created_at", "-rating", "-helpful_votes"])
def test_each_ordering_of_a_movies_reviews_is_read_from_an_index_without_sorting(ordering):
    from movies.selectors.reviews import ORDERINGS, reviews_of_movie

    movie = MovieFactory()
    for rating in (3, 7, 9):
        ReviewFactory(movie=movie, rating=rating)
    sql, params = reviews_of_movie(movie.pk).order_by(*ORDERINGS[ordering])[:20].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Each partition's index gives its rows in order; Merge Append keeps that order (no Sort node).
    assert "Index Scan" in plan and not re.search(r"(^|->)\s*Sort\s+\(", plan, re.M), plan
