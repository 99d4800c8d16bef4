"""How many requests a second the open data API answers for a year's KS goals, beside `/healthz/` (the
cheapest answer the app gives), at the demo's size. Prints a table; it is a benchmark, not a timed test.

    .venv/bin/python bench/api.py            # a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/api.py

With DATABASE_URL the database must exist and be empty; it is migrated and seeded. The requests go
through the whole middleware stack in this process (Django's test client, no network), one at a
time, without If-None-Match. An API answer is measured twice: built in full (as the first request
after an adoption is: the kept answers are dropped before each request) and kept (every request
after it until the next adoption). The throttle is raised out of the way.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="styrmodell-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(WORK / "private_media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrmodell.settings")
os.environ["PUBLIC_API_RATE"] = "100000000/min"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SECONDS = 3.0
PATHS = [
    ("/healthz/", False),
    ("/api/v1/goals/?year=2026", True),
    ("/api/v1/goals/?year=2026", False),
    ("/api/v1/goals/?year=2026&format=csv", True),
    ("/api/v1/goals/?year=2026&format=csv", False),
]


def measure(client: Client, path: str, built: bool) -> tuple[int, int, float, float, float]:
    """(queries, bytes, requests per second, median ms, worst ms) over SECONDS after one warm-up."""
    client.get(path)
    reset_queries()  # the seeding filled the log to its limit, where it stops counting
    if built:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    timings = []
    began = time.perf_counter()
    while time.perf_counter() - began < SECONDS:
        if built:
            cache.clear()
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    rate = len(timings) / (time.perf_counter() - began)
    median, worst = statistics.median(timings), max(timings)
    return len(queries.captured_queries), len(response.content), rate, median, worst


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\nThe open data API at the demo's size ({connection.vendor}), one request at a time")
    header = ("address", "answer", "queries", "bytes", "req/s", "median ms", "worst ms")
    print("{:<40} {:<6} {:>7} {:>6} {:>6} {:>9} {:>8}".format(*header))
    for path, built in PATHS:
        queries, size, rate, median, worst = measure(client, path, built)
        answer = "" if path == "/healthz/" else "built" if built else "kept"
        print(f"{path:<40} {answer:<6} {queries:>7} {size:>6} {rate:>6.0f} {median:>9.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
