from django.core.management.base import BaseCommand

from iwm.demo import demo_load_all


class Command(BaseCommand):
    help = (
        "Load the demo data of every app (real films, people, streaming platforms and cinemas, showtimes "
        "for the coming week, and each later app's own demo rows). Idempotent: upserts on external_id."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load an app's demo data only when it has none yet; always top up the demo showtimes.",
        )

    def handle(self, *args, if_empty=False, **options):
        loaded = demo_load_all(if_empty=if_empty, log=self.stdout.write)
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {', '.join(loaded)}."))
        else:
            self.stdout.write("Demo data already loaded.")
