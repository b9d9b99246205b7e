"""Reads of the box office, each in a fixed, small number of queries.

Derived values are computed here from the stored rows, so they are never stale:

* A weekend entry's change against the previous weekend: from the same film's entry in the
  region's chart that starts exactly seven days earlier, whenever that chart holds the film
  (this wins over a value the source reported); otherwise the source's reported change; null
  for a film with neither (a new film, or one whose previous weekend is not stored).
* Its weekend number in release: the source's reported value when there is one (sources know
  re-releases and the weekends before the first stored one); otherwise counted from the film's
  latest earlier stored entry in the region within a year (its weekend number plus the weeks
  since), or 1 when the film has no earlier stored entry.
* A film is "the same film" across weekends when both entries link the same catalog film, or
  when they have the same title (any case) and at most one of them is linked.
* A year to date's change: against the previous year's stored row, when both run through the
  same day of the year (a 31 December total is only compared with a 31 December total);
  otherwise null, with the previous year's row shown so the client knows why.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.http import Http404

from boxoffice.choices import REGION_CURRENCY, BreakdownBy, TrendInterval, currency_of
from boxoffice.models import BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie

WEEK = timedelta(days=7)
HISTORY_WINDOW = timedelta(weeks=52)
ENTRY_COLUMNS = (
    "id", "rank", "title", "title_key", "movie_id", "distributor", "weekend_gross", "total_gross", "theater_count",
    "change_percent", "weeks_in_release", "source", "period_start", "period_end",
    "movie__id", "movie__title", "movie__year",
)  # fmt: skip


def _percent_change(current: int, previous: int) -> float | None:
    if not previous:
        return None
    change = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return float(change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _same_film(entry, movie_id, title_key) -> bool:
    if entry.movie_id is not None and movie_id is not None:
        return entry.movie_id == movie_id
    return entry.title_key == title_key


# --- weekend chart ------------------------------------------------------------------------------


@dataclass
class ChartEntry:
    rank: int
    title: str
    movie: object | None
    distributor: str
    weekend_gross: int
    total_gross: int | None
    theater_count: int | None
    change_percent: float | None
    change_basis: str | None
    weeks_in_release: int
    weeks_basis: str
    source: str


def weekend_chart(*, region: str, on: date | None = None) -> dict:
    """The ranked chart of the region's weekend that started on `on` or in the six days before
    it (so the weekend containing the day, or the one whose week it is); the latest stored
    weekend when `on` is None. Two queries. Http404 when there is none."""
    charts = WeekendEntry.objects.filter(region=region)
    if on is not None:
        charts = charts.filter(period_start__lte=on, period_start__gt=on - WEEK)
    latest = charts.order_by("-period_start").values("period_start")[:1]
    entries = list(
        WeekendEntry.objects.filter(region=region, period_start=Subquery(latest))
        .select_related("movie")
        .only(*ENTRY_COLUMNS)
        .order_by("rank")
    )
    if not entries:
        where = f"around {on.isoformat()}" if on else "at all"
        raise Http404(f"No {region} weekend chart is stored {where}.")
    start = entries[0].period_start
    previous_start = start - WEEK
    films = Q(title_key__in={e.title_key for e in entries})
    films |= Q(movie_id__in={e.movie_id for e in entries if e.movie_id})
    history = list(
        WeekendEntry.objects.filter(region=region, period_start__gte=start - HISTORY_WINDOW, period_start__lt=start)
        .filter(films | Q(period_start=previous_start))
        .only("period_start", "movie_id", "title_key", "weekend_gross", "weeks_in_release")
        .order_by("-period_start")
    )
    chart = [_chart_entry(entry, start, previous_start, history) for entry in entries]
    return {
        "region": region,
        "currency": REGION_CURRENCY[region],
        "period_start": start,
        "period_end": entries[0].period_end,
        "previous_period_start": previous_start if any(h.period_start == previous_start for h in history) else None,
        "total_gross": sum(entry.weekend_gross for entry in entries),
        "entries": chart,
    }


def _chart_entry(entry: WeekendEntry, start: date, previous_start: date, history: list[WeekendEntry]) -> ChartEntry:
    earlier = [h for h in history if _same_film(h, entry.movie_id, entry.title_key)]  # newest first
    previous = next((h for h in earlier if h.period_start == previous_start), None)
    change = _percent_change(entry.weekend_gross, previous.weekend_gross) if previous else None
    if change is not None:
        change_basis = "previous-weekend"
    elif entry.change_percent is not None:
        change, change_basis = float(entry.change_percent), "source"
    else:
        change_basis = None
    if entry.weeks_in_release is not None:
        weeks, weeks_basis = entry.weeks_in_release, "source"
    else:
        anchor = next((h for h in earlier if h.weeks_in_release is not None), None)
        if anchor is not None:
            weeks = anchor.weeks_in_release + (start - anchor.period_start).days // 7
        elif earlier:
            weeks = (start - earlier[-1].period_start).days // 7 + 1
        else:
            weeks = 1
        weeks_basis = "stored-weekends"
    return ChartEntry(
        rank=entry.rank,
        title=entry.title,
        movie=entry.movie,
        distributor=entry.distributor,
        weekend_gross=entry.weekend_gross,
        total_gross=entry.total_gross,
        theater_count=entry.theater_count,
        change_percent=change,
        change_basis=change_basis,
        weeks_in_release=weeks,
        weeks_basis=weeks_basis,
        source=entry.source,
    )


# --- daily trends -------------------------------------------------------------------------------

TREND_DEFAULT_SPAN = {TrendInterval.DAY: 30, TrendInterval.WEEK: 12 * 7, TrendInterval.MONTH: 365}
# The longest range a request may ask for, in days (after aligning to whole weeks or months).
TREND_MAX_SPAN = {TrendInterval.DAY: 731, TrendInterval.WEEK: 3660, TrendInterval.MONTH: 3660}


def trend_period_bounds(day: date, interval: str) -> tuple[date, date]:
    """The week (ISO: Monday to Sunday) or month containing `day`; the day itself for "day"."""
    if interval == TrendInterval.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if interval == TrendInterval.MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


def latest_trend_date(region: str) -> date | None:
    return DailyGross.objects.filter(region=region).order_by("-date").values_list("date", flat=True).first()


def trend_series(*, region: str, start: date, end: date, interval: str) -> list[dict]:
    """The region's daily totals from `start` to `end` (both included), one point per day, or
    summed per week or month in SQL (date_trunc). One query. Each point says how many days of
    data it holds and the sources of its days."""
    days = DailyGross.objects.filter(region=region, date__gte=start, date__lte=end)
    if interval == TrendInterval.DAY:
        rows = days.order_by("date").values_list("date", "gross", "source")
        return [
            {"period_start": day, "period_end": day, "gross": gross, "days": 1, "sources": [source]}
            for day, gross, source in rows
        ]
    trunc = TruncWeek if interval == TrendInterval.WEEK else TruncMonth
    rows = (
        days.annotate(period=trunc("date"))
        .values("period")
        .annotate(gross=Sum("gross"), days=Count("id"), sources=ArrayAgg("source", distinct=True, order_by="source"))
        .order_by("period")
    )
    return [
        {
            "period_start": row["period"],
            "period_end": trend_period_bounds(row["period"], interval)[1],
            "gross": row["gross"],
            "days": row["days"],
            "sources": row["sources"],
        }
        for row in rows
    ]


# --- year to date -------------------------------------------------------------------------------


def _comparable_day(day: date) -> date:
    """The same day one year earlier (29 February compares with 28 February)."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def year_to_date(*, region: str, year: int | None = None) -> dict:
    """The region's year to date (the latest stored year when `year` is None) with its top
    movies and the change against the previous stored year. Two queries. Http404 if none."""
    previous = YearToDate.objects.filter(region=OuterRef("region"), year=OuterRef("year") - 1)
    rows = (
        YearToDate.objects.filter(region=region)
        .annotate(
            previous_total=Subquery(previous.values("total_gross")[:1]),
            previous_as_of=Subquery(previous.values("as_of")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "top_movies",
                queryset=YearToDateTopMovie.objects.select_related("movie")
                .only("ytd_id", "rank", "title", "gross", "source", "movie__id", "movie__title", "movie__year")
                .order_by("rank"),
            )
        )
    )
    rows = rows.filter(year=year) if year is not None else rows.order_by("-year")[:1]
    ytd = next(iter(rows), None)
    if ytd is None:
        raise Http404(f"No {region} year to date is stored" + (f" for {year}." if year is not None else "."))
    comparable = ytd.previous_as_of is not None and ytd.previous_as_of == _comparable_day(ytd.as_of)
    return {
        "region": ytd.region,
        "currency": ytd.currency,
        "year": ytd.year,
        "as_of": ytd.as_of,
        "total_gross": ytd.total_gross,
        "source": ytd.source,
        "previous_year": (
            {"year": ytd.year - 1, "as_of": ytd.previous_as_of, "total_gross": ytd.previous_total}
            if ytd.previous_as_of is not None
            else None
        ),
        "change_percent": _percent_change(ytd.total_gross, ytd.previous_total) if comparable else None,
        "top_movies": list(ytd.top_movies.all()),
    }


