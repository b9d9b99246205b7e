from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from boxoffice.services import weekend_chart_import


class Command(BaseCommand):
    help = (
        "Import one weekend chart from a CSV or JSON file (format in boxoffice/imports.py). Rows are upserted on "
        "(region, weekend start, rank) in one transaction: a bad row rejects the whole file, naming its line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The chart file (.csv or .json).")
        parser.add_argument("--region", help="Region code, e.g. US or GB (or `region` in a JSON file).")
        parser.add_argument("--weekend", help="The weekend's first day, YYYY-MM-DD (or `period_start` in a JSON file).")
        parser.add_argument("--weekend-end", help="The weekend's last day (default: two days after --weekend).")
        parser.add_argument("--format", choices=["csv", "json"], help="Default: from the file's extension or content.")
        parser.add_argument("--source", help='Source of rows that name none: a URL or publication, or "sample".')

    def handle(self, *args, file: Path, region=None, weekend=None, weekend_end=None, format=None, source=None, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None
        try:
            result = weekend_chart_import(
                content=content,
                file_format=format,
                filename=file.name,
                region=region,
                period_start=weekend,
                period_end=weekend_end,
                source=source,
            )
        except ValidationError as exc:
            lines = [f"{field}: {message}" if field != "file" else message for field, messages in exc.message_dict.items() for message in messages]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.region} weekend {result.period_start} to {result.period_end}: {result.created} entries added, "
                f"{result.updated} updated, {result.linked} linked to catalog films."
            )
        )
