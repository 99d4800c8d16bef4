"""How long each report takes to build and how much memory it needs, at the demo's size and with ten
times as many activities: our part (reading the data, rendering the templates) against WeasyPrint's
(layout, writing the PDF). Each report is built by `manage.py generate_report` in a process of its own,
so its peak memory is its own. Prints a table; it is a benchmark, not a timed test.

    .venv/bin/python bench/reports.py          # a throwaway SQLite database
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/pages.py sets up a throwaway database and Django, and knows how to multiply the demo.
from django.core.management import call_command  # noqa: E402

from bench.pages import WORK, add_followup_rows, multiply_activities  # noqa: E402
from planning.models import Activity  # noqa: E402
from reports.kinds import report_type  # noqa: E402
from reports.models import Kind  # noqa: E402

TIMES = re.compile(
    r"(?P<pages>\d+) pages, (?P<kb>\d+) kB \(data (?P<data>[\d.]+) s, templates (?P<templates>[\d.]+) s, "
    r"layout (?P<layout>[\d.]+) s, writing (?P<writing>[\d.]+) s\)"
)
# The year the demo's plan, budget and follow-up are for.
YEAR = 2026


def build(kind: str, year: int, slug: str) -> dict:
    """Build one report in a process of its own; its figures and peak resident memory."""
    output = WORK / f"{kind}.pdf"
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "generate_report",
        kind,
        str(year),
        "--output",
        str(output),
    ]
    if slug:
        command += ["--round", slug]
    log = WORK / f"{kind}.log"
    started = time.perf_counter()
    with log.open("w+") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=os.environ, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    if status != 0:
        raise SystemExit(f"generate_report {kind} {year} {slug} failed:\n{text}")
    figures = TIMES.search(text).groupdict()
    return {**figures, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def table(title: str) -> None:
    print(f"\n{title}: {Activity.objects.count()} activities")
    print(
        f"{'report':<28} {'pages':>5} {'kB':>6} {'data s':>7} {'templ s':>7} {'layout s':>8} "
        f"{'write s':>7} {'ours %':>6} {'total s':>7} {'peak MB':>7}"
    )
    for kind in Kind:
        subjects = report_type(kind).subjects(YEAR if kind != Kind.PLANNING_PREMISES else YEAR + 2)
        if not subjects:
            print(f"{kind.value:<28} (nothing to report for the demo year)")
            continue
        subject = subjects[-1]
        year = YEAR if kind != Kind.PLANNING_PREMISES else YEAR + 2
        row = build(kind.value, year, subject.slug)
        ours = float(row["data"]) + float(row["templates"])
        weasy = float(row["layout"]) + float(row["writing"])
        print(
            f"{kind.value:<28} {row['pages']:>5} {row['kb']:>6} {float(row['data']):>7.2f} "
            f"{float(row['templates']):>7.2f} {float(row['layout']):>8.2f} {float(row['writing']):>7.2f} "
            f"{100 * ours / (ours + weasy):>6.0f} {row['wall']:>7.1f} {row['peak_mb']:>7.0f}"
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    add_followup_rows()
    table("Demo data")
    multiply_activities(10)
    add_followup_rows()
    table("Ten times the activities")


if __name__ == "__main__":
    main()