# --- records ------------------------------------------------------------------------------------


def record_list(*, region: str | None = None, category: str | None = None):
    """Records, each category's highest value first. Filters and order use the
    bo_records_region_list / bo_records_category_list indexes."""
    records = BoxOfficeRecord.objects.select_related("movie").only(
        "id", "region", "category", "title", "value", "currency", "year", "set_on", "source",
        "movie__id", "movie__title", "movie__year",
    )  # fmt: skip
    if region is not None:
        records = records.filter(region=region)
    if category is not None:
        records = records.filter(category=category)
    return records.order_by("category", F("value").desc(), "id")


# --- breakdowns ---------------------------------------------------------------------------------


def breakdown(*, by: str, region: str, year: int | None = None) -> dict:
    """Sums of the region's stored weekend chart entries (weekend grosses) grouped by genre,
    studio (distributor) or month of the weekend's start. One query. A film in several genres
    counts in each of them; entries whose film is not in the catalog (so has no genres) or has
    no distributor form the group with a null key."""
    entries = WeekendEntry.objects.filter(region=region)
    if year is not None:
        entries = entries.filter(period_start__gte=date(year, 1, 1), period_start__lte=date(year, 12, 31))
    if by == BreakdownBy.GENRE:
        grouped = entries.values(key=F("movie__movie_genres__genre__slug"), label=F("movie__movie_genres__genre__name"))
    elif by == BreakdownBy.STUDIO:
        grouped = entries.values(key=F("distributor"), label=F("distributor"))
    else:
        grouped = entries.annotate(month=TruncMonth("period_start")).values("month")
    rows = grouped.annotate(
        weekend_gross=Sum("weekend_gross"), entries=Count("id"), films=Count("title_key", distinct=True)
    )
    if by == BreakdownBy.MONTH:
        rows = rows.order_by("month")
    else:
        rows = rows.order_by(F("weekend_gross").desc(), F("key").asc(nulls_last=True))
    groups = []
    for row in rows:
        if by == BreakdownBy.MONTH:
            key, label = row["month"].strftime("%Y-%m"), row["month"].strftime("%B %Y")
        else:
            key, label = row["key"] or None, row["label"] or None
            if key is None and by == BreakdownBy.GENRE:
                label = "No genre (film not in the catalog, or without genres)"
            elif key is None:
                label = "Unknown distributor"
        totals = {name: row[name] for name in ("weekend_gross", "entries", "films")}
        groups.append({"key": key, "label": label, **totals})
    return {"by": by, "region": region, "currency": currency_of(region), "year": year, "groups": groups}
