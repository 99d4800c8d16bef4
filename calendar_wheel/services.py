"""The annual wheel's services: shipped steps, working days, generating deadlines, deadline states.

Public API (other parts of the app rely on these names):
- `load_shipped_steps() -> list[str]`
- `generate_wheel(year) -> GenerationResult`
- `deadline_states(deadlines, today) -> dict[int, State]`
- `State`
- `last_working_day(year, month) -> date`

Every write of the app is here, as `<entity>_<action>(*, ..., actor)`: the steps (`wheel_event_*`) and
the calendar feed's address (`calendar_feed_*`). A change to a step regenerates the wheel once, here;
only a meeting saved elsewhere (organisation) reaches the wheel through calendar_wheel.signals.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from calendar_wheel.models import (
    CalendarFeed,
    Concerns,
    Deadline,
    ReminderLog,
    Timing,
    WheelEvent,
    Years,
    latest_record,
    new_token,
)
from calendar_wheel.shipped import SHIPPED_STEPS, SPECIAL_MEETING_CODES
from goals.periods import is_election_year
from organisation.lifecycle import AdoptionStatus
from organisation.models import User
from styrmodell.concurrency import locked_for_edit

logger = logging.getLogger(__name__)


@lru_cache(maxsize=64)
def non_working_days(year: int) -> frozenset[datetime.date]:
    """Swedish public holidays of the year, plus the eves that are de facto days off.

    The `holidays` package lists the statutory holidays (and, for Sweden, every Sunday). Midsommarafton,
    julafton and nyårsafton are not public holidays by law but the municipality's offices are closed, so
    no deadline is placed on them. Saturdays and Sundays are never working days.
    """
    days = set(holidays.country_holidays("SE", years=year))
    midsummer_eve = next(
        datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4
    )
    days.update({midsummer_eve, datetime.date(year, 12, 24), datetime.date(year, 12, 31)})
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in non_working_days(day.year)


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    """The day if it is a working day, else the closest working day before it in the same year.

    A deadline that falls on a weekend or holiday is due the working day before. The first days of
    January have no working day before them in their year; rather than date the deadline in the year
    before (its wheel is the year's), it moves to the year's first working day.
    """
    moved = day
    while not is_working_day(moved):
        moved -= datetime.timedelta(days=1)
    if moved.year == day.year:
        return moved
    moved = day
    while not is_working_day(moved):
        moved += datetime.timedelta(days=1)
    return moved


def last_working_day(year: int, month: int) -> datetime.date:
    """The month's last day that is neither a weekend nor a (de facto) public holiday."""
    return working_day_on_or_before(datetime.date(year, month, calendar.monthrange(year, month)[1]))


class State(enum.Enum):
    """What a deadline's state is, as far as the system can tell."""

    DONE = "done"
    AT_RISK = "at_risk"
    MISSED = "missed"
    UPCOMING = "upcoming"
    PASSED = "passed"
    CUT_OFF = "cut_off"
    NOT_TRACKED = "not_tracked"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def css(self) -> str:
        return f"state-{self.value.replace('_', '-')}"


_SYMBOLS = {
    State.DONE: "✓",
    State.AT_RISK: "!",
    State.MISSED: "✗",
    State.UPCOMING: "○",
    State.PASSED: "–",
    State.CUT_OFF: "◆",
    State.NOT_TRACKED: "·",
}

_LABELS = {
    State.DONE: _("Done"),
    State.AT_RISK: _("At risk"),
    State.MISSED: _("Missed"),
    State.UPCOMING: _("Upcoming"),
    State.PASSED: _("Passed"),
    State.CUT_OFF: _("Cut-off date"),
    State.NOT_TRACKED: _("Not tracked"),
}


@dataclass
class GenerationResult:
    year: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    kept: list[str] = field(default_factory=list)


# --- The shipped steps ---------------------------------------------------------------------------------

_BODY_KINDS = {"KF": "fullmaktige", "KS": "kommunstyrelse"}  # organisation.models.Body.Kind values


def load_shipped_steps(*, skipped: list[str] | None = None) -> list[str]:
    """Create the shipped steps that are missing, by code; returns the codes created.

    An existing code is never touched: a planner's edits (and a retired step) stay as they are. A step
    whose body does not exist yet is skipped; its code is appended to `skipped` when a list is given and
    logged. Months of assumed steps come from settings.WHEEL_ASSUMED_MONTHS.
    """
    from organisation.models import Body

    existing = set(WheelEvent.objects.values_list("code", flat=True))
    bodies = {}
    for short, kind in _BODY_KINDS.items():
        bodies[short] = Body.objects.filter(kind=kind).order_by("pk").first()
    created = []
    for step in SHIPPED_STEPS:
        if step["code"] in existing:
            continue
        fields = {k: v for k, v in step.items() if k not in ("code", "body", "special_meeting")}
        body = bodies.get(step["body"]) if step["body"] else None
        if step["body"] and body is None:
            logger.warning(
                "Årshjulets steg %s hoppades över: organet %s finns inte.", step["code"], step["body"]
            )
            if skipped is not None:
                skipped.append(step["code"])
            continue
        if step["is_assumption"]:
            fields["month"] = settings.WHEEL_ASSUMED_MONTHS.get(step["code"], step["month"])
            if step["concerns_year_offset"] == 1 and fields["month"] <= 6:
                # A plan for the coming year adopted in December concerns next year; adopted in
                # January (a common alternative) it concerns the same year.
                fields["concerns_year_offset"] = 0
        created.append(WheelEvent.objects.create(code=step["code"], body=body, **fields))
    if created:
        # Years already generated from this year on get the new steps at once, as an edited step does.
        regenerate_events(created, generated_years(from_year=timezone.localdate().year))
    return [event.code for event in created]


# --- Placing a step in a year --------------------------------------------------------------------------


def applies_in(event: WheelEvent, year: int) -> bool:
    if event.years == Years.ELECTION:
        return is_election_year(year)
    if event.years == Years.AFTER_ELECTION:
        return is_election_year(year - 1)
    return True


def _day(year: int, month: int, day: int | None) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day or last, last))


