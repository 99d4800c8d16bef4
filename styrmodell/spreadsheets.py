"""Tables as Excel workbooks, with the same Swedish conventions everywhere the product exports one:
Swedish headers in bold, real dates and numbers (never text), users' text never run as a formula,
the header row frozen with a filter, widths that fit, the last (long text) column wrapped."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "yyyy-mm-dd"


def yes_no(value: bool) -> str:
    """A yes-or-no cell, in words in the active language."""
    return _("Yes") if value else _("No")


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    number_format: str | None = None
    wrap: bool = False


def workbook(sheet_title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet of `rows` under `columns`, as the file's bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]  # Excel's limit on a sheet's name
    sheet.append([column.title for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            # Text typed by users is text, never a formula Excel would run.
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.number_format or column.wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if column.number_format:
                    cell.number_format = column.number_format
                if column.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    """The workbook as a download under `filename` (ASCII, e.g. "tertialrapport-2026-aktiviteter.xlsx")."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
