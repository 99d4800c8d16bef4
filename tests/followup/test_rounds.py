"""A round's dates from the annual wheel (R25–R29), its state, reopening, closing, adoption, and page."""

from __future__ import annotations

import datetime
import html

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from calendar_wheel import services as wheel
from followup import rounds
from followup.models import ActivityReport, Report, ReportKind
from followup.rounds import InputState
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, Role
from planning.models import ActivityStatus
from tests.factories import ActivityFactory, PersonFactory, PlanFactory, body_named, ks_decision

D = datetime.date


def meetings(ks: list[datetime.date], kf: list[datetime.date], *, extraordinary=()) -> None:
    for day in ks:
        Meeting.objects.create(body=body_named("KS"), date=day, extraordinary=day in extraordinary)
    for day in kf:
        Meeting.objects.create(body=body_named("KF"), date=day)


@pytest.fixture
def wheel_2026_2027(db, settings):
    """The shipped wheel for 2026 and 2027, KS handling the tertial report in May and the interim report in
    September (months the seed does not give: set here, whatever the shipped assumption), KF receiving
    them in June and October, and KS handling the annual report in March."""
    settings.WHEEL_ASSUMED_MONTHS = settings.WHEEL_ASSUMED_MONTHS | {
        "ks-handles-tertial-report": 5,
        "ks-handles-interim-report": 9,
        "ks-handles-annual-report": 3,
    }
    body_named("KF")
    body_named("KS")
    meetings(
        ks=[D(2026, 5, 25), D(2026, 9, 21), D(2027, 3, 22), D(2027, 5, 24), D(2027, 9, 20)],
        kf=[D(2026, 6, 15), D(2026, 10, 12), D(2027, 6, 14), D(2027, 10, 11)],
    )
    wheel.load_shipped_steps()
    for year in (2026, 2027, 2028):
        wheel.generate_wheel(year)


def ks_round(year: int, kind: str) -> Report:
    return next(r for r in rounds.ensure_rounds(body_named("KS"), year) if r.kind == kind)


# --- Dates from the wheel (R25, R26, R27, R29) ---------------------------------------------------------


def test_r26_tertial_round_dates_from_the_wheel_2026(wheel_2026_2027):
    dates = rounds.report_dates(2026)[ReportKind.TERTIAL]
    assert dates.cut_off == D(2026, 4, 30)
    assert dates.ks_meeting == D(2026, 5, 25)
    # Five working days before Monday 25 May: Ascension Day (14 May) is not among them.
    assert dates.input_closes == D(2026, 5, 18)
    assert dates.kf == D(2026, 6, 15)


def test_r26_tertial_round_dates_from_the_wheel_2027(wheel_2026_2027):
    dates = rounds.report_dates(2027)[ReportKind.TERTIAL]
    assert (dates.cut_off, dates.ks_meeting, dates.input_closes, dates.kf) == (
        D(2027, 4, 30),
        D(2027, 5, 24),
        D(2027, 5, 17),
        D(2027, 6, 14),
    )


def test_r27_interim_round_dates_2026_2027(wheel_2026_2027):
    for year, ks, closes, kf in (
        (2026, D(2026, 9, 21), D(2026, 9, 14), D(2026, 10, 12)),
        (2027, D(2027, 9, 20), D(2027, 9, 13), D(2027, 10, 11)),
    ):
        dates = rounds.report_dates(year)[ReportKind.INTERIM]
        assert (dates.cut_off, dates.ks_meeting, dates.input_closes, dates.kf) == (
            D(year, 8, 31),
            ks,
            closes,
            kf,
        )


def test_r29_annual_round_handled_the_year_after(wheel_2026_2027):
    dates = rounds.report_dates(2026)[ReportKind.ANNUAL]
    assert dates.cut_off == D(2026, 12, 31)
    assert dates.ks_meeting == D(2027, 3, 22)
    assert dates.input_closes == D(2027, 3, 15)
    assert dates.kf == D(2027, 4, 15)  # the law's latest day (an assumption of the wheel)


def test_a_wheel_without_the_meetings_leaves_the_dates_unknown(db):
    dates = rounds.report_dates(2030)[ReportKind.TERTIAL]
    assert dates.cut_off == D(2030, 4, 30)  # the seed's cut-off date
    assert (dates.ks_meeting, dates.input_closes, dates.kf) == (None, None, None)


