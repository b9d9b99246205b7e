"""Accounts, with the social graph's stored counters (followers_count, following_count).

`users` is the custom user model: sign-in by email, which is unique case-insensitively
(a functional unique index on UPPER(email), the same expression Django's `iexact` uses, so the
lookup at sign-in is an index scan). The email's domain is stored in its IDNA ASCII form,
lower-cased (`normalize_email`), so `ada@exämple.com` and `ada@xn--exmple-cua.com` are one
mailbox; a CHECK keeps it so.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper

from iwm.db.constraints import non_negative

# The one definition of a valid username, used by the serializers, the model field and the
# database CHECK users_username_format. \A, \Z and (?=...) mean the same to Python's re and to
# PostgreSQL's regular expressions.
USERNAME_PATTERN = r"\A(?=.{3,30}\Z)[A-Za-z0-9][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\Z"
USERNAME_RULE = (
    "3 to 30 characters: ASCII letters, digits, '_' and '.'; it starts with a letter or digit, "
    "and a '.' stands only between two other characters (never two in a row, never at the end)."
)
USERNAME_MAX_LENGTH = 30
# The part after the last '@' is ASCII with no upper-case letter (what normalize_email stores).
EMAIL_DOMAIN_NORMALISED_PATTERN = r"@[!-?\[-~]+\Z"


def normalize_email(email: str) -> str:
    """`email` with surrounding blanks removed and its domain lower-cased and in IDNA ASCII form
    ("Ada@Exämple.COM" -> "Ada@xn--exmple-cua.com"). The local part keeps its case (email
    uniqueness ignores case anyway). The encoding is the standard library's IDNA codec, the one
    Django uses to send mail, so the stored domain is the one mail is delivered to. A domain that
    cannot be encoded is returned lower-cased as it is, for the email validator to refuse."""
    email = (email or "").strip()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    domain = domain.lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local}@{domain}"


def new_user_external_id() -> str:
    return f"user-{uuid.uuid4().hex}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return normalize_email(email or "")

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=normalize_email(email))

    def _create(self, email: str, username: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email), username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, username: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, username, password, **extra)

    def create_superuser(self, email: str, username: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    external_id = models.CharField(max_length=64, default=new_user_external_id, editable=False)
    email = models.EmailField(max_length=254)
    username = models.CharField(
        max_length=USERNAME_MAX_LENGTH,
        validators=[RegexValidator(USERNAME_PATTERN, USERNAME_RULE)],
        help_text=USERNAME_RULE + " Unique regardless of case.",
    )
    name = models.CharField(max_length=150, blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=150, blank=True)
    website = models.URLField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the admin.")
    # Stored counters kept right by social.services.graph in the follow's own transaction
    # (atomic `x = x + 1` UPDATEs); the database default lets a bulk seed insert users without them.
    followers_count = models.IntegerField(default=0, db_default=0, editable=False)
    following_count = models.IntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    class Meta:
        db_table = "users"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="users_external_id_key"),
            models.UniqueConstraint(
                Upper("email"), name="users_email_ci_key", violation_error_message="A user with this email already exists."
            ),
            models.UniqueConstraint(
                Upper("username"),
                name="users_username_ci_key",
                violation_error_message="A user with this username already exists.",
            ),
            models.CheckConstraint(condition=models.Q(username__regex=USERNAME_PATTERN), name="users_username_format"),
            models.CheckConstraint(condition=models.Q(email__contains="@"), name="users_email_has_at"),
            non_negative("followers_count", table="users"),
            non_negative("following_count", table="users"),
            models.CheckConstraint(
                condition=models.Q(email__regex=EMAIL_DOMAIN_NORMALISED_PATTERN),
                name="users_email_domain_normalised",
                violation_error_message="The email's domain must be lower-case ASCII (IDNA).",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.username
