"""Planeringsförutsättningar (R22): the departments' round, its dates from the annual wheel, the one
write, and the report as the page and the PDF read it.

The report is presented to KF at November's politikerdag, two years before the year it plans for.
The annual wheel dates that step ("planning-prerequisites-report", else November's politikerdag)
only to its month: input therefore closes `FOLLOWUP_INPUT_CLOSES_WORKING_DAYS` working days before
the wheel's first day of the step (the month's first day unless a planner gives the step a day), so
that the planners can put the report together for whichever day of the month the politikerdag falls
on. Input opens on 1 January of the year it is written. Both are assumptions (the seed gives no
dates) and the page says so; a planner may reopen or close the input by hand, with a reason.

- `department_premises_save`: the one write, by a department's administrator or a planner, refused
  while the round takes no input; a stale or racing save is a conflict, never an overwrite.
- `report_of`: the departments with their parts and indicators, for the page and the PDF alike, in a
  constant number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calendar_wheel.models import Deadline
from followup.entries import existing_pk, save_entry
from followup.models import DepartmentPremises, InputOverride, PlanningPremises
from followup.models.premises import reads_premises
from followup.rounds import InputState, working_days_before
from goals.models import Indicator, IndicatorValue
from goals.selectors import municipality_code, value_trend
from organisation.models import Body, OrgUnit, User
from organisation.roles import is_administrator, is_planner
from styrmodell.concurrency import bump, locked_for_edit
from styrmodell.db import swedish_sort_key

# The wheel's steps the report is presented at, in the order they are trusted.
PRESENTED_AT = ("planning-prerequisites-report", "politikerdag-november")
PRESENTED_MONTH = 11
# How many years of an indicator's values the report shows.
YEARS_SHOWN = 4
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The trend in words (the goals pages' "better", "worse", "unchanged" as a development over the years).
TREND_WORDS = {
    "better": gettext_lazy("Improving"),
    "worse": gettext_lazy("Worsening"),
    "same": gettext_lazy("Unchanged"),
}
NO_TREND = gettext_lazy("Too few values")


# The round's dates and state


@dataclass(frozen=True)
class PremisesDates:
    written_in: int
    opens: datetime.date
    # The first day of the wheel's step the report is presented at, and its last (a month).
    presented: datetime.date
    presented_until: datetime.date | None
    input_closes: datetime.date
    # False when the wheel has no such step for the year: the dates are then the defaults.
    from_wheel: bool


def premises_dates(premises: PlanningPremises) -> PremisesDates:
    """The round's dates from the annual wheel of the year it is written, in one query."""
    written_in = premises.written_in
    found = {
        code: (date, end_date)
        for code, date, end_date in Deadline.objects.filter(
            event__code__in=PRESENTED_AT, event__retired=False, year=written_in
        ).values_list("event__code", "date", "end_date")
    }
    step = next((found[code] for code in PRESENTED_AT if code in found), None)
    if step is None:
        presented = datetime.date(written_in, PRESENTED_MONTH, 1)
        until = datetime.date(written_in, PRESENTED_MONTH, 30)
    else:
        presented, until = step
    return PremisesDates(
        written_in=written_in,
        opens=datetime.date(written_in, 1, 1),
        presented=presented,
        presented_until=until,
        input_closes=working_days_before(presented, settings.FOLLOWUP_INPUT_CLOSES_WORKING_DAYS),
        from_wheel=step is not None,
    )


def input_state(premises: PlanningPremises, dates: PremisesDates, today: datetime.date) -> InputState:
    """Reopened by hand: open; closed by hand: locked; otherwise open from 1 January of the year it
    is written until input closes before the politikerdag."""
    if premises.input_override == InputOverride.REOPENED:
        return InputState.OPEN
    if premises.input_override == InputOverride.CLOSED:
        return InputState.LOCKED
    if today < dates.opens:
        return InputState.NOT_OPEN
    if today > dates.input_closes:
        return InputState.LOCKED
    return InputState.OPEN


def why_no_input(state: InputState, dates: PremisesDates) -> str:
    """Why the round takes no input now, in a sentence; empty while it does."""
    if state is InputState.NOT_OPEN:
        return _("The departments write their parts from 1 January %(year)s.") % {"year": dates.written_in}
    if state is InputState.OPEN:
        return ""
    return _(
        "Input has closed: the planners are putting the report together for the politikerdag. "
        "A planner can reopen it, with a reason."
    )


