"""The feed: whom I follow plus me, newest first, by keyset; bounded queries; the plan it gets."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from iwm.db.partitions import partitions_ensure, spec_for
from social.selectors.pulses import FEED_FUTURE_SLACK, FEED_WINDOWS, feed_window_sql
from social.services import follow_create, follow_delete, pulse_react, pulse_status_set
from social.tests.factories import PulseFactory, UserFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

FEED = "/api/v1/feed/"


def ids(response):
    return [pulse["id"] for pulse in response.json()["results"]]


def test_the_feed_is_the_people_i_follow_and_me_newest_first(member, member_client):
    now = timezone.now()
    followed, also_followed, stranger = UserFactory(), UserFactory(), UserFactory()
    follow_create(follower=member, following=followed)
    follow_create(follower=member, following=also_followed)
    follow_create(follower=stranger, following=member)  # following me does not put them in my feed
    at = lambda minutes: now - timedelta(minutes=minutes)  # noqa: E731
    mine = PulseFactory(user=member, created_at=at(5))
    a1 = PulseFactory(user=followed, created_at=at(1))
    a2 = PulseFactory(user=followed, created_at=at(30))
    b1 = PulseFactory(user=also_followed, created_at=at(10))
    PulseFactory(user=stranger, created_at=at(2))
    old = PulseFactory(user=also_followed, created_at=now - timedelta(days=200))  # another partition

    assert ids(member_client.get(FEED)) == [a1.pk, mine.pk, b1.pk, a2.pk, old.pk]

    pulse_status_set(pulse=b1, status="hidden")
    follow_delete(follower=member, following=followed)
    assert ids(member_client.get(FEED)) == [mine.pk, old.pk]


def test_feed_pages_by_keyset_without_gaps_or_repeats(member, member_client):
    now = timezone.now()
    friend = UserFactory()
    follow_create(follower=member, following=friend)
    same_moment = now - timedelta(hours=1)
    expected = []
    for i in range(4):  # four pulses at the very same instant: the id breaks the tie
        expected.append(PulseFactory(user=friend if i % 2 else member, created_at=same_moment))
    for i in range(7):
        expected.append(PulseFactory(user=friend, created_at=now - timedelta(days=i * 20)))
    expected.sort(key=lambda p: (p.created_at, p.pk), reverse=True)

    seen, page = [], member_client.get(FEED, {"page_size": 3}).json()
    while True:
        seen += [pulse["id"] for pulse in page["results"]]
        if page["next"] is None:
            break
        page = member_client.get(page["next"]).json()
    assert seen == [pulse.pk for pulse in expected]


def test_payload_carries_author_movie_counters_and_my_reaction(member, member_client):
    from movies.models import Movie

    friend = UserFactory(avatar_url="https://example.com/a.png")
    follow_create(follower=member, following=friend)
    movie = Movie.objects.get(title="Parasite")
    pulse = PulseFactory(user=friend, content_text="#bong", linked_movie=movie.pk)
    pulse_react(user=member, pulse=pulse, kind="laugh")
    pulse_react(user=UserFactory(), pulse=pulse, kind="laugh")
    item = member_client.get(FEED).json()["results"][0]
    assert item["author"] == {"id": friend.pk, "username": friend.username, "avatar_url": "https://example.com/a.png"}
    assert item["linked_movie"] == {"id": movie.pk, "title": "Parasite", "year": 2019}
    assert item["reactions"]["laugh"] == 2 and item["reactions_total"] == 2 and item["my_reaction"] == "laugh"


def test_the_feed_is_mine_only(api_client):
    assert_error_shape(api_client.get(FEED), 401)


@pytest.mark.parametrize("size", ["", "0", "101", "x", "٣"])
def test_a_bad_page_size_is_a_400(member_client, size):
    assert "page_size" in assert_error_shape(member_client.get(FEED, {"page_size": size}), 400)["fields"]


def test_feed_queries_do_not_grow_with_the_page(member, member_client, django_assert_max_num_queries):
    friends = [UserFactory() for _ in range(5)]
    for friend in friends:
        follow_create(follower=member, following=friend)
        for _ in range(25):
            pulse = PulseFactory(user=friend)
            pulse_react(user=member, pulse=pulse, kind="like")
    for size in (1, 20, 100):
        with django_assert_max_num_queries(6):  # the member, keys (1 to 3 windows), the rows, my reactions
            response = member_client.get(FEED, {"page_size": size})
        assert len(response.json()["results"]) == size


@pytest.fixture
def crowd(member):
    """4,000 pulses of 250 members spread over eight months; the member follows 200 of them."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO users (external_id, email, username, password, name, avatar_url, bio, location,
                               website, is_active, is_staff, is_superuser, created_at, updated_at)
            SELECT 'crowd-' || i, 'crowd' || i || '@example.com', 'crowd' || i, '!', '', '', '', '', '',
                   true, false, false, now(), now()
            FROM generate_series(1, 250) i
            """
        )
        # The months get their partitions before the rows arrive (as the maintenance job does).
        cursor.execute(
            "INSERT INTO pulses (user_id, content_text, created_at) VALUES (%s, 'oldest', %s)",
            [member.pk, now - timedelta(days=240)],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    partitions_ensure(spec_for("pulses"), now=now)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO pulses (user_id, content_text, hashtags, created_at)
            SELECT u.id, 'crowd pulse', ARRAY['crowd'], %s - ((u.id * 16 + n) %% 240) * interval '1 day'
            FROM users u, generate_series(1, 16) n
            WHERE u.username LIKE 'crowd%%'
            """,
            [now],
        )
        cursor.execute(
            """
            INSERT INTO user_follows (follower_id, following_id, created_at)
            SELECT %s, id, now() FROM users WHERE username LIKE 'crowd%%' ORDER BY id LIMIT 200
            """,
            [member.pk],
        )
        cursor.execute("ANALYZE pulses")
        cursor.execute("ANALYZE user_follows")
        cursor.execute("ANALYZE users")
    return now


