"""Reviews through the API: write, read, edit, delete; the movie's score and count; orderings;
votes; comments and replies; a member's reviews; authorization per route; hidden reviews;
notifications; bounded queries."""

from decimal import Decimal

import pytest

from conftest import bearer_client
from movies.models import Movie, Review, ReviewComment, ReviewVote
from movies.services.reviews import (
    review_comment_create,
    review_comment_status_set,
    review_status_set,
    review_vote,
)
from movies.tests.factories import MovieFactory, ReviewFactory
from social.models import Notification
from social.tests.factories import UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db


def movie_reviews(movie):
    return f"/api/v1/movies/{movie.pk}/reviews/"


def detail(review, tail=""):
    return f"/api/v1/reviews/{review.pk}/{tail}"


def scores(movie):
    stored = Movie.objects.filter(pk=movie.pk).values("siddu_score", "review_count").get()
    return stored["siddu_score"], stored["review_count"]


def test_write_a_review_and_the_movie_score_follows(member, member_client):
    movie = MovieFactory()
    body = {"title": " Docking! ", "content": "  Still the best docking scene.  ", "rating": 8.5, "has_spoilers": True,
            "media_urls": ["https://img.example.com/a.jpg"]}  # fmt: skip
    response = member_client.post(movie_reviews(movie), body, format="json")
    assert response.status_code == 201
    review = response.json()
    assert review["title"] == "Docking!" and review["content"] == "Still the best docking scene."
    assert review["rating"] == 8.5 and review["has_spoilers"] is True and review["is_verified"] is False
    assert review["author"] == {"id": member.pk, "username": member.username, "avatar_url": ""}
    assert review["movie"] == {"id": movie.pk, "title": movie.title, "year": movie.year}
    assert review["helpful_votes"] == review["unhelpful_votes"] == review["comment_count"] == 0
    assert review["my_vote"] is None and review["media_urls"] == ["https://img.example.com/a.jpg"]
    assert scores(movie) == (Decimal("8.5"), 1)
    ReviewFactory(movie=movie, rating=6)
    assert scores(movie) == (Decimal("7.3"), 2)  # 7.25 rounded half up


def test_a_second_review_of_the_same_movie_is_a_409(member, member_client):
    movie = MovieFactory()
    ReviewFactory(user=member, movie=movie)
    error = assert_error_shape(member_client.post(movie_reviews(movie), {"content": "again", "rating": 3}, format="json"), 409)
    assert "already reviewed" in error["message"]
    assert scores(movie)[1] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "x", "rating": 7.3}, "rating"),
        ({"content": "x", "rating": 10.5}, "rating"),
        ({"content": "x", "rating": -1}, "rating"),
        ({"content": "x", "rating": "NaN"}, "rating"),
        ({"content": "x", "rating": True}, "rating"),
        ({"content": "x"}, "rating"),
        ({"content": "   ", "rating": 5}, "content"),
        ({"content": "x" * 10001, "rating": 5}, "content"),
        ({"content": "x", "rating": 5, "media_urls": ["ftp://x"]}, "media_urls"),
        ({"content": "x", "rating": 5, "has_spoilers": "yes"}, "has_spoilers"),
        ({"content": "x", "rating": 5, "stars": 5}, "stars"),
    ],
)
def test_bad_reviews_are_400s_naming_the_field(member_client, body, field):
    error = assert_error_shape(member_client.post(movie_reviews(MovieFactory()), body, format="json"), 400)
    assert field in error["fields"]


def test_reviewing_a_missing_movie_is_a_404_and_anonymous_is_a_401(member_client, api_client):
    assert_error_shape(member_client.post("/api/v1/movies/999999999/reviews/", {"content": "x", "rating": 5}, format="json"), 404)
    assert_error_shape(api_client.post(movie_reviews(MovieFactory()), {"content": "x", "rating": 5}, format="json"), 401)
    assert_error_shape(api_client.get("/api/v1/movies/999999999/reviews/"), 404)


