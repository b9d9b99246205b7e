import pytest
from django.contrib.auth.hashers import identify_hasher

from social.models import User
from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
ME = "/api/v1/auth/me/"
STRONG = "pale-orbit-lantern-42"


def register(client, **overrides):
    body = {"email": "ada@example.com", "username": "ada", "password": STRONG, "name": "Ada Lovelace"} | overrides
    return client.post(REGISTER, body, format="json")


def test_register_creates_an_account_hashed_with_argon2(api_client):
    response = register(api_client)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "ada@example.com" and body["username"] == "ada" and body["id"] > 0
    assert "password" not in body
    user = User.objects.get(pk=body["id"])
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(STRONG)


def test_duplicate_email_in_another_case_is_a_400_on_email(api_client):
    assert register(api_client).status_code == 201
    response = register(api_client, email="ADA@Example.COM", username="ada2")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["email"] == ["A user with this email already exists."]
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1


def test_duplicate_username_in_another_case_is_a_400_on_username(api_client):
    register(api_client)
    response = register(api_client, email="other@example.com", username="ADA")
    assert response.status_code == 400
    assert "username" in response.json()["error"]["fields"]


def test_the_database_itself_refuses_a_case_variant_email(db):
    from django.db import IntegrityError, transaction

    UserFactory(email="grace@example.com", username="grace")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="GRACE@example.com", username="grace2", password="x")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "ada@example.com-1"}, "password"),  # too close to the email
        ({"email": "not-an-email"}, "email"),
        ({"username": "a b"}, "username"),
        ({"username": "x" * 31}, "username"),
        ({"name": "n" * 151}, "name"),
    ],
)
def test_bad_registrations_name_the_field_and_create_nothing(api_client, overrides, field):
    response = register(api_client, **overrides)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not User.objects.exclude(external_id__startswith="user-demo-").exists()


def test_missing_fields_are_listed(api_client):
    response = api_client.post(REGISTER, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"email", "username", "password"}


def test_token_then_me(api_client):
    user = UserFactory(email="lin@example.com")
    response = api_client.post(TOKEN, {"email": "lin@example.com", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200
    tokens = response.json()
    assert {"access", "refresh"} <= set(tokens)

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = api_client.get(ME)
    assert me.status_code == 200
    assert me.json()["id"] == user.id and me.json()["email"] == "lin@example.com"


def test_token_accepts_the_email_in_any_case(api_client):
    UserFactory(email="lin@example.com")
    response = api_client.post(TOKEN, {"email": "LIN@EXAMPLE.com", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200


def test_wrong_password_is_401_in_the_error_shape(api_client):
    UserFactory(email="lin@example.com")
    response = api_client.post(TOKEN, {"email": "lin@example.com", "password": "wrong"}, format="json")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["status"] == 401 and error["code"] == "no_active_account" and error["message"]


def test_refresh_gives_a_new_access_token(api_client):
    UserFactory(email="lin@example.com")
    tokens = api_client.post(TOKEN, {"email": "lin@example.com", "password": TEST_PASSWORD}, format="json").json()
    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 200 and response.json()["access"]
    bad = api_client.post(REFRESH, {"refresh": "garbage"}, format="json")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "token_not_valid"


def test_me_needs_a_token(api_client):
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_me_with_a_forged_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    assert api_client.get(ME).status_code == 401


def test_patch_me_changes_the_profile(member, member_client):
    response = member_client.patch(ME, {"name": "New Name", "bio": "Film nerd."}, format="json")
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.name, member.bio) == ("New Name", "Film nerd.")


def test_patch_me_refuses_an_email_change(member, member_client):
    response = member_client.patch(ME, {"email": "x@example.com", "name": "Changed"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"email": ["This field cannot be changed here."]}
    member.refresh_from_db()
    assert member.email != "x@example.com" and member.name != "Changed"  # nothing of the request landed


def test_patch_me_refuses_bad_values(member, member_client):
    response = member_client.patch(ME, {"website": "not a url", "username": "a b"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"website", "username"}


def test_patch_me_to_a_taken_username_is_400(member, member_client):
    UserFactory(username="taken")
    response = member_client.patch(ME, {"username": "TAKEN"}, format="json")
    assert response.status_code == 400
    assert "username" in response.json()["error"]["fields"]


def test_a_registration_race_is_decided_by_the_unique_index(api_client, monkeypatch):
    """Two sign-ups with one email at the same moment both pass the pre-check; the database
    index refuses the second, and the client still gets a 400 on `email`."""
    from social.services import accounts

    UserFactory(email="race@example.com", username="first")
    monkeypatch.setattr(accounts, "_check_unique", lambda **kwargs: None)
    response = register(api_client, email="RACE@example.com", username="second")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"email": ["A user with this email already exists."]}
