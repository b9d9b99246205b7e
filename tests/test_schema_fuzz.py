"""Property-based fuzzing of the whole OpenAPI schema with schemathesis.

Every operation the schema documents is called with generated requests, valid and invalid
(a fixed seed and a bounded number of examples each, so a run is repeatable and takes about a
minute), once anonymously and once as a signed-in member. A run fails on:

* any 5xx;
* a response that does not match the schema (status documented, body shape, content type);
* an error body not in the project's shape `{"error": {"status", "code", "message", "fields"}}`.

Requests go to the WSGI application in-process, inside the test's transaction, so the fuzzer
sees the demo catalog and leaves nothing behind. Raise FUZZ_EXAMPLES for a longer hunt:
`make test PYTEST_ARGS='tests/test_schema_fuzz.py' FUZZ_EXAMPLES=200`.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SEED = 20261126

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",  # valid requests, and requests that break the schema on purpose
            "max-examples": EXAMPLES,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
    }
)

# The in-process client does not decompress; gzip itself is tested in test_api_discovery.
PLAIN = {"Accept-Encoding": "identity"}
ERROR_KEYS = {"status", "code", "message", "fields"}


@schemathesis.check
def error_body_in_the_project_shape(ctx, response, case):
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"{response.status_code} with a body that is not JSON") from exc
    assert isinstance(body, dict) and set(body) == {"error"}, f"error body keys: {sorted(body)}"
    error = body["error"]
    assert isinstance(error, dict) and set(error) == ERROR_KEYS, f"error keys: {sorted(error)}"
    assert error["status"] == response.status_code, "error.status differs from the HTTP status"
    assert isinstance(error["message"], str) and error["message"], "empty error message"
    assert isinstance(error["fields"], dict), "error.fields is not an object"
    return True


CHECKS = [not_a_server_error, negative_data_rejection, response_schema_conformance, content_type_conformance, error_body_in_the_project_shape]


def _load_schema():
    """The live schema, loaded from the app itself (generating it touches no database)."""
    from iwm.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


schema = _load_schema()


@pytest.fixture(autouse=True)
def _requests_inside_the_test_transaction(db):
    """The WSGI handler must not close the test's connection between requests (Django's own
    test client disconnects the same handlers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
def test_anonymous_requests(case):
    response = case.call(headers=PLAIN)
    case.validate_response(response, checks=CHECKS)


@pytest.fixture
def member_token(db):
    from rest_framework_simplejwt.tokens import AccessToken

    from social.tests.factories import UserFactory

    return str(AccessToken.for_user(UserFactory(username="fuzzer")))


@schema.parametrize()
def test_member_requests(case, member_token):
    response = case.call(headers={**PLAIN, "Authorization": f"Bearer {member_token}"})
    case.validate_response(response, checks=CHECKS)


def test_building_the_schema_touches_no_database(django_assert_max_num_queries, db):
    """drf-spectacular calls get_queryset() on every view; a view that queries there opens the
    connection pool at import time (see conftest.django_db_modify_db_settings)."""
    from drf_spectacular.generators import SchemaGenerator

    with django_assert_max_num_queries(0):
        SchemaGenerator().get_schema(request=None, public=True)
