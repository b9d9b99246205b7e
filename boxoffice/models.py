"""Box office figures: weekend charts, daily totals, years to date and records.

Every figure says where it came from (`source`: a URL or the name of a publication, or
"sample" for illustrative figures that are not published ones), and is stored in whole units
of its market's currency (see boxoffice.choices). Films that are not in the catalog are still
storable: each row keeps the film's `title` as the source printed it, and `movie` links the
catalog film when there is one (an import matches it by external_id, IMDb id, or title and
year). Deleting a catalog film keeps its box office rows with their titles.
"""

from __future__ import annotations

from datetime import timedelta
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from boxoffice.choices import (
    MARKET_CATEGORIES,
    RECORD_REGION_CHOICES,
    RECORD_REGION_CURRENCY,
    REGION_CURRENCY,
    WORLDWIDE,
    WORLDWIDE_CATEGORIES,
    RecordCategory,
)
from iwm.db.constraints import choices_check, non_negative, range_check
from movies.choices import Region

SAMPLE = "sample"
MAX_RANK = 500
MAX_WEEKEND_DAYS = 7  # a weekend spans at most a week (holiday weekends run four or five days)

SOURCE_HELP = (
    'Where the figure comes from: a URL or the publication\'s name, or "sample" for illustrative '
    "figures that are not published ones. Shown by the API."
)
MONEY_HELP = "Whole units of the region's currency (see `currency`), as published."
CURRENCY_HELP = "ISO 4217 code, fixed by the region: USD for US (US and Canada), GBP for GB (UK and Ireland), ..."


def region_currency_check(*, table: str, currencies: dict[str, str] = REGION_CURRENCY) -> models.CheckConstraint:
    """CHECK that `currency` is the one its region reports in (one currency per region)."""
    pairs = [Q(region=region, currency=currency) for region, currency in sorted(currencies.items())]
    return models.CheckConstraint(condition=reduce(or_, pairs), name=f"{table}_currency_of_region")


def not_blank(field: str, *, table: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=~Q(**{field: ""}), name=f"{table}_{field}_not_blank")


