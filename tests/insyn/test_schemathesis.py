"""Schemathesis against the served OpenAPI schema (/api/v1/openapi.json) with its default checks: every
operation answers as its schema says (status codes, content types, headers, bodies), accepts what the
schema allows and refuses what it does not, and never with a server error.

The schema is loaded from the application itself (WSGI, no server); a little adopted data is seeded so
that answers are not all empty. Hypothesis is derandomized and kept to a few examples per operation,
so the run is the same every time and takes well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from styrmodell.wsgi import application
from tests.insyn import api_data

pytestmark = pytest.mark.django_db


# Loaded when the module is collected: the schema is built from the code, not from the database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _adopted_data():
    cache.clear()
    api_data.seed()


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """The WSGI handler closes the database connection after each request, as in production; the test
    runs in a transaction on that connection, so (as Django's own test client does) it is kept open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case):
    case.call_and_validate()
