"""The username rule becomes stricter and email domains are stored in IDNA ASCII form.

Existing rows are brought in line first (the project is pre-release, so there should be none to
change): an email whose domain is not lower-case ASCII gets its IDNA form, unless another account
already has that mailbox, in which case the migration stops and names both rows; a username that
breaks the new rule becomes `user_<id>`.
"""

import re

import django.core.validators
from django.db import migrations, models

USERNAME_PATTERN = r"\A(?=.{3,30}\Z)[A-Za-z0-9][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\Z"
USERNAME_RULE = (
    "3 to 30 characters: ASCII letters, digits, '_' and '.'; it starts with a letter or digit, "
    "and a '.' stands only between two other characters (never two in a row, never at the end)."
)
EMAIL_DOMAIN_NORMALISED_PATTERN = r"@[!-?\[-~]+\Z"


def _normalise(email):
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return email
    domain = domain.lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local}@{domain}"


def bring_rows_in_line(apps, schema_editor):
    User = apps.get_model("social", "User")
    for user in User.objects.exclude(email__regex=EMAIL_DOMAIN_NORMALISED_PATTERN).only("pk", "email"):
        email = _normalise(user.email)
        other = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
        if other is not None:
            raise RuntimeError(
                f"users {user.pk} ({user.email!r}) and {other.pk} ({other.email!r}) are one mailbox; "
                "merge or delete one of them, then migrate again."
            )
        User.objects.filter(pk=user.pk).update(email=email)
    for user in User.objects.exclude(username__regex=USERNAME_PATTERN).only("pk", "username"):
        candidate = f"user_{user.pk}"
        suffix = 0
        while User.objects.filter(username__iexact=candidate).exclude(pk=user.pk).exists():
            suffix += 1
            candidate = f"user_{user.pk}_{suffix}"
        User.objects.filter(pk=user.pk).update(username=candidate)




class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("social", "0001_users"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="user", name="users_username_format"),
        migrations.RunPython(bring_rows_in_line, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username",
            field=models.CharField(
                help_text=USERNAME_RULE + " Unique regardless of case.",
                max_length=30,
                validators=[django.core.validators.RegexValidator(USERNAME_PATTERN, USERNAME_RULE)],
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("username__regex", USERNAME_PATTERN)), name="users_username_format"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("email__regex", EMAIL_DOMAIN_NORMALISED_PATTERN)),
                name="users_email_domain_normalised",
                violation_error_message="The email's domain must be lower-case ASCII (IDNA).",
            ),
        ),
    ]
