import pytest
from django.core.management import call_command

from social.models import User

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_created_once_and_moderator_is_in_the_group(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("DEMO_MODERATOR_PASSWORD", "mod-pass-from-env-77")
    call_command("create_demo_accounts")
    first = capsys.readouterr().out
    assert "password:" in first  # the generated admin password is shown
    admin = User.objects.get(email="admin@iwm.local")
    moderator = User.objects.get(email="moderator@iwm.local")
    assert admin.is_superuser and admin.is_staff
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.check_password("mod-pass-from-env-77")
    assert moderator.groups.filter(name="Moderators").exists()
    assert moderator.has_perm("movies.change_movie") and not moderator.has_perm("movies.delete_movie")

    call_command("create_demo_accounts")
    second = capsys.readouterr().out
    assert "password:" not in second  # shown once
    assert User.objects.filter(email__in=["admin@iwm.local", "moderator@iwm.local"]).count() == 2
