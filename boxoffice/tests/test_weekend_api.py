"""GET /boxoffice/weekend/: the ranked chart of a weekend, with derived change and weeks."""

import datetime

import pytest

from boxoffice.tests.factories import WeekendEntryFactory
from movies.tests.factories import MovieFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/boxoffice/weekend/"
FRI = datetime.date(2031, 1, 3)  # a Friday
WEEK = datetime.timedelta(days=7)


def chart(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def entry(body, title):
    return next(row for row in body["entries"] if row["title"] == title)


def test_latest_weekend_when_no_date_ranked_with_its_sources_and_currency(api_client):
    WeekendEntryFactory(period_start=FRI, rank=1, title="Old", weekend_gross=5)
    WeekendEntryFactory(period_start=FRI + WEEK, rank=2, title="Second", weekend_gross=300, source="sample")
    WeekendEntryFactory(period_start=FRI + WEEK, rank=1, title="First", weekend_gross=700)
    body = chart(api_client, region="FR")
    assert (body["period_start"], body["period_end"]) == ("2031-01-10", "2031-01-12")
    assert [row["title"] for row in body["entries"]] == ["First", "Second"]
    assert body["currency"] == "EUR" and body["total_gross"] == 1000
    assert [row["source"] for row in body["entries"]] == ["https://example.org/chart", "sample"]


def test_the_chart_of_the_weekend_containing_the_date_or_whose_week_it_is(api_client):
    WeekendEntryFactory(period_start=FRI, title="Week one")
    WeekendEntryFactory(period_start=FRI + WEEK, title="Week two")
    for day, expected in [(FRI, FRI), (FRI + datetime.timedelta(days=2), FRI), (FRI + datetime.timedelta(days=6), FRI),
                          (FRI + WEEK, FRI + WEEK)]:  # fmt: skip
        assert chart(api_client, region="FR", date=day.isoformat())["period_start"] == expected.isoformat()


def test_no_chart_around_the_date_is_a_404_in_the_error_shape(api_client):
    WeekendEntryFactory(period_start=FRI)
    response = api_client.get(URL, {"region": "FR", "date": "2031-01-02"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert api_client.get(URL, {"region": "DK"}).status_code == 404  # a region with no chart at all


def test_region_is_case_insensitive_and_defaults_to_us(api_client):
    WeekendEntryFactory(period_start=FRI, title="Fr film")
    assert chart(api_client, region="fr")["region"] == "FR"
    assert chart(api_client)["region"] == "US"  # the demo data's US charts


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "XX"}, "region"),
        ({"region": "U"}, "region"),
        ({"region": "usa"}, "region"),
        ({"date": "2031-02-30"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"date": "20310103"}, "date"),
        ({"date": "1066-10-14"}, "date"),
        ({"week": "1"}, "week"),
        ({"region": ""}, "region"),  # an empty value is not "use the default"
        ({"date": ""}, "date"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(api_client, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_change_is_computed_from_the_stored_previous_weekend_and_wins_over_the_reported_one(api_client):
    WeekendEntryFactory(period_start=FRI, rank=1, title="Holdover", weekend_gross=2_000_000)
    WeekendEntryFactory(period_start=FRI + WEEK, rank=1, title="Holdover", weekend_gross=1_500_000, change_percent=-10)
    row = entry(chart(api_client, region="FR"), "Holdover")
    assert (row["change_percent"], row["change_basis"]) == (-25.0, "previous-weekend")


def test_reported_change_is_used_when_the_previous_weekend_is_not_stored_and_null_when_nothing_tells(api_client):
    WeekendEntryFactory(period_start=FRI, rank=9, title="Someone else")  # the previous weekend exists ...
    WeekendEntryFactory(period_start=FRI + WEEK, rank=1, title="Reported", change_percent="-31.5")  # ... without it
    WeekendEntryFactory(period_start=FRI + WEEK, rank=2, title="New")
    body = chart(api_client, region="FR")
    assert body["previous_period_start"] == FRI.isoformat()
    assert (entry(body, "Reported")["change_percent"], entry(body, "Reported")["change_basis"]) == (-31.5, "source")
    assert (entry(body, "New")["change_percent"], entry(body, "New")["change_basis"]) == (None, None)


def test_change_compares_with_exactly_seven_days_earlier_not_an_older_weekend(api_client):
    WeekendEntryFactory(period_start=FRI, rank=1, title="Gap", weekend_gross=4_000_000)
    WeekendEntryFactory(period_start=FRI + 2 * WEEK, rank=1, title="Gap", weekend_gross=1_000_000)
    body = chart(api_client, region="FR")
    assert body["previous_period_start"] is None
    assert entry(body, "Gap")["change_percent"] is None
    assert entry(body, "Gap")["weeks_in_release"] == 3  # the weeks still count across the gap


def test_weeks_in_release_reported_wins_else_counted_from_the_stored_weekends(api_client):
    WeekendEntryFactory(period_start=FRI, rank=1, title="Anchored", weeks_in_release=4)
    WeekendEntryFactory(period_start=FRI, rank=2, title="Counted")
    WeekendEntryFactory(period_start=FRI + WEEK, rank=1, title="Anchored")
    WeekendEntryFactory(period_start=FRI + WEEK, rank=2, title="Counted")
    WeekendEntryFactory(period_start=FRI + 2 * WEEK, rank=1, title="Anchored")
    WeekendEntryFactory(period_start=FRI + 2 * WEEK, rank=2, title="Counted")
    WeekendEntryFactory(period_start=FRI + 2 * WEEK, rank=3, title="Reported", weeks_in_release=7)
    WeekendEntryFactory(period_start=FRI + 2 * WEEK, rank=4, title="Opening")
    body = chart(api_client, region="FR")
    weeks = {row["title"]: (row["weeks_in_release"], row["weeks_basis"]) for row in body["entries"]}
    assert weeks == {
        "Anchored": (6, "stored-weekends"),  # the source's 4, two weekends later
        "Counted": (3, "stored-weekends"),  # third stored weekend, no source value anywhere
        "Reported": (7, "source"),
        "Opening": (1, "stored-weekends"),
    }


def test_a_weekend_more_than_a_year_back_does_not_count_towards_weeks_in_release(api_client):
    WeekendEntryFactory(period_start=FRI - 60 * WEEK, rank=1, title="Re-release")
    WeekendEntryFactory(period_start=FRI, rank=1, title="Re-release")
    assert entry(chart(api_client, region="FR"), "Re-release")["weeks_in_release"] == 1


def test_the_same_film_is_matched_by_catalog_film_or_by_title_and_remakes_are_kept_apart(api_client):
    remake, original = MovieFactory(title="Twin"), MovieFactory(title="Twin")
    film = MovieFactory(title="Linked Later")
    WeekendEntryFactory(period_start=FRI, rank=1, title="Linked Later", weekend_gross=800)  # not linked yet
    WeekendEntryFactory(period_start=FRI, rank=2, title="Twin", movie=original, weekend_gross=100)
    WeekendEntryFactory(period_start=FRI + WEEK, rank=1, title="LINKED LATER", movie=film, weekend_gross=400)
    WeekendEntryFactory(period_start=FRI + WEEK, rank=2, title="Twin", movie=remake, weekend_gross=900)
    body = chart(api_client, region="FR")
    linked = entry(body, "LINKED LATER")
    assert (linked["change_percent"], linked["weeks_in_release"]) == (-50.0, 2)
    assert linked["movie"] == {"id": film.pk, "title": "Linked Later", "year": film.year}
    twin = entry(body, "Twin")
    assert (twin["change_percent"], twin["weeks_in_release"]) == (None, 1)


def test_other_regions_do_not_count(api_client):
    WeekendEntryFactory(region="DE", period_start=FRI, rank=1, title="Shared", weekend_gross=100)
    WeekendEntryFactory(region="FR", period_start=FRI + WEEK, rank=1, title="Shared", weekend_gross=100)
    row = entry(chart(api_client, region="FR"), "Shared")
    assert (row["change_percent"], row["weeks_in_release"]) == (None, 1)


def test_the_demo_us_chart_derives_the_published_drops(api_client):
    body = chart(api_client, region="US", date="2023-07-30")
    barbie = entry(body, "Barbie")
    assert barbie["movie"]["title"] == "Barbie"
    assert (barbie["change_percent"], barbie["weeks_in_release"]) == (-42.6, 2)  # published: -43%, 2nd weekend
    assert barbie["source"].startswith("https://")


def test_query_count_does_not_grow_with_the_chart(api_client, django_assert_max_num_queries):
    for week in range(8):
        for rank in range(1, 61):
            WeekendEntryFactory(
                period_start=FRI + week * WEEK, rank=rank, title=f"Film {rank + week}", movie=None, weekend_gross=rank
            )
    with django_assert_max_num_queries(2):
        body = chart(api_client, region="FR")
    assert len(body["entries"]) == 60
    assert entry(body, "Film 10")["weeks_in_release"] == 8