@dataclass(frozen=True)
class Placement:
    date: datetime.date
    end_date: datetime.date | None = None
    meeting_id: int | None = None


def _pick_meeting(event: WheelEvent, meetings: list) -> object | None:
    """The body's meeting for the step: an ordinary step takes the month's first ordinary meeting (else
    the first meeting); a step at a special meeting takes the first extraordinary one (else the first)."""
    if not meetings:
        return None
    wanted = event.code in SPECIAL_MEETING_CODES
    return next((m for m in meetings if m.extraordinary == wanted), meetings[0])


def place(event: WheelEvent, year: int, meetings: list | None = None) -> Placement:
    """Where a step falls in a year. `meetings`: the step's body's meetings in the month, by date.

    A day past the month's end (31 April, 30 February) is the month's last day. A fixed day that is not
    a working day moves to the working day before; a cut-off date never moves.
    """
    if event.timing == Timing.MEETING:
        meeting = _pick_meeting(event, meetings or [])
        if meeting is not None:
            return Placement(meeting.date, None, meeting.pk)
        return Placement(last_working_day(year, event.month))
    if event.timing == Timing.MONTH:
        return Placement(datetime.date(year, event.month, 1), _day(year, event.month, None))
    if event.timing == Timing.WINDOW:
        start = _day(year, event.month, event.day or 1)
        end_month = event.end_month or event.month
        end = _day(year, end_month, event.end_day)
        if end < start:  # a window such as 15 December–15 January runs into the next year
            end = _day(year + 1, end_month, event.end_day)
        return Placement(start, end)
    day = _day(year, event.month, event.day)
    if event.timing == Timing.FIXED_DAY:
        # A fixed day is a deadline: on a day off it is due the working day before.
        return Placement(working_day_on_or_before(day))
    # A cut-off date is the day a report is drawn up to, not a day anybody must act on: it stays put.
    return Placement(day)


# --- Generating the deadlines ----------------------------------------------------------------------------


def _meetings_by_body_and_month(year: int, body_ids) -> dict[tuple[int, int], list]:
    from organisation.models import Meeting

    grouped: dict[tuple[int, int], list] = {}
    meetings = Meeting.objects.filter(body_id__in=body_ids, date__year=year).order_by("date", "pk")
    for meeting in meetings:
        grouped.setdefault((meeting.body_id, meeting.date.month), []).append(meeting)
    return grouped


