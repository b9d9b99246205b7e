from django.urls import path

from moderation import apis

urlpatterns = [
    path("reports/", apis.ReportCreateApi.as_view(), name="report-create"),
    path("me/reports/", apis.MyReportsApi.as_view(), name="my-reports"),
]
