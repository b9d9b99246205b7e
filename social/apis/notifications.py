"""A member's notifications, settings and notification preferences (all private: /me/ and
/notifications/ answer only the signed-in member)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from iwm.api.pagination import CursorPagination
from iwm.api.views import ApiView, ListApiView
from social import preferences
from social.selectors import notifications as notification_reads
from social.selectors import settings as setting_reads
from social.serializers.notifications import (
    MarkedOutput,
    NotificationListParams,
    NotificationOutput,
    UnreadCountOutput,
)
from social.services import notifications as notification_writes
from social.services import settings as setting_writes


class MemberOnly:
    permission_classes = [permissions.IsAuthenticated]


class NotificationListApi(MemberOnly, ListApiView):
    """My notifications, newest first (cursor pages)."""

    serializer_class = NotificationOutput
    pagination_class = CursorPagination
    params_class = NotificationListParams
    filter_backends = []

    def get_queryset(self):
        unread = self.query_params()["unread"]
        return notification_reads.notifications_of(self.request.user, unread_only=unread)


class NotificationReadApi(MemberOnly, ApiView):
    @extend_schema(request=None, responses={204: None}, summary="Mark one of my notifications read")
    def post(self, request, notification_id: int):
        if not notification_writes.notification_mark_read(user=request.user, notification_id=notification_id):
            raise Http404("No such notification of yours.")
        return Response(status=204)


class NotificationReadAllApi(MemberOnly, ApiView):
    @extend_schema(request=None, responses=MarkedOutput, summary="Mark all my notifications read")
    def post(self, request):
        return Response({"marked": notification_writes.notifications_mark_all_read(user=request.user)})


class NotificationUnreadCountApi(MemberOnly, ApiView):
    @extend_schema(responses=UnreadCountOutput, summary="How many of my notifications are unread")
    def get(self, request):
        count, capped = notification_reads.unread_count(request.user)
        return Response({"unread": count, "capped": capped})


SETTINGS_SCHEMA = preferences.settings_openapi(partial=False)
PREFERENCES_SCHEMA = preferences.notification_preferences_openapi(partial=False)
SETTINGS_DOC = (
    "Every section with every key, defaults filled in. PATCH any subset, section by section: "
    '`{"privacy": {"watchlist": "private"}}`; an unknown section or key, or a value of the wrong '
    "type, is a 400 naming it (`privacy.watchlist`)."
)


class MySettingsApi(MemberOnly, ApiView):
    @extend_schema(responses=OpenApiResponse(SETTINGS_SCHEMA), summary="My settings", description=SETTINGS_DOC)
    def get(self, request):
        return Response(setting_reads.user_settings_of(request.user.pk))

    @extend_schema(
        request=OpenApiRequest(preferences.settings_openapi(partial=True)),
        responses=OpenApiResponse(SETTINGS_SCHEMA),
        summary="Change my settings",
    )
    def patch(self, request):
        return Response(setting_writes.user_settings_update(user=request.user, changes=request.data))


class MyNotificationPreferencesApi(MemberOnly, ApiView):
    @extend_schema(
        responses=OpenApiResponse(PREFERENCES_SCHEMA),
        summary="My notification preferences",
        description=(
            "`channels`: for each notification type, whether it reaches me in the app, by e-mail and by "
            "push (`in_app` off: no notification is created at all). `global_settings`: quiet hours and "
            "digest frequency. PATCH any subset, e.g. `{\"channels\": {\"follow\": {\"in_app\": false}}}`."
        ),
    )
    def get(self, request):
        return Response(setting_reads.notification_preferences_of(request.user.pk))

    @extend_schema(
        request=OpenApiRequest(preferences.notification_preferences_openapi(partial=True)),
        responses=OpenApiResponse(PREFERENCES_SCHEMA),
        summary="Change my notification preferences",
    )
    def patch(self, request):
        return Response(setting_writes.notification_preferences_update(user=request.user, changes=request.data))
