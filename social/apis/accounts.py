"""Account endpoints: register, JWT tokens, and the signed-in user's profile."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from iwm.api.params import StrictQueryParamsMixin
from iwm.api.views import ApiView

from social import services
from social.serializers.accounts import ProfileUpdateInput, RegisterInput, UserOutput


class RegisterApi(ApiView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=RegisterInput, responses={201: UserOutput}, summary="Create an account")
    def post(self, request):
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        return Response(UserOutput(user).data, status=status.HTTP_201_CREATED)


class TokenApi(StrictQueryParamsMixin, TokenObtainPairView):
    """Exchange email and password for an `access` and a `refresh` JWT."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class TokenRefreshApi(StrictQueryParamsMixin, TokenRefreshView):
    """Exchange a refresh token for a new access token."""


class MeApi(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=UserOutput, summary="The signed-in user")
    def get(self, request):
        return Response(UserOutput(request.user).data)

    @extend_schema(request=ProfileUpdateInput, responses=UserOutput, summary="Change the signed-in user's profile")
    def patch(self, request):
        data = ProfileUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **data.validated_data)
        return Response(UserOutput(user).data)
