"""Demo box office data (boxoffice/demo_data/), loaded by `manage.py load_demo` through iwm.demo.

* weekends.json: weekend charts of the US (four weekends of 2023, three of them consecutive)
  and of the UK-and-Ireland market (GB, three consecutive weekends), in the chart import's
  JSON format and loaded through the same import service. Every row cites the page its figures
  come from; published figures are stored at the precision the page gives (e.g. $162.0M).
  Films of the demo catalog are linked by external_id.
* years.json: the US years 2022 and 2023 with some of their top films (cited).
* records.json: records with their sources (US, UK-and-Ireland and worldwide).
* trends.json: daily market totals for July and August 2023, US and GB. These are NOT
  published figures: their source is "sample", and the API shows it.

Idempotent: charts upsert on (region, weekend, rank), days on (region, date), years on
(region, year), records on (region, category, title, year). One transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from boxoffice.models import BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie
from boxoffice.services import daily_grosses_upsert, records_upsert, weekend_chart_import, year_to_date_upsert

DEMO_DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def _read(name: str):
    with open(DEMO_DATA_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def demo_is_loaded() -> bool:
    return WeekendEntry.objects.exists()


@transaction.atomic
def demo_load() -> dict[str, int]:
    for chart in _read("weekends.json"):
        weekend_chart_import(content=json.dumps(chart), file_format="json")
    for series in _read("trends.json")["series"]:
        daily_grosses_upsert(
            region=series["region"],
            days=[{"date": day, "gross": gross, "source": series["source"]} for day, gross in series["days"]],
        )
    for year in _read("years.json"):
        year_to_date_upsert(
            region=year["region"],
            year=year["year"],
            as_of=year["as_of"],
            total_gross=year["total_gross"],
            source=year["source"],
            top_movies=year["top_movies"],
        )
    records_upsert(records=_read("records.json"))
    return {
        model._meta.db_table: model.objects.count()
        for model in (WeekendEntry, DailyGross, YearToDate, YearToDateTopMovie, BoxOfficeRecord)
    }
