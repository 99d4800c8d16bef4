"""`make bench`: the figures issue 18 asks for, at N = 1, 10 and 50 times the demo.

    .venv/bin/python bench/run.py                  # SQLite files in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py

One line per figure, `name: value unit`, named `n<N>.<section>.<item>.<measure>`:

- pages: each page's median server time through the whole middleware stack (Django's test client,
  no network), its ratio to the same user's signed-in page that only draws the base layout (the
  accessibility statement) measured in the same loop, its query count and its size;
- export: the activity export's time (in the pages' loop) and its peak Python memory;
- reports: every report kind as PDF, built by `manage.py generate_report` in a process of its own:
  wall time, peak resident memory, our part (data, templates) and WeasyPrint's (layout, write_pdf);
- jobs: the daily reminder job on its busiest day (e-mails to memory), `generate_wheel` for a new
  year, the SIE import (2,000 #TRANS rows per N: 100,000 at N=50) and the Kolada import (20 KPIs per N,
  25 years, the municipality and the country) from a local server replaying a generated recording.

Each figure is the median of repeats, interleaved: every repeat goes once through every item of a
section. Every N gets a fresh database (with DATABASE_URL, `bench_n<N>` on that server, dropped after)
and a process of its own. Lines go to stdout and build/bench.txt; build/bench.md is the same as tables,
with the machine, for docs/performance.md.

Environment: BENCH_SIZES (default "1,10,50"), BENCH_REPEATS (pages, default 7), BENCH_SLOW_REPEATS
(reports and jobs, default 3), BENCH_ONLY (sections, e.g. "pages,jobs"), BENCH_YEAR (default 2026).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (  # noqa: E402
    BUILD,
    ROOT,
    YEAR,
    drop_database,
    fresh_database,
    machine,
    machine_markdown,
    work_dir,
    worker_env,
)

SECTIONS = ("pages", "reports", "jobs")
# (name, user or None for anonymous, address); {y} is the demo's year.
PAGES = [
    ("goals", "politiker", "/mal/{y}/"),
    ("plan", "politiker", "/verksamhetsplan/{y}/"),
    ("followup", "politiker", "/uppfoljning/{y}/"),
    ("followup_planner", "planerare", "/uppfoljning/{y}/"),
    ("round", "planerare", "/uppfoljning/{y}/delar/"),
    ("control", "politiker", "/internkontroll/{y}/"),
    ("documents", "politiker", "/styrdokument/"),
    ("organisation", "politiker", "/organisation/"),
    ("wheel", "politiker", "/arshjul/{y}/"),
    ("reports", "politiker", "/rapporter/"),
    ("home_administrator", "handlaggare", "/"),
    ("activities", "handlaggare", "/aktiviteter/"),
    ("activities_sorted", "handlaggare", "/aktiviteter/?ar=&sort=-slutdatum"),
    ("budget", "ekonom", "/budget/{y}/"),
    ("deviations", "ekonom", "/uppfoljning/{y}/avvikelser/"),
    ("insyn", None, "/insyn/"),
    ("insyn_plan", None, "/insyn/{y}/verksamhetsplan/"),
    ("api_goals", None, "/api/v1/goals/?year={y}"),
    ("export", "planerare", "/aktiviteter/export.xlsx?ar="),
]
# The signed-in page that draws only the base layout (and a static text): the ratio's denominator.
BASE_PAGE = "/tillganglighet/"
REPORT_TIMES = re.compile(
    r"(?P<pages>\d+) pages, (?P<kb>\d+) kB \(data (?P<data>[\d.]+) s, templates (?P<templates>[\d.]+) s, "
    r"layout (?P<layout>[\d.]+) s, writing (?P<writing>[\d.]+) s\)"
)


def say(n: int, name: str, value: float | int, unit: str, digits: int = 1) -> None:
    text = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    print(f"n{n}.{name}: {text} {unit}", flush=True)


# The worker: one N, one database, Django set up


def worker(n: int, sections: list[str]) -> None:
    import django

    django.setup()
    from bench.scale import seed

    started = time.perf_counter()
    how = seed(n)
    from planning.models import Activity

    say(n, "data.seed.seconds", time.perf_counter() - started, "s")
    say(n, "data.activities.count", Activity.objects.count(), "activities")
    print(f"# n{n}: {how}", flush=True)
    if "pages" in sections:
        pages(n)
    if "reports" in sections:
        reports(n)
    if "jobs" in sections:
        jobs(n)


def repeats(name: str, default: int) -> int:
    return max(1, int(os.environ.get(name, default)))


def pages(n: int) -> None:
    import tracemalloc

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organisation.models import User

    clients: dict[str | None, Client] = {}
    for user in {user for _name, user, _path in PAGES}:
        clients[user] = Client(HTTP_HOST="127.0.0.1")
        if user:
            clients[user].force_login(User.objects.get(username=user))
    items = [(f"base_{user or 'anonymous'}", user, BASE_PAGE) for user in sorted(clients, key=str)]
    items += [(name, user, path.format(y=YEAR)) for name, user, path in PAGES]
    queries, sizes, failed = {}, {}, []
    for name, user, path in items:
        clients[user].get(path)  # warm-up: templates compiled, caches filled
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = clients[user].get(path)
        if response.status_code != 200:
            failed.append(name)
            print(f"# n{n}: {path} as {user or 'anonymous'} answered {response.status_code}", flush=True)
            continue
        queries[name] = len(captured.captured_queries)
        sizes[name] = len(response.getvalue() if response.streaming else response.content)
    items = [item for item in items if item[0] not in failed]
    timings: dict[str, list[float]] = {name: [] for name, _user, _path in items}
    for _ in range(repeats("BENCH_REPEATS", 7)):
        for name, user, path in items:
            start = time.perf_counter()
            response = clients[user].get(path)
            if response.streaming:
                b"".join(response.streaming_content)
            timings[name].append((time.perf_counter() - start) * 1000)
    for name, user, _path in items:
        median = statistics.median(timings[name])
        say(n, f"page.{name}.ms", median, "ms")
        if not name.startswith("base_"):
            base = statistics.median(timings[f"base_{user or 'anonymous'}"])
            say(n, f"page.{name}.ratio", median / base, "x")
        say(n, f"page.{name}.queries", queries[name], "queries")
        say(n, f"page.{name}.size", sizes[name] / 1024, "kB")
    # The export's peak memory, once (tracing slows it down, so it is not in the timed loop).
    if "export" in queries:
        path = next(p for name, _u, p in PAGES if name == "export")
        tracemalloc.start()
        response = clients["planerare"].get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        say(n, "page.export.peak", peak / 1024 / 1024, "MB")
    if failed:
        raise SystemExit(f"pages that did not answer 200: {', '.join(failed)}")


def report_subjects() -> list[tuple[str, int, str]]:
    """Each report kind with its year and its latest subject (round, version) at the demo's year."""
    from reports.kinds import report_type
    from reports.models import Kind

    chosen = []
    for kind in Kind:
        year = YEAR + 2 if kind == Kind.PLANNING_PREMISES else YEAR
        subjects = report_type(kind).subjects(year)
        if subjects:
            chosen.append((kind.value, year, subjects[-1].slug))
    return chosen


