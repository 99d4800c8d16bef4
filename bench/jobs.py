"""The background jobs and imports the benchmark times: the wheel's reminder job, `generate_wheel`, the
SIE import and the Kolada import (against a local server replaying a generated recording). Each
`*_once` function runs its job once and returns its figures; the data is left as it was found (rolled
back or deleted), so that the next repeat does the same work. Django must be set up."""

from __future__ import annotations

import datetime
import json
import random
import threading
import time
import tracemalloc
from collections import Counter
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class Rollback(Exception):
    """Raised inside an atomic block to undo what a timed run wrote."""


# The reminder job


def busiest_reminder_day() -> datetime.date:
    """The day on which the most reminders fall due (of the few busiest by deadline count)."""
    from django.conf import settings

    from calendar_wheel import sending
    from calendar_wheel.models import Deadline

    counts: Counter[datetime.date] = Counter()
    for date in Deadline.objects.real().values_list("date", flat=True):
        for offset in set(settings.REMINDER_OFFSETS_DAYS):
            counts[date - datetime.timedelta(days=offset)] += 1
    candidates = [day for day, _n in counts.most_common(5)]
    return max(candidates, key=lambda day: len(sending.send_due_reminders(day, dry_run=True)))


def reminders_once(day: datetime.date) -> dict:
    """The daily reminder job for `day`, the e-mails sent (to memory) as Celery would; its rows are
    deleted afterwards so that the next run sends them again."""
    from django.core import mail

    from calendar_wheel.models import ReminderLog
    from calendar_wheel.tasks import send_daily_reminders

    before = set(ReminderLog.objects.values_list("pk", flat=True))
    mail.outbox = []
    with override_settings(MAILERS=LOCMEM_MAIL), CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        count = send_daily_reminders(day.isoformat())
        seconds = time.perf_counter() - start
    ReminderLog.objects.exclude(pk__in=before).delete()
    return {"seconds": seconds, "reminders": count, "queries": len(queries.captured_queries)}


def wheel_once(year: int) -> dict:
    """`generate_wheel` for a year without deadlines yet, rolled back afterwards."""
    from calendar_wheel.services import generate_wheel

    figures = {}
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = generate_wheel(year)
            figures = {"seconds": time.perf_counter() - start, "deadlines": result.created}
            figures["queries"] = len(queries.captured_queries)
            raise Rollback
    except Rollback:
        pass
    return figures


# The SIE import

AREAS = [str(code) for code in range(400, 460)]  # sixty activity areas' cost centres
PROJECTS = [f"P{n}" for n in range(1, 41)]
COSTS = ["4010", "4510", "5410", "5710", "6410", "7010"]
REVENUE = ["3010", "3110", "3510"]


def sie_file(rows: int, *, seed: int = 2026) -> bytes:
    """A type 4 SIE file of a year's books: `rows` #TRANS rows in verifications of 2–10 rows that
    balance against the bank account, most rows on an area object and some on a project."""
    from tests.economy.sie_files import compose, header

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


def sie_round(year: int):
    """KS's round to import into: its tertial when the demo has not adopted it, else its latest round
    not adopted or proposed (the demo adopts the reports of the year that have passed)."""
    from followup.models import ReportKind
    from followup.pages import executive_board
    from followup.rounds import ensure_rounds

    rounds = [r for r in ensure_rounds(executive_board(), year) if not (r.is_adopted or r.is_proposal)]
    if not rounds:
        raise SystemExit(f"KS has no round in {year} that is not adopted or proposed, to import into")
    tertial = [r for r in rounds if r.kind == ReportKind.TERTIAL]
    return tertial[0] if tertial else max(rounds, key=lambda r: dates_of(r).cut_off)


def dates_of(report):
    from followup.rounds import dates_of as round_dates

    return round_dates(report)


def sie_once(data: bytes, year: int) -> dict:
    """The import as finance runs it, for a round of KS reopened for it: the upload kept, the file read
    and the preview's rows written (the background job's work, run here); rolled back afterwards."""
    from economy import imports
    from economy.models import ImportStatus
    from followup.models import InputOverride, Report
    from organisation.models import User

    finance = User.objects.get(username="ekonom")
    figures = {}
    try:
        with transaction.atomic():
            report = sie_round(year)
            Report.objects.filter(pk=report.pk).update(
                input_override=InputOverride.REOPENED, override_reason="Prestandamätning"
            )
            start = time.perf_counter()
            upload = imports.import_upload(
                report=report,
                data=data,
                file_name="bench.se",
                actor=finance,
                today=dates_of(report).cut_off,
            )
            upload = imports.read_import(upload.pk)
            figures["seconds"] = time.perf_counter() - start
            if upload.status != ImportStatus.PREVIEW:
                raise SystemExit(f"the SIE import was refused: {upload.problems[:3]}")
            raise Rollback
    except Rollback:
        pass
    return figures


