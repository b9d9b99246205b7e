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


class PulseFactory(factory.Factory):
    """Pulses are posted through the service (hashtags parsed, mentions notified), as members do."""

    class Meta:
        model = dict

    user = factory.SubFactory(UserFactory)
    content_text = factory.Sequence(lambda n: f"pulse number {n}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        from social.services import pulse_create

        return pulse_create(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        return kwargs
