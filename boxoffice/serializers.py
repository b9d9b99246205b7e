"""Query parameters and output shapes of the box office endpoints."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.validators import RegexValidator
from rest_framework import serializers

from boxoffice.choices import (
    RECORD_REGION_CURRENCY,
    REGION_CURRENCY,
    WORLDWIDE,
    BreakdownBy,
    RecordCategory,
    TrendInterval,
)
from boxoffice.selectors import TREND_DEFAULT_SPAN, TREND_MAX_SPAN, latest_trend_date, trend_period_bounds
from iwm.api.params import StrictIntegerField

FIRST_YEAR, LAST_YEAR = 1900, 2100
DEFAULT_REGION = "US"
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# --- query parameters ---------------------------------------------------------------------------


class GivenBlankIsInvalid:
    """DRF reads `?region=` on an optional field as "not given" and uses the default; the schema
    says an empty value is not a region (nor a date, a year or a choice), so it is a 400."""

    def get_value(self, dictionary):
        if self.field_name in dictionary and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class ChoiceParam(GivenBlankIsInvalid, serializers.ChoiceField):
    pass


class YearParam(GivenBlankIsInvalid, StrictIntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)


class RegionField(GivenBlankIsInvalid, serializers.CharField):
    """A region code, any case (`us` is `US`); an unknown code is a 400 listing the known ones."""

    def __init__(self, *, codes=tuple(REGION_CURRENCY), **kwargs):
        self.codes = tuple(codes)
        kwargs.setdefault("min_length", 2)
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("trim_whitespace", False)  # " us" is not a code the schema's pattern allows
        kwargs.setdefault(
            "help_text",
            f"ISO 3166-1 alpha-2 code, any case: {', '.join(sorted(self.codes))}. "
            "US is the US-and-Canada market, GB the UK-and-Ireland market.",
        )
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(r"^[A-Za-z]{2}$", "A two-letter region code, e.g. US."))

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if len(code) == 2 and code.isascii() and code.isalpha() and code not in self.codes:
            raise serializers.ValidationError(f"Unknown region {code!r}. Known: {', '.join(sorted(self.codes))}.")
        return code


class DayField(GivenBlankIsInvalid, serializers.DateField):
    """A day, YYYY-MM-DD, from 1900 to 2100."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["iso-8601"])
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        day = super().to_internal_value(value)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise serializers.ValidationError(f"Give a date from {FIRST_YEAR} to {LAST_YEAR}.")
        return day


class WeekendParams(serializers.Serializer):
    region = RegionField(default=DEFAULT_REGION)
    date = DayField(
        required=False,
        help_text="A day of the weekend wanted (or of the week it starts). Default: the latest weekend with data.",
    )


class _TrendParamsBase(serializers.Serializer):
    def validate(self, attrs):
        interval = attrs["interval"]
        end = attrs.get("to") or latest_trend_date(attrs["region"]) or date.today()
        start = attrs.get("from") or end - timedelta(days=TREND_DEFAULT_SPAN[interval] - 1)
        if start > end:
            raise serializers.ValidationError({"from": [f"`from` ({start}) is after `to` ({end})."]})
        start, end = trend_period_bounds(start, interval)[0], trend_period_bounds(end, interval)[1]
        span = (end - start).days + 1
        if span > TREND_MAX_SPAN[interval]:
            raise serializers.ValidationError(
                {
                    "from": [
                        f"At most {TREND_MAX_SPAN[interval]} days per request for interval={interval}; "
                        f"this range has {span}."
                    ]
                }
            )
        return {**attrs, "from": start, "to": end}


# `from` is a Python keyword, so this serializer is built with type().
TrendParams = type(
    "TrendParams",
    (_TrendParamsBase,),
    {
        "__doc__": "Query parameters of the trends endpoint.",
        "__module__": __name__,
        "region": RegionField(default=DEFAULT_REGION),
        "from": DayField(
            required=False,
            help_text="First day (included). Default: a month, twelve weeks or a year before `to`, by interval. "
            "Widened to the start of its week or month.",
        ),
        "to": DayField(
            required=False,
            help_text="Last day (included). Default: the latest day with data. "
            "Widened to the end of its week or month.",
        ),
        "interval": ChoiceParam(
            choices=TrendInterval.choices,
            default=TrendInterval.DAY,
            help_text=f"day, week (ISO, Monday to Sunday) or month. At most {TREND_MAX_SPAN[TrendInterval.DAY]} days "
            f"for day, {TREND_MAX_SPAN[TrendInterval.WEEK]} for week or month.",
        ),
    },
)


class YearToDateParams(serializers.Serializer):
    region = RegionField(default=DEFAULT_REGION)
    year = YearParam(required=False, help_text="Default: the latest year with data.")


class RecordParams(serializers.Serializer):
    region = RegionField(
        codes=tuple(RECORD_REGION_CURRENCY),
        required=False,
        help_text=f"ISO 3166-1 alpha-2 code, any case, or {WORLDWIDE} for worldwide records. Default: every region.",
    )
    category = ChoiceParam(choices=RecordCategory.choices, required=False)