def test_a_movies_reviews_in_each_ordering_without_hidden_ones(api_client, member):
    movie = MovieFactory()
    old = ReviewFactory(movie=movie, rating=9)
    middle = ReviewFactory(movie=movie, rating=4)
    new = ReviewFactory(movie=movie, rating=6.5)
    hidden = ReviewFactory(movie=movie, rating=10)
    review_status_set(review=hidden, status="hidden")
    review_vote(user=member, review=middle, helpful=True)

    def ids(**params):
        response = api_client.get(movie_reviews(movie), params)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids() == ids(ordering="-created_at") == [new.pk, middle.pk, old.pk]
    assert ids(ordering="-rating") == [old.pk, new.pk, middle.pk]
    assert ids(ordering="-helpful_votes")[0] == middle.pk
    assert scores(movie) == (Decimal("6.5"), 3)  # the hidden 10 does not count
    assert_error_shape(api_client.get(movie_reviews(movie), {"ordering": "rating"}), 400)
    assert_error_shape(api_client.get(movie_reviews(movie), {"ordering": ""}), 400)
    assert_error_shape(api_client.get(movie_reviews(movie), {"sort": "x"}), 400)


def test_cursor_pages_walk_every_review_once(api_client):
    movie = MovieFactory()
    written = {ReviewFactory(movie=movie, rating=5 + (i % 3)).pk for i in range(7)}
    for ordering in ("-created_at", "-rating", "-helpful_votes"):
        seen, url, params = [], movie_reviews(movie), {"page_size": 3, "ordering": ordering}
        while url:
            body = api_client.get(url, params).json()
            seen += [row["id"] for row in body["results"]]
            url, params = body["next"], None
        assert sorted(seen) == sorted(written)


def test_hidden_and_removed_reviews_are_404_and_absent_from_a_members_list(api_client, member):
    review = ReviewFactory(user=member)
    visible = ReviewFactory(user=member)
    review_status_set(review=review, status="removed")
    assert_error_shape(api_client.get(detail(review)), 404)
    assert_error_shape(bearer_client(member).get(detail(review)), 404)
    assert_error_shape(bearer_client(member).patch(detail(review), {"content": "x"}, format="json"), 404)
    assert_error_shape(bearer_client(UserFactory()).post(detail(review, "vote/"), {"helpful": True}, format="json"), 404)
    assert_error_shape(api_client.get(detail(review, "comments/")), 404)
    rows = api_client.get(f"/api/v1/users/{member.pk}/reviews/").json()["results"]
    assert [row["id"] for row in rows] == [visible.pk]
    assert api_client.get(f"/api/v1/users/{member.pk}/").json()["reviews_count"] == 1
    review_status_set(review=review, status="visible")
    assert api_client.get(detail(review)).status_code == 200
    assert api_client.get(f"/api/v1/users/{member.pk}/").json()["reviews_count"] == 2


def test_a_members_reviews_newest_first(api_client):
    author = UserFactory()
    first, second = ReviewFactory(user=author), ReviewFactory(user=author)
    ReviewFactory()
    rows = api_client.get(f"/api/v1/users/{author.pk}/reviews/").json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert_error_shape(api_client.get("/api/v1/users/999999999/reviews/"), 404)


