"""The health check's probes, each bounded in time whatever the service at the other end does.

A database or Redis that accepts a connection and never answers must not hold a web worker: each probe
runs in a thread of its own and the check stops waiting at its deadline. A probe left behind ends by
itself when the connection's own timeout (DATABASE_CONNECT_TIMEOUT, Redis' socket timeout) runs out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connections


def _probe_database(alias: str) -> None:
    # A new connection, not the request's: the check proves that the database takes connections now.
    connection = connections.create_connection(alias)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()


def _probe_redis(url: str, timeout: float) -> None:
    redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping()


def _run(probe: Callable[[], None], results: dict[str, str], name: str) -> None:
    try:
        probe()
        results[name] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        results[name] = f"error: {error.__class__.__name__}"


def check(timeout: float | None = None) -> dict[str, str]:
    """ "ok", "error: …", "timeout" or "not configured" per service, within `timeout` seconds in all."""
    timeout = settings.HEALTHZ_TIMEOUT if timeout is None else timeout
    probes: dict[str, Callable[[], None]] = {"database": lambda: _probe_database("default")}
    if settings.REDIS_URL:
        probes["redis"] = lambda: _probe_redis(settings.REDIS_URL, timeout)
    results: dict[str, str] = {}
    threads = [
        threading.Thread(target=_run, args=(probe, results, name), daemon=True, name=f"healthz-{name}")
        for name, probe in probes.items()
    ]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    checks = {name: results.get(name, "timeout") for name in probes}
    if "redis" not in checks:
        checks["redis"] = "not configured"
    return checks
