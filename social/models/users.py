"""Accounts and (in later issues) the social graph.

`users` is the custom user model: sign-in by email, which is unique case-insensitively
(a functional unique index on UPPER(email), the same expression Django's `iexact` uses, so the
lookup at sign-in is an index scan).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper

USERNAME_PATTERN = r"^[A-Za-z0-9_.]{3,30}$"


def new_user_external_id() -> str:
    return f"user-{uuid.uuid4().hex}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)

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
        max_length=30,
        validators=[RegexValidator(USERNAME_PATTERN, "3 to 30 letters, digits, '_' or '.'.")],
        help_text="3 to 30 letters, digits, '_' or '.'; unique regardless of case.",
    )
    name = models.CharField(max_length=150, blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=150, blank=True)
    website = models.URLField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the admin.")
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
        ]

    def __str__(self) -> str:
        return self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.username
