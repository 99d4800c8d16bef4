"""How long the main list and tree pages take and how many SQL queries they run, at the demo's size
and with ten times as many activities. Prints a table; it is a benchmark, not a timed test.

    .venv/bin/python bench/pages.py            # a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/pages.py

With DATABASE_URL the database must exist and be empty; it is migrated and seeded.
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from organisation.models import User  # noqa: E402
from planning.models import Activity  # noqa: E402

RUNS = 7
PAGES = [
    ("politiker", "/mal/2026/"),
    ("politiker", "/verksamhetsplan/2026/"),
    ("handlaggare", "/aktiviteter/"),
    ("handlaggare", "/aktiviteter/?ar=&sort=-slutdatum"),
    ("planerare", "/aktiviteter/export.xlsx?ar="),
    ("ekonom", "/budget/2026/"),
    ("ekonom", "/budget/2026/jamfor/"),
    ("politiker", "/internkontroll/2026/"),
    ("politiker", "/styrdokument/"),
    ("politiker", "/organisation/"),
]


def measure(path: str, client: Client) -> tuple[int, float, float]:
    """(queries, median ms, worst ms) over RUNS requests after one warm-up."""
    client.get(path, follow=True)
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, follow=True)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries.captured_queries), statistics.median(timings), max(timings)


def report(title: str) -> None:
    activities = Activity.objects.count()
    print(f"\n{title}: {activities} activities ({connection.vendor})")
    print(f"{'user':<12} {'page':<38} {'queries':>7} {'median ms':>10} {'worst ms':>9}")
    clients: dict[str, Client] = {}
    for username, path in PAGES:
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            clients[username].force_login(User.objects.get(username=username))
        queries, median, worst = measure(path, clients[username])
        print(f"{username:<12} {path:<38} {queries:>7} {median:>10.1f} {worst:>9.1f}")


def multiply_activities(factor: int) -> None:
    """Copies of every activity (plan and unit activities alike), so each goal and unit has more."""
    originals = list(Activity.objects.all())
    copies = []
    for n in range(1, factor):
        for activity in originals:
            activity.pk = None
            activity.title = f"{activity.title} ({n + 1})"
            copies.append(
                Activity(**{f.attname: getattr(activity, f.attname) for f in Activity._meta.concrete_fields})
            )
    Activity.objects.bulk_create(copies, batch_size=500)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    report("Demo data")
    multiply_activities(10)
    report("Ten times the activities")


if __name__ == "__main__":
    main()
