"""Talent hub endpoints. Thin: parse the input, call a service or a selector, serialize."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response

from iwm.api.schema import Error
from iwm.api.views import ApiView, ListApiView
from moderation.selectors import user_is_verified
from talent import selectors, services
from talent.filters import CastingCallFilterSet, MySubmissionFilterSet, SubmissionFilterSet
from talent.models import CastingCall, CastingSubmission
from talent.serializers import (
    CastingCallDetailOutput,
    CastingCallInput,
    CastingCallOutput,
    GuidelineInput,
    GuidelineOutput,
    RoleInput,
    RoleOutput,
    SubmissionInput,
    SubmissionOutput,
    SubmissionStatusInput,
)

NOT_THE_OWNER = OpenApiResponse(Error, description="Signed in, but not the call's owner.")
NOT_OPEN = OpenApiResponse(
    Error, description="Bad input, or the call is not open (closed, cancelled, past its deadline)."
)
CONFLICT = OpenApiResponse(Error, description="I have applied to this role already.")
VISIBILITY = (
    "Drafts and private calls are visible to their owner only, verified-only calls to their owner "
    "and verified members; calls hidden by moderators to nobody. What I may not see is a 404."
)


def detail_payload(call_id: int, user) -> dict:
    return CastingCallDetailOutput(selectors.casting_call_detail(call_id=call_id, user=user)).data


class CastingCallListApi(ListApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True
    serializer_class = CastingCallOutput
    filterset_class = CastingCallFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CastingCall.objects.none()
        user = self.request.user
        return selectors.casting_call_list(user, verified=user_is_verified(user))

    @extend_schema(
        summary="Casting calls: search and filter",
        description=(
            "Newest first (or best match first with `q`). `open=true`: active and before the "
            "deadline. `role_type` and `compensation` match calls with at least one such role. " + VISIBILITY
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CastingCallInput,
        responses={201: CastingCallDetailOutput},
        summary="Post a casting call (a draft unless status is active)",
    )
    def post(self, request):
        data = CastingCallInput(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.casting_call_create(user=request.user, **data.validated_data)
        return Response(detail_payload(call.pk, request.user), status=status.HTTP_201_CREATED)


class CastingCallDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    optional_auth = True

    @extend_schema(
        responses=CastingCallDetailOutput, summary="A casting call with its roles and guidelines", description=VISIBILITY
    )
    def get(self, request, call_id: int):
        return Response(detail_payload(call_id, request.user))

    @extend_schema(
        request=CastingCallInput(partial=True),
        responses={200: CastingCallDetailOutput, 403: NOT_THE_OWNER},
        summary="Edit my casting call, or move its status",
        description="draft -> active|cancelled, active -> closed|cancelled, closed -> active|cancelled.",
    )
    def patch(self, request, call_id: int):
        data = CastingCallInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.casting_call_update(call_id=call_id, user=request.user, **data.validated_data)
        return Response(detail_payload(call_id, request.user))


class CastingCallRolesApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=RoleInput, responses={201: RoleOutput, 403: NOT_THE_OWNER}, summary="Add a role to my call")
    def post(self, request, call_id: int):
        data = RoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        role = services.casting_call_role_add(call_id=call_id, user=request.user, **data.validated_data)
        return Response(RoleOutput(role).data, status=status.HTTP_201_CREATED)


class CastingCallGuidelinesApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=GuidelineInput,
        responses={200: GuidelineOutput, 403: NOT_THE_OWNER},
        summary="Set my call's submission guidelines (replaces them; fields left out take their defaults)",
    )
    def put(self, request, call_id: int):
        data = GuidelineInput(data=request.data)
        data.is_valid(raise_exception=True)
        guideline = services.submission_guideline_set(call_id=call_id, user=request.user, **data.validated_data)
        return Response(GuidelineOutput(guideline).data)


class RoleSubmissionsApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=SubmissionInput,
        responses={201: SubmissionOutput, 400: NOT_OPEN, 409: CONFLICT},
        summary="Apply to a role",
        description="The call must be open: active and before its deadline. One submission per role and member.",
    )
    def post(self, request, role_id: int):
        data = SubmissionInput(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services.submission_create(role_id=role_id, user=request.user, **data.validated_data)
        return Response(
            SubmissionOutput(selectors.submission_detail(submission.pk)).data, status=status.HTTP_201_CREATED
        )


class CastingCallSubmissionsApi(ListApiView):
    """The submissions to my call, newest first (the call's owner only; a 404 to anyone else)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SubmissionOutput
    filterset_class = SubmissionFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CastingSubmission.objects.none()
        call = selectors.casting_call_owned(call_id=self.kwargs["call_id"], user=self.request.user)
        return selectors.call_submissions(call.pk)


class MySubmissionsApi(ListApiView):
    """My submissions to casting calls, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SubmissionOutput
    filterset_class = MySubmissionFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CastingSubmission.objects.none()
        return selectors.my_submissions(self.request.user)


class SubmissionDetailApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=SubmissionStatusInput,
        responses={200: SubmissionOutput, 403: OpenApiResponse(Error, description="Not yours to set this status.")},
        summary="Decide on a submission (the call's owner) or withdraw mine (the applicant)",
        description="A withdrawn submission is final. Anyone but the owner and the applicant gets a 404.",
    )
    def patch(self, request, submission_id: int):
        data = SubmissionStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.submission_status_set(
            submission_id=submission_id, user=request.user, status=data.validated_data["status"]
        )
        return Response(SubmissionOutput(selectors.submission_detail(submission_id)).data)
