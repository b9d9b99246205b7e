

from django.core.management.base import BaseCommand, CommandError

from iwm.seed import SCALES
from iwm.seed.runner import SeedRefused, seed_run


class Command(BaseCommand):
    help = (
        "Fill the database with the platform at a scale: the real demo data first, then synthetic "
        "members, films and activity generated inside PostgreSQL (full = SCHEMA.md's row counts, "
        "small = about 1%%, tiny = enough for a demo or a test). The same --random-seed gives the "
        "same data. Refuses a database that already holds IWM data unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--random-seed", type=int, default=42, help="Same seed, same data (default 42).")
        parser.add_argument("--reset", action="store_true", help="Empty IWM's own tables first.")
        parser.add_argument("--json", metavar="FILE", help="Also write the figures (rows, seconds) to FILE.")

    def handle(self, *args, scale, random_seed, reset, json: str | None = None, **options):
        try:
            result = seed_run(scale=scale, random_seed=random_seed, reset=reset, log=self.stdout.write)
        except SeedRefused as exc:
            raise CommandError(f"seed refused: {exc}") from exc
        if json:
            import json as json_module

            with open(json, "w") as handle:
                json_module.dump(result, handle, indent=2)
