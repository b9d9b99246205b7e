import pytest

from social.models import User
from social.services import demo

pytestmark = pytest.mark.django_db


def test_sample_members_load_idempotently_and_cannot_sign_in():
    assert demo.demo_is_loaded()  # the test session loads every app's demo data
    before = User.objects.count()
    assert demo.demo_load() == {"users (sample members)": len(demo.demo_members_data())}
    assert User.objects.count() == before
    ada = demo.demo_member("user-demo-ada")
    assert ada.username == "ada_reels" and "Sample member" in ada.bio
    assert not ada.has_usable_password()
