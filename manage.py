#!/usr/bin/env python
"""Django's command-line utility for IWM.

Importing the settings starts nothing. Without DATABASE_URL / REDIS_URL, this script starts the
embedded servers a command needs (PostgreSQL for commands that use the database, Redis as well
for runserver and shell; see iwm.embedded.command_needs) and leaves them running: `make stop`
stops them. A bad setting is one line on stderr and exit code 2, not a traceback.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwm.settings.base")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018  (imports, and so validates, the settings now)
    except ImproperlyConfigured as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)

    from iwm import embedded

    def announce(server) -> None:
        print(f"started the embedded {server.label} in {server.data_dir} (`make stop` stops it)", file=sys.stderr)

    try:
        embedded.start_configured(settings, needs=embedded.command_needs(sys.argv[1:]), announce=announce)
    except embedded.EmbeddedServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
