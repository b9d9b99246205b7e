from django.apps import AppConfig


def notification_retention_months() -> int:
    from django.conf import settings

    return settings.NOTIFICATION_RETENTION_MONTHS


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = "Social"

    def ready(self) -> None:
        from iwm.db.partitions import MONTH, PartitionedTable, register

        register(PartitionedTable("notifications", MONTH, ahead=3, retention_months=notification_retention_months))
        # Pulses are kept (no retention): members' posts are content, not notices.
        register(PartitionedTable("pulses", MONTH, ahead=3))
