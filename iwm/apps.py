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
        self._connect_routing_signals()

    @staticmethod
    def _connect_routing_signals() -> None:
        """Tell the replica router (iwm/db/router.py) about members and failed requests."""
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import got_request_exception
        from django.db.models.signals import post_save

        from iwm.db import router

        def signed_in(sender, user=None, **kwargs):
            router.note_member(getattr(user, "pk", None))

        def account_created(sender, instance=None, created=False, **kwargs):
            if created:  # a new account's first reads (its token, its profile) must find it
                router.note_member(instance.pk)

        user_logged_in.connect(signed_in, dispatch_uid="iwm.router.signed_in", weak=False)
        post_save.connect(account_created, sender=settings.AUTH_USER_MODEL, dispatch_uid="iwm.router.account_created",
                          weak=False)  # fmt: skip
        got_request_exception.connect(router.request_failed, dispatch_uid="iwm.router.request_failed")