class BreakdownParams(serializers.Serializer):
    by = ChoiceParam(choices=BreakdownBy.choices, help_text="genre, studio (distributor) or month.")
    region = RegionField(default=DEFAULT_REGION)
    year = YearParam(required=False, help_text="Weekends starting in this year. Default: all.")


# --- outputs ------------------------------------------------------------------------------------


class MovieRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


SOURCE_HELP = 'Where the figure comes from (a URL or publication), or "sample" for an illustrative figure.'
MONEY_HELP = "Whole units of `currency`."


class WeekendEntryOutput(serializers.Serializer):
    rank = serializers.IntegerField()
    title = serializers.CharField(help_text="As the chart prints it.")
    movie = MovieRefOutput(allow_null=True, help_text="The catalog film, or null for a film not in the catalog.")
    distributor = serializers.CharField()
    weekend_gross = serializers.IntegerField(help_text=MONEY_HELP)
    total_gross = serializers.IntegerField(allow_null=True, help_text="Gross to date. " + MONEY_HELP)
    theater_count = serializers.IntegerField(allow_null=True)
    change_percent = serializers.FloatField(allow_null=True, help_text="Change against the previous weekend.")
    change_basis = serializers.ChoiceField(
        choices=["previous-weekend", "source"],
        allow_null=True,
        help_text="previous-weekend: computed from the stored previous weekend (wins when stored); source: as the "
        "source reported it; null: new film or no data.",
    )
    weeks_in_release = serializers.IntegerField(help_text="Weekend number in release (1 for an opening).")
    weeks_basis = serializers.ChoiceField(
        choices=["source", "stored-weekends"],
        help_text="source: as the source reported it (wins when given); "
        "stored-weekends: counted from the stored weekends.",
    )
    source = serializers.CharField(help_text=SOURCE_HELP)


class WeekendChartOutput(serializers.Serializer):
    region = serializers.CharField()
    currency = serializers.CharField(help_text="ISO 4217 code of every amount in this chart.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    previous_period_start = serializers.DateField(
        allow_null=True, help_text="The stored weekend seven days earlier that changes are computed against, if any."
    )
    total_gross = serializers.IntegerField(help_text="Sum of the charted films' weekend grosses. " + MONEY_HELP)
    entries = WeekendEntryOutput(many=True)


class TrendPointOutput(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    gross = serializers.IntegerField(help_text="The market's total over the days of data in the period. " + MONEY_HELP)
    days = serializers.IntegerField(help_text="Days with data in the period.")
    sources = serializers.ListField(child=serializers.CharField(), help_text=SOURCE_HELP)


# `from` is a Python keyword, so this serializer too is built with type().
TrendOutput = type(
    "TrendOutput",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "region": serializers.CharField(),
        "currency": serializers.CharField(),
        "interval": ChoiceParam(choices=TrendInterval.choices),
        "from": serializers.DateField(help_text="First day covered (aligned to the start of its week or month)."),
        "to": serializers.DateField(help_text="Last day covered (aligned to the end of its week or month)."),
        "points": TrendPointOutput(many=True),
    },
)


class TopMovieOutput(serializers.Serializer):
    rank = serializers.IntegerField()
    title = serializers.CharField()
    movie = MovieRefOutput(allow_null=True)
    gross = serializers.IntegerField(help_text="Gross within the year. " + MONEY_HELP)
    source = serializers.CharField(help_text=SOURCE_HELP)


class PreviousYearOutput(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    total_gross = serializers.IntegerField()


class YearToDateOutput(serializers.Serializer):
    region = serializers.CharField()
    currency = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text="The total runs from 1 January through this day.")
    total_gross = serializers.IntegerField(help_text=MONEY_HELP)
    source = serializers.CharField(help_text=SOURCE_HELP)
    previous_year = PreviousYearOutput(allow_null=True, help_text="The stored previous year, if any.")
    change_percent = serializers.FloatField(
        allow_null=True,
        help_text="Against the stored previous year, computed when both run through the same day of the year; "
        "else null.",
    )
    top_movies = TopMovieOutput(many=True)


class RecordOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(help_text=f"Region code, or {WORLDWIDE} for worldwide.")
    category = serializers.ChoiceField(choices=RecordCategory.choices)
    title = serializers.CharField(help_text="The film, or what set an all-films record.")
    movie = MovieRefOutput(allow_null=True)
    value = serializers.IntegerField(help_text=MONEY_HELP)
    currency = serializers.CharField()
    year = serializers.IntegerField()
    set_on = serializers.DateField(allow_null=True)
    source = serializers.CharField(help_text=SOURCE_HELP)


class BreakdownGroupOutput(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text="Genre slug, distributor, or YYYY-MM; null for the unknown group."
    )
    label = serializers.CharField()
    weekend_gross = serializers.IntegerField(help_text="Sum of the group's stored weekend grosses. " + MONEY_HELP)
    entries = serializers.IntegerField(help_text="Chart entries summed.")
    films = serializers.IntegerField(help_text="Distinct films among them.")


class BreakdownOutput(serializers.Serializer):
    by = serializers.ChoiceField(choices=BreakdownBy.choices)
    region = serializers.CharField()
    currency = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    groups = BreakdownGroupOutput(many=True)