def plan_of(reader_id, after=None, limit=21):
    """The plan of the feed's first window (the one that fills a page of an active network)."""
    ceiling = after[0] if after else timezone.now() + FEED_FUTURE_SLACK
    sql, params = feed_window_sql(
        reader_id=reader_id, limit=limit, ceiling=ceiling, floor=ceiling - FEED_WINDOWS[0], after=after
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    return plan if isinstance(plan, list) else json.loads(plan)


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def test_the_feed_reads_each_followed_members_newest_index_range(member, crowd):
    nodes = list(walk(plan_of(member.pk)[0]["Plan"]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text, count(*) FROM pulses GROUP BY 1")
        partitions = dict(cursor.fetchall())
    assert len([name for name, rows in partitions.items() if rows > 100]) >= 7
    window = {f"pulses_m{moment:%Y_%m}" for moment in (crowd - FEED_WINDOWS[0], crowd, crowd + FEED_FUTURE_SLACK)}
    read = {node["Relation Name"] for node in nodes if node.get("Relation Name", "") in partitions}
    # Only the partitions of the window's days are read (bounds are literals: plan-time pruning).
    assert read and read <= window, read
    # Each is read through the (user_id, created_at DESC, id DESC) INCLUDE (status) index, once
    # per followed member and me; never scanned whole.
    on_pulses = [node for node in nodes if node.get("Relation Name", "") in partitions]
    assert all(node["Node Type"] != "Seq Scan" for node in on_pulses if partitions[node["Relation Name"]] > 100)
    index_nodes = [node for node in nodes if "_user_id_created_at_id_status_idx" in node.get("Index Name", "")]
    assert index_nodes and all(node["Actual Loops"] == 201 for node in index_nodes)
    # Each member's range is cut at the page size; the sorts only ever see short lists.
    assert all(node["Actual Rows"] <= 21 for node in on_pulses)
    assert all(node["Actual Rows"] <= 21 for node in nodes if node["Node Type"] == "Sort")


def test_a_deep_page_costs_what_the_first_does(member, member_client, crowd):
    from iwm.api.keyset import decode_key

    page = member_client.get(FEED, {"page_size": 20}).json()
    for _ in range(50):  # 1,020 pulses, about two months, in
        page = member_client.get(page["next"]).json()
    deep = decode_key(page["next"].split("cursor=")[1].split("&")[0])
    assert deep[0] < crowd - timedelta(days=40)
    buffers = lambda plan: plan[0]["Plan"]["Shared Hit Blocks"] + plan[0]["Plan"].get("Shared Read Blocks", 0)  # noqa: E731
    first, later = buffers(plan_of(member.pk)), buffers(plan_of(member.pk, after=deep))
    assert later <= first * 1.5 + 50, (first, later)


def test_a_sparse_network_looks_further_back_in_a_bounded_number_of_queries(
    member, member_client, django_assert_max_num_queries
):
    now = timezone.now()
    friend = UserFactory()
    follow_create(follower=member, following=friend)
    old = [PulseFactory(user=friend, created_at=now - timedelta(days=days)) for days in (3, 30, 100, 300)]
    with django_assert_max_num_queries(6):  # the member, three windows of keys, the rows, my reactions
        response = member_client.get(FEED, {"page_size": 10})
    assert ids(response)[:4] == [pulse.pk for pulse in old]
