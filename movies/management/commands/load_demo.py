from django.core.management.base import BaseCommand

from movies.services.demo_catalog import demo_catalog_is_loaded, demo_catalog_load, demo_showtimes_refresh


class Command(BaseCommand):
    help = (
        "Load the demo catalog shipped in movies/demo_data (real films, people, streaming platforms and "
        "cinemas) and showtimes for the coming week. Idempotent: upserts on external_id."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load the catalog only when there are no movies yet; always top up the demo showtimes.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and demo_catalog_is_loaded():
            showtimes = demo_showtimes_refresh()
            self.stdout.write(f"Catalog already loaded; demo showtimes for the coming week: {showtimes}.")
            return
        result = demo_catalog_load()
        for table, count in result.counts.items():
            self.stdout.write(f"{table:<25} {count:>6}")
        self.stdout.write(self.style.SUCCESS("Demo catalog loaded."))