def _generate(year: int, events, result: GenerationResult, *, remove_others_of=None) -> None:
    """Upsert the deadlines of `events` for `year`. Deadlines of the year whose step is retired or no
    longer applies are removed, within `remove_others_of` (a queryset of steps), unless reminders have
    already been logged for them (the log is the record of what was sent: those are kept).

    A fixed number of queries whatever the number of steps: one insert for the new deadlines, one update
    for the moved ones, one look and one delete for the stale ones."""
    events = [e for e in events if not e.retired and applies_in(e, year)]
    meeting_bodies = {e.body_id for e in events if e.timing == Timing.MEETING and e.body_id}
    meetings = _meetings_by_body_and_month(year, meeting_bodies) if meeting_bodies else {}
    existing = {d.event_id: d for d in Deadline.objects.filter(year=year, event__in=[e.pk for e in events])}
    new: list[Deadline] = []
    moved: list[Deadline] = []
    now = timezone.now()
    for event in events:
        placement = place(event, year, meetings.get((event.body_id, event.month)))
        deadline = existing.get(event.pk)
        if deadline is None:
            new.append(
                Deadline(
                    event=event,
                    year=year,
                    date=placement.date,
                    end_date=placement.end_date,
                    meeting_id=placement.meeting_id,
                )
            )
        elif (deadline.date, deadline.end_date, deadline.meeting_id) != (
            placement.date,
            placement.end_date,
            placement.meeting_id,
        ):
            deadline.date, deadline.end_date, deadline.meeting_id = (
                placement.date,
                placement.end_date,
                placement.meeting_id,
            )
            deadline.generated_at = now  # auto_now is not applied by bulk_update
            moved.append(deadline)
        else:
            result.unchanged += 1
    Deadline.objects.bulk_create(new)
    Deadline.objects.bulk_update(moved, ["date", "end_date", "meeting", "generated_at"])
    result.created += len(new)
    result.updated += len(moved)
    if new or moved:
        _public_changed()  # bulk writes send no post_save: the public side's generation is stamped here
    if remove_others_of is not None:
        stale = (
            Deadline.objects.filter(year=year, event__in=remove_others_of)
            .exclude(event__in=[e.pk for e in events])
            .select_related("event")
            .annotate(reminded=Exists(ReminderLog.objects.filter(deadline=OuterRef("pk"))))
        )
        removed = []
        for deadline in stale:
            if deadline.reminded:
                result.kept.append(deadline.event.code)
            else:
                removed.append(deadline.pk)
        if removed:
            Deadline.objects.filter(pk__in=removed).delete()
        result.removed += len(removed)


def _public_changed() -> None:
    from insyn.public import changed

    changed()


@transaction.atomic
def generate_wheel(year: int) -> GenerationResult:
    """Date every active step that applies in `year`; idempotent (a second run changes nothing).

    Deadlines of the year whose step has been retired or no longer applies are removed: they are
    derived data. One exception: a deadline whose reminders have gone out is kept (reported in `kept`).
    """
    result = GenerationResult(year=year)
    events = list(WheelEvent.objects.all())
    result.skipped = sum(1 for e in events if e.retired or not applies_in(e, year))
    _generate(year, events, result, remove_others_of=WheelEvent.objects.all())
    return result


def generated_years(from_year: int | None = None) -> list[int]:
    """The years that have deadlines (from a year on)."""
    qs = Deadline.objects.all()
    if from_year is not None:
        qs = qs.filter(year__gte=from_year)
    return sorted(qs.order_by().values_list("year", flat=True).distinct())


def regenerate_events(events, years) -> None:
    """Bring the given steps' deadlines up to date in the given years, where those years are generated."""
    events = list(events)
    if not events:
        return
    present = set(
        Deadline.objects.filter(year__in=list(years)).order_by().values_list("year", flat=True).distinct()
    )
    ids = [e.pk for e in events]
    for year in sorted(present):
        _generate(
            year, events, GenerationResult(year=year), remove_others_of=WheelEvent.objects.filter(pk__in=ids)
        )


def regenerate_body_meetings(body_id: int, years) -> None:
    """A body's meeting moved, came or went: re-place its meeting steps in the given (generated) years."""
    regenerate_events(WheelEvent.objects.filter(body_id=body_id, timing=Timing.MEETING), years)


def regenerate_from(year: int, events) -> None:
    """The wheel after steps changed, each year generated once.

    This year's and next year's wheels (the nightly job's years) are generated whole, so that a change
    shows at once, also before the job has run; in the later generated years the steps' deadlines follow.
    """
    for each in (year, year + 1):
        generate_wheel(each)
    regenerate_events(events, generated_years(from_year=year + 2))


# --- Editing the steps ---------------------------------------------------------------------------------

