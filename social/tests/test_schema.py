"""The account endpoints in the OpenAPI schema: each with a summary, padlocks only where a
token is needed, and the 429 that throttled endpoints can answer."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/api/v1/auth/register/",
    "/api/v1/auth/token/",
    "/api/v1/auth/token/refresh/",
    "/api/v1/auth/logout/",
    "/api/v1/auth/password-reset/",
    "/api/v1/auth/password-reset/confirm/",
]
SIGNED_IN = ["/api/v1/auth/password/", "/api/v1/auth/me/"]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


@pytest.mark.parametrize("path", PUBLIC + SIGNED_IN)
def test_every_account_operation_has_a_summary(schema, path):
    for operation in schema["paths"][path].values():
        assert operation.get("summary")


@pytest.mark.parametrize("path", PUBLIC)
def test_public_operations_show_no_padlock(schema, path):
    assert not schema.get("security")
    for operation in schema["paths"][path].values():
        assert not any(requirement for requirement in operation.get("security", []))
        assert operation["responses"]["429"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_operations_need_a_token(schema, path):
    for operation in schema["paths"][path].values():
        assert {"jwtAuth": []} in operation["security"]


def test_the_new_endpoints_document_their_bodies(schema):
    def body(path):
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]

    assert set(body("/api/v1/auth/password/")["required"]) == {"current_password", "new_password"}
    assert set(body("/api/v1/auth/password-reset/confirm/")["required"]) == {"uid", "token", "new_password"}
    assert body("/api/v1/auth/logout/")["required"] == ["refresh"]
    assert schema["paths"]["/api/v1/auth/password-reset/"]["post"]["responses"]["202"]
    assert "204" in schema["paths"]["/api/v1/auth/logout/"]["post"]["responses"]
