"""Writes for accounts: registration, profile changes, the moderators group, demo accounts."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from social.models import User, normalize_email

MODERATORS_GROUP = "Moderators"
# What a moderator may do in the admin: curate the catalog, see and act on the moderation queue
# and members' records (moderation's migration 0003 holds a frozen copy of this list).
MODERATOR_PERMISSIONS = {
    "movies": ["view", "change"],
    "social": ["view"],
    # Quizzes: author quizzes, questions and options; attempts and leaderboards are read-only
    # in the admin whatever the permission (quizzes.admin).
    "quizzes": ["view", "add", "change"],
}
# Single permissions on top of those: moderators set the status of pulses and pulse comments
# (the admin lets them change nothing else on those rows).
# Members' records (admin_user_meta) are edited on their own admin page; the user page shows
# them inline (editable for admins) with a link there, since moderators cannot change users.
MODERATOR_EXTRA_PERMISSIONS = {
    "social": ["change_pulse", "change_pulsecomment"],
    "moderation": [
        "view_moderationitem",
        "change_moderationitem",
        "view_moderationreport",
        "view_moderationaction",
        "view_adminusermeta",
        "change_adminusermeta",
    ],
}

PROFILE_FIELDS = ("name", "username", "avatar_url", "bio", "location", "website")


def _check_unique(*, email: str | None = None, username: str | None = None, exclude_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    others = User.objects.exclude(pk=exclude_id) if exclude_id else User.objects.all()
    if email is not None and others.filter(email__iexact=email).exists():
        errors["email"] = ["A user with this email already exists."]
    if username is not None and others.filter(username__iexact=username).exists():
        errors["username"] = ["A user with this username already exists."]
    if errors:
        raise ValidationError(errors)


def _integrity_to_validation(exc: IntegrityError) -> ValidationError | None:
    """A race between the check and the insert, decided by a unique index: say which field.
    Any other integrity error is a bug, not input to explain to a client (None: re-raise)."""
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if constraint == "users_email_ci_key":
        return ValidationError({"email": ["A user with this email already exists."]})
    if constraint == "users_username_ci_key":
        return ValidationError({"username": ["A user with this username already exists."]})
    return None


def user_create(
    *,
    email: str,
    username: str,
    password: str,
    name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Register an account. Django's password validators apply; email and username are
    unique regardless of case."""
    email = User.objects.normalize_email(email.strip())
    user = User(email=email, username=username, name=name, is_staff=is_staff, is_superuser=is_superuser)
    _check_unique(email=email, username=username)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    # Uniqueness is _check_unique's job, and in a race the unique indexes' (mapped to fields
    # below); full_clean's own constraint check would report it with no field attached.
    user.full_clean(exclude=["password", "external_id"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        error = _integrity_to_validation(exc)
        if error is None:
            raise
        raise error from exc
    return user


def user_update(*, user: User, **changes) -> User:
    """Change profile fields (not the email or password)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if "username" in changes and changes["username"].lower() != user.username.lower():
        _check_unique(username=changes["username"], exclude_id=user.pk)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password", "external_id", "email"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            user.save(update_fields=[*changes, "updated_at"])
    except IntegrityError as exc:
        error = _integrity_to_validation(exc)
        if error is None:
            raise
        raise error from exc
    return user


@transaction.atomic
def moderators_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = Permission.objects.none()
    for app_label, actions in MODERATOR_PERMISSIONS.items():
        for action in actions:
            wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__startswith=f"{action}_")
    for app_label, codenames in MODERATOR_EXTRA_PERMISSIONS.items():
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(wanted)
    return group


@transaction.atomic
def demo_account_ensure(*, email: str, username: str, password: str, role: str) -> tuple[User, bool]:
    """Create (or leave as it is) a demo admin or moderator. Returns (user, created)."""
    if role not in {"admin", "moderator"}:
        raise ValueError("role must be 'admin' or 'moderator'")
    existing = User.objects.filter(email__iexact=normalize_email(email)).first()
    if existing is not None:
        return existing, False
    user = user_create(
        email=email,
        username=username,
        password=password,
        name="Demo " + role.capitalize(),
        is_staff=True,
        is_superuser=role == "admin",
    )
    if role == "moderator":
        user.groups.add(moderators_group_ensure())
    return user, True
