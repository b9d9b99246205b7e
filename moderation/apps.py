from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from iwm.db.partitions import MONTH, PartitionedTable, register

        # Hourly snapshots: about 8,800 rows a year, kept for the charts (no retention).
        register(PartitionedTable("admin_metric_snapshots", MONTH, column="snapshot_time", ahead=3))
        from moderation import targets

        targets.register_builtin()
