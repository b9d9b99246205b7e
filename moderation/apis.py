"""The report API: members report content; a member lists their own reports."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from iwm.api.pagination import CursorPagination
from iwm.api.views import ApiView, ListApiView
from moderation import selectors, services
from moderation.serializers import ReportInput, ReportOutput

REPORT_DOC = (
    "Report a review, review comment, pulse, pulse comment, member (`user`) or casting call. One report "
    "per member and content (a repeat is a 409); reporting your own content, or content that does not "
    "exist, is a 400, as is a kind that is not reportable yet. Once enough members report the same "
    "content (the `report_threshold` system setting) it is hidden at once until a moderator decides."
)


class ReportCreateApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReportInput,
        responses={201: ReportOutput, 409: OpenApiResponse(description="Already reported by you.")},
        summary="Report content to the moderators",
        description=REPORT_DOC,
    )
    def post(self, request):
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_create(reporter=request.user, **data.validated_data)
        row = selectors.reports_of(request.user).get(pk=report.pk)
        return Response(ReportOutput(row).data, status=201)


class MyReportsApi(ListApiView):
    """My reports, newest first (cursor pages), each with whether a moderator handled it."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReportOutput
    pagination_class = CursorPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.reports_of(self.request.user)
