"""Writes of the box office: importing a weekend chart, and the upserts the demo data uses.

A chart import is one transaction: every row is validated first, and one bad row rejects the
whole file with its line number and the reason (all problems are listed, up to a limit).
Rows are upserted on (region, period_start, rank): a rank the file gives replaces what was
stored at that rank; ranks it does not give are left alone.

Derived values are never taken from input where stored rows can tell: the weekend change and
weeks in release shown by the API are computed at read time (boxoffice.selectors), and a
year's change against the previous year is computed from the stored years. The chart file's
`change_percent` and `weeks_in_release` are kept as the source reported them (see the model
help for which value wins).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from boxoffice.choices import RECORD_REGION_CURRENCY, REGION_CURRENCY, RecordCategory
from boxoffice.imports import read_chart_file
from boxoffice.models import (
    MAX_RANK,
    MAX_WEEKEND_DAYS,
    BoxOfficeRecord,
    DailyGross,
    WeekendEntry,
    YearToDate,
    YearToDateTopMovie,
)
from movies.models import Movie

MAX_MONEY = 10**15  # whole currency units; far above any film's gross in any currency
MAX_REPORTED_ERRORS = 20
IMDB_ID = re.compile(r"tt[0-9]{7,10}")
ASCII_INTEGER = re.compile(r"-?[0-9]{1,18}")
ASCII_DECIMAL = re.compile(r"-?[0-9]{1,12}(\.[0-9]+)?")
ENTRY_DATA_FIELDS = (
    "period_end", "title", "movie", "distributor", "weekend_gross", "total_gross", "currency", "change_percent",
    "weeks_in_release", "theater_count", "source",
)  # fmt: skip


class RowError(Exception):
    """A problem with one value of one row (the caller adds the line number)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")


# --- values -------------------------------------------------------------------------------------