def test_only_the_author_edits_or_deletes(member, member_client, api_client):
    movie = MovieFactory()
    review = ReviewFactory(user=member, movie=movie, rating=5)
    other = bearer_client(UserFactory())
    assert_error_shape(other.patch(detail(review), {"rating": 1}, format="json"), 403)
    assert_error_shape(other.delete(detail(review)), 403)
    assert_error_shape(api_client.patch(detail(review), {"rating": 1}, format="json"), 401)
    assert_error_shape(api_client.delete(detail(review)), 401)
    response = member_client.patch(detail(review), {"rating": 9.5, "title": "Grew on me"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["rating"] == 9.5 and body["title"] == "Grew on me" and body["content"] == review.content
    assert body["updated_at"] > body["created_at"]
    assert scores(movie) == (Decimal("9.5"), 1)
    assert_error_shape(member_client.patch(detail(review), {"rating": 3.3}, format="json"), 400)
    assert member_client.delete(detail(review)).status_code == 204
    assert scores(movie) == (None, 0)
    assert_error_shape(api_client.get(detail(review)), 404)


def test_votes_once_switching_moves_both_counts_and_delete_undoes(
    member, member_client, api_client, django_capture_on_commit_callbacks
):
    author = UserFactory()
    review = ReviewFactory(user=author)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(detail(review, "vote/"), {"helpful": True}, format="json")
    assert response.json() == {"helpful_votes": 1, "unhelpful_votes": 0, "my_vote": True}
    assert member_client.post(detail(review, "vote/"), {"helpful": True}, format="json").json()["helpful_votes"] == 1
    switched = member_client.post(detail(review, "vote/"), {"helpful": False}, format="json").json()
    assert switched == {"helpful_votes": 0, "unhelpful_votes": 1, "my_vote": False}
    assert member_client.get(detail(review)).json()["my_vote"] is False
    assert api_client.get(detail(review)).json()["my_vote"] is None
    assert member_client.delete(detail(review, "vote/")).status_code == 204
    assert member_client.delete(detail(review, "vote/")).status_code == 204
    stored = Review.objects.get(pk=review.pk)
    assert (stored.helpful_votes, stored.unhelpful_votes) == (0, 0) and not ReviewVote.objects.filter(review_id=review.pk).exists()
    assert Notification.objects.filter(user=author, type="review_vote", actor=member).count() == 1
    assert_error_shape(bearer_client(author).post(detail(review, "vote/"), {"helpful": True}, format="json"), 400)
    assert_error_shape(api_client.post(detail(review, "vote/"), {"helpful": True}, format="json"), 401)
    assert_error_shape(member_client.post(detail(review, "vote/"), {"helpful": "yes"}, format="json"), 400)
    assert_error_shape(member_client.post("/api/v1/reviews/999999999/vote/", {"helpful": True}, format="json"), 404)


def test_comments_and_replies_one_level_deep(member, member_client, api_client, django_capture_on_commit_callbacks):
    author, commenter = UserFactory(), UserFactory()
    review = ReviewFactory(user=author)
    with django_capture_on_commit_callbacks(execute=True):
        top = bearer_client(commenter).post(detail(review, "comments/"), {"content": "Why 7?"}, format="json")
        assert top.status_code == 201
        top = top.json()
        reply = member_client.post(detail(review, "comments/"), {"content": "Because.", "parent": top["id"]}, format="json")
    assert reply.status_code == 201 and reply.json()["parent"] == top["id"]
    assert reply.json()["author"]["username"] == member.username
    error = assert_error_shape(
        member_client.post(detail(review, "comments/"), {"content": "deeper", "parent": reply.json()["id"]}, format="json"), 400
    )
    assert "parent" in error["fields"]
    other_review = ReviewFactory()
    assert_error_shape(
        member_client.post(detail(other_review, "comments/"), {"content": "x", "parent": top["id"]}, format="json"), 400
    )
    assert_error_shape(member_client.post(detail(review, "comments/"), {"content": "  "}, format="json"), 400)
    assert_error_shape(api_client.post(detail(review, "comments/"), {"content": "x"}, format="json"), 401)
    rows = api_client.get(detail(review, "comments/")).json()["results"]
    assert [(row["content"], row["parent"]) for row in rows] == [("Why 7?", None), ("Because.", top["id"])]
    assert api_client.get(detail(review)).json()["comment_count"] == 2
    assert Notification.objects.filter(user=author, type="review_comment").count() == 2
    assert Notification.objects.filter(user=commenter, type="comment_reply", actor=member).count() == 1
    # Moderation hides a comment: absent, and the count follows.
    review_comment_status_set(comment=ReviewComment.objects.get(pk=top["id"]), status="hidden")
    assert [row["parent"] for row in api_client.get(detail(review, "comments/")).json()["results"]] == [top["id"]]
    assert Review.objects.get(pk=review.pk).comment_count == 1


def test_list_queries_do_not_grow_with_the_page(member, member_client, api_client, django_assert_max_num_queries):
    movie, author = MovieFactory(), UserFactory()
    reviews = [ReviewFactory(movie=movie) for _ in range(12)] + [ReviewFactory(user=author) for _ in range(12)]
    for review in reviews[::2]:
        review_vote(user=member, review=review, helpful=True)
        review_comment_create(user=member, review=reviews[0], content="nice")
    for size in (1, 10, 100):
        for client in (member_client, api_client):
            for ordering in ("-created_at", "-rating", "-helpful_votes"):
                with django_assert_max_num_queries(3):
                    assert client.get(movie_reviews(movie), {"page_size": size, "ordering": ordering}).status_code == 200
            with django_assert_max_num_queries(4):
                assert client.get(f"/api/v1/users/{author.pk}/reviews/", {"page_size": size}).status_code == 200
            with django_assert_max_num_queries(3):
                assert client.get(detail(reviews[0], "comments/"), {"page_size": size}).status_code == 200
    with django_assert_max_num_queries(3):
        assert member_client.get(detail(reviews[0])).status_code == 200