def round_of(year: int, user: User | None = None) -> PlanningPremises:
    """The year's round of KS's administration (as `user` reads it, when given), or an unsaved one
    until somebody writes in it."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        raise ValidationError(_("The organisation has no municipal executive board."))
    rounds = PlanningPremises.objects.all() if user is None else PlanningPremises.objects.for_user(user)
    found = rounds.filter(body=body, year=year).first()
    return found or PlanningPremises(body=body, year=year)


def _locked_round(year: int, body: Body, actor: User) -> PlanningPremises:
    """The year's round, created by `actor` when missing, locked until the transaction ends so that a
    closing or a reopening cannot slip in between an entry's check and its save."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("There are no planning premises for that year."))
    if not PlanningPremises.objects.filter(body=body, year=year).exists():
        created = PlanningPremises(body=body, year=year)
        created._history_user = actor
        try:
            with transaction.atomic():
                created.save()
        except IntegrityError:
            pass  # created meanwhile by somebody else's first save
    locked = PlanningPremises.objects.select_for_update(of=("self",)).select_related("body")
    return locked.get(body=body, year=year)


# Who reads and writes


def may_read(user: User) -> bool:
    """Every role but the company reporters reads the report and every department's part."""
    return reads_premises(user)


def may_write(user: User) -> bool:
    """Planners write every department's part; administrators their own departments'."""
    return is_planner(user) or is_administrator(user)


def may_steer(user: User) -> bool:
    """Planners reopen and close the round's input."""
    return is_planner(user)


def writable_department_ids(user: User) -> set[int] | None:
    """The departments whose part the user writes; None for every one (planners)."""
    if is_planner(user):
        return None
    if not is_administrator(user):
        return set()
    return set(
        OrgUnit.objects.writable_for_administrator(user)
        .filter(kind=OrgUnit.Kind.DEPARTMENT)
        .values_list("pk", flat=True)
    )


def departments(premises: PlanningPremises, dates: PremisesDates):
    """The departments that write a part: those active when the report is presented, and any that
    already has one; in Swedish order."""
    in_round = Q(valid_from__lte=dates.presented) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=dates.presented)
    )
    if premises.pk:
        in_round |= Q(pk__in=DepartmentPremises.objects.filter(premises=premises).values("department_id"))
    return OrgUnit.objects.filter(in_round, kind=OrgUnit.Kind.DEPARTMENT).swedish_order()


# The write


@transaction.atomic
def department_premises_save(
    *,
    year: int,
    department_id: int,
    expected_version: int | None,
    challenges: str,
    strengths: str,
    remarks: str,
    indicators: Iterable[Indicator],
    actor: User,
    today: datetime.date | None = None,
) -> DepartmentPremises:
    """Save a department's part of the year's planning premises as `actor`'s.

    `expected_version` is None for the department's first save. Refused while the round takes no
    input, for a department the actor does not write, and over somebody else's save (`EditConflict`,
    which names the indicators too when they differ).
    """
    today = today or timezone.localdate()
    body = round_of(year).body
    current = _locked_round(year, body, actor)
    dates = premises_dates(current)
    state = input_state(current, dates, today)
    if not state.takes_input:
        raise ValidationError(why_no_input(state, dates))
    department = _writable_department(current, dates, department_id, actor)
    chosen = sorted({indicator.pk: indicator for indicator in indicators}.values(), key=lambda i: i.pk)
    mine = {
        "challenges": (challenges or "").strip(),
        "strengths": (strengths or "").strip(),
        "remarks": (remarks or "").strip(),
    }
    queryset = DepartmentPremises.objects.all()
    lookup = {"premises": current, "department": department}
    pk = existing_pk(queryset, lookup)
    if pk is not None:
        # The indicators are part of what was read: a save over a change of them is a conflict too.
        locked_for_edit(
            queryset,
            pk=pk,
            expected_version=expected_version if expected_version is not None else 0,
            mine=mine | {"indicators": chosen},
        )
    entry = save_entry(queryset, actor, lookup=lookup, mine=mine, expected_version=expected_version)
    if {i.pk for i in chosen} != set(entry.indicators.values_list("pk", flat=True)):
        entry.indicators.set(chosen)
    return entry


def _writable_department(
    premises: PlanningPremises, dates: PremisesDates, department_id: int, actor: User
) -> OrgUnit:
    if not may_write(actor):
        raise ValidationError(
            _("Only planners and the departments' administrators write the planning premises.")
        )
    department = departments(premises, dates).filter(pk=department_id).first()
    if department is None:
        raise ValidationError(_("The department does not write a part of these planning premises."))
    writable = writable_department_ids(actor)
    if writable is not None and department.pk not in writable:
        raise ValidationError(_("You write only the parts of your own departments."))
    return department


# The hand on the round's input: planners reopen and close it, with the reason in its history


@transaction.atomic
def premises_reopen(*, year: int, expected_version: int, reason: str, actor: User) -> PlanningPremises:
    """Open the round's input again after it closed; the reason is kept in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"override_reason": _("Give the reason for reopening the round.")})
    return _override(year, expected_version, InputOverride.REOPENED, reason, actor)


@transaction.atomic
def premises_close(*, year: int, expected_version: int, reason: str, actor: User) -> PlanningPremises:
    """Close the round's input by hand (e.g. after a reopening); the reason, if any, is kept."""
    return _override(year, expected_version, InputOverride.CLOSED, (reason or "").strip(), actor)


