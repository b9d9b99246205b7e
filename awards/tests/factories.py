import datetime

import factory
from factory.django import DjangoModelFactory

from awards.models import (
    Category,
    Ceremony,
    CeremonyYear,
    Festival,
    FestivalEdition,
    FestivalWinner,
    Nomination,
    ProgramEntry,
    ProgramSection,
    WinnerCategory,
)


class CeremonyFactory(DjangoModelFactory):
    class Meta:
        model = Ceremony

    external_id = factory.Sequence(lambda n: f"test-ceremony-{n}")
    name = factory.Sequence(lambda n: f"Test Awards {n}")
    short_name = "Tests"


class CeremonyYearFactory(DjangoModelFactory):
    class Meta:
        model = CeremonyYear

    external_id = factory.Sequence(lambda n: f"test-ceremony-year-{n}")
    ceremony = factory.SubFactory(CeremonyFactory)
    year = factory.Sequence(lambda n: 1950 + n % 100)
    date = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 1))


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    external_id = factory.Sequence(lambda n: f"test-category-{n}")
    ceremony_year = factory.SubFactory(CeremonyYearFactory)
    name = factory.Sequence(lambda n: f"Best Thing {n}")


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    external_id = factory.Sequence(lambda n: f"test-nomination-{n}")
    category = factory.SubFactory(CategoryFactory)
    nominee_type = "person"
    nominee_name = factory.Faker("name")
    film_title = factory.Faker("sentence", nb_words=2)


class FestivalFactory(DjangoModelFactory):
    class Meta:
        model = Festival

    external_id = factory.Sequence(lambda n: f"test-festival-{n}")
    name = factory.Sequence(lambda n: f"Test Festival {n}")
    location = "Testville"


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = FestivalEdition

    external_id = factory.Sequence(lambda n: f"test-edition-{n}")
    festival = factory.SubFactory(FestivalFactory)
    year = 2026
    starts_on = datetime.date(2026, 5, 10)
    ends_on = datetime.date(2026, 5, 20)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = ProgramSection

    external_id = factory.Sequence(lambda n: f"test-section-{n}")
    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Section {n}")


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = ProgramEntry

    external_id = factory.Sequence(lambda n: f"test-entry-{n}")
    section = factory.SubFactory(SectionFactory)
    title = factory.Faker("sentence", nb_words=2)


class PrizeFactory(DjangoModelFactory):
    class Meta:
        model = WinnerCategory

    external_id = factory.Sequence(lambda n: f"test-prize-{n}")
    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Prize {n}")


class FestivalWinnerFactory(DjangoModelFactory):
    class Meta:
        model = FestivalWinner

    external_id = factory.Sequence(lambda n: f"test-festival-winner-{n}")
    category = factory.SubFactory(PrizeFactory)
    title = factory.Faker("sentence", nb_words=2)
