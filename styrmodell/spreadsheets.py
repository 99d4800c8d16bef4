"""Tables as Excel workbooks, with the same Swedish conventions everywhere the product exports one:
Swedish headers in bold, real dates and numbers (never text), users' text never run as a formula,
the header row frozen with a filter, widths that fit, the last (long text) column wrapped.

The sheet is written as a stream (openpyxl's write-only mode): each row goes to the file as it comes, so
the time grows with the rows, not with their square, and the rows are never all held as cells at once.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "yyyy-mm-dd"
# What Excel (and LibreOffice) take as the start of a formula in a cell someone edits or a text pasted
# into a sheet: OWASP's list for spreadsheet formula injection.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def yes_no(value: bool) -> str:
    """A yes-or-no cell, in words in the active language."""
    return _("Yes") if value else _("No")


def as_text(cell: Cell) -> Cell:
    """Keep a text that looks like a formula a text: stored as a string (never a formula) with Excel's
    quote prefix, so that it shows unchanged and is still text when someone edits the cell."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def guard_sheet(sheet) -> None:
    """`as_text` on every cell of an ordinary (not write-only) sheet."""
    for row in sheet.iter_rows():
        for cell in row:
            as_text(cell)


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    number_format: str | None = None
    wrap: bool = False


class _Writer:
    """Turns one row's values into the sheet's cells: styled by their column, formulas kept out."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        self.sheet = sheet
        # One styled cell per column whose style every cell below it copies; None for plain columns.
        self.styles: list[object | None] = []
        for column in columns:
            if column.number_format or column.wrap:
                prototype = WriteOnlyCell(sheet)
                if column.number_format:
                    prototype.number_format = column.number_format
                if column.wrap:
                    prototype.alignment = Alignment(wrap_text=True, vertical="top")
                self.styles.append(prototype._style)
            else:
                self.styles.append(None)

    def cell(self, index: int, value: object) -> object:
        style = self.styles[index] if index < len(self.styles) else None
        if value is None:
            return None
        if style is None and not (isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)):
            return value  # openpyxl writes plain values itself, and fastest
        cell = WriteOnlyCell(self.sheet, value)
        if style is not None:
            cell._style = copy(style)
        return as_text(cell)


def workbook(sheet_title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet of `rows` under `columns`, as the file's bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])  # Excel's limit on a sheet's name
    # Widths and the frozen header go to the file before the first row: set them first.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = as_text(WriteOnlyCell(sheet, column.title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    writer = _Writer(sheet, columns)
    count, width = 1, len(columns)
    for row in rows:
        values = list(row)
        sheet.append([writer.cell(index, value) for index, value in enumerate(values)])
        count, width = count + 1, max(width, len(values))
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(width, 1))}{count}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    """The workbook as a download under `filename` (ASCII, e.g. "tertialrapport-2026-aktiviteter.xlsx")."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