def test_r25_an_economy_round_per_ordinary_ks_meeting(db):
    meetings(ks=[D(2026, 2, 16), D(2026, 3, 23), D(2026, 4, 6)], kf=[], extraordinary=[D(2026, 4, 6)])
    economy = [r for r in rounds.ensure_rounds(body_named("KS"), 2026) if r.kind == ReportKind.ECONOMY]
    assert [r.meeting.date for r in economy] == [D(2026, 2, 16), D(2026, 3, 23)]
    dates = rounds.dates_of(economy[1])
    # The books through the end of the month ECONOMY_OUTCOME_LAG_MONTHS (2) before the meeting's month.
    assert (dates.cut_off, dates.ks_meeting) == (D(2026, 1, 31), D(2026, 3, 23))
    assert dates.input_closes == D(2026, 3, 16)
    assert len(rounds.ensure_rounds(body_named("KS"), 2026)) == 5  # idempotent: three reports, two meetings


def test_r25_the_economy_lag_is_a_setting(db, settings):
    settings.ECONOMY_OUTCOME_LAG_MONTHS = 1
    meetings(ks=[D(2026, 3, 23)], kf=[])
    economy = [r for r in rounds.ensure_rounds(body_named("KS"), 2026) if r.kind == ReportKind.ECONOMY]
    assert rounds.dates_of(economy[0]).cut_off == D(2026, 2, 28)


# --- Locking, reopening, closing, adoption (R26–R29) ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2026, 4, 29), InputState.NOT_OPEN),
        (D(2026, 4, 30), InputState.OPEN),
        (D(2026, 5, 18), InputState.OPEN),
        (D(2026, 5, 19), InputState.LOCKED),
    ],
)
def test_r26_round_locks_after_input_closes(wheel_2026_2027, today, state):
    report = ks_round(2026, ReportKind.TERTIAL)
    assert rounds.input_state(report, rounds.dates_of(report), today) is state
    if state is InputState.OPEN:
        rounds.require_input_open(report, today)
    else:
        with pytest.raises(ValidationError):
            rounds.require_input_open(report, today)


@pytest.mark.django_db
class TestReopenAndClose:
    def test_r26_reopening_needs_a_reason_and_a_planner_or_finance(self, users_by_role):
        report = ks_round(2026, ReportKind.TERTIAL)
        planner = users_by_role[Role.PLANNER]
        with pytest.raises(ValidationError):
            rounds.reopen(report_id=report.pk, expected_version=report.version, reason=" ", actor=planner)
        for role in (Role.ADMINISTRATOR, Role.POLITICIAN, Role.SYSADMIN):
            with pytest.raises(ValidationError):
                rounds.reopen(
                    report_id=report.pk, expected_version=1, reason="Sen rapport", actor=users_by_role[role]
                )
        for role in (Role.PLANNER, Role.FINANCE):
            report = rounds.reopen(
                report_id=report.pk,
                expected_version=report.version,
                reason="Enhet 3 fick förlängt",
                actor=users_by_role[role],
            )
        assert rounds.input_state(report, rounds.dates_of(report), D(2026, 6, 1)) is InputState.OPEN
        record = report.history.first()
        assert (record.override_reason, record.history_user) == (
            "Enhet 3 fick förlängt",
            users_by_role[Role.FINANCE],
        )

    def test_r26_close_again(self, planner):
        report = ks_round(2026, ReportKind.TERTIAL)
        report = rounds.reopen(report_id=report.pk, expected_version=1, reason="Förlängt", actor=planner)
        report = rounds.close(report_id=report.pk, expected_version=report.version, reason="", actor=planner)
        assert rounds.input_state(report, rounds.dates_of(report), D(2026, 5, 1)) is InputState.LOCKED

    def test_r28_adoption_freezes_the_round_for_good(self, planner):
        report = ks_round(2026, ReportKind.TERTIAL)
        rounds.report_propose(report=report, actor=planner)
        rounds.report_adopt(report=report, decision=ks_decision(D(2026, 5, 25)), actor=planner)
        report.refresh_from_db()
        assert rounds.input_state(report, rounds.dates_of(report), D(2026, 5, 1)) is InputState.FROZEN
        with pytest.raises(ValidationError):
            rounds.reopen(report_id=report.pk, expected_version=report.version, reason="Fel", actor=planner)
        with pytest.raises(ValidationError):
            rounds.require_input_open(report, D(2026, 5, 1))


# --- The page ------------------------------------------------------------------------------------------

TODAY = datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC)  # the tertial round is open


@pytest.fixture
def _open_tertial():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name: str = "round", slug: str = "tertial", year: int = 2026) -> str:
    return reverse(f"followup:{name}", args=[year, slug])


def text(response) -> str:
    return html.unescape(response.content.decode())


def adopted_plan(activities: int) -> list:
    plan = PlanFactory(year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(D(2025, 11, 24)))
    return [ActivityFactory(plan=plan) for _ in range(activities)]


POSTS = ["round_reopen", "round_close", "round_remind", "round_propose", "round_decide"]


