"""Account endpoints: register, JWT tokens, sign-out, password change and reset, and the
signed-in user's profile. Every endpoint that takes a password or a token is throttled per
client address (scope "auth"); sign-in failures also count towards django-axes' lockout."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.views import TokenObtainPairView

from iwm.api.params import StrictQueryParamsMixin
from iwm.api.schema import Error
from iwm.api.views import ApiView
from social import services
from social.lockout import lockout_message, lockout_seconds
from social.services.account_deletion import account_delete
from social.serializers.accounts import (
    AccountDeleteInput,
    AcceptedOutput,
    PasswordChangeInput,
    PasswordResetConfirmInput,
    PasswordResetInput,
    ProfileUpdateInput,
    RefreshInput,
    RegisterInput,
    TokenObtainInput,
    TokenPairOutput,
    UserOutput,
)

PASSWORD_RESET_ACCEPTED = (
    "If an account with this email exists, a password reset email is on its way. It works once, "
    "within a few hours."
)
THROTTLED = OpenApiResponse(
    response=Error,
    description="Too many requests from this address (`throttled`), or sign-in locked (`locked_out`); see Retry-After.",
)


class SignInLocked(exceptions.Throttled):
    default_code = "locked_out"

    def __init__(self):
        super().__init__(detail=lockout_message())
        self.wait = lockout_seconds()  # DRF sends it as Retry-After


class AuthThrottled(ApiView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class PublicAuthApi(AuthThrottled):
    """Open to anyone; a refused token is still a 401 (with its WWW-Authenticate), not a 403."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_authenticate_header(self, request):
        return JWTAuthentication().authenticate_header(request)


class RegisterApi(PublicAuthApi):
    @extend_schema(
        request=RegisterInput, responses={201: UserOutput, 429: THROTTLED}, summary="Create an account", auth=[]
    )
    def post(self, request):
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        return Response(UserOutput(user).data, status=status.HTTP_201_CREATED)


class TokenApi(StrictQueryParamsMixin, TokenObtainPairView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenObtainInput,
        responses={200: TokenPairOutput, 429: THROTTLED},
        summary="Sign in: exchange email and password for an access and a refresh token",
        description=(
            "Throttled per client address. After LOGIN_FAILURE_LIMIT failed attempts for one email "
            "from one address (the admin's login form counts too), that pair is refused with a 429 "
            "`locked_out`, even with the right password, for LOGIN_LOCKOUT_MINUTES."
        ),
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.AuthenticationFailed:
            # django-axes flags the request it refused (or that just reached the limit).
            if getattr(request, "axes_locked_out", False):
                raise SignInLocked() from None
            raise
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        # The signal's receivers set last_login and clear this client's counted failures.
        user_logged_in.send(sender=type(serializer.user), request=request, user=serializer.user)
        return Response(serializer.validated_data)


class TokenRefreshApi(PublicAuthApi):
    @extend_schema(
        request=RefreshInput,
        responses={200: TokenPairOutput, 429: THROTTLED},
        summary="Exchange a refresh token for a new pair (the old refresh token stops working)",
        auth=[],
    )
    def post(self, request):
        data = RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pair = services.token_refresh(refresh=data.validated_data["refresh"])
        except TokenError as exc:
            raise InvalidToken(str(exc)) from exc
        return Response(pair)


class LogoutApi(PublicAuthApi):
    @extend_schema(
        request=RefreshInput,
        responses={204: None, 429: THROTTLED},
        summary="Sign out: revoke a refresh token",
        description=(
            "The refresh token stops working at once. Access tokens are not tracked: one already "
            "issued keeps working until it expires (JWT_ACCESS_MINUTES); a client should drop it."
        ),
        auth=[],
    )
    def post(self, request):
        data = RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.token_revoke(refresh=data.validated_data["refresh"])
        except TokenError as exc:
            raise InvalidToken(str(exc)) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(AuthThrottled):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PasswordChangeInput,
        responses={200: TokenPairOutput, 429: THROTTLED},
        summary="Change the password (needs the current one); signs out every other session",
        description=(
            "Every refresh token of the account is revoked and every access token issued before the "
            "change is refused from now on; the response carries a new pair for this client."
        ),
    )
    def post(self, request):
        data = PasswordChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        pair = services.password_change(user=request.user, **data.validated_data)
        return Response(pair)


class PasswordResetApi(PublicAuthApi):
    @extend_schema(
        request=PasswordResetInput,
        responses={202: AcceptedOutput, 429: THROTTLED},
        summary="Ask for a password reset email",
        description=(
            "Always 202 with the same body, whether or not an account has this email. If one has, "
            "it receives a uid and a token (or a link, with PASSWORD_RESET_URL set) for "
            "/auth/password-reset/confirm/."
        ),
        auth=[],
    )
    def post(self, request):
        data = PasswordResetInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(email=data.validated_data["email"])
        return Response({"detail": PASSWORD_RESET_ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(PublicAuthApi):
    @extend_schema(
        request=PasswordResetConfirmInput,
        responses={204: None, 429: THROTTLED},
        summary="Set a new password with the uid and token from a reset email",
        description="The token works once. Every session of the account ends; sign in with the new password.",
        auth=[],
    )
    def post(self, request):
        data = PasswordResetConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


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

    def get_throttles(self):
        # Deleting the account takes the password: throttled like every password check.
        if self.request.method == "DELETE":
            self.throttle_scope = "auth"
            return [ScopedRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        request=AccountDeleteInput,
        responses={204: None, 400: OpenApiResponse(Error, description="Missing or wrong password."), 429: THROTTLED},
        summary="Delete my account and everything I wrote or own",
        description=(
            "Needs the account's password. In one transaction: my reviews, review comments and votes, "
            "pulses, reactions and comments, follows, settings and notifications go; the counters and "
            "scores they fed on other members' content (helpful votes, comment counts, movie scores, "
            "follower counts) are corrected; then the account. It cannot be undone."
        ),
    )
    def delete(self, request):
        data = AccountDeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        account_delete(user=request.user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)
