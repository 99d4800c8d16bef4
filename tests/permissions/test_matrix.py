"""The permission matrix (issue 18): every URL pattern × every role × GET and POST answers as declared.

The URL names come from the resolver (tests/test_access_policy.py), so a view added tomorrow fails
here until tests/permissions/declarations.py says who may reach it. Each request runs in a savepoint
that is rolled back, so an allowed POST (closing a round, retiring a step) does not change what the
next request sees; a refused request must not write at all.

PERMISSION_MATRIX_DUMP=/tmp/matrix pytest tests/permissions -k answers writes what each role got to
/tmp/matrix.<role>.json instead of comparing: a start for a new view's line, to be read, not copied.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from organisation.models import Meeting
from tests.permissions.declarations import DECLARATIONS, OUTCOMES, declared
from tests.permissions.world import ROLES, World, build_world, url_of
from tests.test_access_policy import _named_patterns

pytestmark = pytest.mark.django_db

# The demo's "today": late November, the interim report adopted, the annual report ahead.
NOW = datetime.datetime(2026, 11, 26, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
METHODS = ("GET", "POST")
# Views that end the session: the probe signs the role in again after them.
SIGNS_OUT = {"logout", "admin:logout"}
# A refused request may touch the session and the sign-in log, nothing else.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
BOOKKEEPING = re.compile(r"django_session|axes_", re.IGNORECASE)


def patterns() -> dict[str, tuple[tuple[str, ...], int]]:
    """{view name: (its keywords, its number of positional arguments)} for every named URL pattern."""
    found = {}
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        regex = pattern.pattern.regex
        found[name] = (tuple(regex.groupindex), regex.groups - len(regex.groupindex))
    return found


def outcome(response) -> str:
    status = response.status_code
    if status == 405:
        return "405"
    if status in (403, 404):
        return "denied"
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith((reverse("login"), reverse("admin:login"))):
            return "signin"
        return "ok"
    if 200 <= status < 300 or status == 304:
        return "ok"
    return str(status)


def matches(declared_outcome: str, got: str) -> bool:
    """ "staff" (the admin's pages for the system administrator) is any answer of the admin's own."""
    if declared_outcome == "staff":
        return got in {"ok", "denied", "405"}
    return got == declared_outcome


def probe(client: Client, method: str, url: str, data: dict | None = None) -> tuple[str, list[str]]:
    """The outcome of one request, rolled back, and the writes it made outside the bookkeeping."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    writes = [q["sql"][:120] for q in queries if WRITE.match(q["sql"]) and not BOOKKEEPING.search(q["sql"])]
    return outcome(response), writes


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def test_every_url_has_a_declaration():
    missing = sorted(set(patterns()) - {name for name in patterns() if declared(name)})
    assert not missing, (
        "These URL names have no declared outcome; add a line for each to DECLARATIONS in "
        "tests/permissions/declarations.py, e.g.\n"
        + "\n".join(
            f'    "{name}": (READ, NO_METHOD),  # (GET, POST): who may, see the shorthands'
            for name in missing
        )
    )


def test_no_declaration_for_a_url_that_is_gone():
    stale = sorted(set(DECLARATIONS) - set(patterns()))
    assert not stale, f"Remove these from tests/permissions/declarations.py, no URL has the name: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_declared(role, world: World):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    dump = os.environ.get("PERMISSION_MATRIX_DUMP")
    observed, wrong, writes = {}, [], []
    with time_machine.travel(NOW, tick=False):
        for name, (keywords, positional) in sorted(patterns().items()):
            url = url_of(name, keywords, positional, world)
            for method in METHODS:
                got, wrote = probe(client, method, url)
                if name in SIGNS_OUT and world.users[role] is not None:
                    client.force_login(world.users[role])
                observed[f"{name} {method}"] = got
                want = declared(name, role, method) if declared(name) else None
                if want is not None and not matches(want, got):
                    wrong.append(f"{method} {url} ({name}): declared {want}, got {got}")
                if got != "ok" and wrote:
                    writes.append(f"{method} {url} ({name}) was refused ({got}) but wrote: {wrote}")
    if dump:
        with open(f"{dump}.{role}.json", "w") as out:
            json.dump(observed, out, indent=0, sort_keys=True)
        return
    assert not wrong, f"{role}: {len(wrong)} answers differ from the declarations:\n" + "\n".join(wrong)
    assert not writes, "\n".join(writes)


def test_the_outcomes_are_the_known_ones():
    for name in DECLARATIONS:
        for role in ROLES:
            for method in METHODS:
                assert declared(name, role, method) in OUTCOMES, (name, role, method)


def test_the_probe_sees_a_write_and_rolls_it_back(client, world: World):
    """The check that a refused request wrote nothing would pass vacuously if the probe saw no writes."""
    client.force_login(world.users["planner"])
    data = {"body": world.ks.pk, "date": "2027-03-01"}
    got, wrote = probe(client, "POST", reverse("organisation:meetings"), data)
    assert got == "ok"
    assert any(sql.upper().startswith("INSERT") for sql in wrote), wrote
    assert not Meeting.objects.filter(date=datetime.date(2027, 3, 1)).exists()
