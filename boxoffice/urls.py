from django.urls import path

from boxoffice import apis

urlpatterns = [
    path("boxoffice/weekend/", apis.WeekendChartApi.as_view(), name="boxoffice-weekend"),
    path("boxoffice/trends/", apis.TrendApi.as_view(), name="boxoffice-trends"),
    path("boxoffice/ytd/", apis.YearToDateApi.as_view(), name="boxoffice-ytd"),
    path("boxoffice/records/", apis.RecordListApi.as_view(), name="boxoffice-records"),
    path("boxoffice/breakdown/", apis.BreakdownApi.as_view(), name="boxoffice-breakdown"),
]
