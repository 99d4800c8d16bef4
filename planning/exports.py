"""Planning data as files to download: the activity list as an Excel workbook."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from planning.models import Activity
from styrmodell.spreadsheets import DATE, Column, workbook


def activities_workbook(activities: Iterable[Activity], today: datetime.date) -> bytes:
    """The activities as an Excel workbook with Swedish headers and real dates, as the file's bytes."""
    columns = [
        Column(_("Title"), 50),
        Column(_("Kind"), 18),
        Column(_("KS goal"), 40),
        Column(_("Responsible unit"), 28),
        Column(_("Responsible person"), 22),
        Column(_("Start"), 12, DATE),
        Column(_("Planned end"), 12, DATE),
        Column(_("Status"), 14),
        Column(_("Completed on"), 12, DATE),
        Column(_("Late"), 10),
        Column(_("Days late"), 10, "0"),
        Column(_("Plan or unit activity"), 22),
        Column(_("Progress comment"), 60, wrap=True),
    ]
    return workbook(_("Activities"), columns, _export_rows(activities, today))


def _export_rows(activities: Iterable[Activity], today: datetime.date) -> Iterator[list]:
    # The words that repeat on every row are translated once, not once a row.
    kinds = {value: str(label) for value, label in Activity.Kind.choices}
    statuses = {value: str(label) for value, label in Activity.Status.choices}
    yes, no = _("Yes"), _("No")
    plan, own = _("The plan's activity"), _("Unit's own activity")
    for activity in activities:
        late = activity.is_late(today)
        end = activity.completed_on or today
        yield [
            activity.title,
            kinds.get(activity.kind, activity.kind),
            activity.annual_goal.title if activity.annual_goal else _geh(activity.geh_code),
            activity.responsible_unit.name,
            activity.responsible.name if activity.responsible else "",
            activity.start,
            activity.planned_end,
            statuses.get(activity.status, activity.status),
            activity.completed_on,
            yes if late else no,
            (end - activity.planned_end).days if late else None,
            plan if activity.is_plan_activity else own,
            activity.progress_comment,
        ]


def _geh(code: str) -> str:
    return _("Good financial management: %(code)s") % {"code": code} if code else ""
