import factory
from factory.django import DjangoModelFactory

from social.models import User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    username = factory.Sequence(lambda n: f"member{n}")
    name = factory.Faker("name")
    password = factory.django.Password(TEST_PASSWORD)
