"""Schemathesis drives every operation of /api/schema/ through the WSGI app, as an admin
with a token, with valid and with invalid data, and checks that nothing answers 5xx or
breaks the documented schema. Bounded in examples per operation: it runs in the normal
suite in well under a minute."""

from base64 import b64encode

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import settings as settings_
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from annotator.services.tokens import token_create
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def keep_test_connection():
    """The raw WSGI handler closes the database connection after each request, which
    would end the test's transaction (and on PostgreSQL, the connection). Django's test
    client avoids this the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _exercise(operation, mode, headers):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

    try:
        run()
    except Unsatisfiable:
        # An operation whose only input is a slug in its path (a project's agreement) has
        # no invalid input a URL can carry: every negative case is filtered out.
        if mode is not GenerationMode.NEGATIVE or operation.body or operation.query:
            raise


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_operation_fails_or_breaks_its_schema(mode, settings, admin_user, keep_test_connection):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Some rows, so reads and writes on existing ids are exercised, not only 404s.
    StatementFactory.create_batch(3)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    _, key = token_create(user=admin_user, name="fuzz")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _exercise(operation, mode, {"Authorization": f"Token {key}"})


# DRF's cursors are base64 of `p=<position>&o=<offset>&r=<reversed>`: random strings
# almost never decode to one, so the fuzzer is also handed cursors of that shape with
# anything in their fields (a forged position once reached the query and answered 500).
_cursor_fields = st.text(max_size=20) | st.integers().map(str) | st.datetimes().map(str)
_cursor_tokens = st.fixed_dictionaries({}, optional={"p": _cursor_fields, "o": _cursor_fields, "r": _cursor_fields})
FORGED_CURSORS = _cursor_tokens.map(lambda tokens: b64encode("&".join(f"{k}={v}" for k, v in tokens.items()).encode()))
LIST_EXAMPLES = 25


def _is_list(operation) -> bool:
    return operation.method.upper() == "GET" and "{" not in operation.path


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_query_parameter_of_a_list_answers_a_server_error(mode, settings, admin_user, keep_test_connection):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    StatementFactory.create_batch(3)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    _, key = token_create(user=admin_user, name="fuzz")
    headers = {"Authorization": f"Token {key}"}
    lists = [operation for result in schema.get_all_operations() if _is_list(operation := result.ok())]
    assert len(lists) >= 5
    for operation in lists:
        paginated = "cursor" in {parameter.name for parameter in operation.query}
        forged = st.none() | FORGED_CURSORS.map(bytes.decode) if paginated else st.none()

        @given(case=operation.as_strategy(generation_mode=mode), cursor=forged)
        @settings_(max_examples=LIST_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case, cursor):
            if cursor is not None:
                case.query = {**(case.query or {}), "cursor": cursor}
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()
