"""The one Excel writer (styrmodell.spreadsheets): streamed, formatted as before, and text that looks like
a formula stays text in every export (issue 18)."""

from __future__ import annotations

import ast
import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from styrmodell.spreadsheets import DATE, FORMULA_TRIGGERS, Column, as_text, guard_sheet, workbook

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    '=HYPERLINK("http://evil.example","klicka")',
    "=1+1",
    "+46 70 123 45 67",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindrag",
    "\r=1+1",
]
COLUMNS = [
    Column("Titel", 40),
    Column("Datum", 12, DATE),
    Column("Belopp", 10, "#,##0"),
    Column("Kommentar", 60, wrap=True),
]


def read(content: bytes):
    return load_workbook(io.BytesIO(content)).active


class TestWorkbook:
    def test_headers_dates_numbers_widths_filter_and_frozen_header(self):
        rows = [
            ["Första", datetime.date(2026, 3, 1), 1200, "Lång\ntext"],
            ["Andra", None, None, ""],
        ]
        sheet = read(workbook("Blad med ett långt namn som Excel kortar av", COLUMNS, rows))
        assert sheet.title == "Blad med ett långt namn som Exc"  # 31 characters
        values = list(sheet.iter_rows(values_only=True))
        assert values[0] == ("Titel", "Datum", "Belopp", "Kommentar")
        assert all(cell.font.bold for cell in sheet[1])
        assert values[1][0] == "Första"
        assert values[1][1].date() == datetime.date(2026, 3, 1)  # a real date cell, not text
        assert values[1][2] == 1200
        assert sheet["B2"].number_format == DATE
        assert sheet["C2"].number_format == "#,##0"
        assert sheet["C2"].data_type == "n"
        assert sheet["D2"].alignment.wrap_text
        assert values[2][:3] == ("Andra", None, None)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == "A1:D3"
        assert [sheet.column_dimensions[c].width for c in "ABCD"] == [40, 12, 10, 60]

    def test_no_rows_is_a_header_with_its_filter(self):
        sheet = read(workbook("Tomt", COLUMNS, iter([])))
        assert sheet.max_row == 1
        assert sheet.auto_filter.ref == "A1:D1"

    @pytest.mark.parametrize("text", HOSTILE)
    def test_text_that_looks_like_a_formula_is_text_in_every_kind_of_column(self, text):
        sheet = read(workbook("Test", COLUMNS, [[text, text, text, text]]))
        for cell in sheet[2]:
            assert cell.data_type == "s"
            # Shown unchanged (an XML reader takes a carriage return for a line feed, as Excel does).
            assert cell.value == text.replace("\r", "\n")
            assert cell.quotePrefix  # and still text when someone edits the cell in Excel

    def test_the_file_holds_no_formula_at_all(self):
        import zipfile

        content = workbook("Test", COLUMNS, [[text, None, None, text] for text in HOSTILE])
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml
        assert "<f " not in sheet_xml

    def test_ordinary_text_and_negative_numbers_are_left_alone(self):
        sheet = read(workbook("Test", COLUMNS, [["Trygg skola", None, -5, "e-post: a@b.se"]]))
        assert not sheet["A2"].quotePrefix
        assert sheet["C2"].value == -5
        assert sheet["C2"].data_type == "n"
        assert not sheet["D2"].quotePrefix

    def test_rows_are_streamed_from_a_generator(self):
        rows = ([f"Rad {n}", None, n, ""] for n in range(1, 2001))
        sheet = read(workbook("Många", COLUMNS, rows))
        assert sheet.max_row == 2001
        assert sheet["A2001"].value == "Rad 2000"
        assert sheet.auto_filter.ref == "A1:D2001"


def test_the_triggers_are_owasps():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


def test_guard_sheet_keeps_an_ordinary_sheets_text_text():
    book = Workbook()
    book.active.append(["=1+1", "vanlig text", 3])
    guard_sheet(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read(buffer.getvalue())
    assert (sheet["A1"].data_type, sheet["A1"].value, sheet["A1"].quotePrefix) == ("s", "=1+1", True)
    assert not sheet["B1"].quotePrefix
    assert as_text(sheet["C1"]).data_type == "n"


def _workbook_calls(path: Path) -> list[int]:
    """The lines where a module builds an openpyxl Workbook itself."""
    source = path.read_text(encoding="utf-8")
    if "Workbook" not in source:
        return []
    tree = ast.parse(source)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Workbook")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Workbook")
        )
    ]


def test_every_excel_export_is_written_by_the_guarded_writer():
    """An export that built its own workbook would miss the formula guard: only the shared writer and
    the budget's import template (guarded by guard_sheet) build one."""
    allowed = {"styrmodell/spreadsheets.py", "budget/imports.py"}
    found = {}
    skipped = {"tests", "bench", "mutants", "node_modules", "docs", "locale", "static"}
    apps = [d for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".") and d.name not in skipped]
    for path in (path for app in apps for path in app.rglob("*.py")):
        if calls := _workbook_calls(path):
            found[path.relative_to(ROOT).as_posix()] = calls
    assert set(found) <= allowed, found
    assert "guard_sheet(" in (ROOT / "budget/imports.py").read_text(encoding="utf-8")
