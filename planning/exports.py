"""Planning data as files to download: the activity list as an Excel workbook."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from planning.models import Activity


def activities_workbook(activities: Iterable[Activity], today: datetime.date) -> bytes:
    """The activities as an Excel workbook with Swedish headers and real dates, as the file's bytes."""
    columns = [
        (_("Title"), 50, None),
        (_("Kind"), 18, None),
        (_("KS goal"), 40, None),
        (_("Responsible unit"), 28, None),
        (_("Responsible person"), 22, None),
        (_("Start"), 12, "yyyy-mm-dd"),
        (_("Planned end"), 12, "yyyy-mm-dd"),
        (_("Status"), 14, None),
        (_("Completed on"), 12, "yyyy-mm-dd"),
        (_("Late"), 10, None),
        (_("Days late"), 10, "0"),
        (_("Plan or unit activity"), 22, None),
        (_("Progress comment"), 60, None),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")
    sheet.append([title for title, _width, _format in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for activity in activities:
        sheet.append(_export_row(activity, today))
        for cell in sheet[sheet.max_row]:
            # Text typed by users is text, never a formula Excel would run.
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, (_title, width, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    for (cell,) in sheet.iter_rows(min_row=2, min_col=len(columns), max_col=len(columns)):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_row(activity: Activity, today: datetime.date) -> list:
    late = activity.is_late(today)
    end = activity.completed_on or today
    return [
        activity.title,
        activity.get_kind_display(),
        activity.annual_goal.title if activity.annual_goal else _geh(activity.geh_code),
        activity.responsible_unit.name,
        activity.responsible_person,
        activity.start,
        activity.planned_end,
        activity.get_status_display(),
        activity.completed_on,
        _("Yes") if late else _("No"),
        (end - activity.planned_end).days if late else None,
        _("The plan's activity") if activity.is_plan_activity else _("Unit's own activity"),
        activity.progress_comment,
    ]


def _geh(code: str) -> str:
    return _("Good financial management: %(code)s") % {"code": code} if code else ""
