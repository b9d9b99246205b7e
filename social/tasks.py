"""Background jobs of the social app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from social.services import expired_tokens_flush, password_reset_email_send


@shared_task(name="social.send_password_reset_email")
def send_password_reset_email(user_id: int) -> bool:
    """Email a password-reset link. Running it twice sends two links; either works, once."""
    return password_reset_email_send(user_id=user_id)


@shared_task(name="social.flush_expired_tokens")
def flush_expired_tokens() -> int:
    """Forget refresh tokens past their expiry (schedule daily)."""
    return expired_tokens_flush()