class CurrencyOfRegion(models.Model):
    """`currency` follows `region` on save (admin forms do not ask for it); bulk writes in
    services set it themselves. The CHECK constraint holds either way."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.currency = RECORD_REGION_CURRENCY.get(self.region, self.currency)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "region" in update_fields:
            kwargs["update_fields"] = {*update_fields, "currency"}
        super().save(*args, **kwargs)


class WeekendEntry(CurrencyOfRegion):
    """One film's line in a weekend chart of one region."""

    region = models.CharField(max_length=2, choices=Region.choices)
    period_start = models.DateField(help_text="First day of the weekend (usually a Friday).")
    period_end = models.DateField(help_text="Last day of the weekend (usually the Sunday).")
    rank = models.SmallIntegerField()
    title = models.CharField(max_length=300, help_text="The film's title as the chart prints it.")
    title_key = models.GeneratedField(
        expression=Lower("title"), output_field=models.CharField(max_length=300), db_persist=True
    )
    movie = models.ForeignKey(
        "movies.Movie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # covered by bo_weekend_movie_history
        related_name="box_office_weekends",
        help_text="The catalog film, when the film is in the catalog.",
    )
    distributor = models.CharField(max_length=120, blank=True, help_text="Distributor (studio) in this market.")
    weekend_gross = models.BigIntegerField(help_text=MONEY_HELP)
    total_gross = models.BigIntegerField(null=True, blank=True, help_text="Gross to date. " + MONEY_HELP)
    currency = models.CharField(max_length=3, help_text=CURRENCY_HELP)
    change_percent = models.DecimalField(
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=(
            "Change against the previous weekend as the source reported it. The API computes the change "
            "from the stored previous weekend whenever that weekend holds the film, and uses this value "
            "only when it does not."
        ),
    )
    weeks_in_release = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Weekend number in release as the source reported it (this wins: sources know re-releases and "
            "weekends before the first stored one). When empty the API derives it from the stored weekends."
        ),
    )
    theater_count = models.IntegerField(null=True, blank=True, help_text="Theaters (sites) playing the film.")
    source = models.CharField(max_length=500, help_text=SOURCE_HELP)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "box_office_weekend_entries"
        verbose_name = "weekend chart entry"
        verbose_name_plural = "weekend chart entries"
        ordering = ["region", "-period_start", "rank"]
        constraints = [
            # Also the index behind "the chart of region R around date D" (region, period_start range).
            models.UniqueConstraint(
                fields=["region", "period_start", "rank"], name="box_office_weekend_entries_rank_key"
            ),
            # A film appears once per chart. Checked at the end of each statement (DEFERRABLE INITIALLY
            # IMMEDIATE), so an import that swaps two films' ranks in one upsert is not refused halfway.
            models.UniqueConstraint(
                fields=["region", "period_start", "title_key"],
                name="box_office_weekend_entries_title_key",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            models.UniqueConstraint(
                fields=["region", "period_start", "movie"],
                name="box_office_weekend_entries_movie_key",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            choices_check("region", Region, table="box_office_weekend_entries"),
            region_currency_check(table="box_office_weekend_entries"),
            range_check("rank", 1, MAX_RANK, table="box_office_weekend_entries"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start"))
                & Q(period_end__lt=F("period_start") + timedelta(days=MAX_WEEKEND_DAYS)),
                name="box_office_weekend_entries_period_valid",
            ),
            non_negative("weekend_gross", table="box_office_weekend_entries"),
            models.CheckConstraint(
                condition=Q(total_gross__isnull=True) | Q(total_gross__gte=F("weekend_gross")),
                name="box_office_weekend_entries_total_covers_weekend",
            ),
            models.CheckConstraint(
                condition=Q(change_percent__gte=-100), name="box_office_weekend_entries_change_percent_range"
            ),
            range_check("weeks_in_release", 1, 520, table="box_office_weekend_entries"),
            non_negative("theater_count", table="box_office_weekend_entries"),
            not_blank("title", table="box_office_weekend_entries"),
            not_blank("source", table="box_office_weekend_entries"),
        ]
        indexes = [
            # A film's earlier weekends in a region: change and weeks in release are derived from them.
            models.Index(fields=["region", "title_key", "period_start"], name="bo_weekend_film_history"),
            models.Index(
                fields=["movie", "region", "period_start"],
                name="bo_weekend_movie_history",
                condition=Q(movie__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period_start} #{self.rank} {self.title}"


class DailyGross(CurrencyOfRegion):
    """The whole market's gross of one day (every film together): the trends series."""

    region = models.CharField(max_length=2, choices=Region.choices)
    date = models.DateField()
    gross = models.BigIntegerField(help_text=MONEY_HELP)
    currency = models.CharField(max_length=3, help_text=CURRENCY_HELP)
    source = models.CharField(max_length=500, help_text=SOURCE_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "box_office_trends"
        verbose_name = "daily gross"
        verbose_name_plural = "daily grosses (trends)"
        ordering = ["region", "-date"]
        constraints = [
            # Also the index behind every trends query (region, date range).
            models.UniqueConstraint(fields=["region", "date"], name="box_office_trends_region_date_key"),
            choices_check("region", Region, table="box_office_trends"),
            region_currency_check(table="box_office_trends"),
            non_negative("gross", table="box_office_trends"),
            not_blank("source", table="box_office_trends"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.date}"


class YearToDate(CurrencyOfRegion):
    """A region's total for a year, through `as_of`. Its change against the previous year is
    derived from the stored previous year (boxoffice.selectors), never stored or typed in."""

    region = models.CharField(max_length=2, choices=Region.choices)
    year = models.SmallIntegerField()
    as_of = models.DateField(help_text="The total runs from 1 January through this day (31 December: the whole year).")
    total_gross = models.BigIntegerField(help_text=MONEY_HELP)
    currency = models.CharField(max_length=3, help_text=CURRENCY_HELP)
    source = models.CharField(max_length=500, help_text=SOURCE_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "box_office_ytd"
        verbose_name = "year to date"
        verbose_name_plural = "years to date"
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="box_office_ytd_region_year_key"),
            choices_check("region", Region, table="box_office_ytd"),
            region_currency_check(table="box_office_ytd"),
            range_check("year", 1900, 2100, table="box_office_ytd"),
            models.CheckConstraint(condition=Q(as_of__year=F("year")), name="box_office_ytd_as_of_in_year"),
            non_negative("total_gross", table="box_office_ytd"),
            not_blank("source", table="box_office_ytd"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class YearToDateTopMovie(models.Model):
    ytd = models.ForeignKey(YearToDate, on_delete=models.CASCADE, related_name="top_movies")
    rank = models.SmallIntegerField()
    title = models.CharField(max_length=300, help_text="The film's title as the source prints it.")
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.SET_NULL, null=True, blank=True, related_name="box_office_years"
    )
    gross = models.BigIntegerField(help_text="Gross within the year. " + MONEY_HELP)
    source = models.CharField(max_length=500, help_text=SOURCE_HELP)

    class Meta:
        db_table = "box_office_ytd_top_movies"
        verbose_name = "top movie of a year"
        ordering = ["ytd", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ytd", "rank"], name="box_office_ytd_top_movies_rank_key"),
            models.UniqueConstraint(F("ytd"), Lower("title"), name="box_office_ytd_top_movies_title_key"),
            range_check("rank", 1, 100, table="box_office_ytd_top_movies"),
            non_negative("gross", table="box_office_ytd_top_movies"),
            not_blank("title", table="box_office_ytd_top_movies"),
            not_blank("source", table="box_office_ytd_top_movies"),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} {self.title}"


class BoxOfficeRecord(CurrencyOfRegion):
    """A record figure: a film's (opening weekend, single day, lifetime total, ...) in a market or
    worldwide, or the whole market's (biggest weekend, biggest year). Former holders may be kept
    beside the current one: the list orders each category by value."""

    region = models.CharField(
        max_length=2, choices=RECORD_REGION_CHOICES, help_text="A catalog region, or WW for worldwide records."
    )
    category = models.CharField(max_length=30, choices=RecordCategory.choices)
    title = models.CharField(
        max_length=300,
        help_text="The film's title; for all-films categories, what set the record "
        "(e.g. 'Weekend of 26-28 April 2019').",
    )
    movie = models.ForeignKey(
        "movies.Movie", on_delete=models.SET_NULL, null=True, blank=True, related_name="box_office_records"
    )
    value = models.BigIntegerField(help_text=MONEY_HELP)
    currency = models.CharField(max_length=3, help_text=CURRENCY_HELP + " USD for worldwide records.")
    year = models.SmallIntegerField(help_text="Year the record was set.")
    set_on = models.DateField(null=True, blank=True, help_text="Day it was set (the weekend's first day), if known.")
    source = models.CharField(max_length=500, help_text=SOURCE_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "box_office_records"
        verbose_name = "box office record"
        ordering = ["category", "-value", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "category", "title", "year"], name="box_office_records_region_category_title_year_key"
            ),
            models.CheckConstraint(
                condition=Q(region__in=[code for code, _ in RECORD_REGION_CHOICES]),
                name="box_office_records_region_valid",
            ),
            choices_check("category", RecordCategory, table="box_office_records"),
            region_currency_check(table="box_office_records", currencies=RECORD_REGION_CURRENCY),
            models.CheckConstraint(
                condition=Q(region=WORLDWIDE, category__in=WORLDWIDE_CATEGORIES)
                | (~Q(region=WORLDWIDE) & ~Q(category__in=WORLDWIDE_CATEGORIES)),
                name="box_office_records_worldwide_categories",
            ),
            models.CheckConstraint(
                condition=~Q(category__in=MARKET_CATEGORIES) | Q(movie__isnull=True),
                name="box_office_records_market_categories_have_no_movie",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="box_office_records_value_positive"),
            range_check("year", 1900, 2100, table="box_office_records"),
            models.CheckConstraint(
                condition=Q(set_on__isnull=True) | Q(set_on__year=F("year")), name="box_office_records_set_on_in_year"
            ),
            not_blank("title", table="box_office_records"),
            not_blank("source", table="box_office_records"),
        ]
        indexes = [
            models.Index("region", "category", F("value").desc(), "id", name="bo_records_region_list"),
            models.Index("category", F("value").desc(), "id", name="bo_records_category_list"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.category}: {self.title}"
