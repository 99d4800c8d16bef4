"""The internal control's results in a round (R28, R31): who may report which control, the one write,
and the reads the pages and the export share.

R28 ("vid respektive tillfälle"): every control of the year's adopted plan is followed up at every
report, the tertial report, the interim report and the annual report; none opts out, and the economy
rounds ask for none (`progress.round_controls`). A control is reported by the planners, or by the
administrators (handläggare) of its responsible unit or a unit above it: the control's owner.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from followup import rounds
from followup.models import REPORT_KINDS, Control, ControlResult, Report
from followup.progress import round_controls
from organisation.models import OrgUnit, User
from organisation.roles import is_administrator, is_planner
from styrmodell.concurrency import EditConflict, bump, differences, locked_for_edit

# The fields a reporter enters; the rest of a result is the round, the control and who entered it.
ENTRY_FIELDS = ("performed", "result", "deviation_found", "deviations", "actions", "action_responsible")
# What a deviation found needs (R28, and the database's constraint behind it).
DEVIATION_FIELDS = ("deviations", "actions", "action_responsible")


# Who reports what


def may_report_any(user: User) -> bool:
    """Planners and administrators report controls; other roles only read the results."""
    return is_planner(user) or is_administrator(user)


def reportable_controls(user: User, report: Report) -> QuerySet[Control]:
    """The round's controls the user may report: all of them for planners, the controls of their
    units (and the units below) for administrators, none for the other roles."""
    controls = round_controls(report)
    if is_planner(user):
        return controls
    if is_administrator(user):
        return controls.filter(responsible_unit__in=OrgUnit.objects.writable_for_administrator(user))
    return controls.none()


# The write


def _current(report: Report, control: Control) -> ControlResult | None:
    return ControlResult.objects.filter(report=report, control=control).first()


def deviation_errors(data: dict) -> dict[str, str]:
    """A deviation found needs its description, the actions decided and who is responsible."""
    if not data["deviation_found"]:
        return {}
    messages = {
        "deviations": _("Describe the deviations found."),
        "actions": _("Give the actions decided for the deviations."),
        "action_responsible": _("Name who is responsible for the actions."),
    }
    return {name: message for name, message in messages.items() if not data[name]}


@transaction.atomic
def control_result_save(
    *,
    report: Report,
    control_id: int,
    expected_version: int | None,
    performed: bool,
    result: str,
    deviation_found: bool,
    deviations: str,
    actions: str,
    action_responsible: str,
    actor: User,
    today: datetime.date | None = None,
) -> ControlResult:
    """Record a control's result in a round, or change it; `expected_version` is None for a new one.

    Refused when the round takes no input, when the control is not asked for in the round, when the
    actor may not report it, and when the result changed (or was entered) since the form was read.
    """
    report, _dates = rounds.lock_for_input(report.pk, today)
    control = round_controls(report).filter(pk=control_id).first()
    if control is None:
        raise ValidationError(_("The control is not followed up in this round."))
    if not reportable_controls(actor, report).filter(pk=control.pk).exists():
        raise ValidationError(_("You may not report this control: it belongs to another unit."))
    mine = {
        "performed": performed,
        "result": (result or "").strip(),
        "deviation_found": deviation_found,
        "deviations": (deviations or "").strip(),
        "actions": (actions or "").strip(),
        "action_responsible": (action_responsible or "").strip(),
    }
    if errors := deviation_errors(mine):
        raise ValidationError(errors)
    existing = _current(report, control)
    if existing is None:
        if expected_version is not None:
            raise ValidationError(
                _("The result you edited is no longer saved. Reload the page and try again.")
            )
        entry = ControlResult(report=report, control=control)
    elif expected_version is None:
        # Somebody else entered the result since the form was read.
        raise EditConflict(current=existing, changed=differences(existing, mine))
    else:
        entry = locked_for_edit(
            ControlResult.objects.filter(report=report),
            pk=existing.pk,
            expected_version=expected_version,
            mine=mine,
        )
        bump(entry)
    for name, value in mine.items():
        setattr(entry, name, value)
    entry.entered_by = actor
    # The round and the control are the service's; their uniqueness is the database's to decide.
    entry.full_clean(exclude={"report", "control"} if entry.pk is None else None)
    entry._history_user = actor
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Two first entries raced past the check: the other one is saved, this one is a conflict.
        other = _current(report, control)
        if other is None:
            raise
        raise EditConflict(current=other, changed=differences(other, mine)) from None
    return entry


# The reads


@dataclass
class ResultRow:
    """A control of the round with its number in the plan, its result (None: not reported) and
    whether the user may report it."""

    number: int
    control: Control
    result: ControlResult | None
    may_report: bool

    @property
    def deviation(self) -> bool:
        return bool(self.result and self.result.deviation_found)


@dataclass
class RoundResults:
    rows: list[ResultRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.result is not None)

    @property
    def with_deviations(self) -> int:
        return sum(1 for row in self.rows if row.deviation)

    @property
    def may_report_some(self) -> bool:
        return any(row.may_report for row in self.rows)


def round_results(user: User, report: Report) -> RoundResults:
    """Every control the round asks for, in the plan's order, with its result in the round.

    Two queries (controls with their units, the round's results with who entered them), and for an
    administrator three more for the units they write for (their units, the unit tree, the ids).
    """
    controls = list(round_controls(report).select_related("responsible_unit").order_by("pk"))
    results = {
        r.control_id: r
        for r in ControlResult.objects.for_user(user).filter(report=report).select_related("entered_by")
    }
    if is_planner(user):
        mine = {c.pk for c in controls}
    elif is_administrator(user) and controls:
        units = set(OrgUnit.objects.writable_for_administrator(user).values_list("pk", flat=True))
        mine = {c.pk for c in controls if c.responsible_unit_id in units}
    else:
        mine = set()
    return RoundResults(
        [
            ResultRow(number, control, results.get(control.pk), control.pk in mine)
            for number, control in enumerate(controls, start=1)
        ]
    )


def attach_latest_results(user: User, controls: list[Control]) -> None:
    """Give each control `latest_result`: its result from the latest round that has one (tertial,
    then interim, then annual report), among the rounds the user reads; None if none. One query."""
    for control in controls:
        control.latest_result = None
    if not controls:
        return
    by_pk = {control.pk: control for control in controls}
    order = {kind: index for index, kind in enumerate(REPORT_KINDS)}
    entries = ControlResult.objects.for_user(user).filter(control__in=list(by_pk)).select_related("report")
    for entry in entries:
        control = by_pk[entry.control_id]
        latest = control.latest_result
        rank = (entry.report.year, order.get(entry.report.kind, -1))
        if latest is None or rank > (latest.report.year, order.get(latest.report.kind, -1)):
            control.latest_result = entry