@pytest.mark.django_db
@pytest.mark.usefixtures("wheel_2026_2027", "_open_tertial")
class TestRoundPage:
    def test_r26_page_shows_dates_state_and_links(self, client, administrator):
        client.force_login(administrator)
        body = text(client.get(url()))
        assert 'datetime="2026-05-18"' in body  # input closes
        assert InputState.OPEN.symbol in body
        assert InputState.OPEN.label in body
        assert url("activity_reports") in body
        assert url("control_results") in body
        assert url("round_remind") not in body  # no steering for handläggare
        assert gettext("Progress") not in body

    def test_politicians_read_only_proposed_rounds(self, client, politician, planner):
        client.force_login(politician)
        assert client.get(url()).status_code == 404
        rounds.report_propose(report=ks_round(2026, ReportKind.TERTIAL), actor=planner)
        response = client.get(url())
        assert response.status_code == 200
        assert url("round_decide") not in text(response)

    @pytest.mark.parametrize("view", POSTS)
    @pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SYSADMIN])
    def test_posts_are_refused_for_roles_that_may_not(self, client, users_by_role, view, role):
        client.force_login(users_by_role[role])
        assert client.post(url(view), {"override_reason": "x", "version": 1}).status_code == 403
        assert client.get(url("progress_export")).status_code == 403

    def test_politician_post_is_refused(self, client, politician, planner):
        rounds.report_propose(report=ks_round(2026, ReportKind.TERTIAL), actor=planner)
        client.force_login(politician)
        assert client.post(url("round_close"), {"version": 2}).status_code == 403

    def test_progress_for_planners(self, client, planner):
        activities = adopted_plan(3)
        report = ks_round(2026, ReportKind.TERTIAL)
        ActivityReport.objects.create(
            report=report, activity=activities[0], status=ActivityStatus.IN_PROGRESS
        )
        client.force_login(planner)
        body = text(client.get(url()))
        expected = ngettext(
            "%(reported)s of %(total)s unit has reported", "%(reported)s of %(total)s units have reported", 3
        ) % {"reported": 1, "total": 3}
        assert expected in body
        table = body.split('class="table round-units"')[1].split("</table>")[0]
        assert activities[1].title in table
        assert activities[2].title in table
        assert activities[0].title not in table
        assert url("round_remind") in body

    def test_r26_reopen_with_reason_in_history_then_close(self, client, planner):
        report = ks_round(2026, ReportKind.TERTIAL)
        rounds.close(report_id=report.pk, expected_version=1, reason="", actor=planner)
        client.force_login(planner)
        response = client.post(url("round_reopen"), {"override_reason": "", "version": 2})
        assert response.status_code == 200  # the form again, with the reason's error
        assert Report.objects.get(pk=report.pk).input_override == "stangd"
        response = client.post(url("round_reopen"), {"override_reason": "Enhet 3 har förlängt", "version": 2})
        assert response.status_code == 302
        assert "Enhet 3 har förlängt" in text(client.get(url()))
        stale = client.post(url("round_close"), {"override_reason": "", "version": 2})
        assert stale.status_code == 200
        assert Report.objects.get(pk=report.pk).input_override == "oppnad"
        assert client.post(url("round_close"), {"override_reason": "", "version": 3}).status_code == 302
        assert Report.objects.get(pk=report.pk).input_override == "stangd"

    def test_r28_propose_and_adopt_freeze_the_round(self, client, finance):
        client.force_login(finance)
        assert client.post(url("round_propose")).status_code == 302
        ks = body_named("KS")
        meeting = Meeting.objects.get(body=ks, date=D(2026, 5, 25))
        data = {"adopt-meeting": meeting.pk, "adopt-paragraph": 42, "adopt-case_number": "KS 26/99"}
        assert client.post(url("round_decide"), data).status_code == 302
        report = Report.objects.get(body=ks, year=2026, kind=ReportKind.TERTIAL)
        assert report.status == AdoptionStatus.ADOPTED
        client.post(url("round_reopen"), {"override_reason": "Fel", "version": report.version})
        assert Report.objects.get(pk=report.pk).input_override == ""
        assert InputState.FROZEN.label in text(client.get(url()))

    def test_progress_export(self, client, planner):
        adopted_plan(2)
        client.force_login(planner)
        response = client.get(url("progress_export"))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('-framsteg.xlsx"')

    def test_queries_do_not_grow_with_activities(self, client, planner, django_assert_num_queries):
        acts = adopted_plan(2)
        acts[0].responsible = PersonFactory()
        acts[0].save()
        client.force_login(planner)
        client.get(url())  # the rounds are created once
        # session, user, roles, KS, KS's meetings, the year's reports, wheel deadlines,
        # progress (activities, reported, controls, results, goals, assessed), reminders, the
        # municipality's name (context processor), meetings offered by the decision form, history
        with django_assert_num_queries(QUERIES) as captured:
            client.get(url())
        adopted_plan(40)
        with django_assert_num_queries(len(captured)):
            client.get(url())


QUERIES = 17
