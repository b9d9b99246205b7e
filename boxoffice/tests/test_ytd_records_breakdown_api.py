"""GET /boxoffice/ytd/, /boxoffice/records/ and /boxoffice/breakdown/."""

import datetime

import pytest

from boxoffice.tests.factories import RecordFactory, TopMovieFactory, WeekendEntryFactory, YearToDateFactory
from movies.models import Genre
from movies.tests.factories import GenreFactory, MovieFactory

pytestmark = pytest.mark.django_db

YTD, RECORDS, BREAKDOWN = "/api/v1/boxoffice/ytd/", "/api/v1/boxoffice/records/", "/api/v1/boxoffice/breakdown/"


def get_ok(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return response.json()


# --- year to date -------------------------------------------------------------------------------


def test_ytd_change_is_derived_from_the_stored_previous_year(api_client):
    YearToDateFactory(year=2031, total_gross=800)
    ytd = YearToDateFactory(year=2032, total_gross=1000)
    film = MovieFactory(title="Hit of 2032")
    TopMovieFactory(ytd=ytd, rank=2, title="Second", gross=100)
    TopMovieFactory(ytd=ytd, rank=1, title="Hit of 2032", movie=film, gross=300, source="sample")
    body = get_ok(api_client, YTD, region="fr", year=2032)
    assert (body["year"], body["currency"], body["total_gross"], body["change_percent"]) == (2032, "EUR", 1000, 25.0)
    assert body["previous_year"] == {"year": 2031, "as_of": "2031-12-31", "total_gross": 800}
    assert [(m["rank"], m["title"], m["movie"] and m["movie"]["id"], m["source"]) for m in body["top_movies"]] == [
        (1, "Hit of 2032", film.pk, "sample"),
        (2, "Second", None, "https://example.org/year"),
    ]


def test_ytd_change_is_null_without_a_previous_year_or_through_a_different_day(api_client):
    YearToDateFactory(year=2031, total_gross=800)  # the whole of 2031 ...
    YearToDateFactory(year=2032, as_of=datetime.date(2032, 6, 30), total_gross=500)  # ... against half of 2032
    body = get_ok(api_client, YTD, region="FR")  # the latest year by default
    assert body["year"] == 2032 and body["change_percent"] is None
    assert body["previous_year"]["as_of"] == "2031-12-31"
    first = get_ok(api_client, YTD, region="FR", year=2031)
    assert first["previous_year"] is None and first["change_percent"] is None


def test_ytd_through_29_february_compares_with_28_february(api_client):
    YearToDateFactory(year=2031, as_of=datetime.date(2031, 2, 28), total_gross=100)
    YearToDateFactory(year=2032, as_of=datetime.date(2032, 2, 29), total_gross=150)
    assert get_ok(api_client, YTD, region="FR", year=2032)["change_percent"] == 50.0


def test_the_demo_us_year_2023_against_2022(api_client):
    body = get_ok(api_client, YTD)
    assert (body["region"], body["year"], body["change_percent"]) == ("US", 2023, 20.6)
    assert body["top_movies"][0]["movie"]["title"] == "Barbie"


@pytest.mark.parametrize(("params", "status"), [({"year": "2099"}, 404), ({"year": "20x1"}, 400), ({"year": "1800"}, 400),
                                                ({"region": "WW"}, 400), ({"year": "２０２３"}, 400), ({"year": ""}, 400)])  # fmt: skip
def test_ytd_missing_or_bad_input(api_client, params, status):
    response = api_client.get(YTD, params)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status


def test_ytd_query_count(api_client, django_assert_max_num_queries):
    ytd = YearToDateFactory(year=2032)
    YearToDateFactory(year=2031)
    for rank in range(1, 51):
        TopMovieFactory(ytd=ytd, rank=rank, movie=MovieFactory() if rank % 2 else None)
    with django_assert_max_num_queries(2):
        assert len(get_ok(api_client, YTD, region="FR")["top_movies"]) == 50


# --- records ------------------------------------------------------------------------------------


def test_records_by_region_and_category_highest_first(api_client):
    RecordFactory(title="Small", value=10)
    RecordFactory(title="Big", value=30)
    RecordFactory(title="Day", value=20, category="single-day")
    RecordFactory(title="Elsewhere", value=99, region="DE")
    body = get_ok(api_client, RECORDS, region="fr", category="opening-weekend")
    assert [(r["title"], r["value"], r["currency"], r["region"]) for r in body["results"]] == [
        ("Big", 30, "EUR", "FR"),
        ("Small", 10, "EUR", "FR"),
    ]
    all_fr = get_ok(api_client, RECORDS, region="FR")
    assert [r["title"] for r in all_fr["results"]] == ["Big", "Small", "Day"]  # by category, then value


def test_worldwide_records_use_ww_and_show_their_source_and_film(api_client):
    body = get_ok(api_client, RECORDS, region="ww")
    titles = [r["title"] for r in body["results"] if r["category"] == "worldwide-total"]
    assert titles == ["Avatar", "Avengers: Endgame"]
    endgame = next(r for r in body["results"] if r["title"] == "Avengers: Endgame" and r["category"] == "worldwide-total")
    assert endgame["movie"]["title"] == "Avengers: Endgame" and endgame["currency"] == "USD"
    assert endgame["source"].startswith("https://")


@pytest.mark.parametrize(
    "params", [{"region": "XX"}, {"category": "biggest"}, {"page_size": "101"}, {"sort": "value"}, {"category": ""}]
)
def test_records_bad_input(api_client, params):
    response = api_client.get(RECORDS, params)
    assert response.status_code == 400 and set(params) <= set(response.json()["error"]["fields"])


def test_records_query_count_does_not_grow_with_the_page(api_client, django_assert_max_num_queries):
    for n in range(60):
        RecordFactory(value=n + 1, movie=MovieFactory() if n % 2 else None)
    with django_assert_max_num_queries(2):  # count and page
        body = get_ok(api_client, RECORDS, region="FR", page_size=50)
    assert len(body["results"]) == 50 and body["count"] == 60


# --- breakdowns ---------------------------------------------------------------------------------


@pytest.fixture
def two_months():
    drama, comedy = GenreFactory(slug="test-drama"), GenreFactory(slug="test-comedy")
    both = MovieFactory(title="Dramedy", genres=[drama, comedy])
    plain = MovieFactory(title="Drama", genres=[drama])
    jan, feb = datetime.date(2031, 1, 3), datetime.date(2031, 2, 7)
    WeekendEntryFactory(period_start=jan, rank=1, title="Dramedy", movie=both, weekend_gross=100, distributor="A")
    WeekendEntryFactory(period_start=jan, rank=2, title="Drama", movie=plain, weekend_gross=50, distributor="B")
    WeekendEntryFactory(period_start=jan, rank=3, title="Unknown", weekend_gross=7, distributor="")
    WeekendEntryFactory(period_start=feb, rank=1, title="Dramedy", movie=both, weekend_gross=40, distributor="A")
    WeekendEntryFactory(period_start=datetime.date(2032, 1, 2), rank=1, title="Next year", weekend_gross=1000)
    WeekendEntryFactory(region="DE", period_start=jan, rank=1, title="German", weekend_gross=5000, distributor="A")


def groups(client, **params):
    return [(g["key"], g["weekend_gross"], g["entries"], g["films"]) for g in get_ok(client, BREAKDOWN, **params)["groups"]]


def test_breakdown_by_genre_counts_a_film_in_each_of_its_genres(api_client, two_months):
    assert groups(api_client, by="genre", region="FR", year=2031) == [
        ("test-drama", 190, 3, 2),
        ("test-comedy", 140, 2, 1),
        (None, 7, 1, 1),
    ]


def test_breakdown_by_studio_and_by_month(api_client, two_months):
    assert groups(api_client, by="studio", region="FR", year=2031) == [("A", 140, 2, 1), ("B", 50, 1, 1), (None, 7, 1, 1)]
    body = get_ok(api_client, BREAKDOWN, by="month", region="fr")
    assert [(g["key"], g["label"], g["weekend_gross"]) for g in body["groups"]] == [
        ("2031-01", "January 2031", 157),
        ("2031-02", "February 2031", 40),
        ("2032-01", "January 2032", 1000),
    ]
    assert body["currency"] == "EUR" and body["year"] is None


@pytest.mark.parametrize("params", [{}, {"by": "director"}, {"by": "genre", "year": "31"}, {"by": "genre", "region": "eu"}])
def test_breakdown_bad_input(api_client, params):
    response = api_client.get(BREAKDOWN, params)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


@pytest.mark.parametrize("by", ["genre", "studio", "month"])
def test_breakdown_is_one_query(api_client, django_assert_max_num_queries, two_months, by):
    with django_assert_max_num_queries(1):
        assert get_ok(api_client, BREAKDOWN, by=by, region="FR")["groups"]


def test_demo_breakdown_by_genre_uses_the_catalog_films(api_client):
    keys = [g["key"] for g in get_ok(api_client, BREAKDOWN, by="genre", region="GB")["groups"]]
    assert Genre.objects.filter(slug__in=[k for k in keys if k]).exists() and None in keys
