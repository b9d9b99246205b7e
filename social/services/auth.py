"""Writes for signing in: JWT pairs, refresh-token rotation and revocation, password changes
and password resets by email.

Refresh tokens are single-use. Every refresh token issued is recorded (simplejwt's
`OutstandingToken`, by its `jti`); refreshing blacklists the one presented and issues a new
pair, under a row lock so that two concurrent refreshes with one token cannot both succeed.
Tokens also carry a digest of the password hash (SIMPLE_JWT["CHECK_REVOKE_TOKEN"]), so a
password change or reset makes every earlier token, access tokens included, fail at once.

Errors: a token that cannot be used raises simplejwt's `TokenError` (the views answer 401
`token_not_valid`); bad input raises Django's `ValidationError` keyed by field (400).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from iwm.api.authentication import valid_user_id
from social.models import User, normalize_email

logger = logging.getLogger(__name__)

RESET_TOKEN_INVALID = "This password reset link is invalid, expired or already used."
def token_pair_issue(*, user: User) -> dict[str, str]:
    """A new refresh token (recorded as outstanding) and an access token for `user`."""
    refresh = RefreshToken.for_user(user)
    return {"refresh": str(refresh), "access": str(refresh.access_token)}


def _token_user(token: RefreshToken) -> User:
    """The active user a verified token names, whose password has not changed since."""
    user_id = valid_user_id(token.get(jwt_settings.USER_ID_CLAIM))
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None or not user.is_active:
        raise TokenError("No active account for this token.")
    if token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise TokenError("The password has changed since this token was issued.")
    return user


def _outstanding_locked(token: RefreshToken) -> OutstandingToken:
    """The token's outstanding row, locked until the transaction ends; refused if blacklisted."""
    jti = token.get(jwt_settings.JTI_CLAIM)
    # (order_by(): the model orders by user, an outer join that FOR UPDATE refuses)
    outstanding = OutstandingToken.objects.select_for_update().filter(jti=jti).order_by().first()
    if outstanding is None:
        # Every refresh token IWM issues is recorded when issued; an unknown one was not
        # issued here (or was issued before rotation existed).
        raise TokenError("Token is not recognised.")
    if BlacklistedToken.objects.filter(token=outstanding).exists():
        raise TokenError("Token is blacklisted")
    return outstanding


def token_refresh(*, refresh: str) -> dict[str, str]:
    """Exchange a refresh token for a new pair; the presented token stops working."""
    token = RefreshToken(refresh)  # signature, expiry, type and blacklist checks
    with transaction.atomic():
        outstanding = _outstanding_locked(token)
        user = _token_user(token)
        BlacklistedToken.objects.create(token=outstanding)
        return token_pair_issue(user=user)


def token_revoke(*, refresh: str) -> None:
    """Sign out: blacklist one refresh token (access tokens expire on their own, within
    JWT_ACCESS_MINUTES)."""
    token = RefreshToken(refresh)
    with transaction.atomic():
        outstanding = _outstanding_locked(token)
        BlacklistedToken.objects.create(token=outstanding)


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every unexpired refresh token of `user`. Returns how many were revoked."""
    ids = list(
        OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
        .values_list("pk", flat=True)
    )  # fmt: skip
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=pk) for pk in ids], ignore_conflicts=True)
    return len(ids)


def expired_tokens_flush() -> int:
    """Delete the records of refresh tokens past their expiry (their blacklist entries go with
    them): an expired token is refused by its own `exp` claim. Returns how many were deleted."""
    _, per_model = OutstandingToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return per_model.get(OutstandingToken._meta.label, 0)


def _validate_new_password(password: str, user: User, field: str = "new_password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _set_password(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    user_tokens_revoke(user=user)


def password_change(*, user: User, current_password: str, new_password: str) -> dict[str, str]:
    """Change the password of a signed-in user who knows the current one. Every other session
    ends (all refresh tokens revoked, earlier access tokens refused); returns a new pair so the
    caller stays signed in."""
    if not user.check_password(current_password):
        raise ValidationError({"current_password": ["The current password is not correct."]})
    if new_password == current_password:
        raise ValidationError({"new_password": ["The new password must differ from the current one."]})
    _validate_new_password(new_password, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _set_password(user=user, password=new_password)
        return token_pair_issue(user=user)


def password_reset_request(*, email: str) -> None:
    """Send a reset email if `email` belongs to an active account with a password. Says
    nothing either way: the caller answers the same whether or not the account exists, and
    the email leaves through a Celery task so the answer takes the same time too."""
    from social.tasks import send_password_reset_email

    user = (
        User.objects.filter(email__iexact=normalize_email(email), is_active=True)
        .only("pk", "password")
        .first()
    )  # fmt: skip
    if user is None or not user.has_usable_password():
        return
    transaction.on_commit(lambda: send_password_reset_email.delay(user.pk))


def password_reset_email_send(*, user_id: int) -> bool:
    """Build a fresh reset token for the user and email it. False if the account is gone,
    inactive or has no password (nothing is sent)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PASSWORD_RESET_URL.format(uid=uid, token=token) if settings.PASSWORD_RESET_URL else ""
    context = {
        "user": user,
        "uid": uid,
        "token": token,
        "link": link,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = "".join(render_to_string("social/email/password_reset_subject.txt", context).splitlines())
    body = render_to_string("social/email/password_reset_body.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def password_reset_confirm(*, uid: str, token: str, new_password: str) -> None:
    """Set a new password with the uid and token from a reset email. The token works once
    (it is bound to the password hash) and for PASSWORD_RESET_TIMEOUT seconds; every refresh
    token of the user is revoked."""
    try:
        user_id = valid_user_id(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, UnicodeDecodeError):
        user_id = None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first() if user_id else None
        if user is None or not default_token_generator.check_token(user, token):
            raise ValidationError({"token": [RESET_TOKEN_INVALID]})
        _validate_new_password(new_password, user)
        _set_password(user=user, password=new_password)
