from django.urls import path

from talent import apis

urlpatterns = [
    path("casting-calls/", apis.CastingCallListApi.as_view(), name="casting-call-list"),
    path("casting-calls/<int:call_id>/", apis.CastingCallDetailApi.as_view(), name="casting-call-detail"),
    path("casting-calls/<int:call_id>/roles/", apis.CastingCallRolesApi.as_view(), name="casting-call-roles"),
    path(
        "casting-calls/<int:call_id>/guidelines/",
        apis.CastingCallGuidelinesApi.as_view(),
        name="casting-call-guidelines",
    ),
    path(
        "casting-calls/<int:call_id>/submissions/",
        apis.CastingCallSubmissionsApi.as_view(),
        name="casting-call-submissions",
    ),
    path("roles/<int:role_id>/submissions/", apis.RoleSubmissionsApi.as_view(), name="role-submissions"),
    path("me/casting-submissions/", apis.MySubmissionsApi.as_view(), name="my-casting-submissions"),
    path("submissions/<int:submission_id>/", apis.SubmissionDetailApi.as_view(), name="submission-detail"),
]
