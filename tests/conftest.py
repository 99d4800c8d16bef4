"""Fixtures shared by the whole suite: a user per role, and gates for real services.

A test that needs Redis or Chromium is skipped with a visible reason when the service is missing
locally; with CI=true the same absence fails the test, so CI can never pass by skipping.
"""

import importlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_migrate

from insyn.public import GENERATION_KEY
from organisation.models import Role
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def _reference_data_again(sender, **kwargs) -> None:
    """A transactional test empties the database after itself, the migrations' reference data too, and
    the flush then sends post_migrate: this fills the reference data in again, as `migrate` left it.
    Serially, pytest-django runs the transactional tests last; under pytest-xdist a process runs a whole
    module at a time, so the ordinary tests of its next module come after such a flush."""
    if sender.label == "economy":
        importlib.import_module("economy.migrations.0002_reference_data").fill(apps, None)
    elif sender.label == "documents":
        # Filled in by organisation's migration, before the model moved to the documents app.
        from documents.models import DocumentKind

        kinds = importlib.import_module("organisation.migrations.0003_document_kinds").KINDS
        for position, (code, name, description) in enumerate(kinds, start=1):
            DocumentKind.objects.get_or_create(
                code=code, defaults={"name": name, "description": description, "position": position}
            )


post_migrate.connect(_reference_data_again, dispatch_uid="tests-reference-data-again")


def missing_service(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    """The real Redis of REDIS_URL, reachable, or a skip (locally) / failure (CI)."""
    if not settings.REDIS_URL:
        missing_service("REDIS_URL is not set: this test needs a real Redis")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at REDIS_URL does not answer: {error}")
    return settings.REDIS_URL


CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM:
        missing_service("Chromium is not installed (apt-get install chromium): browser tests need it")
    return CHROMIUM


@pytest.fixture
def politician(db):
    return UserFactory(username="politiker", first_name="Petra", role=Role.POLITICIAN)


@pytest.fixture
def administrator(db):
    return UserFactory(username="handlaggare", first_name="Helena", role=Role.ADMINISTRATOR)


@pytest.fixture
def planner(db):
    return UserFactory(username="planerare", first_name="Pontus", role=Role.PLANNER)


@pytest.fixture
def finance(db):
    return UserFactory(username="ekonom", first_name="Eva", role=Role.FINANCE)


@pytest.fixture
def sysadmin(db):
    return UserFactory(username="admin", first_name="Adam", role=Role.SYSADMIN, is_staff=True)


@pytest.fixture
def company_reporter(db):
    """Reports for Ångebostäder AB (a company unit of their own)."""
    from organisation.models import OrgUnit
    from tests.factories import OrgUnitFactory

    user = UserFactory(username="bolag", first_name="Birgitta", role=Role.COMPANY_REPORTER)
    user.units.add(OrgUnitFactory(name="Ångebostäder AB", kind=OrgUnit.Kind.COMPANY, parent=None))
    return user


@pytest.fixture
def users_by_role(politician, administrator, planner, finance, sysadmin, company_reporter):
    return {
        Role.POLITICIAN: politician,
        Role.ADMINISTRATOR: administrator,
        Role.PLANNER: planner,
        Role.FINANCE: finance,
        Role.SYSADMIN: sysadmin,
        Role.COMPANY_REPORTER: company_reporter,
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is slow by design; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in the test's own process and transaction; the Redis round-trip test turns this off."""
    from styrmodell.celery import app

    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


@pytest.fixture(autouse=True)
def _public_generation_of_its_own():
    """Each test starts a generation of Insyn's own (unique to the microsecond): a test's changes roll
    back without committing, so without this the next test could be served the previous one's pages."""
    cache.set(GENERATION_KEY, time.time(), None)


@pytest.fixture(autouse=True)
def _open_data_unthrottled(settings):
    """The open data API's rate limit counts in the shared cache for a minute, across tests; the tests of
    the limit itself set it low again (tests/insyn/test_api.py)."""
    settings.PUBLIC_API_RATE = "100000/min"


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    """Governing documents' PDFs (uploaded or seeded) go to a temporary folder, never into the repository."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """The port of a TCP server that accepts connections and never answers: a hung database or Redis."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def broker() -> Iterator[Callable[[str], None]]:
    """Queue for real (not eagerly) to the broker a test names; the app's configuration is restored."""
    from styrmodell.celery import app

    def forget_connections() -> None:
        # Celery keeps a pool of connections to the broker it first met; the next one gets new ones.
        app._pool = None
        app.amqp._producer_pool = None

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = False

    def point_at(url: str) -> None:
        app.conf.broker_url = url
        forget_connections()

    yield point_at
    app.conf.update(saved)
    forget_connections()