# generate_report in a child process that says its own peak resident memory at the end: VmHWM is the
# process's own, where ru_maxrss of a forked child starts from the parent's (this worker's) peak.
LAUNCH = """
import re, runpy, sys
sys.argv = ["manage.py", "generate_report", *sys.argv[1:]]
try:
    runpy.run_path("manage.py", run_name="__main__")
finally:
    try:
        with open("/proc/self/status") as status:
            peak = re.search(r"VmHWM:\\s*(\\d+) kB", status.read())
    except OSError:
        peak = None
    print(f"PEAK_KB {peak.group(1) if peak else 0}", flush=True)
"""


def build_report(kind: str, year: int, slug: str, work: Path) -> dict:
    """One report built in a process of its own: its figures, wall time and peak resident memory."""
    command = [sys.executable, "-c", LAUNCH, kind, str(year), "--output", str(work / f"{kind}.pdf")]
    command += ["--round", slug] if slug else []
    log = work / f"{kind}.log"
    started = time.perf_counter()
    with log.open("w+") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=os.environ, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read()
    found = REPORT_TIMES.search(text)
    if status != 0 or not found:
        raise SystemExit(f"generate_report {kind} {year} {slug} failed:\n{text[-3000:]}")
    figures = {key: float(value) for key, value in found.groupdict().items()}
    peak = re.search(r"PEAK_KB (\d+)", text)
    peak_kb = int(peak.group(1)) if peak and int(peak.group(1)) else usage.ru_maxrss
    return {**figures, "wall": wall, "peak": peak_kb / 1024}


def reports(n: int) -> None:
    from django.conf import settings

    work = Path(settings.PRIVATE_MEDIA_ROOT).parent / "reports"
    work.mkdir(parents=True, exist_ok=True)
    subjects = report_subjects()
    runs: dict[str, list[dict]] = {kind: [] for kind, _year, _slug in subjects}
    for _ in range(repeats("BENCH_SLOW_REPEATS", 3)):
        for kind, year, slug in subjects:
            runs[kind].append(build_report(kind, year, slug, work))
    for kind, _year, _slug in subjects:
        rows = runs[kind]

        def median(key: str, rows: list[dict] = rows) -> float:
            return statistics.median(row[key] for row in rows)

        ours = statistics.median(row["data"] + row["templates"] for row in rows)
        weasy = statistics.median(row["layout"] + row["writing"] for row in rows)
        share = statistics.median(
            (row["layout"] + row["writing"])
            / max(row["data"] + row["templates"] + row["layout"] + row["writing"], 1e-9)
            for row in rows
        )
        say(n, f"report.{kind}.seconds", median("wall"), "s", 2)
        say(n, f"report.{kind}.ours", ours, "s", 2)
        say(n, f"report.{kind}.weasyprint", weasy, "s", 2)
        say(n, f"report.{kind}.weasyprint_share", 100 * share, "%")
        say(n, f"report.{kind}.peak", median("peak"), "MB")
        say(n, f"report.{kind}.pages", int(median("pages")), "pages")
        say(n, f"report.{kind}.size", int(median("kb")), "kB")