def sie_parse_peak(data: bytes) -> float:
    """Peak Python allocations while parsing the file, in MB (the file itself excluded)."""
    from economy.sie import parse

    tracemalloc.start()
    parse(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


# The Kolada import


def kolada_recording(ids: list[str], municipality: str, years: range) -> dict[str, dict]:
    """Responses of Kolada's shape (see tests/goals/kolada/) for every id, the municipality and the
    country, every year, split by gender for every other KPI; keyed by request as in the --file format.
    The values come in pages of 5,000 items linked by next_url, as Kolada pages them."""
    from goals.kolada import CHUNK_SIZE

    recording: dict[str, dict] = {}
    chance = random.Random(18)  # noqa: S311 -- test data
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        joined = ",".join(chunk)
        recording[f"/kpi/{joined}?per_page=5000"] = {
            "count": len(chunk),
            "values": [
                {
                    "id": kpi,
                    "title": f"Nyckeltal {kpi}, andel (%)",
                    "description": "Illustrativt nyckeltal för prestandamätningen.",
                    "is_divided_by_gender": index % 2 == 0,
                    "municipality_type": "K",
                    "auspice": "X",
                    "operating_area": "Befolkning",
                    "perspective": "Resurser",
                    "prel_publication_date": None,
                    "publication_date": "2025-03-25",
                    "publ_period": str(years[-1]),
                    "has_ou_data": False,
                }
                for index, kpi in enumerate(chunk)
            ],
            "next_url": None,
        }
        for code in (municipality, "0000"):
            items = []
            for index, kpi in enumerate(chunk):
                genders = ("T", "K", "M") if index % 2 == 0 else ("T",)
                for year in years:
                    values = [
                        {"count": 1, "gender": g, "status": "", "value": round(chance.uniform(5, 95), 1)}
                        for g in genders
                    ]
                    items.append({"kpi": kpi, "municipality": code, "period": year, "values": values})
            path = f"/data/kpi/{joined}/municipality/{code}"
            pages = [items[i : i + 5000] for i in range(0, len(items), 5000)] or [[]]
            for number, page in enumerate(pages, start=1):
                key = f"{path}?per_page=5000" if number == 1 else f"{path}?page={number}&per_page=5000"
                following = f"{path}?page={number + 1}&per_page=5000" if number < len(pages) else None
                recording[key] = {"count": len(page), "values": page, "next_url": following}
    return recording


class ReplayServer:
    """A local HTTP server answering Kolada's requests from a recording; `base` is its /v3 address.
    The next_url links are relative in the recording and made absolute here."""

    def __init__(self, recording: dict[str, dict]) -> None:
        answers = {self.key(path): body for path, body in recording.items()}
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                body = answers.get(server_self.key(self.path.removeprefix("/v3")))
                if body is None:
                    self.send_error(404)
                    return
                if body.get("next_url"):
                    body = {**body, "next_url": server_self.base + body["next_url"]}
                payload = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def key(address: str) -> tuple[str, tuple]:
        parts = urlsplit(address)
        return parts.path, tuple(sorted(parse_qsl(parts.query)))

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def kolada_ids(n: int) -> list[str]:
    """The register's Kolada indicators, and made-up ones up to 20 per N (a bigger municipality
    follows more KPIs): created by the import itself, from the recording's metadata."""
    from goals.models import Indicator

    ids = sorted(Indicator.objects.filter(source=Indicator.Source.KOLADA).values_list("kolada_id", flat=True))
    number = 90000
    while len(ids) < 20 * n:
        ids.append(f"U{number:05}")
        number += 1
    return ids


def municipality_code() -> str:
    from organisation.models import OrgUnit

    return OrgUnit.objects.exclude(kolada_code="").values_list("kolada_code", flat=True).first() or "2260"


def kolada_once(base: str, ids: list[str]) -> dict:
    """`manage.py import_kolada` against the replay server, rolled back afterwards."""
    from goals.models import IndicatorValue

    figures = {}
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call_command("import_kolada", *ids, "--base-url", base, "--timeout", "30", stdout=StringIO())
            figures = {"seconds": time.perf_counter() - start, "queries": len(queries.captured_queries)}
            figures["values"] = IndicatorValue.objects.count()
            raise Rollback
    except Rollback:
        pass
    return figures
