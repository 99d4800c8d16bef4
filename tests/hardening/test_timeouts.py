"""A database or Redis that accepts and never answers cannot hold the web: timeouts, bounded health check."""

import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction


@pytest.fixture
def hung_database(silent_server, monkeypatch):
    """The default database's settings pointed at the silent server (the open test connection is kept)."""
    hung = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "styrmodell",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": silent_server,
        "OPTIONS": {"connect_timeout": 2},
    }
    monkeypatch.setitem(connections.settings, "default", hung)
    return hung


@pytest.mark.django_db
class TestHealthzWithAHungService:
    def test_a_hung_database_gives_503_within_two_seconds(self, client, hung_database, settings):
        settings.REDIS_URL = ""
        started = time.monotonic()
        response = client.get("/healthz/")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json() == {"status": "error", "database": "timeout", "redis": "not configured"}
        assert elapsed < 2

    def test_a_hung_redis_gives_503_within_two_seconds(self, client, silent_server, settings):
        settings.REDIS_URL = f"redis://127.0.0.1:{silent_server}/0"
        started = time.monotonic()
        response = client.get("/healthz/")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json()["redis"] in {"timeout", "error: TimeoutError"}
        assert response.json()["database"] == "ok"
        assert elapsed < 2

    def test_a_healthy_database_is_ok(self, client, settings):
        settings.REDIS_URL = ""
        assert client.get("/healthz/").json()["database"] == "ok"


class TestDatabaseTimeouts:
    def test_defaults_are_set(self):
        assert settings.DATABASE_CONNECT_TIMEOUT == 5
        assert settings.DATABASE_STATEMENT_TIMEOUT == 30
        assert settings.HEALTHZ_TIMEOUT == 1.5

    @pytest.mark.django_db
    def test_postgresql_connections_carry_both_timeouts(self):
        if connection.vendor != "postgresql":
            pytest.skip("the timeouts are PostgreSQL connection options")
        params = connection.get_connection_params()
        assert params["connect_timeout"] == 5
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "30s"

    @pytest.mark.django_db
    def test_a_statement_over_the_timeout_is_cancelled(self):
        if connection.vendor != "postgresql":
            pytest.skip("statement_timeout is PostgreSQL's")
        with pytest.raises(OperationalError, match="statement timeout"):
            _sleep_with_a_short_timeout()


@transaction.atomic
def _sleep_with_a_short_timeout() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 100")
        cursor.execute("SELECT pg_sleep(2)")
