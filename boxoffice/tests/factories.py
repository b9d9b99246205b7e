import datetime

import factory
from factory.django import DjangoModelFactory

from boxoffice.choices import RECORD_REGION_CURRENCY, RecordCategory
from boxoffice.models import BoxOfficeRecord, DailyGross, WeekendEntry, YearToDate, YearToDateTopMovie

# Tests use regions and years the demo data does not, unless they say otherwise.
TEST_REGION = "FR"


class WeekendEntryFactory(DjangoModelFactory):
    class Meta:
        model = WeekendEntry

    region = TEST_REGION
    period_start = datetime.date(2031, 1, 3)  # a Friday
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=2))
    rank = factory.Sequence(lambda n: n % 400 + 1)
    title = factory.Sequence(lambda n: f"Test Film {n}")
    distributor = "Test Pictures"
    weekend_gross = 1_000_000
    currency = factory.LazyAttribute(lambda o: RECORD_REGION_CURRENCY[o.region])
    source = "https://example.org/chart"


class DailyGrossFactory(DjangoModelFactory):
    class Meta:
        model = DailyGross

    region = TEST_REGION
    date = factory.Sequence(lambda n: datetime.date(2031, 1, 1) + datetime.timedelta(days=n))
    gross = 1_000_000
    currency = factory.LazyAttribute(lambda o: RECORD_REGION_CURRENCY[o.region])
    source = "sample"


class YearToDateFactory(DjangoModelFactory):
    class Meta:
        model = YearToDate

    region = TEST_REGION
    year = 2031
    as_of = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    total_gross = 1_000_000_000
    currency = factory.LazyAttribute(lambda o: RECORD_REGION_CURRENCY[o.region])
    source = "https://example.org/year"


class TopMovieFactory(DjangoModelFactory):
    class Meta:
        model = YearToDateTopMovie

    ytd = factory.SubFactory(YearToDateFactory)
    rank = factory.Sequence(lambda n: n % 100 + 1)
    title = factory.Sequence(lambda n: f"Top Film {n}")
    gross = 100_000_000
    source = "https://example.org/year"


class RecordFactory(DjangoModelFactory):
    class Meta:
        model = BoxOfficeRecord

    region = TEST_REGION
    category = RecordCategory.OPENING_WEEKEND
    title = factory.Sequence(lambda n: f"Record Film {n}")
    value = 50_000_000
    currency = factory.LazyAttribute(lambda o: RECORD_REGION_CURRENCY[o.region])
    year = 2031
    source = "https://example.org/records"
