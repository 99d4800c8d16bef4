"""Small readers for settings from the environment."""

import os
from urllib.parse import urlsplit


def env(name: str, default: str) -> str:
    """The variable's value, or the default when it is unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, *, default: bool) -> bool:
    """True for 1/true/yes/on, False for 0/false/no/off, the default otherwise."""
    value = os.environ.get(name, "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    return default


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list."""
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def env_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """Comma-separated `key=value` pairs, in order; a key may repeat."""
    pairs = []
    for item in env_list(name, []):
        key, sep, value = item.partition("=")
        if sep and key.strip() and value.strip():
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def origin_of(url: str) -> str:
    """The scheme and host of an address, as a Content-Security-Policy source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def redis_url_of_test_worker(url: str) -> str:
    """Under pytest-xdist, the Redis database after the URL's by the worker's number plus one (gw0 → 10
    for /9), so that parallel test processes never share queues, cache or counters; else the URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw")) + 1
    return parts._replace(path=f"/{database}").geturl()
