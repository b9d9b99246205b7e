from django.apps import AppConfig


class MoviesConfig(AppConfig):
    name = "movies"
    verbose_name = "Movies"

    def ready(self) -> None:
        from iwm.db.partitions import YEAR, PartitionedTable, register

        # Reviews are kept (no retention); partitions through the next year (12 months ahead).
        register(PartitionedTable("reviews", YEAR, ahead=1))
