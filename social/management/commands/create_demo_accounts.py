import os
import secrets

from django.core.management.base import BaseCommand

from social.services import demo_account_ensure

ACCOUNTS = [
    # role, environment prefix, default email, username
    ("admin", "DEMO_ADMIN", "admin@iwm.local", "admin"),
    ("moderator", "DEMO_MODERATOR", "moderator@iwm.local", "moderator"),
]


class Command(BaseCommand):
    help = (
        "Create the demo admin and demo moderator if they do not exist. Credentials come from "
        "DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD and DEMO_MODERATOR_EMAIL / DEMO_MODERATOR_PASSWORD, or are "
        "generated and printed once, when the account is created."
    )

    def handle(self, *args, **options):
        for role, prefix, default_email, username in ACCOUNTS:
            email = os.environ.get(f"{prefix}_EMAIL", default_email)
            given_password = os.environ.get(f"{prefix}_PASSWORD")
            password = given_password or secrets.token_urlsafe(12)
            user, created = demo_account_ensure(email=email, username=username, password=password, role=role)
            if not created:
                self.stdout.write(f"demo {role}: {user.email} (exists; `manage.py changepassword {user.email}` to reset)")
            elif given_password:
                self.stdout.write(f"demo {role}: {user.email} (password from {prefix}_PASSWORD)")
            else:
                self.stdout.write(self.style.SUCCESS(f"demo {role}: {user.email}  password: {password}  (shown once)"))
