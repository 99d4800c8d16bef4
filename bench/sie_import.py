"""How long reading a year's SIE file takes and how much memory it needs: a type 4 file with 100 000
#TRANS rows in balanced verifications of 2–10 rows, most rows on an area object and some on a
project. Prints the median of three runs of `parse` and `totals_from_sie` and the peak memory of
`parse`; the issue asks for under 30 s and 500 MB. A benchmark, not a test.

    .venv/bin/python bench/sie_import.py            # a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/sie_import.py

With DATABASE_URL the database must exist; it is migrated (the account classes come with it).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from economy.books import totals_from_sie  # noqa: E402
from economy.models import ImportStatus  # noqa: E402
from economy.sie import parse  # noqa: E402
from tests.economy.sie_files import compose, header  # noqa: E402

RUNS = 3
TRANS_ROWS = 100_000
AREAS = [str(code) for code in range(400, 460)]  # sixty activity areas' cost centres
PROJECTS = [f"P{n}" for n in range(1, 41)]
COSTS = ["4010", "4510", "5410", "5710", "6410", "7010"]
REVENUE = ["3010", "3110", "3510"]


def year_file(rows: int = TRANS_ROWS, *, seed: int = 2026) -> bytes:
    """A year's books: verifications of 2–10 rows that balance against the bank account."""
    chance = random.Random(seed)  # noqa: S311 -- test data, not secrets
    records = header(sie_type="4", object_names={(1, code): f"Område {code}" for code in AREAS})
    written, number = 0, 0
    while written < rows:
        number += 1
        size = min(chance.randint(2, 10), max(rows - written, 2))
        day = f"2026{chance.randint(1, 10):02}{chance.randint(1, 28):02}"
        records += [f'#VER A {number} {day} "Faktura {number}"', "{"]
        total = Decimal(0)
        for _ in range(size - 1):
            revenue = chance.random() < 0.25
            account = chance.choice(REVENUE if revenue else COSTS)
            amount = Decimal(chance.randint(100, 5_000_000)) / 100 * (-1 if revenue else 1)
            total += amount
            pairs = []
            if chance.random() < 0.9:
                pairs.append(f'1 "{chance.choice(AREAS)}"')
            if chance.random() < 0.1:
                pairs.append(f'6 "{chance.choice(PROJECTS)}"')
            records.append(f'#TRANS {account} {{{" ".join(pairs)}}} {amount:.2f} {day} "Rad"')
        records += [f'#TRANS 1930 {{}} {-total:.2f} {day} "Bank"', "}"]
        written += size
    return compose(records)


def timed(function, argument) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(argument)
    return time.perf_counter() - start, result


def main() -> None:
    call_command("migrate", verbosity=0)
    data = year_file()
    print(f"sie_file: {len(data) / 1024 / 1024:.1f} MB, {TRANS_ROWS} #TRANS rows ({connection.vendor})")
    parse_times, totals_times = [], []
    for _ in range(RUNS):
        seconds, books = timed(parse, data)
        parse_times.append(seconds)
        with CaptureQueriesContext(connection) as queries:
            seconds, _totals = timed(totals_from_sie, books)
        totals_times.append(seconds)
    tracemalloc.start()
    books = parse(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"sie_parse_100k_trans: {statistics.median(parse_times):.2f} s")
    print(f"sie_totals: {statistics.median(totals_times):.2f} s ({len(queries.captured_queries)} queries)")
    print(
        f"sie_parse_peak: {peak / 1024 / 1024:.0f} MB (Python allocations while parsing, the file excluded)"
    )
    print(f"sie_balances: {len(books.balances)} account and object combinations")
    print(f"sie_import_100k_trans: {whole_import(data):.2f} s (upload, reading, preview rows written)")
    print(f"process_maxrss: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def whole_import(data: bytes) -> float:
    """The import as finance runs it: the upload kept, the file read, the preview's rows written (the
    background job's work, run here in-process), for KS's tertial round of 2026 (open for input)."""
    import datetime

    from economy import imports
    from followup.models import ReportKind
    from followup.rounds import ensure_rounds
    from organisation.models import Body
    from organisation.roles import Role
    from tests.factories import UserFactory

    ks, _ = Body.objects.get_or_create(
        short_name="KS", defaults={"name": "Kommunstyrelsen", "kind": Body.Kind.EXECUTIVE_BOARD}
    )
    report = next(r for r in ensure_rounds(ks, 2026) if r.kind == ReportKind.TERTIAL)
    finance = UserFactory(username=f"bench-ekonom-{time.monotonic_ns()}", role=Role.FINANCE)
    start = time.perf_counter()
    outcome_import = imports.import_upload(
        report=report, data=data, file_name="bench.se", actor=finance, today=datetime.date(2026, 5, 10)
    )
    outcome_import = imports.read_import(outcome_import.pk)
    seconds = time.perf_counter() - start
    if outcome_import.status != ImportStatus.PREVIEW:
        raise SystemExit(f"the import was refused: {outcome_import.problems[:3]}")
    return seconds


if __name__ == "__main__":
    main()
