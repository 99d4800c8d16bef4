"""The units' activity reports in a round (R24): each activity's status and comment as of the cut-off date.

The round keeps what a unit reports (`ActivityReport`), a snapshot: the live activity goes on changing
and is never written here. Administrators (handläggare) report their units' activities and those of
the units below them; every other reader of the round reads all units' reports.

- `activity_report_save`: the one write, refused unless the round takes input, the actor follows the
  activity up and the round asks for it; a stale or racing save is a conflict, never an overwrite.
- `round_table`: the rows the user sees, in a constant number of queries.
- `export_rows`/`EXPORT_COLUMNS`/`export_filename`: the same table as an Excel workbook.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followup import rounds
from followup.entries import save_entry
from followup.models import ActivityReport, Report, ReportKind
from followup.progress import round_activities
from organisation.models import OrgUnit, User
from organisation.roles import Role, has_role
from planning.models import Activity, ActivityStatus
from styrmodell.db import SwedishCollate, swedish_sort_key
from styrmodell.spreadsheets import DATE, Column

# The roles that read every unit's reports in a round; an administrator reads only their own units'.
READ_ALL_UNITS = (Role.PLANNER, Role.FINANCE, Role.POLITICIAN, Role.SYSADMIN)


# The write


@transaction.atomic
def activity_report_save(
    *,
    report: Report,
    activity_id: int,
    expected_version: int | None,
    status: str,
    comment: str,
    completed_on: datetime.date | None,
    actor: User,
    today: datetime.date | None = None,
) -> ActivityReport:
    """Record an activity's status, comment and completion date as of the round's cut-off date.

    `expected_version` is None for the round's first report of the activity. The live activity is
    not changed. Refused while the round takes no input, for an activity the actor does not follow
    up or the round does not ask for, and for a save over someone else's (`EditConflict`).
    """
    today = today or timezone.localdate()
    current, dates = rounds.lock_for_input(report.pk, today)
    activity = _reportable(current, activity_id, actor)
    comment = (comment or "").strip()
    _validate(status=status, completed_on=completed_on, cut_off=dates.cut_off, today=today)

    return save_entry(
        ActivityReport.objects.select_related("activity"),
        actor,
        lookup={"report": current, "activity": activity},
        mine={"status": status, "comment": comment, "completed_on": completed_on},
        expected_version=expected_version,
    )


def _reportable(report: Report, activity_id: int, actor: User) -> Activity:
    if not Activity.objects.follow_up_editable_by(actor).filter(pk=activity_id).exists():
        raise ValidationError(_("You report only the activities of your own units and the units below them."))
    activity = round_activities(report).select_related("responsible_unit").filter(pk=activity_id).first()
    if activity is None:
        raise ValidationError(_("The round does not ask for this activity."))
    return activity


def _validate(
    *, status: str, completed_on: datetime.date | None, cut_off: datetime.date, today: datetime.date
) -> None:
    """The completion date belongs to a finished activity, on or before the cut-off date and today."""
    if status == ActivityStatus.DONE and completed_on is None:
        raise ValidationError({"completed_on": _("A finished activity needs the date it was completed.")})
    if completed_on is None:
        return
    if status != ActivityStatus.DONE:
        raise ValidationError(
            {"completed_on": _("A completion date is given only when the activity is done.")}
        )
    if completed_on > cut_off:
        raise ValidationError(
            {
                "completed_on": _(
                    "The round reports as of its cut-off date, %(date)s: an activity completed after "
                    "it was not done then. Report its status on the cut-off date."
                )
                % {"date": cut_off.isoformat()}
            }
        )
    if completed_on > today:
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})


# The reads


def as_of_cut_off(activity: Activity, cut_off: datetime.date) -> tuple[str, str, datetime.date | None]:
    """The live activity's status, comment and completion date as they stood on the cut-off date, as
    well as the live data tells: an activity completed after the cut-off date was still in progress."""
    if activity.status == ActivityStatus.DONE and (
        activity.completed_on is None or activity.completed_on > cut_off
    ):
        return ActivityStatus.IN_PROGRESS, activity.progress_comment, None
    return activity.status, activity.progress_comment, activity.completed_on


@dataclass
class Row:
    """An activity of the round as the table shows it: the round's entry, if any, and its lateness as
    of the cut-off date (from the entry, or else from the live activity as it stood then)."""

    activity: Activity
    entry: ActivityReport | None
    late: bool
    editable: bool


@dataclass
class UnitGroup:
    unit: OrgUnit
    rows: list[Row] = field(default_factory=list)


@dataclass
class Table:
    groups: list[UnitGroup]
    # The units the user may filter by: those with activities in the round, among the user's own.
    units: list[OrgUnit]
    chosen_unit: OrgUnit | None
    # Over the user's units, whatever the filter.
    total: int
    reported: int
    can_report: bool

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def reads_all_units(user: User) -> bool:
    return has_role(user, *READ_ALL_UNITS)


def may_report(user: User) -> bool:
    """Only administrators (handläggare) report activities; every other role only reads the table."""
    return has_role(user, Role.ADMINISTRATOR)


def round_table(report: Report, user: User, *, cut_off: datetime.date, unit: str | None = None) -> Table:
    """The round's activities the user sees, grouped by unit in Swedish order, filtered to one of them
    by `unit` (a primary key as typed). Administrators see their units and the units below them,
    the other roles every unit. Queries: for an administrator the units they write (three: their
    units, every unit's parent, the units), then the activities with goal and unit, and the round's
    entries of them with who entered each."""
    activities = round_activities(report).select_related("annual_goal", "responsible_unit")
    writable_ids: set[int] = set()
    if may_report(user):
        writable_ids = set(OrgUnit.objects.writable_for_administrator(user).values_list("pk", flat=True))
        if not reads_all_units(user):
            activities = activities.filter(responsible_unit_id__in=writable_ids)
    editable: set[int] = set()
    loaded = list(activities.order_by(SwedishCollate("responsible_unit__name"), "planned_end", "title", "pk"))
    entries = {
        entry.activity_id: entry
        for entry in ActivityReport.objects.filter(report=report, activity__in=[a.pk for a in loaded])
        .select_related("entered_by")
        .order_by()
    }
    units: dict[int, OrgUnit] = {}
    for activity in loaded:
        units.setdefault(activity.responsible_unit_id, activity.responsible_unit)
        if activity.responsible_unit_id in writable_ids:
            editable.add(activity.pk)
    chosen = units.get(int(unit)) if unit and unit.isascii() and unit.isdigit() and len(unit) < 19 else None
    groups: dict[int, UnitGroup] = {}
    for activity in loaded:
        if chosen is not None and activity.responsible_unit_id != chosen.pk:
            continue
        entry = entries.get(activity.pk)
        group = groups.setdefault(activity.responsible_unit_id, UnitGroup(activity.responsible_unit))
        group.rows.append(Row(activity, entry, _late(activity, entry, cut_off), activity.pk in editable))
    return Table(
        groups=list(groups.values()),
        units=sorted(units.values(), key=lambda u: swedish_sort_key(u.name)),
        chosen_unit=chosen,
        total=len(loaded),
        reported=sum(1 for a in loaded if a.pk in entries),
        can_report=bool(editable),
    )


def table_row(report: Report, user: User, activity_id: int, *, cut_off: datetime.date) -> Row:
    """One row of the table (after a save, or to go back from the form); the activity is one the user
    reports (the view has checked)."""
    activity = round_activities(report).select_related("annual_goal", "responsible_unit").get(pk=activity_id)
    entry = (
        ActivityReport.objects.filter(report=report, activity=activity).select_related("entered_by").first()
    )
    return Row(activity, entry, _late(activity, entry, cut_off), editable=True)


def _late(activity: Activity, entry: ActivityReport | None, cut_off: datetime.date) -> bool:
    """Late as of the cut-off date, by the round's entry or else by the live activity as it stood then,
    with the entry's one rule (`ActivityReport.is_late`)."""
    if entry is None:
        status, _comment, completed_on = as_of_cut_off(activity, cut_off)
        entry = ActivityReport(status=status, completed_on=completed_on)
    entry.activity = activity  # the rule reads the activity: no query of its own
    return entry.is_late(cut_off)


# The export


def export_columns() -> list[Column]:
    """The workbook's columns, headers in the active language."""
    return [
        Column(_("Unit"), 28),
        Column(_("Activity"), 40),
        Column(_("KS goal"), 36),
        Column(_("Planned end"), 14, DATE),
        Column(_("Status in the round"), 18),
        Column(_("Completed on"), 14, DATE),
        Column(_("Late as of the cut-off date"), 16),
        Column(_("Reported by"), 24),
        Column(_("Reported at"), 18, "yyyy-mm-dd hh:mm"),
        Column(_("Comment"), 60, wrap=True),
    ]


def export_rows(table: Table) -> list[list[object]]:
    rows = []
    for row in table.rows:
        activity, entry = row.activity, row.entry
        goal = activity.annual_goal.title if activity.annual_goal else ""
        if not goal and activity.geh_code:
            goal = _("Good financial management: %(code)s") % {"code": activity.geh_code}
        rows.append(
            [
                activity.responsible_unit.name,
                activity.title,
                goal,
                activity.planned_end,
                entry.get_status_display() if entry else _("Not reported"),
                entry.completed_on if entry else None,
                _("Yes") if row.late else _("No"),
                _person(entry.entered_by) if entry and entry.entered_by else "",
                timezone.localtime(entry.entered_at).replace(tzinfo=None) if entry else None,
                entry.comment if entry else "",
            ]
        )
    return rows


def _person(user: User) -> str:
    return user.get_full_name() or user.get_username()


FILE_STEMS = {
    ReportKind.TERTIAL: "tertialrapport",
    ReportKind.INTERIM: "delarsrapport",
    ReportKind.ANNUAL: "arsredovisning",
}


def export_filename(report: Report) -> str:
    """ASCII, e.g. "tertialrapport-2026-aktiviteter.xlsx"; the economy by its meeting's date."""
    if report.kind == ReportKind.ECONOMY:
        return f"ekonomisk-uppfoljning-{report.meeting.date.isoformat()}-aktiviteter.xlsx"
    return f"{FILE_STEMS[report.kind]}-{report.year}-aktiviteter.xlsx"
