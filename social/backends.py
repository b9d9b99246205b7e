"""Sign-in by email, case-insensitively.

Email uniqueness is a functional unique index on UPPER(email) (see social.models.User), which
Django's system check cannot recognise as making USERNAME_FIELD unique; with this backend in
AUTHENTICATION_BACKENDS that check is a warning (auth.W004), silenced in settings.
"""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """ModelBackend whose user lookup is `email__iexact` (via UserManager.get_by_natural_key)."""
