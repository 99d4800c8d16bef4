"""Imports fed hostile files: the outcome import (SIE, CSV, Excel) and the budget's spreadsheet imports end
in a preview or a refusal naming the problem in Swedish; nothing is half-saved and nothing raises.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from budget import services as budget_services
from budget.imports import ImportKind, ImportRefused, import_file
from budget.models import BudgetFrame, EconomicPlanLine
from economy.imports import import_upload
from economy.models import ImportStatus, Outcome, OutcomeImport, ProjectOutcome
from tests.economy.sie_files import compose, header, psaldo_records
from tests.economy.test_imports import GOOD_ROWS, areas, sheet_csv, sheet_xlsx
from tests.factories import body_named, ks_round
from tests.hostile.strategies import FORMULAS, NASTY, NUMBERS, hostile_text, sweep

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)
TODAY = NOW.date()
THROUGH = datetime.date(2026, 4, 30)
# A cell of each kind of trouble (each costs an import, so not all of NASTY).
CELLS = [
    "\x00",
    "1" * 26,
    "1e30",
    "NaN",
    "-inf",
    "1 234,50",
    "1,234.50",
    "١٢٣",
    "=1+1",
    "<script>",
    "x" * 10_000,
    "",
]
ENGLISH = re.compile(r"\b(the|Enter|Ensure|This field|must|should|invalid|Invalid)\b")


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ready(finance):
    areas(2)
    return {"report": ks_round(), "finance": finance}


def swedish(messages) -> None:
    for message in messages:
        assert not ENGLISH.search(str(message)), message


def upload(ready, data: bytes, name: str, capture) -> OutcomeImport | None:
    """The import as it stands after reading, or None when the upload itself was refused (in Swedish)."""
    before = OutcomeImport.objects.count()
    try:
        with translation.override("sv"), capture(execute=True):
            created = import_upload(
                report=ready["report"],
                data=data,
                file_name=name,
                actor=ready["finance"],
                today=TODAY,
                through=None if name.endswith(".se") else THROUGH,
            )
    except ValidationError as error:
        swedish(error.messages)
        assert OutcomeImport.objects.count() == before
        return None
    created.refresh_from_db()
    assert created.status in {ImportStatus.PREVIEW, ImportStatus.REFUSED}, (created.status, created.problems)
    written = (
        Outcome.objects.filter(outcome_import=created).exists()
        or ProjectOutcome.objects.filter(outcome_import=created).exists()
    )
    if created.status == ImportStatus.REFUSED:
        assert not written, "a refused import wrote outcomes"
        swedish(problem.get("message", "") for problem in created.problems)
    for outcome in Outcome.objects.filter(outcome_import=created):
        assert outcome.amount.is_finite()
        assert abs(outcome.amount) < Decimal(10) ** 15
    return created


def sie_file(amount: str = "5000.00", account: str = "4010", unit: str = "400", **kw) -> bytes:
    """A type 3 file of good rows and one hostile row (no totals: they would add the hostile amount up)."""
    encoding = kw.pop("encoding", "latin-1")
    rows = [*GOOD_ROWS, (account, {1: unit}, amount)]
    records = header(sie_type="3", **kw) + psaldo_records(rows, period="202604", totals=False)
    return compose(records, encoding=encoding)


class TestOutcomeImport:
    @pytest.mark.parametrize("value", NUMBERS + ["", "<script>", "\x00", "=1+1"])
    def test_a_hostile_sie_amount(self, ready, django_capture_on_commit_callbacks, value):
        try:
            data = sie_file(amount=value)
        except UnicodeEncodeError:
            data = sie_file(amount=value, encoding="utf-8")
        upload(ready, data, "utfall.se", django_capture_on_commit_callbacks)

    def test_hostile_csv_and_excel_cells(self, ready, django_capture_on_commit_callbacks):
        for value in CELLS:
            for column in range(4):
                row = ["400", "4010", "", "5000"]
                row[column] = value
                upload(ready, sheet_csv([row]), "u.csv", django_capture_on_commit_callbacks)
        for value in [*FORMULAS, "\x00", "1" * 26, "1e30", "1 234,50", "-inf", 1e308, -(10**30)]:
            cleaned = value.replace("\x00", "") if isinstance(value, str) else value  # openpyxl refuses NUL
            upload(
                ready,
                sheet_xlsx([["400", 4010, None, cleaned]]),
                "u.xlsx",
                django_capture_on_commit_callbacks,
            )
            upload(
                ready, sheet_xlsx([[cleaned, 4010, None, 5]]), "u.xlsx", django_capture_on_commit_callbacks
            )

    @sweep
    @given(data=st.data())
    def test_drawn_sie_files(self, ready, django_capture_on_commit_callbacks, data):
        account = data.draw(st.one_of(st.just("4010"), hostile_text()), label="account")
        unit = data.draw(st.one_of(st.just("400"), hostile_text()), label="unit")
        amount = data.draw(st.one_of(st.sampled_from(NUMBERS), hostile_text()), label="amount")
        organisation = data.draw(st.one_of(st.just("Ånge kommun"), hostile_text()), label="organisation")
        try:
            file = sie_file(amount, account, unit, organisation=organisation)
        except UnicodeEncodeError:  # text latin-1 cannot hold: the same file as UTF-8, which SIE does not use
            file = sie_file(amount, account, unit, organisation=organisation, encoding="utf-8")
        upload(ready, file, "utfall.se", django_capture_on_commit_callbacks)

    def test_garbage_files(self, ready, django_capture_on_commit_callbacks):
        for name, data in [
            ("utfall.se", b"\x00" * 100),
            ("utfall.se", b"#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 99999999 20261231\r\n"),
            ("utfall.se", "#FLAGGA 0\r\n#ORGNR \u202e\r\n".encode()),
            ("u.csv", b"\xff\xfe\x00\x00"),
            ("u.csv", b"=cmd|' /C calc'!A0;;;\r\n"),
            ("u.xlsx", b"PK\x03\x04 not a zip"),
            ("u.xlsx", b""),
        ]:
            upload(ready, data, name, django_capture_on_commit_callbacks)


@pytest.fixture
def version(finance):
    body_named("KF")
    body_named("KS")
    return budget_services.budget_create(year=2027, label="Juni 2026", actor=finance)


class TestBudgetImport:
    @pytest.mark.parametrize("kind", list(ImportKind))
    def test_hostile_cells_are_refused_in_swedish_and_write_nothing(self, version, finance, kind):
        frames_before = BudgetFrame.objects.count()
        lines_before = EconomicPlanLine.objects.count()
        for value in NASTY:
            for text in [f"Nämnd;Belopp (tkr)\r\nKS;{value}\r\n", f"Nämnd;Belopp (tkr)\r\n{value};1\r\n"]:
                try:
                    data = text.encode("utf-8")
                except UnicodeEncodeError:
                    continue
                try:
                    with translation.override("sv"):
                        import_file(
                            kind=kind, data=data, version=version, body=body_named("KS"), actor=finance
                        )
                except ImportRefused as refused:
                    swedish(refused.errors)
                    assert BudgetFrame.objects.count() == frames_before
                    assert EconomicPlanLine.objects.count() == lines_before
                except ValidationError as error:
                    swedish(error.messages)
                else:
                    frames_before = BudgetFrame.objects.count()
                    lines_before = EconomicPlanLine.objects.count()
