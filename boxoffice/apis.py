"""Box office endpoints. Thin: parse the query, call a selector, serialize. Anyone may read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from boxoffice import selectors
from boxoffice.choices import currency_of
from boxoffice.serializers import (
    BreakdownOutput,
    BreakdownParams,
    RecordOutput,
    RecordParams,
    TrendOutput,
    TrendParams,
    WeekendChartOutput,
    WeekendParams,
    YearToDateOutput,
    YearToDateParams,
)
from iwm.api.views import ApiView, ListApiView, PublicReadMixin


class WeekendChartApi(PublicReadMixin, ApiView):
    params_class = WeekendParams

    @extend_schema(
        responses=WeekendChartOutput,
        summary="The ranked weekend chart of a region",
        description="The chart of the weekend that contains `date` (or whose week it is); the latest stored weekend "
        "without `date`. Each entry has its change against the previous weekend and its weekend number in release, "
        "derived from the stored weekends (see `change_basis` and `weeks_basis`). 404 when no chart is stored there.",
    )
    def get(self, request):
        params = self.query_params()
        chart = selectors.weekend_chart(region=params["region"], on=params.get("date"))
        return Response(WeekendChartOutput(chart).data)


class TrendApi(PublicReadMixin, ApiView):
    params_class = TrendParams

    @extend_schema(
        responses=TrendOutput,
        summary="The market's daily gross over a range, by day, week or month",
        description="Daily totals of every film together, or their sums per ISO week or month (computed in SQL). "
        "`from` > `to` is a 400, and so is a range longer than the interval allows.",
    )
    def get(self, request):
        params = self.query_params()
        points = selectors.trend_series(
            region=params["region"], start=params["from"], end=params["to"], interval=params["interval"]
        )
        return Response(
            TrendOutput(
                {
                    "region": params["region"],
                    "currency": currency_of(params["region"]),
                    "interval": params["interval"],
                    "from": params["from"],
                    "to": params["to"],
                    "points": points,
                }
            ).data
        )


class YearToDateApi(PublicReadMixin, ApiView):
    params_class = YearToDateParams

    @extend_schema(
        responses=YearToDateOutput,
        summary="A region's year to date with its top movies",
        description="The change against the previous year is computed from the stored years, never typed in. "
        "404 when the year is not stored.",
    )
    def get(self, request):
        params = self.query_params()
        return Response(YearToDateOutput(selectors.year_to_date(region=params["region"], year=params.get("year"))).data)


class RecordListApi(PublicReadMixin, ListApiView):
    """Box office records, each category's highest value first."""

    serializer_class = RecordOutput
    params_class = RecordParams
    filter_backends = []

    def get_queryset(self):
        params = self.query_params()
        return selectors.record_list(region=params.get("region"), category=params.get("category"))


class BreakdownApi(PublicReadMixin, ApiView):
    params_class = BreakdownParams

    @extend_schema(
        responses=BreakdownOutput,
        summary="Weekend grosses by genre, studio or month",
        description="Sums of the region's stored weekend chart entries, grouped. A film in several genres counts "
        "in each; films not in the catalog have no genre and form the group with a null key.",
    )
    def get(self, request):
        params = self.query_params()
        return Response(
            BreakdownOutput(selectors.breakdown(by=params["by"], region=params["region"], year=params.get("year"))).data
        )
