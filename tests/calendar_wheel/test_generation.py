"""Generating the annual wheel's deadlines (R19–R23, R26, R27, R29, R31): which steps in which years,
where they land (meetings, last working days), idempotence, and meetings moving their deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from calendar_wheel import services
from calendar_wheel.models import Deadline, ReminderLog, WheelEvent
from calendar_wheel.services import State
from calendar_wheel.tasks import generate_upcoming_wheels
from goals.periods import election_day
from organisation.models import Meeting
from tests.factories import body_named

EVERY_YEAR = {
    ("ks-handles-annual-report", 3),
    ("tertial-report-cut-off", 4),
    ("annual-report-to-kf", 4),
    ("kf-presidium-meets-group-leaders", 5),
    ("ks-prepares-budget", 5),
    ("ks-adopts-annual-goals", 5),
    ("ks-starts-operational-plan", 5),
    ("politikerdag-may", 5),
    ("kf-adopts-budget", 6),
    ("kf-decides-mandate-goal-revision", 6),
    ("tertial-report-to-kf", 6),
    ("ks-handles-tertial-report", 6),
    ("committee-chairs-draft-plans", 6),
    ("interim-report-cut-off", 8),
    ("ks-presidium-prepares-plans", 9),
    ("interim-report-to-kf", 10),
    ("ks-handles-interim-report", 10),
    ("kf-technical-recalculation", 11),
    ("ks-adopts-operational-plan", 11),
    ("politikerdag-november", 11),
    ("planning-prerequisites-report", 11),
    ("annual-report-cut-off", 12),
    ("internal-control-plan", 12),
}
ELECTION_YEAR_ONLY = {
    ("kf-mandate-goal-work-starts", 10),
    ("group-leaders-mandate-goal-meetings", 10),
    ("ks-prepares-mandate-goals", 12),
}
AFTER_ELECTION_ONLY = {("kf-adopts-mandate-goals", 1)}


@pytest.fixture
def wheel(db):
    body_named("KF")
    body_named("KS")
    services.load_shipped_steps()


def steps_of(year: int) -> set[tuple[str, int]]:
    return {(d.event.code, d.date.month) for d in Deadline.objects.filter(year=year).select_related("event")}


def test_r19_r20_election_year_2026_holds_exactly_the_seeds_steps(wheel):
    services.generate_wheel(2026)
    assert steps_of(2026) == EVERY_YEAR | ELECTION_YEAR_ONLY


def test_r19_r20_year_after_election_2027_holds_the_special_january_meeting(wheel):
    services.generate_wheel(2027)
    assert steps_of(2027) == EVERY_YEAR | AFTER_ELECTION_ONLY


def test_r19_ordinary_year_2029_holds_only_the_yearly_steps(wheel):
    services.generate_wheel(2029)
    assert steps_of(2029) == EVERY_YEAR


def test_r20_2030_is_an_election_year_with_election_day_8_september(wheel):
    assert election_day(2030) == datetime.date(2030, 9, 8)
    services.generate_wheel(2030)
    assert steps_of(2030) >= ELECTION_YEAR_ONLY
    assert not AFTER_ELECTION_ONLY & steps_of(2030)


def test_r20_group_leaders_meet_in_one_window_15_october_to_15_november_with_the_cap(wheel):
    services.generate_wheel(2026)
    window = Deadline.objects.get(year=2026, event__code="group-leaders-mandate-goal-meetings")
    assert (window.date, window.end_date) == (datetime.date(2026, 10, 15), datetime.date(2026, 11, 15))
    assert "upp till fem arvoderade möten" in window.event.information
    assert WheelEvent.objects.filter(rule="4.6.1", audience="gruppledare").count() == 1


def test_r23_drafting_spans_june_to_september_and_months_span_the_month(wheel):
    services.generate_wheel(2027)
    drafting = Deadline.objects.get(year=2027, event__code="committee-chairs-draft-plans")
    assert (drafting.date, drafting.end_date) == (datetime.date(2027, 6, 1), datetime.date(2027, 9, 30))
    politikerdag = Deadline.objects.get(year=2027, event__code="politikerdag-may")
    assert (politikerdag.date, politikerdag.end_date) == (
        datetime.date(2027, 5, 1),
        datetime.date(2027, 5, 31),
    )


def test_r26_r27_r29_cut_off_dates_fall_on_their_day(wheel):
    services.generate_wheel(2027)
    cut_offs = {d.event.code: d.date for d in Deadline.objects.filter(year=2027, event__timing="brytdatum")}
    assert cut_offs == {
        "tertial-report-cut-off": datetime.date(2027, 4, 30),
        "interim-report-cut-off": datetime.date(2027, 8, 31),
        "annual-report-cut-off": datetime.date(2027, 12, 31),
    }
    assert not Deadline.objects.filter(year=2027).real().filter(event__timing="brytdatum").exists()


def test_last_working_day_skips_weekends_and_swedish_holidays():
    assert services.last_working_day(2026, 5) == datetime.date(2026, 5, 29)  # 31 May is a Sunday
    assert services.last_working_day(2026, 1) == datetime.date(2026, 1, 30)  # 31 January is a Saturday
    assert services.last_working_day(2026, 12) == datetime.date(2026, 12, 30)  # nyårsafton is off
    assert services.last_working_day(2021, 12) == datetime.date(2021, 12, 30)  # 31st is a Friday, off
    assert services.last_working_day(2024, 3) == datetime.date(2024, 3, 28)  # Långfredag 29th, Sat, Sun
    assert services.last_working_day(2030, 5) == datetime.date(2030, 5, 31)


def test_midsummer_eve_and_christmas_eve_are_not_working_days():
    assert not services.is_working_day(datetime.date(2026, 6, 19))  # midsommarafton
    assert not services.is_working_day(datetime.date(2025, 12, 24))  # julafton
    assert services.is_working_day(datetime.date(2026, 6, 18))


def test_meeting_step_without_a_meeting_lands_on_the_last_working_day(wheel):
    services.generate_wheel(2026)
    plan = Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan")
    assert plan.date == datetime.date(2026, 11, 30)
    assert plan.meeting is None
    budget = Deadline.objects.get(year=2026, event__code="kf-adopts-budget")
    assert budget.date == datetime.date(2026, 6, 30)


def test_meeting_step_lands_on_the_bodys_meeting_in_the_month(wheel):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    Meeting.objects.create(body=body_named("KF"), date=datetime.date(2026, 11, 16))  # another body's
    services.generate_wheel(2026)
    plan = Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan")
    assert (plan.date, plan.meeting) == (meeting.date, meeting)
    recalculation = Deadline.objects.get(year=2026, event__code="kf-technical-recalculation")
    assert recalculation.date == datetime.date(2026, 11, 16)


def test_r20_special_meeting_in_january_prefers_the_extraordinary_meeting(wheel):
    kf = body_named("KF")
    Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 11))
    special = Meeting.objects.create(body=kf, date=datetime.date(2027, 1, 25), extraordinary=True)
    services.generate_wheel(2027)
    assert Deadline.objects.get(year=2027, event__code="kf-adopts-mandate-goals").meeting == special


def test_ordinary_step_takes_the_ordinary_meeting_over_an_extraordinary_one(wheel):
    kf = body_named("KF")
    Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 2), extraordinary=True)
    ordinary = Meeting.objects.create(body=kf, date=datetime.date(2027, 6, 14))
    services.generate_wheel(2027)
    assert Deadline.objects.get(year=2027, event__code="kf-adopts-budget").meeting == ordinary


def test_regenerating_changes_nothing(wheel):
    Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    first = services.generate_wheel(2026)
    assert first.created == len(EVERY_YEAR | ELECTION_YEAR_ONLY)
    before = list(
        Deadline.objects.order_by("pk").values_list("pk", "event_id", "date", "end_date", "generated_at")
    )
    second = services.generate_wheel(2026)
    assert (second.created, second.updated, second.removed) == (0, 0, 0)
    assert second.unchanged == first.created
    after = list(
        Deadline.objects.order_by("pk").values_list("pk", "event_id", "date", "end_date", "generated_at")
    )
    assert after == before


def test_moving_a_meeting_moves_its_deadlines(wheel):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    services.generate_wheel(2026)
    meeting.date = datetime.date(2026, 11, 24)
    meeting.save()
    plan = Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan")
    assert (plan.date, plan.meeting_id) == (datetime.date(2026, 11, 24), meeting.pk)


def test_moving_a_meeting_out_of_the_month_falls_back_and_a_new_one_is_taken(wheel):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    services.generate_wheel(2026)
    services.generate_wheel(2027)
    meeting.date = datetime.date(2027, 11, 9)  # moved to the next year
    meeting.save()
    assert Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan").date == datetime.date(
        2026, 11, 30
    )
    moved = Deadline.objects.get(year=2027, event__code="ks-adopts-operational-plan")
    assert (moved.date, moved.meeting_id) == (datetime.date(2027, 11, 9), meeting.pk)


def test_deleting_a_meeting_falls_back_to_the_last_working_day(wheel):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    services.generate_wheel(2026)
    meeting.delete()
    plan = Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan")
    assert (plan.date, plan.meeting) == (datetime.date(2026, 11, 30), None)


def test_meetings_in_years_not_generated_generate_nothing(wheel):
    Meeting.objects.create(body=body_named("KS"), date=datetime.date(2031, 11, 10))
    assert not Deadline.objects.exists()


def test_retiring_a_step_removes_its_deadlines_from_this_year_on(wheel, settings, planner):
    services.generate_wheel(2020)
    services.generate_wheel(2099)
    event = WheelEvent.objects.get(code="politikerdag-may")
    services.wheel_event_retire(event=event, actor=planner)
    assert not Deadline.objects.filter(event=event, year=2099).exists()
    assert Deadline.objects.filter(event=event, year=2020).exists()  # the past is kept
    result = services.generate_wheel(2020)
    assert result.removed == 1
    assert services.generate_wheel(2099).created == 0


def test_editing_a_step_moves_its_generated_deadlines(wheel, planner):
    services.generate_wheel(2099)
    event = WheelEvent.objects.get(code="politikerdag-may")
    services.wheel_event_update(event=event, data={"month": 4}, expected_version=None, actor=planner)
    assert Deadline.objects.get(event=event, year=2099).date == datetime.date(2099, 4, 1)


def test_generate_wheel_command_prints_the_counts(wheel, capsys):
    call_command("generate_wheel", "2029")
    out = capsys.readouterr().out
    assert f"2029: {len(EVERY_YEAR)} " in out
    assert Deadline.objects.filter(year=2029).count() == len(EVERY_YEAR)


def test_generate_wheel_command_loads_the_shipped_steps_first(db, capsys):
    body_named("KF")
    body_named("KS")
    call_command("generate_wheel", "2026")
    assert steps_of(2026) == EVERY_YEAR | ELECTION_YEAR_ONLY


def test_task_generates_this_year_and_the_next(db):
    body_named("KF")
    body_named("KS")
    summary = generate_upcoming_wheels.delay("2026-11-27").get()
    assert set(summary) == {2026, 2027}
    assert steps_of(2027) == EVERY_YEAR | AFTER_ELECTION_ONLY
    again = generate_upcoming_wheels("2026-11-27")
    assert (again[2026]["created"], again[2026]["updated"]) == (0, 0)


def test_celery_beat_runs_the_generation_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["calendar-wheel-generate-upcoming"]
    assert entry["task"] == "calendar_wheel.tasks.generate_upcoming_wheels"
    assert entry["schedule"].hour == {2}


def test_a_retired_steps_deadline_with_sent_reminders_is_kept_and_not_tracked(wheel):
    services.generate_wheel(2099)
    deadline = Deadline.objects.get(year=2099, event__code="ks-adopts-operational-plan")
    ReminderLog.objects.create(deadline=deadline, email="ordforande@ange.se", days_before=28)
    WheelEvent.objects.filter(pk=deadline.event_id).update(retired=True)
    result = services.generate_wheel(2099)
    assert (result.removed, result.kept) == (0, ["ks-adopts-operational-plan"])
    deadline.refresh_from_db()
    assert services.deadline_states([deadline], datetime.date(2099, 1, 1))[deadline.pk] == State.NOT_TRACKED


def test_generate_wheel_command_refuses_a_nonsense_year(db):
    with pytest.raises(CommandError):
        call_command("generate_wheel", "20266")
