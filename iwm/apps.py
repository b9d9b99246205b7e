from django.apps import AppConfig


class IwmConfig(AppConfig):
    """The project package as an app: shared operator commands (db_status), API plumbing,
    the PostgreSQL extension migrations and database helpers used by the domain apps. It owns
    no models."""

    name = "iwm"
    verbose_name = "IWM platform"

    def ready(self) -> None:
        import iwm.celery  # noqa: F401  (makes the app current, so shared_task.delay() reaches the broker)
        from iwm.db import features, lookups  # noqa: F401  (features connects its post_migrate handler)

        lookups.register()