# The fields of a step a planner edits; the code is given once, and retiring is its own service.
STEP_FIELDS = (
    "title",
    "description",
    "body",
    "audience",
    "timing",
    "month",
    "day",
    "end_month",
    "end_day",
    "years",
    "concerns",
    "concerns_year_offset",
    "remind_presidium",
    "remind_group_leaders",
    "remind_committee_chairs",
    "remind_role",
    "information",
    "is_assumption",
    "rule",
)


def _new_code(title: str) -> str:
    return f"{slugify(title)[:40]}-{get_random_string(6).lower()}"


def _save_step(event: WheelEvent, actor: User) -> None:
    """Save with its history record, then regenerate the wheel: the one regeneration of the change."""
    event.full_clean()
    event._history_user = actor
    event.save()
    regenerate_from(timezone.localdate().year, [event])


@transaction.atomic
def wheel_event_create(*, data: Mapping[str, object], actor: User) -> WheelEvent:
    """Add a step; the wheel for this year and the next follows at once."""
    event = WheelEvent(**{name: data[name] for name in STEP_FIELDS if name in data})
    event.code = _new_code(event.title)
    _save_step(event, actor)
    return event


@transaction.atomic
def wheel_event_update(
    *, event: WheelEvent, data: Mapping[str, object], expected_version: int | None, actor: User
) -> WheelEvent:
    """Change a step; refused if somebody saved it since it was read (its latest history record)."""
    mine = {name: data[name] for name in STEP_FIELDS if name in data}
    event = locked_for_edit(
        WheelEvent.objects.all(),
        pk=event.pk,
        expected_version=expected_version,
        mine=mine,
        version_of=latest_record,
    )
    for name, value in mine.items():
        setattr(event, name, value)
    _save_step(event, actor)
    return event


def _set_retired(event: WheelEvent, retired: bool, actor: User) -> WheelEvent:
    event = WheelEvent.objects.select_for_update(of=("self",)).get(pk=event.pk)
    event.retired = retired
    _save_step(event, actor)
    return event


@transaction.atomic
def wheel_event_retire(*, event: WheelEvent, actor: User) -> WheelEvent:
    """Retire a step: it stays readable, and its deadlines leave the wheel from this year on.

    A deadline whose reminders have gone out is kept (see generate_wheel).
    """
    return _set_retired(event, True, actor)


@transaction.atomic
def wheel_event_reinstate(*, event: WheelEvent, actor: User) -> WheelEvent:
    """Bring a retired step back: it is dated again from this year on."""
    return _set_retired(event, False, actor)


