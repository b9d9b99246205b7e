import pytest
from django.db import IntegrityError, transaction

from moderation.models import AdminUserMeta
from moderation.selectors import user_is_verified
from moderation.services import user_verification_set

pytestmark = pytest.mark.django_db


def test_a_member_without_a_record_is_not_verified_until_a_moderator_says_so(member):
    assert not user_is_verified(member)
    user_verification_set(user=member)
    assert user_is_verified(member)
    user_verification_set(user=member, status="rejected")
    assert not user_is_verified(member)


def test_a_suspension_needs_an_end(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminUserMeta.objects.create(user=member, status="suspended")
