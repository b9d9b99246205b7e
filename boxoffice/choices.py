"""Vocabularies of the box office, and the currency each market reports in.

Regions are the catalog's (`movies.choices.Region`, ISO 3166-1 alpha-2). Two of them name a
market as the trade reports it, not a single country: `US` is the North American "domestic"
market (United States and Canada), and `GB` is the UK-and-Ireland market. Records add one
pseudo-region, `WW` (worldwide), for figures that are not about one market.

Money is stored in whole units of the market's own currency, exactly as the market's sources
publish it (a UK chart is in pounds, a US chart in dollars); converting at some day's rate would
store figures nobody published. Each money row carries its `currency`, and a CHECK constraint
ties it to the region through REGION_CURRENCY, so one region's rows never mix currencies and
every sum or change stays meaningful.
"""

from __future__ import annotations

from django.db import models

from movies.choices import Region

WORLDWIDE = "WW"

# ISO 4217 code of the currency each market's box office is reported in.
REGION_CURRENCY: dict[str, str] = {
    "AE": "AED", "AR": "ARS", "AT": "EUR", "AU": "AUD", "BE": "EUR", "BR": "BRL", "CA": "CAD", "CH": "CHF",
    "CL": "CLP", "CN": "CNY", "CO": "COP", "CZ": "CZK", "DE": "EUR", "DK": "DKK", "EG": "EGP", "ES": "EUR",
    "FI": "EUR", "FR": "EUR", "GB": "GBP", "HK": "HKD", "ID": "IDR", "IE": "EUR", "IL": "ILS", "IN": "INR",
    "IT": "EUR", "JP": "JPY", "KR": "KRW", "MX": "MXN", "NG": "NGN", "NL": "EUR", "NO": "NOK", "NZ": "NZD",
    "PH": "PHP", "PL": "PLN", "PT": "EUR", "SA": "SAR", "SE": "SEK", "SG": "SGD", "TH": "THB", "TR": "TRY",
    "TW": "TWD", "US": "USD", "ZA": "ZAR",
}  # fmt: skip
assert set(REGION_CURRENCY) == set(Region.values), "every catalog region needs its box office currency"

# Records also know the worldwide pseudo-region, whose figures are in US dollars.
RECORD_REGION_CURRENCY: dict[str, str] = {**REGION_CURRENCY, WORLDWIDE: "USD"}
RECORD_REGION_CHOICES = [(WORLDWIDE, "Worldwide"), *Region.choices]


def currency_of(region: str) -> str:
    return RECORD_REGION_CURRENCY[region]


class RecordCategory(models.TextChoices):
    # A film's record in one market (or worldwide, for the worldwide-* categories).
    OPENING_WEEKEND = "opening-weekend", "Opening weekend (film)"
    OPENING_DAY = "opening-day", "Opening day (film)"
    SINGLE_DAY = "single-day", "Single day (film)"
    SECOND_WEEKEND = "second-weekend", "Second weekend (film)"
    DOMESTIC_TOTAL = "domestic-total", "Lifetime total in the market (film)"
    WORLDWIDE_OPENING = "worldwide-opening", "Worldwide opening (film)"
    WORLDWIDE_TOTAL = "worldwide-total", "Worldwide lifetime total (film)"
    # The whole market, every film together.
    WEEKEND_TOTAL = "weekend-total", "Biggest weekend, all films"
    YEAR_TOTAL = "year-total", "Biggest year, all films"


WORLDWIDE_CATEGORIES = (RecordCategory.WORLDWIDE_OPENING, RecordCategory.WORLDWIDE_TOTAL)
MARKET_CATEGORIES = (RecordCategory.WEEKEND_TOTAL, RecordCategory.YEAR_TOTAL)


class TrendInterval(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week (ISO, Monday to Sunday)"
    MONTH = "month", "Month"


class BreakdownBy(models.TextChoices):
    GENRE = "genre", "Genre"
    STUDIO = "studio", "Studio (distributor)"
    MONTH = "month", "Month"