def _whole_number(raw, field: str, *, minimum: int, maximum: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise RowError(field, "must be a whole number.")
    if isinstance(raw, str):
        if not ASCII_INTEGER.fullmatch(raw):
            raise RowError(field, f"must be a whole number written with the digits 0-9 (no separators); got {raw!r}.")
        raw = int(raw)
    if not minimum <= raw <= maximum:
        raise RowError(field, f"must be from {minimum} to {maximum}; got {raw}.")
    return raw


def _text(raw, field: str, *, max_length: int) -> str:
    if not isinstance(raw, str):
        raise RowError(field, "must be text.")
    value = raw.strip()
    if "\x00" in value:
        raise RowError(field, "must not contain NUL characters.")
    if len(value) > max_length:
        raise RowError(field, f"must be at most {max_length} characters.")
    return value


def _percent(raw, field: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise RowError(field, "must be a number.")
    text = raw if isinstance(raw, str) else repr(raw)
    if not ASCII_DECIMAL.fullmatch(text.strip()):
        raise RowError(field, f"must be a number such as -42.5; got {raw!r}.")
    try:
        value = Decimal(text.strip()).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise RowError(field, f"must be a number such as -42.5; got {raw!r}.") from None
    if not Decimal(-100) <= value <= Decimal(9_999_999):
        raise RowError(field, f"must be at least -100; got {value}.")
    return value


def _date(raw, field: str) -> date:
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        raise RowError(field, "must be a date, YYYY-MM-DD.")
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        raise RowError(field, f"must be a date, YYYY-MM-DD; got {raw!r}.") from None
    if not 1900 <= value.year <= 2100:
        raise RowError(field, "must be a date from 1900 to 2100.")
    return value


# --- rows ---------------------------------------------------------------------------------------


@dataclass
class ChartRow:
    line: int
    rank: int
    title: str
    weekend_gross: int
    source: str
    year: int | None = None
    external_id: str = ""
    imdb_id: str = ""
    distributor: str = ""
    total_gross: int | None = None
    theater_count: int | None = None
    change_percent: Decimal | None = None
    weeks_in_release: int | None = None
    movie_id: int | None = None

    @property
    def title_key(self) -> str:
        return self.title.lower()


def _clean_row(line: int, raw: dict, default_source: str) -> ChartRow:
    for name in ("rank", "title", "weekend_gross"):
        if name not in raw:
            raise RowError(name, "is required.")
    title = _text(raw["title"], "title", max_length=300)
    if not title:
        raise RowError("title", "is required.")
    row = ChartRow(
        line=line,
        rank=_whole_number(raw["rank"], "rank", minimum=1, maximum=MAX_RANK),
        title=title,
        weekend_gross=_whole_number(raw["weekend_gross"], "weekend_gross", minimum=0, maximum=MAX_MONEY),
        source=_text(raw["source"], "source", max_length=500) if "source" in raw else default_source,
    )
    if not row.source:
        raise RowError("source", 'is required: give it for each row or for the file ("sample" or where it came from).')
    if "year" in raw:
        row.year = _whole_number(raw["year"], "year", minimum=1870, maximum=2100)
    if "external_id" in raw:
        row.external_id = _text(raw["external_id"], "external_id", max_length=100)
    if "imdb_id" in raw:
        row.imdb_id = _text(raw["imdb_id"], "imdb_id", max_length=12)
        if not IMDB_ID.fullmatch(row.imdb_id):
            raise RowError("imdb_id", f"must look like tt0111161; got {row.imdb_id!r}.")
    if "distributor" in raw:
        row.distributor = _text(raw["distributor"], "distributor", max_length=120)
    if "total_gross" in raw:
        row.total_gross = _whole_number(raw["total_gross"], "total_gross", minimum=0, maximum=MAX_MONEY)
        if row.total_gross < row.weekend_gross:
            raise RowError("total_gross", f"({row.total_gross}) is less than the weekend_gross ({row.weekend_gross}).")
    if "theater_count" in raw:
        row.theater_count = _whole_number(raw["theater_count"], "theater_count", minimum=0, maximum=1_000_000)
    if "change_percent" in raw:
        row.change_percent = _percent(raw["change_percent"], "change_percent")
    if "weeks_in_release" in raw:
        row.weeks_in_release = _whole_number(raw["weeks_in_release"], "weeks_in_release", minimum=1, maximum=520)
    return row


@lru_cache(maxsize=1)
def _demo_imdb_index() -> dict[str, str]:
    """{imdb id: external id} of the demo catalog's films (the catalog has no imdb_id column)."""
    from movies.services.demo_catalog import DEMO_DATA_DIR

    with open(DEMO_DATA_DIR / "movies.json", encoding="utf-8") as handle:
        return {film["imdb_id"]: film["external_id"] for film in json.load(handle) if film.get("imdb_id")}


def movie_ids_by_imdb_id(imdb_ids: set[str]) -> dict[str, int]:
    """Catalog films by IMDb id: through a `movies.imdb_id` column when the catalog has one,
    else through the demo catalog's files, which carry IMDb ids beside the external ids."""
    if not imdb_ids:
        return {}
    if any(field.name == "imdb_id" for field in Movie._meta.get_fields()):
        return dict(Movie.objects.filter(imdb_id__in=imdb_ids).values_list("imdb_id", "id"))
    external = {imdb: ext for imdb, ext in _demo_imdb_index().items() if imdb in imdb_ids}
    ids = dict(Movie.objects.filter(external_id__in=set(external.values())).values_list("external_id", "id"))
    return {imdb: ids[ext] for imdb, ext in external.items() if ext in ids}


def match_movies(rows) -> list[tuple[object, str]]:
    """Set `movie_id` on each row (objects with external_id, imdb_id, title and year): by
    catalog external_id when given (an unknown one is an error), else by IMDb id, else by exact
    title (any case) and year when exactly one catalog film has them; otherwise the film stays
    unlinked, with its title. Returns (row, message) errors. Three queries at most."""
    errors = []
    external_ids = {row.external_id for row in rows if row.external_id}
    by_external = dict(Movie.objects.filter(external_id__in=external_ids).values_list("external_id", "id"))
    by_imdb = movie_ids_by_imdb_id({row.imdb_id for row in rows if row.imdb_id and not row.external_id})
    for row in rows:
        if row.external_id:
            row.movie_id = by_external.get(row.external_id)
            if row.movie_id is None:
                errors.append((row, f"external_id: no catalog film has external_id {row.external_id!r}."))
        elif row.imdb_id:
            row.movie_id = by_imdb.get(row.imdb_id)
    unmatched = [row for row in rows if row.movie_id is None and not row.external_id and row.year]
    if unmatched:
        candidates: dict[tuple[str, int], list[int]] = {}
        found = (
            Movie.objects.annotate(title_key=Lower("title"))
            .filter(title_key__in={row.title.lower() for row in unmatched}, year__in={row.year for row in unmatched})
            .values_list("title_key", "year", "id")
        )
        for title_key, year, movie_id in found:
            candidates.setdefault((title_key, year), []).append(movie_id)
        for row in unmatched:
            ids = candidates.get((row.title.lower(), row.year), [])
            row.movie_id = ids[0] if len(ids) == 1 else None
    return errors


# --- the chart import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartImportResult:
    region: str
    period_start: date
    period_end: date
    created: int
    updated: int
    linked: int

    @property
    def rows(self) -> int:
        return self.created + self.updated


def _chart_value(name: str, given, in_file, parse):
    """A chart-level value from the caller (command option, admin form) or the file; both may
    give it only if they agree."""
    if given in (None, "") and in_file in (None, ""):
        return None
    try:
        given_value = parse(given) if given not in (None, "") else None
        file_value = parse(in_file) if in_file not in (None, "") else None
    except RowError as exc:
        raise ValidationError({name: [str(exc).split(": ", 1)[1]]}) from None
    if given_value is not None and file_value is not None and given_value != file_value:
        raise ValidationError({name: [f"The file says {in_file!r} but {given!r} was given."]})
    return given_value if given_value is not None else file_value


def _region(raw) -> str:
    if not isinstance(raw, str) or raw.strip().upper() not in REGION_CURRENCY:
        raise RowError("region", f"unknown region {raw!r}; use an ISO 3166-1 code such as US or GB.")
    return raw.strip().upper()


def _raise_row_errors(problems: list[tuple[int, str]]) -> None:
    if problems:
        problems.sort(key=lambda problem: problem[0])
        messages = [f"Line {line}: {message}" for line, message in problems[:MAX_REPORTED_ERRORS]]
        if len(problems) > MAX_REPORTED_ERRORS:
            messages.append(f"... and {len(problems) - MAX_REPORTED_ERRORS} more problems.")
        raise ValidationError({"file": messages})


@transaction.atomic
def weekend_chart_import(
    *,
    content: bytes | str,
    file_format: str | None = None,
    filename: str = "",
    region: str | None = None,
    period_start: date | str | None = None,
    period_end: date | str | None = None,
    source: str | None = None,
) -> ChartImportResult:
    """Import one weekend chart of one region from a CSV or JSON file (see boxoffice.imports).

    The region and weekend come from the arguments or from the file (JSON object form); the
    weekend ends two days after it starts unless told otherwise. `source` is the default for
    rows that do not name their own. Raises ValidationError naming the line of every bad row;
    nothing is written then."""
    parsed = read_chart_file(content, file_format=file_format, filename=filename)
    chart = parsed.chart
    region = _chart_value("region", region, chart.get("region"), _region)
    if region is None:
        raise ValidationError({"region": ["Give the chart's region (e.g. US), as an option or in the file."]})
    start = _chart_value("period_start", period_start, chart.get("period_start"), lambda v: _date(v, "period_start"))
    if start is None:
        raise ValidationError(
            {"period_start": ["Give the weekend's first day (YYYY-MM-DD), as an option or in the file."]}
        )
    end = _chart_value("period_end", period_end, chart.get("period_end"), lambda v: _date(v, "period_end"))
    end = end or start + timedelta(days=2)
    if not start <= end < start + timedelta(days=MAX_WEEKEND_DAYS):
        raise ValidationError(
            {"period_end": [f"A weekend ends on or after its first day and within {MAX_WEEKEND_DAYS} days."]}
        )
    currency = REGION_CURRENCY[region]
    if chart.get("currency") not in (None, "", currency):
        raise ValidationError(
            {"currency": [f"{region} figures are stored in {currency}; the file says {chart['currency']!r}."]}
        )
    default_source = _chart_value("source", source, chart.get("source"), lambda v: _text(v, "source", max_length=500))

    rows: list[ChartRow] = []
    problems: list[tuple[int, str]] = []
    for line, raw in parsed.rows:
        try:
            rows.append(_clean_row(line, raw, default_source or ""))
        except RowError as exc:
            problems.append((line, str(exc)))
    _raise_row_errors(problems)

    problems += [(row.line, message) for row, message in match_movies(rows)]
    first_line: dict[tuple[str, object], int] = {}
    for row in rows:
        for kind, key in (("rank", row.rank), ("title", row.title_key), ("movie", row.movie_id)):
            if key is None:
                continue
            if (kind, key) in first_line:
                what = {
                    "rank": f"rank {row.rank}",
                    "title": repr(row.title),
                    "movie": f"the catalog film of {row.title!r}",
                }
                first = first_line[kind, key]
                problems.append((row.line, f"{what[kind]} appears twice in the chart (first on line {first})."))
            else:
                first_line[kind, key] = row.line
    _raise_row_errors(problems)

    stored = list(
        WeekendEntry.objects.filter(region=region, period_start=start).values_list(
            "rank", "title", "title_key", "movie_id", "period_end"
        )
    )
    file_ranks = {row.rank for row in rows}
    kept = [entry for entry in stored if entry[0] not in file_ranks]
    for rank, title, _key, _movie, stored_end in kept[:1]:
        if stored_end != end:
            raise ValidationError(
                {
                    "period_end": [
                        f"This weekend is stored as {start} to {stored_end} (e.g. rank {rank}); "
                        f"the file says it ends {end}."
                    ]
                }
            )
    kept_films = {("title", key): rank for rank, _t, key, _m, _e in kept} | {
        ("movie", movie): rank for rank, _t, _k, movie, _e in kept if movie is not None
    }
    for row in rows:
        clash = kept_films.get(("title", row.title_key)) or kept_films.get(("movie", row.movie_id))
        if clash:
            message = f"{row.title!r} is already stored at rank {clash} of this weekend, which the file does not replace."
            problems.append((row.line, message))
    _raise_row_errors(problems)

    entries = [
        WeekendEntry(
            region=region,
            period_start=start,
            period_end=end,
            rank=row.rank,
            title=row.title,
            movie_id=row.movie_id,
            distributor=row.distributor,
            weekend_gross=row.weekend_gross,
            total_gross=row.total_gross,
            currency=currency,
            change_percent=row.change_percent,
            weeks_in_release=row.weeks_in_release,
            theater_count=row.theater_count,
            source=row.source,
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            WeekendEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["region", "period_start", "rank"],
                update_fields=[*ENTRY_DATA_FIELDS, "updated_at"],
            )
    except IntegrityError as exc:  # a rule the checks above missed: still one clear 400, nothing written
        raise ValidationError({"file": [f"The chart breaks a database rule: {exc.__cause__ or exc}"]}) from None
    updated = len(file_ranks & {entry[0] for entry in stored})
    return ChartImportResult(
        region=region,
        period_start=start,
        period_end=end,
        created=len(rows) - updated,
        updated=updated,
        linked=sum(1 for row in rows if row.movie_id is not None),
    )


# --- daily grosses, years to date and records (demo data and operators) ----------------------------


@transaction.atomic
def daily_grosses_upsert(*, region: str, days: list[dict]) -> int:
    """Upsert a region's daily totals: [{"date", "gross", "source"}]. Returns rows written."""
    currency = REGION_CURRENCY[region]
    rows = [
        DailyGross(
            region=region, date=_date(day["date"], "date"), gross=day["gross"], currency=currency, source=day["source"]
        )
        for day in days
    ]
    DailyGross.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["region", "date"],
        update_fields=["gross", "currency", "source", "updated_at"],
    )
    return len(rows)


@dataclass
class _TopMovie:
    rank: int
    title: str
    gross: int
    source: str
    external_id: str = ""
    imdb_id: str = ""
    year: int | None = None
    movie_id: int | None = None


@transaction.atomic
def year_to_date_upsert(
    *, region: str, year: int, as_of: date | str, total_gross: int, source: str, top_movies: list[dict]
) -> YearToDate:
    """Store a region's year to date and replace its top movies ([{"rank", "title", "gross",
    "source", "external_id"?, "imdb_id"?, "year"?}]). The change against the previous year is
    not stored: the selector derives it from the stored years."""
    as_of = _date(as_of, "as_of")
    ytd, _ = YearToDate.objects.update_or_create(
        region=region,
        year=year,
        defaults={"as_of": as_of, "total_gross": total_gross, "currency": REGION_CURRENCY[region], "source": source},
    )
    films = [_TopMovie(**film) for film in top_movies]
    errors = match_movies(films)
    if errors:
        raise ValidationError({"top_movies": [message for _row, message in errors]})
    ytd.top_movies.all().delete()
    YearToDateTopMovie.objects.bulk_create(
        [
            YearToDateTopMovie(ytd=ytd, rank=f.rank, title=f.title, movie_id=f.movie_id, gross=f.gross, source=f.source)
            for f in films
        ]
    )
    return ytd


@dataclass
class _RecordFilm:
    title: str
    external_id: str = ""
    imdb_id: str = ""
    year: int | None = None
    movie_id: int | None = None


@transaction.atomic
def records_upsert(*, records: list[dict]) -> int:
    """Upsert records on (region, category, title, year): [{"region", "category", "title",
    "value", "year", "set_on"?, "source", "external_id"?, "film_year"?}]. Returns rows written."""
    films = [
        _RecordFilm(title=record["title"], external_id=record.get("external_id", ""), year=record.get("film_year"))
        for record in records
    ]
    errors = match_movies(films)
    if errors:
        raise ValidationError({"records": [message for _row, message in errors]})
    rows = []
    for record, film in zip(records, films, strict=True):
        category = RecordCategory(record["category"])
        rows.append(
            BoxOfficeRecord(
                region=record["region"],
                category=category,
                title=record["title"],
                movie_id=film.movie_id,
                value=record["value"],
                currency=RECORD_REGION_CURRENCY[record["region"]],
                year=record["year"],
                set_on=_date(record["set_on"], "set_on") if record.get("set_on") else None,
                source=record["source"],
            )
        )
    BoxOfficeRecord.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["region", "category", "title", "year"],
        update_fields=["movie", "value", "currency", "set_on", "source", "updated_at"],
    )
    return len(rows)


__all__ = [
    "ChartImportResult",
    "daily_grosses_upsert",
    "match_movies",
    "movie_ids_by_imdb_id",
    "records_upsert",
    "weekend_chart_import",
    "year_to_date_upsert",
]
