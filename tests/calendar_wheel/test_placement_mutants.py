"""The annual wheel's dating rules without a database: working days, placement, states (`make mutation`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from calendar_wheel import services
from calendar_wheel.models import Concerns, Deadline, Timing, WheelEvent, Years
from calendar_wheel.services import Placement, State
from tests.factories import WheelEventFactory

D = datetime.date


class TestNonWorkingDays:
    def test_the_eves_are_days_off(self):
        days = services.non_working_days(2025)
        assert {D(2025, 6, 20), D(2025, 12, 24), D(2025, 12, 31)} <= days

    @pytest.mark.parametrize(
        ("year", "eve"), [(2025, D(2025, 6, 20)), (2026, D(2026, 6, 19)), (2027, D(2027, 6, 25))]
    )
    def test_midsummer_eve_is_the_friday_between_19_and_25_june(self, year, eve):
        days = services.non_working_days(year)
        assert eve in days
        fridays = [D(year, 6, d) for d in range(19, 26) if D(year, 6, d).weekday() == 4]
        assert fridays == [eve]

    def test_statutory_holidays_and_no_others(self):
        days = services.non_working_days(2025)
        assert D(2025, 1, 6) in days  # trettondedag jul
        assert D(2025, 4, 18) in days  # långfredagen
        assert D(2025, 1, 7) not in days
        assert D(2025, 6, 19) not in days
        assert D(2025, 12, 23) not in days

    def test_a_frozen_set_of_the_year_only(self):
        days = services.non_working_days(2026)
        assert isinstance(days, frozenset)
        assert {day.year for day in days} == {2026}


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (D(2025, 6, 13), True),  # a Friday
            (D(2025, 6, 14), False),  # Saturday
            (D(2025, 6, 15), False),  # Sunday
            (D(2025, 6, 16), True),  # Monday
            (D(2025, 6, 20), False),  # midsommarafton, a Friday
            (D(2025, 12, 24), False),  # julafton, a Wednesday
        ],
    )
    def test_is_working_day(self, day, working):
        assert services.is_working_day(day) is working

    def test_a_working_day_stays(self):
        assert services.working_day_on_or_before(D(2025, 6, 13)) == D(2025, 6, 13)

    def test_a_weekend_moves_to_the_friday_before(self):
        assert services.working_day_on_or_before(D(2025, 6, 15)) == D(2025, 6, 13)

    def test_past_several_days_off(self):
        # Midsommardagen (Sat 21) → eve (Fri 20) → Thursday 19.
        assert services.working_day_on_or_before(D(2025, 6, 21)) == D(2025, 6, 19)

    def test_the_years_first_days_move_forward_not_into_the_year_before(self):
        # 1 January 2022 is a Saturday: 2, 3 January are Sunday and Monday.
        assert services.working_day_on_or_before(D(2022, 1, 1)) == D(2022, 1, 3)
        assert services.working_day_on_or_before(D(2022, 1, 2)) == D(2022, 1, 3)

    def test_the_years_first_working_day_skips_trettondagen(self):
        # 2028: 1 Jan Saturday, 2 Sunday, 3 Monday is working.
        assert services.working_day_on_or_before(D(2028, 1, 1)) == D(2028, 1, 3)

    @pytest.mark.parametrize(
        ("year", "month", "last"),
        [
            (2025, 5, D(2025, 5, 30)),  # 31 May is a Saturday
            (2025, 12, D(2025, 12, 30)),  # nyårsafton is off
            (2025, 6, D(2025, 6, 30)),  # a Monday
            (2024, 2, D(2024, 2, 29)),  # leap year, a Thursday
            (2025, 2, D(2025, 2, 28)),
            (2026, 1, D(2026, 1, 30)),  # 31 January a Saturday
        ],
    )
    def test_last_working_day(self, year, month, last):
        assert services.last_working_day(year, month) == last


class TestState:
    @pytest.mark.parametrize(
        ("state", "symbol", "css"),
        [
            (State.DONE, "✓", "state-done"),
            (State.AT_RISK, "!", "state-at-risk"),
            (State.MISSED, "✗", "state-missed"),
            (State.UPCOMING, "○", "state-upcoming"),
            (State.PASSED, "–", "state-passed"),
            (State.CUT_OFF, "◆", "state-cut-off"),
            (State.NOT_TRACKED, "·", "state-not-tracked"),
        ],
    )
    def test_symbol_and_css(self, state, symbol, css):
        assert (state.symbol, state.css) == (symbol, css)

    def test_labels(self):
        with translation.override("en"):
            labels = [str(state.label) for state in State]
        assert labels == [
            "Done",
            "At risk",
            "Missed",
            "Upcoming",
            "Passed",
            "Cut-off date",
            "Not tracked",
        ]


class TestAppliesIn:
    @pytest.mark.parametrize(
        ("years", "year", "applies"),
        [
            (Years.EVERY, 2025, True),
            (Years.EVERY, 2026, True),
            (Years.ELECTION, 2026, True),
            (Years.ELECTION, 2027, False),
            (Years.AFTER_ELECTION, 2027, True),
            (Years.AFTER_ELECTION, 2026, False),
        ],
    )
    def test_by_the_election_calendar(self, years, year, applies):
        assert services.applies_in(WheelEvent(years=years), year) is applies


def step(timing, month, day=None, **fields):
    return WheelEvent(code=fields.pop("code", "step"), timing=timing, month=month, day=day, **fields)


@dataclass
class _Meeting:
    pk: int
    date: datetime.date
    extraordinary: bool = False


class TestPlace:
    def test_a_meeting_step_at_the_months_first_ordinary_meeting(self):
        meetings = [
            _Meeting(1, D(2025, 3, 3), True),
            _Meeting(2, D(2025, 3, 10)),
            _Meeting(3, D(2025, 3, 24)),
        ]
        assert services.place(step(Timing.MEETING, 3), 2025, meetings) == Placement(D(2025, 3, 10), None, 2)

    def test_a_meeting_step_without_an_ordinary_meeting_takes_the_first(self):
        meetings = [_Meeting(1, D(2025, 3, 3), True), _Meeting(2, D(2025, 3, 17), True)]
        assert services.place(step(Timing.MEETING, 3), 2025, meetings) == Placement(D(2025, 3, 3), None, 1)

    def test_a_special_step_takes_the_extraordinary_meeting(self):
        special = step(Timing.MEETING, 1, code="kf-adopts-mandate-goals")
        meetings = [_Meeting(1, D(2027, 1, 10)), _Meeting(2, D(2027, 1, 20), True)]
        assert services.place(special, 2027, meetings) == Placement(D(2027, 1, 20), None, 2)

    def test_a_special_step_without_one_takes_the_first(self):
        special = step(Timing.MEETING, 1, code="kf-adopts-mandate-goals")
        meetings = [_Meeting(1, D(2027, 1, 10)), _Meeting(2, D(2027, 1, 20))]
        assert services.place(special, 2027, meetings) == Placement(D(2027, 1, 10), None, 1)

    @pytest.mark.parametrize("meetings", [None, []])
    def test_a_meeting_step_without_meetings_falls_on_the_months_last_working_day(self, meetings):
        assert services.place(step(Timing.MEETING, 5), 2025, meetings) == Placement(D(2025, 5, 30))

    def test_a_month(self):
        assert services.place(step(Timing.MONTH, 2), 2024) == Placement(D(2024, 2, 1), D(2024, 2, 29))

    def test_a_window(self):
        window = step(Timing.WINDOW, 3, 10, end_month=4, end_day=20)
        assert services.place(window, 2025) == Placement(D(2025, 3, 10), D(2025, 4, 20))

    def test_a_window_without_days_runs_from_the_first_to_the_end_months_last(self):
        window = step(Timing.WINDOW, 3, None, end_month=4, end_day=None)
        assert services.place(window, 2025) == Placement(D(2025, 3, 1), D(2025, 4, 30))

    def test_a_window_within_its_month(self):
        window = step(Timing.WINDOW, 9, 5, end_month=None, end_day=12)
        assert services.place(window, 2025) == Placement(D(2025, 9, 5), D(2025, 9, 12))

    def test_a_window_ending_on_its_first_day(self):
        window = step(Timing.WINDOW, 9, 5, end_month=9, end_day=5)
        assert services.place(window, 2025) == Placement(D(2025, 9, 5), D(2025, 9, 5))

    def test_a_window_into_the_next_year(self):
        window = step(Timing.WINDOW, 12, 15, end_month=1, end_day=15)
        assert services.place(window, 2025) == Placement(D(2025, 12, 15), D(2026, 1, 15))

    def test_a_fixed_day_on_a_day_off_moves_to_the_working_day_before(self):
        assert services.place(step(Timing.FIXED_DAY, 6, 21), 2025) == Placement(D(2025, 6, 19))

    def test_a_fixed_day_past_the_months_end(self):
        assert services.place(step(Timing.FIXED_DAY, 4, 31), 2025) == Placement(D(2025, 4, 30))

    def test_a_fixed_day_without_a_day_is_the_months_last_working_day(self):
        assert services.place(step(Timing.FIXED_DAY, 5, None), 2025) == Placement(D(2025, 5, 30))

    def test_a_cut_off_date_never_moves(self):
        assert services.place(step(Timing.CUT_OFF, 6, 21), 2025) == Placement(D(2025, 6, 21))

    def test_a_cut_off_date_past_the_months_end(self):
        assert services.place(step(Timing.CUT_OFF, 2, 30), 2025) == Placement(D(2025, 2, 28))


TODAY = D(2025, 6, 2)


def deadline(pk, *, last_day, timing=Timing.FIXED_DAY, retired=False, end=None):
    event = WheelEvent(
        pk=pk, code=f"s{pk}", timing=timing, month=6, retired=retired, concerns=Concerns.NOTHING
    )
    return Deadline(pk=pk, event=event, year=2025, date=last_day, end_date=end)


class TestStatesOfUntrackedSteps:
    """Steps that concern nothing tracked: no query is needed, so no database either."""

    def test_upcoming_until_the_last_day_then_passed(self):
        states = services.deadline_states(
            [
                deadline(1, last_day=TODAY + datetime.timedelta(days=1)),
                deadline(2, last_day=TODAY),
                deadline(3, last_day=TODAY - datetime.timedelta(days=1)),
            ],
            TODAY,
        )
        assert states == {1: State.UPCOMING, 2: State.UPCOMING, 3: State.PASSED}

    def test_a_windows_last_day_is_its_end(self):
        window = deadline(1, last_day=D(2025, 5, 1), end=TODAY, timing=Timing.WINDOW)
        assert services.deadline_states([window], TODAY) == {1: State.UPCOMING}

    def test_cut_off_and_retired(self):
        states = services.deadline_states(
            [
                deadline(1, last_day=D(2025, 1, 1), timing=Timing.CUT_OFF),
                deadline(2, last_day=D(2025, 1, 1), retired=True),
                deadline(3, last_day=D(2025, 1, 1), retired=True, timing=Timing.CUT_OFF),
            ],
            TODAY,
        )
        assert states == {1: State.CUT_OFF, 2: State.NOT_TRACKED, 3: State.NOT_TRACKED}

    def test_no_deadlines(self):
        assert services.deadline_states(iter([]), TODAY) == {}


class TestIsAdopted:
    def test_by_body_or_by_year(self):
        assert services._is_adopted({(4, 2025)}, 4, 2025)
        assert services._is_adopted({(None, 2025)}, 4, 2025)
        assert not services._is_adopted({(5, 2025)}, 4, 2025)
        assert not services._is_adopted({(4, 2024), (None, 2024)}, 4, 2025)


def test_a_new_code_is_the_titles_slug_and_six_random_letters():
    code = services._new_code("Årsredovisning till KF " + "x" * 60)
    slug, _, tail = code.rpartition("-")
    assert slug == ("arsredovisning-till-kf-" + "x" * 60)[:40]
    assert len(tail) == 6
    assert tail == tail.lower()
    assert services._new_code("a") != services._new_code("a")


@pytest.mark.django_db
class TestEditingRegenerates:
    def test_retiring_and_reinstating_record_who(self, planner):
        event = WheelEventFactory(code="eget-steg", month=5)
        services.wheel_event_retire(event=event, actor=planner)
        services.wheel_event_reinstate(event=event, actor=planner)
        history = list(event.history.order_by("history_id"))
        assert [(h.retired, h.history_user) for h in history] == [
            (False, None),
            (True, planner),
            (False, planner),
        ]

    def test_this_year_and_the_next_are_generated_whole_and_later_generated_years_follow(self):
        event = WheelEventFactory(code="eget-steg", month=5)
        for year in (2029, 2032, 2033):
            services.generate_wheel(year)
        WheelEvent.objects.filter(pk=event.pk).update(month=6)
        event.refresh_from_db()
        services.regenerate_from(2030, [event])
        months = dict(Deadline.objects.filter(event=event).values_list("year", "date__month"))
        assert months == {2029: 5, 2030: 6, 2031: 6, 2032: 6, 2033: 6}


@pytest.mark.django_db
class TestGenerateQueries:
    """`_generate`'s fixed number of queries and its stamp of the public side."""

    def test_new_deadlines_alone_stamp_the_public_side(self, monkeypatch):
        calls = []
        monkeypatch.setattr(services, "_public_changed", lambda: calls.append(1))
        WheelEventFactory()
        services.generate_wheel(2025)
        assert calls == [1]

    def test_meetings_are_looked_up_only_for_meeting_steps(self, monkeypatch):
        looked_up = []
        monkeypatch.setattr(
            services, "_meetings_by_body_and_month", lambda *args: looked_up.append(args) or {}
        )
        WheelEventFactory(timing=Timing.MONTH)
        assert services.generate_wheel(2025).created == 1
        assert looked_up == []

    def test_kept_deadlines_cost_no_query_each(self, django_assert_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from calendar_wheel.models import ReminderLog

        def keep(code):
            event = WheelEventFactory(code=code)
            deadline = Deadline.objects.create(event=event, year=2025, date=D(2025, 11, 28))
            ReminderLog.objects.create(deadline=deadline, email="a@example.se", days_before=7)
            WheelEvent.objects.filter(pk=event.pk).update(retired=True)

        keep("behallen-1")
        with CaptureQueriesContext(connection) as one:
            assert services.generate_wheel(2025).kept == ["behallen-1"]
        keep("behallen-2")
        with CaptureQueriesContext(connection) as two:
            assert sorted(services.generate_wheel(2025).kept) == ["behallen-1", "behallen-2"]
        assert len(two.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
class TestAdoptedReports:
    def test_adopted_reports_of_the_wanted_kinds_and_years_only(self):
        from followup.models import Report
        from organisation.lifecycle import AdoptionStatus
        from tests.factories import DecisionFactory, body_named

        ks, bn = body_named("KS"), body_named("BN")
        for body, year, kind, status in [
            (ks, 2025, "tertial", AdoptionStatus.ADOPTED),
            (bn, 2025, "tertial", AdoptionStatus.ADOPTED),
            (ks, 2025, "ar", AdoptionStatus.DRAFT),
            (ks, 2024, "ar", AdoptionStatus.ADOPTED),
            (ks, 2025, "delar", AdoptionStatus.ADOPTED),
        ]:
            decision = DecisionFactory() if status == AdoptionStatus.ADOPTED else None
            Report.objects.create(body=body, year=year, kind=kind, status=status, decision=decision)
        found = services._adopted_reports(
            {Concerns.TERTIAL_REPORT: {(ks.pk, 2025)}, Concerns.ANNUAL_REPORT: {(ks.pk, 2025)}}
        )
        assert found == {
            Concerns.TERTIAL_REPORT: {(ks.pk, 2025), (bn.pk, 2025), (None, 2025)},
            Concerns.ANNUAL_REPORT: set(),
        }

    def test_nothing_wanted_asks_nothing(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert services._adopted_reports({}) == {}


@pytest.mark.django_db
class TestMeetingsByBodyAndMonth:
    def test_the_bodies_meetings_of_the_year_by_date(self):
        from tests.factories import MeetingFactory, body_named

        ks, bn = body_named("KS"), body_named("BN")
        late = MeetingFactory(body=ks, date=D(2025, 3, 20))
        early = MeetingFactory(body=ks, date=D(2025, 3, 5))
        MeetingFactory(body=bn, date=D(2025, 3, 6))
        MeetingFactory(body=ks, date=D(2024, 3, 6))
        assert services._meetings_by_body_and_month(2025, {ks.pk}) == {(ks.pk, 3): [early, late]}


@pytest.mark.django_db
class TestLoadShippedSteps:
    def test_steps_of_a_missing_body_are_skipped_and_the_rest_created(self):
        from tests.factories import body_named

        body_named("KS")
        skipped: list[str] = []
        created = services.load_shipped_steps(skipped=skipped)
        shipped = {s["code"]: s["body"] for s in services.SHIPPED_STEPS}
        assert skipped == [code for code, body in shipped.items() if body == "KF"]
        assert created == [code for code, body in shipped.items() if body == "KS"]

    def test_earlier_generated_years_are_left_alone(self):
        from django.utils import timezone

        from tests.factories import body_named

        body_named("KS"), body_named("KF")
        past = timezone.localdate().year - 3
        Deadline.objects.create(event=WheelEventFactory(), year=past, date=D(past, 11, 28))
        assert services.load_shipped_steps()
        assert Deadline.objects.filter(year=past).count() == 1


@pytest.mark.django_db
def test_regenerate_body_meetings_replaces_only_that_bodys_meeting_steps():
    from tests.factories import body_named

    ks, kf = body_named("KS"), body_named("KF")
    steps = [
        WheelEventFactory(body=ks, timing=Timing.MEETING),
        WheelEventFactory(body=kf, timing=Timing.MEETING),
        WheelEventFactory(body=ks, timing=Timing.MONTH),
    ]
    services.generate_wheel(2025)
    Deadline.objects.update(date=D(2025, 1, 2))
    services.regenerate_body_meetings(ks.pk, [2025])
    dates = dict(Deadline.objects.values_list("event_id", "date"))
    assert dates[steps[0].pk] != D(2025, 1, 2)
    assert dates[steps[1].pk] == dates[steps[2].pk] == D(2025, 1, 2)
