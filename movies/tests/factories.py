import datetime

import factory
from factory.django import DjangoModelFactory

from movies.choices import CreditRole, OfferType
from movies.models import (
    Genre,
    Movie,
    MovieCredit,
    MovieGenre,
    MovieStreamingOption,
    Person,
    Showtime,
    StreamingPlatform,
    Theater,
)


class GenreFactory(DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"genre-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class MovieFactory(DjangoModelFactory):
    class Meta:
        model = Movie
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"test-movie-{n}")
    title = factory.Faker("sentence", nb_words=3)
    year = factory.Faker("pyint", min_value=1950, max_value=2024)
    release_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 1))
    runtime = factory.Faker("pyint", min_value=80, max_value=180)
    language = "en"
    country = "US"
    overview = factory.Faker("paragraph", nb_sentences=4)

    @factory.post_generation
    def genres(movie, create, extracted, **kwargs):
        if create and extracted:
            for genre in extracted:
                MovieGenre.objects.create(movie=movie, genre=genre)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    external_id = factory.Sequence(lambda n: f"test-person-{n}")
    name = factory.Faker("name")
    known_for = "acting"


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = MovieCredit

    movie = factory.SubFactory(MovieFactory)
    person = factory.SubFactory(PersonFactory)
    role = CreditRole.ACTOR
    character_name = factory.Faker("first_name")
    billing_order = factory.Sequence(lambda n: n % 10)


class PlatformFactory(DjangoModelFactory):
    class Meta:
        model = StreamingPlatform
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"platform-{n}")
    external_id = factory.LazyAttribute(lambda o: f"test-{o.slug}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = MovieStreamingOption

    movie = factory.SubFactory(MovieFactory)
    platform = factory.SubFactory(PlatformFactory)
    region = "US"
    type = OfferType.SUBSCRIPTION


class TheaterFactory(DjangoModelFactory):
    class Meta:
        model = Theater

    external_id = factory.Sequence(lambda n: f"test-theater-{n}")
    name = factory.Sequence(lambda n: f"Cinema {n}")
    city = "Testville"
    country = "US"
    timezone = "UTC"
    latitude = 0.0
    longitude = 0.0


class ShowtimeFactory(DjangoModelFactory):
    class Meta:
        model = Showtime

    theater = factory.SubFactory(TheaterFactory)
    movie = factory.SubFactory(MovieFactory)
    starts_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class ReviewFactory(factory.Factory):
    """Reviews are written through the service (the movie's score and count follow), as members do."""

    class Meta:
        model = dict

    user = factory.SubFactory("social.tests.factories.UserFactory")
    movie = factory.SubFactory(MovieFactory)
    content = factory.Sequence(lambda n: f"review number {n}")
    rating = 7

    @classmethod
    def _create(cls, model_class, **kwargs):
        from movies.services.reviews import review_create

        return review_create(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        return kwargs
