"""GET /boxoffice/trends/: the daily series, summed per week or month in SQL."""

import datetime

import pytest

from boxoffice.tests.factories import DailyGrossFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/boxoffice/trends/"


def days(start: datetime.date, grosses: list[int], **fields):
    for offset, gross in enumerate(grosses):
        DailyGrossFactory(date=start + datetime.timedelta(days=offset), gross=gross, **fields)


def series(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_daily_points_in_the_range_with_their_sources(api_client):
    days(datetime.date(2031, 3, 1), [10, 20, 30, 40])
    DailyGrossFactory(date=datetime.date(2031, 3, 2), region="DE", gross=999)
    body = series(api_client, region="fr", **{"from": "2031-03-02", "to": "2031-03-03"})
    assert (body["region"], body["currency"], body["interval"]) == ("FR", "EUR", "day")
    assert (body["from"], body["to"]) == ("2031-03-02", "2031-03-03")
    assert [(p["period_start"], p["gross"], p["days"], p["sources"]) for p in body["points"]] == [
        ("2031-03-02", 20, 1, ["sample"]),
        ("2031-03-03", 30, 1, ["sample"]),
    ]


def test_weekly_sums_run_monday_to_sunday_and_the_range_widens_to_whole_weeks(api_client):
    # 2031-03-03 is a Monday: two full weeks of 1..14, then one day of the third week.
    days(datetime.date(2031, 3, 3), list(range(1, 16)))
    DailyGrossFactory(date=datetime.date(2031, 3, 4), region="DE", gross=1000)  # not FR
    body = series(api_client, region="FR", interval="week", **{"from": "2031-03-05", "to": "2031-03-17"})
    assert (body["from"], body["to"]) == ("2031-03-03", "2031-03-23")
    assert [(p["period_start"], p["period_end"], p["gross"], p["days"]) for p in body["points"]] == [
        ("2031-03-03", "2031-03-09", sum(range(1, 8)), 7),
        ("2031-03-10", "2031-03-16", sum(range(8, 15)), 7),
        ("2031-03-17", "2031-03-23", 15, 1),
    ]


def test_monthly_sums_and_their_distinct_sources(api_client):
    days(datetime.date(2031, 1, 30), [100, 200, 300, 400])  # 30, 31 January, 1, 2 February
    DailyGrossFactory(date=datetime.date(2031, 2, 3), gross=1000, source="https://example.org/feb")
    body = series(api_client, region="FR", interval="month", **{"from": "2031-01-15", "to": "2031-02-10"})
    assert (body["from"], body["to"]) == ("2031-01-01", "2031-02-28")
    assert [(p["period_start"], p["period_end"], p["gross"], p["days"], p["sources"]) for p in body["points"]] == [
        ("2031-01-01", "2031-01-31", 300, 2, ["sample"]),
        ("2031-02-01", "2031-02-28", 1700, 3, ["https://example.org/feb", "sample"]),
    ]


def test_defaults_end_on_the_latest_day_with_data(api_client):
    days(datetime.date(2031, 6, 1), [5] * 40)
    body = series(api_client, region="FR")
    assert body["to"] == "2031-07-10" and body["from"] == "2031-06-11"
    assert len(body["points"]) == 30


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2031-03-10", "to": "2031-03-01"}, "from"),  # reversed
        ({"interval": "year"}, "interval"),
        ({"interval": "DAY"}, "interval"),
        ({"from": "2031-13-01"}, "from"),
        ({"to": "soon"}, "to"),
        ({"region": "ZZ"}, "region"),
        ({"from": "2020-01-01", "to": "2031-01-01"}, "from"),  # more than two years of days
        ({"from": "1990-01-01", "to": "2031-01-01", "interval": "month"}, "from"),  # more than ten years
        ({"since": "2031-01-01"}, "since"),
        ({"interval": ""}, "interval"),
        ({"from": ""}, "from"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(api_client, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and field in body["error"]["fields"]


def test_longer_ranges_are_fine_by_week_or_month(api_client):
    assert api_client.get(URL, {"from": "2025-01-01", "to": "2031-01-01", "interval": "week"}).status_code == 200
    assert api_client.get(URL, {"from": "2029-01-01", "to": "2031-01-01", "interval": "day"}).status_code == 200


def test_the_demo_trends_are_labelled_sample(api_client):
    body = series(api_client, region="US", interval="month", **{"from": "2023-07-01", "to": "2023-08-31"})
    assert [p["days"] for p in body["points"]] == [31, 31]
    assert all(p["sources"] == ["sample"] for p in body["points"])


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_query_count_does_not_grow_with_the_range(api_client, django_assert_max_num_queries, interval):
    days(datetime.date(2031, 1, 1), [7] * 200)
    with django_assert_max_num_queries(2):  # the latest day (default `to`) and the series
        body = series(api_client, region="FR", interval=interval, **{"from": "2031-01-01"})
    assert sum(p["gross"] for p in body["points"]) == 7 * 200