def jobs(n: int) -> None:
    from bench import jobs as job

    day = job.busiest_reminder_day()
    sie = job.sie_file(2000 * n)
    ids = job.kolada_ids(n)
    recording = job.kolada_recording(ids, job.municipality_code(), range(YEAR - 25, YEAR))
    runs: dict[str, list[dict]] = {"reminders": [], "wheel": [], "sie_import": [], "kolada_import": []}
    with job.ReplayServer(recording) as server:
        for _ in range(repeats("BENCH_SLOW_REPEATS", 3)):
            runs["reminders"].append(job.reminders_once(day))
            runs["wheel"].append(job.wheel_once(YEAR + 3))
            runs["sie_import"].append(job.sie_once(sie, YEAR))
            runs["kolada_import"].append(job.kolada_once(server.base, ids))
    units = {"reminders": "reminders", "deadlines": "deadlines", "values": "values", "queries": "queries"}
    for name, rows in runs.items():
        say(n, f"job.{name}.ms", 1000 * statistics.median(row["seconds"] for row in rows), "ms")
        for key, unit in units.items():
            if key in rows[0]:
                say(n, f"job.{name}.{key}", int(statistics.median(row[key] for row in rows)), unit)
    say(n, "job.sie_import.rows", 2000 * n, "rows")
    say(n, "job.sie_import.peak", job.sie_parse_peak(sie), "MB")
    say(n, "job.kolada_import.kpis", len(ids), "KPIs")


# The driver: a database and a worker process per N, the lines collected


LINE = re.compile(
    r"^n(?P<n>\d+)\.(?P<section>\w+)\.(?P<item>\w+)\.(?P<measure>\w+): (?P<value>\S+) (?P<unit>.+)$"
)
TITLES = {
    "data": "Data",
    "page": "Pages (median server time, ratio to the base layout page, queries, size)",
    "report": "Report PDFs (process wall time, our part, WeasyPrint, its share, peak RSS, pages, size)",
    "job": "Jobs and imports",
}


def markdown(lines: list[str], facts: dict[str, str], sizes: list[int]) -> str:
    cells: dict[str, dict[str, dict[int, str]]] = {}
    for line in lines:
        found = LINE.match(line)
        if not found:
            continue
        row = cells.setdefault(found["section"], {}).setdefault(found["item"], {})
        value = f"{found['value']} {found['unit']}".replace(" x", "×").replace("queries", "q")
        n = int(found["n"])
        row[n] = f"{row[n]} · {value}" if n in row else value
    out = ["### Machine\n", machine_markdown(facts)]
    for section, items in cells.items():
        out.append(f"\n### {TITLES.get(section, section)}\n")
        out.append("| | " + " | ".join(f"N={n}" for n in sizes) + " |")
        out.append("| --- |" + " --- |" * len(sizes))
        for item, row in items.items():
            out.append(f"| {item} | " + " | ".join(row.get(n, "") for n in sizes) + " |")
    return "\n".join(out) + "\n"


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]), os.environ.get("BENCH_ONLY", ",".join(SECTIONS)).split(","))
        return 0
    sizes = [int(n) for n in os.environ.get("BENCH_SIZES", "1,10,50").split(",")]
    BUILD.mkdir(exist_ok=True)
    lines: list[str] = []
    facts: dict[str, str] = {}
    status = 0
    for n in sizes:
        work = work_dir(f"styrmodell-bench-n{n}-")
        url = fresh_database(f"bench_n{n}", work)
        facts = facts or machine(url)
        env = worker_env(url, work, LOG_LEVEL="WARNING", PUBLIC_API_RATE="100000000/min", DEBUG="false")
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n)]
        try:
            with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as process:  # noqa: S603
                for line in process.stdout:
                    print(line, end="", flush=True)
                    lines.append(line.rstrip("\n"))
            if process.returncode:
                print(f"# n{n}: the worker failed ({process.returncode})", flush=True)
                status = 1
        finally:
            drop_database(url)
    (BUILD / "bench.txt").write_text("\n".join(lines) + "\n")
    (BUILD / "bench.md").write_text(markdown(lines, facts, sizes))
    print(f"# written: {BUILD / 'bench.txt'}, {BUILD / 'bench.md'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
