"""A member's settings and notification preferences: every documented key with its default,
changes section by section, and a 400 that names whatever is wrong."""

import pytest

from social.models import NotificationPreference, UserSettings
from social.preferences import SETTINGS
from tests.test_api_conventions import assert_error_shape

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/api/v1/me/settings/"
PREFS_URL = "/api/v1/me/notification-preferences/"


def test_every_documented_key_comes_back_with_its_default_and_no_row_is_written(member_client, member):
    body = member_client.get(SETTINGS_URL).json()
    assert set(body) == set(SETTINGS)
    for section, keys in SETTINGS.items():
        assert set(body[section]) == set(keys)
    assert body["privacy"]["watchlist"] == "public" and body["preferences"]["platforms"] == []
    assert not UserSettings.objects.filter(user=member).exists()  # created on the first change only


def test_a_patch_changes_only_what_it_names(member_client, member):
    response = member_client.patch(
        SETTINGS_URL,
        {"privacy": {"watchlist": "private"}, "preferences": {"region": "gb", "platforms": ["Netflix", "mubi"]}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["privacy"]["watchlist"] == "private" and body["privacy"]["favorites"] == "public"
    assert body["preferences"]["region"] == "GB" and body["preferences"]["platforms"] == ["netflix", "mubi"]
    member_client.patch(SETTINGS_URL, {"privacy": {"follows": "private"}}, format="json")
    again = member_client.get(SETTINGS_URL).json()
    assert again["privacy"]["watchlist"] == "private" and again["privacy"]["follows"] == "private"
    assert UserSettings.objects.filter(user=member).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"privcy": {"watchlist": "private"}}, "privcy"),
        ({"privacy": {"watchlst": "private"}}, "privacy.watchlst"),
        ({"privacy": {"watchlist": "friends"}}, "privacy.watchlist"),
        ({"privacy": "private"}, "privacy"),
        ({"display": {"theme": 1}}, "display.theme"),
        ({"profile": {"show_location": "yes"}}, "profile.show_location"),
        ({"account": {"timezone": "Mars/Olympus"}}, "account.timezone"),
        ({"preferences": {"region": "XX"}}, "preferences.region"),
        ({"preferences": {"platforms": ["no-such-platform"]}}, "preferences.platforms"),
        ({"preferences": {"favorite_genres": "drama"}}, "preferences.favorite_genres"),
        ({"integrations": {"letterboxd_username": "bad name!"}}, "integrations.letterboxd_username"),
    ],
)
def test_a_wrong_key_or_value_is_a_400_naming_it_and_nothing_is_saved(member_client, member, body, field):
    error = assert_error_shape(member_client.patch(SETTINGS_URL, body, format="json"), 400)
    assert field in error["fields"]
    assert not UserSettings.objects.filter(user=member).exists()


def test_notification_preferences_default_to_in_app_only_and_change_per_type(member_client, member):
    body = member_client.get(PREFS_URL).json()
    assert body["channels"]["follow"] == {"in_app": True, "email": False, "push": False}
    assert body["global_settings"] == {"quiet_hours": None, "digest": "never"}
    changed = member_client.patch(
        PREFS_URL,
        {"channels": {"follow": {"email": True}}, "global_settings": {"quiet_hours": {"start": "22:00", "end": "07:00"}}},
        format="json",
    ).json()
    assert changed["channels"]["follow"] == {"in_app": True, "email": True, "push": False}
    assert changed["global_settings"]["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert NotificationPreference.objects.get(user=member).channels == {"follow": {"email": True}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channels": {"folow": {"email": True}}}, "channels.folow"),
        ({"channels": {"follow": {"fax": True}}}, "channels.follow.fax"),
        ({"channels": {"follow": {"email": "yes"}}}, "channels.follow.email"),
        ({"global_settings": {"quiet_hours": {"start": "25:00", "end": "07:00"}}}, "global_settings.quiet_hours.start"),
        ({"global_settings": {"digest": "hourly"}}, "global_settings.digest"),
        ({"sound": True}, "sound"),
    ],
)
def test_wrong_notification_preferences_are_400s_naming_the_key(member_client, body, field):
    error = assert_error_shape(member_client.patch(PREFS_URL, body, format="json"), 400)
    assert field in error["fields"]


def test_a_body_that_is_not_an_object_is_a_400(member_client):
    assert_error_shape(member_client.patch(SETTINGS_URL, [1, 2], format="json"), 400)
