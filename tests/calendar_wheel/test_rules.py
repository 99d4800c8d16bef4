"""Where the wheel's rules meet the calendar's edges: days past a month's end, periods across the new
year, days off, assumed months, meetings of the other kind, and the steps a year skips (R19–R31)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db.migrations.loader import MigrationLoader

from calendar_wheel import services
from calendar_wheel.models import Deadline, Timing, WheelEvent
from organisation.models import Meeting
from tests.factories import WheelEventFactory, body_named

MIGRATION = ("calendar_wheel", "0003_annual_report_on_15_april")
migration = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")


@pytest.fixture(scope="module")
def migration_apps():
    """The models as the migration sees them: no signals, no history manager, as in a real migrate."""
    return MigrationLoader(None, ignore_no_migrations=True).project_state(MIGRATION).apps


@pytest.fixture
def wheel(db):
    body_named("KF")
    body_named("KS")
    services.load_shipped_steps()


def dated(code: str, year: int) -> Deadline:
    return Deadline.objects.get(event__code=code, year=year)


def span(code: str, year: int) -> tuple[datetime.date, datetime.date | None]:
    deadline = dated(code, year)
    return deadline.date, deadline.end_date


# --- Days past the month's end, periods -----------------------------------------------------------------


def test_r19_a_day_past_the_months_end_is_the_months_last_day_and_the_year_still_generates(wheel):
    WheelEventFactory(code="day-31-in-june", timing=Timing.FIXED_DAY, month=6, day=31)
    WheelEventFactory(code="day-30-in-february", timing=Timing.CUT_OFF, month=2, day=30)
    result = services.generate_wheel(2027)
    assert dated("day-31-in-june", 2027).date == datetime.date(2027, 6, 30)
    assert dated("day-30-in-february", 2027).date == datetime.date(2027, 2, 28)
    services.generate_wheel(2028)
    assert dated("day-30-in-february", 2028).date == datetime.date(2028, 2, 29)  # a leap year
    # The shipped steps were dated as well: one odd step does not stop the year.
    assert result.created == WheelEvent.objects.count() - result.skipped


def test_r19_a_window_across_the_new_year_ends_in_the_next_year(db):
    WheelEventFactory(code="advent", timing=Timing.WINDOW, month=12, day=15, end_month=1, end_day=15)
    WheelEventFactory(code="to-leap-day", timing=Timing.WINDOW, month=12, day=15, end_month=2, end_day=29)
    services.generate_wheel(2027)
    services.generate_wheel(2026)
    assert span("advent", 2027) == (datetime.date(2027, 12, 15), datetime.date(2028, 1, 15))
    # The end's day is taken in the next year's month: 29 February exists in 2028, not in 2027.
    assert span("to-leap-day", 2027) == (datetime.date(2027, 12, 15), datetime.date(2028, 2, 29))
    assert span("to-leap-day", 2026) == (datetime.date(2026, 12, 15), datetime.date(2027, 2, 28))


def test_r19_a_one_day_window_starts_and_ends_on_its_day(db):
    WheelEventFactory(code="one-day", timing=Timing.WINDOW, month=3, day=10, end_month=3, end_day=10)
    services.generate_wheel(2027)
    assert span("one-day", 2027) == (datetime.date(2027, 3, 10), datetime.date(2027, 3, 10))


def test_r19_a_fixed_day_with_no_working_day_before_it_in_the_year_moves_into_the_year(db):
    WheelEventFactory(code="new-years-day", timing=Timing.FIXED_DAY, month=1, day=1)
    services.generate_wheel(2027)
    # 31 December 2026 is off and 1 January 2027 a holiday: the deadline stays in 2027's wheel, on the
    # first working day (2 and 3 January are a weekend).
    assert span("new-years-day", 2027) == (datetime.date(2027, 1, 4), None)


# --- R29: the annual report by 15 April; cut-off dates stay put ---------------------------------------


def test_r29_the_annual_report_reaches_kf_by_15_april_not_at_kfs_april_meeting(wheel):
    Meeting.objects.create(body=body_named("KF"), date=datetime.date(2027, 4, 26))
    services.generate_wheel(2027)
    report = dated("annual-report-to-kf", 2027)
    assert (report.date, report.end_date, report.meeting) == (datetime.date(2027, 4, 15), None, None)


@pytest.mark.parametrize(
    ("year", "due"),
    [
        (2028, datetime.date(2028, 4, 13)),  # Saturday and påskafton; the Friday is långfredagen
        (2022, datetime.date(2022, 4, 14)),  # långfredagen
        (2026, datetime.date(2026, 4, 15)),  # a Wednesday: no move
    ],
)
def test_r29_15_april_off_work_moves_to_the_working_day_before(wheel, year, due):
    services.generate_wheel(year)
    assert dated("annual-report-to-kf", year).date == due


def test_r29_generating_again_redates_a_deadline_placed_at_the_april_meeting(wheel):
    meeting = Meeting.objects.create(body=body_named("KF"), date=datetime.date(2027, 4, 26))
    services.generate_wheel(2027)
    Deadline.objects.filter(event__code="annual-report-to-kf", year=2027).update(
        date=meeting.date, meeting=meeting
    )
    result = services.generate_wheel(2027)
    assert result.updated == 1
    report = dated("annual-report-to-kf", 2027)
    assert (report.date, report.meeting) == (datetime.date(2027, 4, 15), None)


@pytest.mark.parametrize(
    ("code", "day"),
    [
        ("tertial-report-cut-off", datetime.date(2028, 4, 30)),  # a Sunday
        ("interim-report-cut-off", datetime.date(2025, 8, 31)),  # a Sunday
        ("annual-report-cut-off", datetime.date(2027, 12, 31)),  # nyårsafton, a day off
    ],
)
def test_r26_r27_r29_a_cut_off_date_on_a_day_off_does_not_move(wheel, code, day):
    assert not services.is_working_day(day)
    services.generate_wheel(day.year)
    assert span(code, day.year) == (day, None)


def test_r29_the_migration_moves_the_step_still_as_shipped(db, migration_apps):
    step = WheelEventFactory(
        code="annual-report-to-kf", body=body_named("KF"), timing=Timing.MEETING, month=4, day=None
    )
    versions = step.history.count()
    migration.forwards(migration_apps, None)
    step.refresh_from_db()
    assert (step.timing, step.month, step.day) == (Timing.FIXED_DAY, 4, 15)
    record = step.history.latest()
    assert (step.history.count(), record.timing, record.day) == (versions + 1, Timing.FIXED_DAY, 15)
    assert "15 april" in record.history_change_reason
    migration.backwards(migration_apps, None)
    step.refresh_from_db()
    assert (step.timing, step.month, step.day) == (Timing.MEETING, 4, None)


@pytest.mark.parametrize(
    "edited",
    [
        {"timing": Timing.MEETING, "month": 3, "day": None},  # another month (a planner, or the setting)
        {"timing": Timing.MONTH, "month": 4, "day": None},
        {"timing": Timing.FIXED_DAY, "month": 4, "day": 10},
    ],
)
def test_r29_the_migration_leaves_an_edited_step_alone(db, migration_apps, edited):
    step = WheelEventFactory(code="annual-report-to-kf", body=body_named("KF"), **edited)
    versions = step.history.count()
    migration.forwards(migration_apps, None)
    step.refresh_from_db()
    assert {name: getattr(step, name) for name in edited} == edited
    assert step.history.count() == versions


# --- Assumed months (R22, R29, R31) -----------------------------------------------------------------------


@pytest.mark.parametrize(("month", "offset"), [(1, 0), (6, 0), (7, 1), (12, 1)])
def test_r31_an_assumed_month_up_to_june_makes_the_control_plan_this_years(db, settings, month, offset):
    body_named("KF")
    body_named("KS")
    settings.WHEEL_ASSUMED_MONTHS = {"internal-control-plan": month}
    services.load_shipped_steps()
    step = WheelEvent.objects.get(code="internal-control-plan")
    assert (step.month, step.concerns_year_offset) == (month, offset)


def test_r29_an_assumed_month_moves_only_assumed_steps(db, settings):
    body_named("KF")
    body_named("KS")
    settings.WHEEL_ASSUMED_MONTHS = {"annual-report-to-kf": 3, "kf-adopts-budget": 3, "politikerdag-may": 1}
    services.load_shipped_steps()
    steps = {s.code: s for s in WheelEvent.objects.all()}
    assert (steps["annual-report-to-kf"].month, steps["annual-report-to-kf"].day) == (3, 15)
    # A step the governance document dates keeps its month, and next year's budget stays next year's.
    assert (steps["kf-adopts-budget"].month, steps["kf-adopts-budget"].concerns_year_offset) == (6, 1)
    assert steps["politikerdag-may"].month == 5
    services.generate_wheel(2027)
    assert dated("annual-report-to-kf", 2027).date == datetime.date(2027, 3, 15)


# --- Meetings of the other kind (R19, R20) ---------------------------------------------------------------


def test_r19_an_ordinary_step_takes_an_extraordinary_meeting_when_it_is_the_only_one(wheel):
    kf = body_named("KF")
    first = Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 9), extraordinary=True)
    Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 21), extraordinary=True)
    services.generate_wheel(2027)
    budget = dated("kf-adopts-budget", 2027)
    assert (budget.date, budget.meeting) == (first.date, first)


def test_r19_an_ordinary_step_prefers_the_first_ordinary_meeting(wheel):
    kf = body_named("KF")
    Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 2), extraordinary=True)
    ordinary = Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 14))
    Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 21))
    services.generate_wheel(2027)
    assert dated("kf-adopts-budget", 2027).meeting == ordinary


def test_r20_the_special_meeting_step_takes_the_first_ordinary_meeting_without_a_special_one(wheel):
    kf = body_named("KF")
    first = Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 11))
    Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 25))
    services.generate_wheel(2027)
    goals = dated("kf-adopts-mandate-goals", 2027)
    assert (goals.date, goals.meeting) == (first.date, first)


def test_r20_the_special_meeting_step_takes_the_first_special_meeting(wheel):
    kf = body_named("KF")
    Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 11))
    special = Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 18), extraordinary=True)
    Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 25), extraordinary=True)
    services.generate_wheel(2027)
    assert dated("kf-adopts-mandate-goals", 2027).meeting == special


# --- The steps a year skips (R20) ------------------------------------------------------------------------


def test_r20_steps_retired_or_not_in_the_year_are_counted_once_as_skipped(wheel):
    # 2026 is an election year; 2027 the year after; 2029 neither.
    assert services.generate_wheel(2026).skipped == 1  # KF adopts the mandate goals (the year after)
    assert services.generate_wheel(2027).skipped == 3  # the election year's three steps
    assert services.generate_wheel(2029).skipped == 4
    WheelEvent.objects.filter(code__in=["politikerdag-may", "ks-prepares-mandate-goals"]).update(retired=True)
    assert services.generate_wheel(2026).skipped == 3
    # The retired election-year step is skipped in 2029 for two reasons and counted once.
    assert services.generate_wheel(2029).skipped == 5
