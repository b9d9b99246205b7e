import secrets

from django.core.management.base import BaseCommand

from iwm.settings.schema import env
from social.services import demo_account_ensure

ACCOUNTS = [
    # role, the variables naming its email and password (iwm/settings/schema.py: defaults), username
    ("admin", "DEMO_ADMIN_EMAIL", "DEMO_ADMIN_PASSWORD", "admin"),
    ("moderator", "DEMO_MODERATOR_EMAIL", "DEMO_MODERATOR_PASSWORD", "moderator"),
]


class Command(BaseCommand):
    help = (
        "Create the demo admin and demo moderator if they do not exist. Credentials come from "
        "DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD and DEMO_MODERATOR_EMAIL / DEMO_MODERATOR_PASSWORD, or are "
        "generated and printed once, when the account is created."
    )

    def handle(self, *args, **options):
        for role, email_variable, password_variable, username in ACCOUNTS:
            email = env(email_variable)
            given_password = env(password_variable)
            password = given_password or secrets.token_urlsafe(12)
            user, created = demo_account_ensure(email=email, username=username, password=password, role=role)
            if not created:
                self.stdout.write(f"demo {role}: {user.email} (exists; `manage.py changepassword {user.email}` to reset)")
            elif given_password:
                self.stdout.write(f"demo {role}: {user.email} (password from {password_variable})")
            else:
                self.stdout.write(self.style.SUCCESS(f"demo {role}: {user.email}  password: {password}  (shown once)"))
