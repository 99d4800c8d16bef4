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
    ("politiker", "/uppfoljning/2026/"),
    ("planerare", "/uppfoljning/2026/"),
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
            fields = {f.attname: getattr(activity, f.attname) for f in Activity._meta.concrete_fields}
            copies.append(Activity(**{**fields, "id": None, "title": f"{activity.title} ({n + 1})"}))
    Activity.objects.bulk_create(copies, batch_size=500)


def add_followup_rows() -> None:
    """The 2026 tertial and delår reported for every activity that has no report there yet (every third
    done in time, one in seven late), every KS goal assessed, and the two rounds published as proposals
    when politicians read none; so that the follow-up overview has rows to load at either size. The
    demo's own follow-up rows, when it has them, are kept as they are."""
    from followup import rounds
    from followup.models import REPORT_KINDS, ActivityReport, GoalAssessment, Report, Verdict
    from followup.pages import executive_board
    from followup.progress import round_activities, round_goals
    from organisation.lifecycle import PUBLIC_STATUSES, AdoptionStatus
    from planning.models import ActivityStatus

    reports = [r for r in rounds.ensure_rounds(executive_board(), 2026) if r.kind in REPORT_KINDS[:2]]
    planner = User.objects.get(username="planerare")
    for index, report in enumerate(reports):
        cut_off = rounds.dates_of(report).cut_off
        have = set(ActivityReport.objects.filter(report=report).values_list("activity_id", flat=True))
        entries = []
        for n, activity in enumerate(round_activities(report).exclude(pk__in=have).order_by("pk")):
            done = n % 3 == 0 and activity.start <= cut_off
            entries.append(
                ActivityReport(
                    report=report,
                    activity=activity,
                    status=ActivityStatus.DONE if done else ActivityStatus.IN_PROGRESS,
                    completed_on=min(activity.planned_end, cut_off) if done else None,
                    comment="Enligt plan." if n % 7 else "Försenad: väntar på upphandling.",
                    entered_by=planner,
                )
            )
        ActivityReport.objects.bulk_create(entries, batch_size=500)
        assessed = set(GoalAssessment.objects.filter(report=report).values_list("annual_goal_id", flat=True))
        # The verdicts differ from round to round, so that the overview has changes to show.
        verdicts = (Verdict.PARTLY, Verdict.NOT_ACHIEVED, Verdict.ACHIEVED)
        GoalAssessment.objects.bulk_create(
            GoalAssessment(
                report=report,
                annual_goal=goal,
                proposal=verdicts[(n + index) % 3],
                verdict=verdicts[(n + index) % 3],
                analysis="Arbetet pågår enligt plan.",
                entered_by=planner,
            )
            for n, goal in enumerate(round_goals(report).exclude(pk__in=assessed).order_by("pk"))
        )
    if not Report.objects.filter(pk__in=[r.pk for r in reports], status__in=PUBLIC_STATUSES).exists():
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(status=AdoptionStatus.PROPOSAL)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    add_followup_rows()
    report("Demo data")
    multiply_activities(10)
    add_followup_rows()
    report("Ten times the activities")


if __name__ == "__main__":
    main()