def _override(year: int, expected_version: int, override: str, reason: str, actor: User) -> PlanningPremises:
    if not may_steer(actor):
        raise ValidationError(_("Only planners reopen or close the planning premises."))
    body = round_of(year).body
    premises = _locked_round(year, body, actor)
    premises = locked_for_edit(
        PlanningPremises.objects.all(),
        pk=premises.pk,
        expected_version=expected_version,
        mine={"input_override": override, "override_reason": reason},
    )
    premises.input_override, premises.override_reason = override, reason
    bump(premises)
    premises.full_clean()
    premises._history_user = actor
    premises.save()
    return premises


# The reads: the report as the page and the PDF show it


@dataclass
class IndicatorRow:
    """An indicator of a department's part: the municipality's values for the years shown, the trend
    (the goals pages' rule: the latest value against the one before, by the desired direction), and
    the country's latest value."""

    indicator: Indicator
    values: list[Decimal | None]
    latest_year: int | None
    trend: str | None  # "better", "worse", "same", or None with fewer than two values
    country: Decimal | None
    country_year: int | None

    @property
    def trend_label(self) -> str:
        return str(TREND_WORDS.get(self.trend or "", NO_TREND))

    @property
    def trend_status(self) -> str:
        """The print stylesheet's status class: the word carries the meaning, the mark repeats it."""
        return {"better": "good", "worse": "bad"}.get(self.trend or "", "none")

    @property
    def trend_symbol(self) -> str:
        return {"better": "↗", "worse": "↘", "same": "→"}.get(self.trend or "", "–")


@dataclass
class Part:
    department: OrgUnit
    entry: DepartmentPremises | None
    years: list[int] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    editable: bool = False

    @property
    def anchor(self) -> str:
        return f"avdelning-{self.department.pk}"


@dataclass
class PremisesReport:
    premises: PlanningPremises
    dates: PremisesDates
    state: InputState
    parts: list[Part]

    @property
    def written(self) -> int:
        return sum(1 for part in self.parts if part.entry is not None)

    @property
    def can_write(self) -> bool:
        return any(part.editable for part in self.parts)


def report_of(
    premises: PlanningPremises, *, user: User | None = None, today: datetime.date | None = None
) -> PremisesReport:
    """The departments with their parts and indicators; which parts `user` may write while the round
    takes input. Queries: the wheel's step, the municipality's Kolada code, the departments, the parts
    with who wrote them, their indicators, the indicators' values (and for an administrator the units
    they write: three)."""
    dates = premises_dates(premises)
    state = input_state(premises, dates, today or timezone.localdate())
    code = municipality_code()
    units = list(departments(premises, dates))
    entries: dict[int, DepartmentPremises] = {}
    if premises.pk:
        values = IndicatorValue.objects.filter(
            gender=IndicatorValue.Gender.TOTAL, municipality__in=[code, IndicatorValue.COUNTRY]
        ).order_by("year")
        entries = {
            entry.department_id: entry
            for entry in DepartmentPremises.objects.filter(premises=premises)
            .select_related("entered_by")
            .prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("title", "pk")),
                Prefetch("indicators__values", queryset=values),
            )
        }
    writable: set[int] | None = set()
    if user is not None and state.takes_input and may_write(user):
        writable = writable_department_ids(user)
    parts = []
    for unit in units:
        entry = entries.get(unit.pk)
        part = Part(unit, entry, editable=writable is None or unit.pk in writable)
        if entry is not None:
            part.years, part.indicators = indicator_rows(list(entry.indicators.all()), code)
        parts.append(part)
    parts.sort(key=lambda part: swedish_sort_key(part.department.name))
    return PremisesReport(premises, dates, state, parts)


def indicator_rows(indicators: list[Indicator], code: str) -> tuple[list[int], list[IndicatorRow]]:
    """The years shown (the last YEARS_SHOWN with a value of the municipality's) and a row per
    indicator, from the values already prefetched."""
    series = []
    years: set[int] = set()
    for indicator in indicators:
        own: dict[int, Decimal] = {}
        country: dict[int, Decimal] = {}
        for value in indicator.values.all():
            if value.value is None:
                continue
            if value.municipality == code:
                own[value.year] = value.value
            elif value.municipality == IndicatorValue.COUNTRY:
                country[value.year] = value.value
        years.update(own)
        series.append((indicator, own, country))
    shown = sorted(years)[-YEARS_SHOWN:]
    rows = []
    for indicator, own, country in series:
        known = [own[year] for year in sorted(own)]
        country_year = max(country, default=None)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                values=[own.get(year) for year in shown],
                latest_year=max(own, default=None),
                trend=value_trend(known, higher_is_better=indicator.higher_is_better),
                country=country.get(country_year) if country_year else None,
                country_year=country_year,
            )
        )
    return shown, rows