# --- The calendar feed's address -------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, actor: User) -> CalendarFeed:
    """The actor's calendar address, created if they have none; asking again keeps the one they have."""
    feed, _created = CalendarFeed.objects.get_or_create(user=actor)
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: User) -> CalendarFeed:
    """A new calendar address for the actor; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=actor)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


# --- Deadline states -------------------------------------------------------------------------------------

AT_RISK_DAYS = 14

# The report each report step concerns (followup.models.ReportKind values).
REPORT_CONCERNS = {
    Concerns.TERTIAL_REPORT: "tertial",
    Concerns.INTERIM_REPORT: "delar",
    Concerns.ANNUAL_REPORT: "ar",
}


def _adopted_keys(concern: str, keys: set[tuple[int | None, int]]) -> set[tuple[int | None, int]]:
    """Which (body id, year) keys have the thing the concern tracks adopted; body None = any body.

    One query per concern, whatever the number of deadlines.
    """
    years = {year for _, year in keys}
    adopted: set[tuple[int | None, int]] = set()
    if concern == Concerns.OPERATIONAL_PLAN:
        from planning.models import OperationalPlan

        rows = OperationalPlan.objects.filter(year__in=years, status=AdoptionStatus.ADOPTED).values_list(
            "body_id", "year"
        )
        adopted = set(rows)
    elif concern == Concerns.INTERNAL_CONTROL_PLAN:
        from followup.models import InternalControlPlan

        rows = InternalControlPlan.objects.filter(year__in=years, status=AdoptionStatus.ADOPTED)
        adopted = set(rows.values_list("body_id", "year"))
    elif concern == Concerns.ANNUAL_GOALS:
        from goals.models import AnnualGoal

        statuses: dict[tuple[int, int], set[str]] = {}
        for body_id, year, status in (
            AnnualGoal.objects.filter(year__in=years)
            .order_by()
            .values_list("body_id", "year", "status")
            .distinct()
        ):
            statuses.setdefault((body_id, year), set()).add(status)
        # Done when the body has goals for the year and every one of them is adopted.
        adopted = {key for key, found in statuses.items() if found == {AdoptionStatus.ADOPTED}}
    elif concern == Concerns.MANDATE_GOALS:
        from goals.models import MandatePeriod

        rows = MandatePeriod.objects.filter(
            election_year__in=[y - 1 for y in years], status=AdoptionStatus.ADOPTED
        ).values_list("election_year", flat=True)
        return {(None, election_year + 1) for election_year in rows}
    elif concern in (Concerns.BUDGET, Concerns.BUDGET_RECALCULATION):
        from budget.models import BudgetVersion

        kinds = (
            [BudgetVersion.Kind.RECALCULATION]
            if concern == Concerns.BUDGET_RECALCULATION
            else list(BudgetVersion.Kind.values)
        )
        rows = BudgetVersion.objects.filter(
            budget__year__in=years, status=AdoptionStatus.ADOPTED, kind__in=kinds
        ).values_list("budget__year", flat=True)
        return {(None, year) for year in rows}
    else:
        return set()
    return adopted | {(None, year) for _, year in adopted}


def _adopted_reports(wanted: dict[str, set[tuple[int | None, int]]]) -> dict[str, set]:
    """The (body id, year) keys whose report each report concern tracks is adopted, in one query."""
    if not wanted:
        return {}
    from followup.models import Report

    years = {year for keys in wanted.values() for _, year in keys}
    rows = Report.objects.filter(
        year__in=years, kind__in=[REPORT_CONCERNS[c] for c in wanted], status=AdoptionStatus.ADOPTED
    ).values_list("kind", "body_id", "year")
    found: dict[str, set] = {concern: set() for concern in wanted}
    by_kind = {kind: concern for concern, kind in REPORT_CONCERNS.items()}
    for kind, body_id, year in rows:
        found[by_kind[kind]] |= {(body_id, year), (None, year)}
    return found


def deadline_states(deadlines, today: datetime.date) -> dict[int, State]:
    """Each deadline's state on `today`, in a constant number of queries (one per tracked concern, plus
    one for the steps when they are not loaded).

    - A retired step's deadline (kept because its reminders went out): NOT_TRACKED.
    - Cut-off dates: CUT_OFF. Steps that concern nothing tracked: UPCOMING until the last day, then PASSED.
    - Tracked steps (the plan, goals, budget, control plan of `deadline.concerns_year`): DONE once the
      thing is adopted; otherwise AT_RISK within 14 days before the last day, MISSED after it, and
      UPCOMING before that.
    """
    deadlines = list(deadlines)
    _ensure_events(deadlines)
    wanted: dict[str, set[tuple[int | None, int]]] = {}
    for d in deadlines:
        if d.event.concerns and d.event.timing != Timing.CUT_OFF:
            wanted.setdefault(d.event.concerns, set()).add((d.event.body_id, d.concerns_year))
    adopted = {c: _adopted_keys(c, keys) for c, keys in wanted.items() if c not in REPORT_CONCERNS}
    adopted |= _adopted_reports({c: keys for c, keys in wanted.items() if c in REPORT_CONCERNS})
    states: dict[int, State] = {}
    for d in deadlines:
        last_day = d.end_date or d.date
        if d.event.retired:
            states[d.pk] = State.NOT_TRACKED
        elif d.event.timing == Timing.CUT_OFF:
            states[d.pk] = State.CUT_OFF
        elif not d.event.concerns:
            states[d.pk] = State.UPCOMING if last_day >= today else State.PASSED
        elif _is_adopted(adopted[d.event.concerns], d.event.body_id, d.concerns_year):
            states[d.pk] = State.DONE
        elif today > last_day:
            states[d.pk] = State.MISSED
        elif today >= last_day - datetime.timedelta(days=AT_RISK_DAYS):
            states[d.pk] = State.AT_RISK
        else:
            states[d.pk] = State.UPCOMING
    return states


def _is_adopted(keys: set[tuple[int | None, int]], body_id: int | None, year: int) -> bool:
    """Tracked by body (plans, goals, control plans) or by year only (the budget, the mandate goals)."""
    return (body_id, year) in keys or (None, year) in keys


def _ensure_events(deadlines: list[Deadline]) -> None:
    """Load the steps of deadlines fetched without select_related("event"), in one query."""
    missing = [d for d in deadlines if not Deadline.event.is_cached(d)]
    if missing:
        events = WheelEvent.objects.in_bulk({d.event_id for d in missing})
        for d in missing:
            d.event = events[d.event_id]
