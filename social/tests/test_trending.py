"""Trending topics: counted in SQL per window from visible pulses, categorised, served by
GET /trending/, computed on demand when a window is empty."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from iwm.db.partitions import partitions_ensure, spec_for
from social.models import TrendingTopic
from social.services import pulse_status_set, trending_topics_refresh
from social.services.trending import REFRESH_SQL, TRENDING_TOP
from social.tests.factories import PulseFactory
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

TRENDING = "/api/v1/trending/"


def rows(window):
    return {t.tag: (t.count, t.category) for t in TrendingTopic.objects.filter(window_label=window)}


def test_counts_per_window_of_visible_pulses_with_categories():
    now = timezone.now()
    ago = lambda **kw: now - timedelta(**kw)  # noqa: E731
    PulseFactory(content_text="#ZZInterstellar #zzgeneral", created_at=ago(hours=1))
    PulseFactory(content_text="#zzinterstellar", created_at=ago(hours=5))
    PulseFactory(content_text="#zzgeneral #ChristopherNolan", created_at=ago(days=3))
    PulseFactory(content_text="#zzgeneral", created_at=ago(days=20))
    PulseFactory(content_text="#zzgeneral", created_at=ago(days=45))  # outside every window
    hidden = PulseFactory(content_text="#zzgeneral #zzhidden", created_at=ago(hours=2))
    pulse_status_set(pulse=hidden, status="hidden")
    PulseFactory(content_text="#interstellar", created_at=ago(hours=3))
    PulseFactory(content_text="#1917", created_at=ago(hours=3))

    stored = trending_topics_refresh(now=now)

    assert set(stored) == {"24h", "7d", "30d"}
    day, week, month = rows("24h"), rows("7d"), rows("30d")
    assert day["zzinterstellar"][0] == 2 and day["zzgeneral"][0] == 1 and "zzhidden" not in day
    assert week["zzgeneral"][0] == 2 and month["zzgeneral"][0] == 3
    assert day["interstellar"][1] == "movie" and day["1917"][1] == "movie"  # demo catalog titles
    assert week["christophernolan"][1] == "person"
    assert day["zzgeneral"][1] == "general" and day["zzinterstellar"][1] == "general"


def test_the_window_query_reads_only_that_windows_partitions():
    now = timezone.now()
    PulseFactory(content_text="#old", created_at=now - timedelta(days=400))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    partitions_ensure(spec_for("pulses"), now=now)
    with connection.cursor() as cursor:
        sql = REFRESH_SQL.split("INSERT INTO")[0] + "SELECT * FROM counted"
        cursor.execute(
            "EXPLAIN " + sql, {"since": now - timedelta(days=7), "now": now, "top": TRENDING_TOP, "window": "7d"}
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    months = {f"pulses_m{moment:%Y_%m}" for moment in (now - timedelta(days=7), now)}
    scanned = {word for word in plan.replace("(", " ").split() if word.startswith("pulses_m")}
    assert months <= scanned <= months | {"pulses_default"}, scanned
    assert f"pulses_m{now - timedelta(days=400):%Y_%m}" not in plan


def test_get_trending_reads_the_table_most_used_first(api_client):
    now = timezone.now()
    TrendingTopic.objects.all().delete()
    TrendingTopic.objects.bulk_create(
        [
            TrendingTopic(tag="second", window_label="7d", count=5, computed_at=now),
            TrendingTopic(tag="first", category="movie", window_label="7d", count=9, computed_at=now),
            TrendingTopic(tag="daily", window_label="24h", count=50, computed_at=now),
        ]
    )
    body = api_client.get(TRENDING, {"window": "7d"}).json()
    assert [(t["tag"], t["count"], t["category"], t["window"]) for t in body["results"]] == [
        ("first", 9, "movie", "7d"),
        ("second", 5, "general", "7d"),
    ]
    assert [t["tag"] for t in api_client.get(TRENDING).json()["results"]] == ["daily"]  # 24h by default


def test_an_empty_window_is_computed_on_demand(api_client):
    TrendingTopic.objects.all().delete()
    PulseFactory(content_text="#ondemandtag")
    body = api_client.get(TRENDING, {"window": "30d"}).json()
    assert "ondemandtag" in [t["tag"] for t in body["results"]]
    assert TrendingTopic.objects.filter(window_label="30d", tag="ondemandtag").exists()
    assert not TrendingTopic.objects.filter(window_label="24h").exists()  # only the window asked for


@pytest.mark.parametrize("window", ["1h", "24H", "7", "30 d", ""])
def test_a_bad_window_is_a_400(api_client, window):
    assert "window" in assert_error_shape(api_client.get(TRENDING, {"window": window}), 400)["fields"]


def test_a_refresh_replaces_the_windows_rows():
    now = timezone.now()
    PulseFactory(content_text="#fleeting", created_at=now - timedelta(hours=2))
    trending_topics_refresh(now=now)
    assert "fleeting" in rows("24h")
    trending_topics_refresh(now=now + timedelta(days=2))
    assert "fleeting" not in rows("24h") and "fleeting" in rows("7d")


def test_trending_list_queries_are_bounded(api_client, django_assert_max_num_queries):
    trending_topics_refresh()
    for size in (1, 50, 100):
        with django_assert_max_num_queries(3):
            assert api_client.get(TRENDING, {"window": "30d", "page_size": size}).status_code == 200
