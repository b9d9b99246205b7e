"""What the database itself refuses, whatever the code above it does."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from boxoffice.models import BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie
from boxoffice.tests.factories import (
    DailyGrossFactory,
    RecordFactory,
    TopMovieFactory,
    WeekendEntryFactory,
    YearToDateFactory,
)
from movies.tests.factories import MovieFactory

pytestmark = pytest.mark.django_db


def refused(update=None, *, model=None, pk=None, create=None, constraint: str = ""):
    """The write fails in the database, on `constraint` when named (a|b: on either)."""
    with pytest.raises(IntegrityError) as failure, transaction.atomic():
        if create is not None:
            create()
        else:
            model.objects.filter(pk=pk).update(**update)
    assert any(name in str(failure.value) for name in constraint.split("|")), failure.value


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"region": "XX"}, "region_valid|box_office_weekend_entries_currency_of_region"),
        ({"currency": "USD"}, "currency_of_region"),  # FR figures are in euros
        ({"rank": 0}, "rank_range"),
        ({"rank": 501}, "rank_range"),
        ({"period_end": datetime.date(2031, 1, 2)}, "period_valid"),  # before the start
        ({"period_end": datetime.date(2031, 1, 10)}, "period_valid"),  # a "weekend" of eight days
        ({"weekend_gross": -1}, "weekend_gross_non_negative"),
        ({"total_gross": 999_999}, "total_covers_weekend"),  # less than the weekend's gross
        ({"change_percent": -100.1}, "change_percent_range"),
        ({"weeks_in_release": 0}, "weeks_in_release_range"),
        ({"theater_count": -3}, "theater_count_non_negative"),
        ({"title": ""}, "title_not_blank"),
        ({"source": ""}, "source_not_blank"),
    ],
)
def test_weekend_entry_checks(changes, constraint):
    entry = WeekendEntryFactory(period_start=datetime.date(2031, 1, 3))
    refused(changes, model=WeekendEntry, pk=entry.pk, constraint=f"box_office_weekend_entries_{constraint}")


def test_weekend_entry_accepts_a_valid_row_in_each_edge():
    entry = WeekendEntryFactory(total_gross=1_000_000, change_percent=-100, weeks_in_release=520, rank=500)
    WeekendEntry.objects.filter(pk=entry.pk).update(period_end=entry.period_start + datetime.timedelta(days=6))


def test_one_entry_per_rank_per_weekend_and_region():
    WeekendEntryFactory(rank=1)
    refused(create=lambda: WeekendEntryFactory(rank=1), constraint="box_office_weekend_entries_rank_key")
    WeekendEntryFactory(rank=1, region="DE")  # another region
    WeekendEntryFactory(rank=1, period_start=datetime.date(2031, 1, 10))  # another weekend


def test_a_film_appears_once_per_chart_by_title_in_any_case_and_by_catalog_film():
    WeekendEntryFactory(rank=1, title="Le Film")
    refused(create=lambda: WeekendEntryFactory(rank=2, title="LE FILM"), constraint="box_office_weekend_entries_title_key")
    movie = MovieFactory()
    WeekendEntryFactory(rank=3, title="Linked", movie=movie)
    refused(
        create=lambda: WeekendEntryFactory(rank=4, title="Linked (dubbed)", movie=movie),
        constraint="box_office_weekend_entries_movie_key",
    )


def test_the_title_rule_is_checked_at_the_end_of_the_statement_so_ranks_can_swap():
    first = WeekendEntryFactory(rank=1, title="A")
    second = WeekendEntryFactory(rank=2, title="B")
    with connection.cursor() as cursor:  # one statement that passes through a duplicate halfway
        cursor.execute(
            "UPDATE box_office_weekend_entries SET title = CASE id WHEN %s THEN 'B' ELSE 'A' END WHERE id IN (%s, %s)",
            [first.pk, first.pk, second.pk],
        )
    first.refresh_from_db()
    assert first.title == "B"


def test_currency_follows_the_region_on_save():
    entry = WeekendEntryFactory(region="GB", currency="USD")
    assert entry.currency == "GBP"


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"gross": -1}, "gross_non_negative"),
        ({"currency": "GBP"}, "currency_of_region"),
        ({"source": ""}, "source_not_blank"),
        ({"region": "WW"}, "region_valid|box_office_trends_currency_of_region"),
    ],
)
def test_daily_gross_checks(changes, constraint):
    day = DailyGrossFactory()
    refused(changes, model=DailyGross, pk=day.pk, constraint=f"box_office_trends_{constraint}")


def test_one_daily_gross_per_region_and_day():
    DailyGrossFactory(date=datetime.date(2031, 5, 1))
    refused(create=lambda: DailyGrossFactory(date=datetime.date(2031, 5, 1)), constraint="region_date_key")


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"as_of": datetime.date(2030, 12, 31)}, "as_of_in_year"),
        ({"year": 1899, "as_of": datetime.date(1899, 12, 31)}, "year_range"),
        ({"total_gross": -1}, "total_gross_non_negative"),
        ({"currency": "USD"}, "currency_of_region"),
    ],
)
def test_year_to_date_checks(changes, constraint):
    ytd = YearToDateFactory()
    refused(changes, model=YearToDate, pk=ytd.pk, constraint=f"box_office_ytd_{constraint}")


def test_one_year_to_date_per_region_and_year_and_one_top_movie_per_rank_and_title():
    ytd = YearToDateFactory(year=2032)
    refused(create=lambda: YearToDateFactory(year=2032), constraint="box_office_ytd_region_year_key")
    TopMovieFactory(ytd=ytd, rank=1, title="Hit")
    refused(create=lambda: TopMovieFactory(ytd=ytd, rank=1, title="Other"), constraint="top_movies_rank_key")
    refused(create=lambda: TopMovieFactory(ytd=ytd, rank=2, title="HIT"), constraint="top_movies_title_key")
    top = TopMovieFactory(ytd=ytd, rank=3)
    refused({"rank": 101}, model=YearToDateTopMovie, pk=top.pk, constraint="top_movies_rank_range")


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        # An opening weekend belongs to a market, not to the world (in dollars, so only that rule fails) ...
        ({"region": "WW", "currency": "USD"}, "worldwide_categories"),
        # ... and a worldwide total to the world.
        ({"category": "worldwide-total"}, "worldwide_categories"),
        ({"value": 0}, "value_positive"),
        ({"category": "bogus"}, "category_valid"),
        ({"set_on": datetime.date(2030, 6, 1)}, "set_on_in_year"),
        ({"currency": "USD"}, "currency_of_region"),
        ({"title": ""}, "title_not_blank"),
    ],
)
def test_record_checks(changes, constraint):
    record = RecordFactory()
    refused(changes, model=BoxOfficeRecord, pk=record.pk, constraint=f"box_office_records_{constraint}")


def test_worldwide_records_are_in_dollars_and_all_films_records_have_no_film():
    RecordFactory(region="WW", category="worldwide-total", title="Big One")
    record = RecordFactory(region="US", category="weekend-total", title="Weekend of 1-3 May 2031")
    refused({"movie": MovieFactory()}, model=BoxOfficeRecord, pk=record.pk, constraint="market_categories_have_no_movie")
    refused(
        create=lambda: RecordFactory(region="US", category="weekend-total", title="Weekend of 1-3 May 2031"),
        constraint="region_category_title_year_key",
    )


def test_deleting_a_catalog_film_keeps_its_box_office_rows_with_their_titles():
    movie = MovieFactory(title="Gone Film")
    entry = WeekendEntryFactory(title="Gone Film", movie=movie)
    movie.delete()
    entry.refresh_from_db()
    assert entry.movie_id is None and entry.title == "Gone Film"
