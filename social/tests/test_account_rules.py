"""What an account may be called: one mailbox per person whatever the domain's spelling, a
documented username rule held by the database too, no control characters in text fields."""

import pytest
from django.db import IntegrityError, transaction

from social.models import User, normalize_email
from social.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
STRONG = "pale-orbit-lantern-42"


def register(client, **overrides):
    body = {"email": "ada@example.com", "username": "ada", "password": STRONG, "name": "Ada"} | overrides
    return client.post(REGISTER, body, format="json")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("jose@exämple.com", "jose@xn--exmple-cua.com"),
        ("Jose@EXÄMPLE.COM", "Jose@xn--exmple-cua.com"),
        ("jose@XN--EXMPLE-CUA.com", "jose@xn--exmple-cua.com"),
        ("  ada@Example.com ", "ada@example.com"),
        ("user@例え.テスト", "user@xn--r8jz45g.xn--zckzah"),
    ],
)
def test_normalize_email(value, expected):
    assert normalize_email(value) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [("jose@exämple.com", "jose@xn--exmple-cua.com"), ("jose@xn--exmple-cua.com", "JOSE@EXÄMPLE.COM")],
)
def test_one_mailbox_cannot_register_twice_in_either_spelling(api_client, first, second):
    created = register(api_client, email=first, username="jose1")
    assert created.status_code == 201, created.json()
    assert created.json()["email"].endswith("@xn--exmple-cua.com")
    response = register(api_client, email=second, username="jose2")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"email": ["A user with this email already exists."]}
    assert User.objects.filter(username__in=["jose1", "jose2"]).count() == 1


@pytest.mark.parametrize("typed", ["jose@exämple.com", "JOSE@xn--exmple-cua.COM"])
def test_sign_in_with_either_spelling(api_client, typed):
    UserFactory(email="jose@xn--exmple-cua.com", username="jose")
    response = api_client.post(TOKEN, {"email": typed, "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200


def test_the_database_refuses_an_unnormalised_domain():
    UserFactory(email="ok@example.com", username="okuser")
    for email in ("jose@exämple.com", "ada@Example.com"):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(email=email, username="another", password="x")


def test_the_admin_form_path_normalises_too():
    user = User(email="Zoe@Exämple.com", username="zoe")
    user.set_password(STRONG)
    user.full_clean()
    user.save()
    assert user.email == "Zoe@xn--exmple-cua.com"


@pytest.mark.parametrize("username", ["...", ".a.", "a..b", "ab.", "_ab", "ab", "x" * 31, "a b", "añb", "a-b"])
def test_usernames_outside_the_rule_are_refused_with_the_rule(api_client, username):
    response = register(api_client, username=username)
    assert response.status_code == 400
    messages = response.json()["error"]["fields"]["username"]
    assert any("ASCII letters, digits, '_' and '.'" in message for message in messages)
    assert not User.objects.exclude(external_id__startswith="user-demo-").exists()


@pytest.mark.parametrize("username", ["ada", "a.b", "Ada_Lovelace", "a_.b", "x" * 30, "1999"])
def test_usernames_inside_the_rule_are_accepted(api_client, username):
    assert register(api_client, username=username).status_code == 201


@pytest.mark.parametrize("username", ["...", ".a.", "a..b", "ab.", "_ab"])
def test_the_database_refuses_a_username_outside_the_rule(username):
    with pytest.raises(IntegrityError, match="users_username_format"), transaction.atomic():
        User.objects.create(email="x@example.com", username=username, password="x")


def test_profile_update_applies_the_username_rule(member, member_client):
    response = member_client.patch(ME, {"username": "a..b"}, format="json")
    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"username"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada\x07Lovelace"),
        ("name", "Ada\nLovelace"),
        ("name", "Ada\u0085Lovelace"),  # a C1 control
        ("username", "ada\x1b"),
    ],
)
def test_control_characters_are_refused_at_registration(api_client, field, value):
    response = register(api_client, **{field: value})
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not User.objects.exclude(external_id__startswith="user-demo-").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada\x00"),
        ("name", "A\tda"),
        ("location", "Lon\x1bdon"),
        ("location", "Lon\ndon"),
        ("bio", "Film\x08 nerd"),
        ("bio", "Film\u009bnerd"),
        ("website", "https://exa\x7fmple.com/"),
    ],
)
def test_control_characters_are_refused_in_the_profile(member, member_client, field, value):
    response = member_client.patch(ME, {field: value}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {field} and fields[field][0]
    member.refresh_from_db()
    assert getattr(member, field) != value


def test_a_bio_keeps_its_line_breaks_and_tabs(member, member_client):
    bio = "Film nerd.\nLikes:\tNolan, Varda\r\nand long takes."
    response = member_client.patch(ME, {"bio": bio}, format="json")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.bio == bio


def test_a_lone_surrogate_is_a_400_not_a_500(api_client):
    body = '{"email": "s@example.com", "username": "surro", "password": "pale-\\ud800-orbit-42", "name": "x\\udfff"}'
    response = api_client.post(REGISTER, data=body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"password", "name"}


def test_demo_accounts_are_found_again_under_either_domain_spelling():
    from social.services import demo_account_ensure

    first, created = demo_account_ensure(email="boss@exämple.com", username="boss", password=STRONG, role="admin")
    assert created and first.email == "boss@xn--exmple-cua.com"
    again, created = demo_account_ensure(email="BOSS@EXÄMPLE.com", username="boss", password=STRONG, role="admin")
    assert not created and again.pk == first.pk
