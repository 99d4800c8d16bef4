"""The internal control plan's pages: who reads and writes what, adoption, the matrix, locking, queries."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from followup.models import REPORT_KINDS, Control, ControlResult, Frequency, InternalControlPlan
from followup.rounds import ensure_rounds
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision, Meeting, Role
from tests.factories import (
    ControlFactory,
    GoverningDocumentFactory,
    InternalControlPlanFactory,
    MeetingFactory,
    OrgUnitFactory,
    body_named,
    document_kind,
    ks_decision,
)

NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
OTHER_ROLES = [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN]
PLAN_ACTIONS = ["control", "propose", "adopt", "send_back", "start_next", "create", "start_from", "routines"]


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def plan_url(year: int = 2026) -> str:
    return reverse("followup:plan", args=[year])


def text(response) -> str:
    return html.unescape(response.content.decode())


def make_plan(status=AdoptionStatus.DRAFT, *, controls: int = 1, year: int = 2026) -> InternalControlPlan:
    decision = ks_decision(datetime.date(year - 1, 12, 2)) if status == AdoptionStatus.ADOPTED else None
    plan = InternalControlPlanFactory(year=year, status=status, decision=decision)
    for _ in range(controls):
        ControlFactory(plan=plan)
    return plan


def ks_meeting():
    return Meeting.objects.get_or_create(body=body_named("KS"), date=datetime.date(2025, 12, 2))[0]


def decision_data(prefix: str, meeting, paragraph: int = 180, case_number: str = "KS 25/412") -> dict:
    return {
        f"{prefix}-meeting": meeting.pk,
        f"{prefix}-paragraph": paragraph,
        f"{prefix}-case_number": case_number,
    }


def control_data(prefix: str = "control", **overrides) -> dict:
    data = {
        "process": "Kontanthantering",
        "risk": "Kontanter i handkassor försvinner.",
        "probability": "3",
        "consequence": "2",
        "control_method": "Oanmäld inventering av handkassor.",
        "responsible_unit": OrgUnitFactory().pk,
        "responsible_person": "",
        "frequency": Frequency.ANNUALLY,
    } | overrides
    return {f"{prefix}-{key}" if prefix else key: value for key, value in data.items()}


@pytest.mark.django_db
class TestWhoReadsWhich:
    def test_anonymous_is_sent_to_sign_in(self, client):
        make_plan(AdoptionStatus.ADOPTED)
        for url in (reverse("followup:plan_index"), plan_url(), Control.objects.get().get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        response = client.post(plan_url(), {"action": "propose"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("status", [AdoptionStatus.DRAFT, AdoptionStatus.SENT_BACK])
    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_r31_drafts_are_the_planners(self, client, users_by_role, planner, status, role):
        plan = make_plan(status)
        control = plan.controls.get()
        client.force_login(users_by_role[role])
        assert client.get(plan_url()).status_code == 404
        assert client.get(control.get_absolute_url()).status_code == 404
        client.force_login(planner)
        assert client.get(plan_url()).status_code == 200
        assert client.get(control.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("status", [AdoptionStatus.PROPOSAL, AdoptionStatus.ADOPTED])
    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_r31_proposals_and_adopted_plans_are_read_by_all(self, client, users_by_role, status, role):
        plan = make_plan(status)
        client.force_login(users_by_role[role])
        page = text(client.get(plan_url()))
        assert plan.controls.get().process in page
        assert 'id="control-form"' not in page
        assert 'id="adopt-form"' not in page
        assert client.get(plan.controls.get().get_absolute_url()).status_code == 200

    def test_index_sends_to_the_current_year(self, client, politician, planner):
        make_plan(AdoptionStatus.ADOPTED)
        client.force_login(politician)
        assert client.get(reverse("followup:plan_index")).url == plan_url(2026)
        assert client.get(reverse("followup:plan_index") + "?ar=2025").url == plan_url(2025)

    def test_index_lists_readable_plans_when_this_year_has_none(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED, year=2025)
        make_plan(AdoptionStatus.DRAFT, year=2026)
        client.force_login(politician)
        response = client.get(reverse("followup:plan_index"))
        assert response.status_code == 200
        assert plan_url(2025) in text(response)
        assert plan_url(2026) not in text(response)

    def test_missing_plan_is_404_for_others_and_a_start_for_planners(self, client, politician, planner):
        body_named("KS")
        client.force_login(politician)
        assert client.get(plan_url()).status_code == 404
        client.force_login(planner)
        assert client.get(plan_url()).status_code == 200
        client.post(plan_url(), {"action": "create"})
        assert InternalControlPlan.objects.get().status == AdoptionStatus.DRAFT

    def test_year_out_of_range_is_404(self, client, planner):
        client.force_login(planner)
        assert client.get(plan_url(1999)).status_code == 404


@pytest.mark.django_db
class TestPlanPage:
    def test_r31_page_shows_the_controls_and_a_risk_matrix(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, controls=0)
        ControlFactory(
            plan=plan, process="Attest", probability=4, consequence=3, responsible_person="Kanslichef"
        )
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert "Attest" in page
        assert "Kanslichef" in page
        assert str(plan.decision) in page
        matrix = re.search(r'<table class="risk-matrix".*?</table>', page, re.S).group(0)
        # A real table with row and column headers: four consequences and four probabilities.
        assert matrix.count('<th scope="col">') == 4
        assert matrix.count('<th scope="row">') == 4
        assert "<caption>" in matrix

    def test_r31_matrix_cell_states_its_level_in_words_not_colour_alone(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, controls=0)
        control = ControlFactory(plan=plan, probability=4, consequence=3)
        client.force_login(politician)
        page = text(client.get(plan_url()))
        cells = re.findall(r'<td class="risk-matrix__cell[^"]*">(.*?)</td>', page, re.S)
        assert len(cells) == 16
        # Rows run from probability 4 down to 1, columns from consequence 1 to 4: (4, 3) is the third cell.
        placed = cells[2]
        assert ">12</span>" in placed
        assert gettext("Very high") in placed
        assert f"#kontroll-{control.pk}" in placed
        assert all(f"#kontroll-{control.pk}" not in cell for i, cell in enumerate(cells) if i != 2)
        assert gettext("Low") in cells[12]

    def test_r31_the_scale_is_stated_as_a_convention(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED)
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert 'id="assessment-convention"' in page
        assert (
            gettext(
                "Each risk is assessed by probability × consequence, each on a four-step scale, and shown "
                "in a risk matrix. This is a common practice in Swedish municipalities, a convention, not "
                "something the municipality's governance model prescribes (an assumption of this system)."
            )
            in page
        )

    def test_plan_history_is_shown(self, client, planner):
        make_plan(AdoptionStatus.DRAFT)
        client.force_login(planner)
        client.post(plan_url(), {"action": "propose"})
        page = text(client.get(plan_url()))
        assert 'id="history-heading"' in page
        assert str(planner) in page


@pytest.mark.django_db
class TestPlannersWork:
    def test_control_is_added_with_field_errors_next_to_fields(self, client, planner):
        plan = make_plan(controls=0)
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "control"} | control_data(process=""))
        assert response.status_code == 200
        page = text(response)
        assert 'id="id_control-process_error"' in page
        assert not plan.controls.exists()
        response = client.post(plan_url(), {"action": "control"} | control_data())
        assert response.status_code == 302
        control = plan.controls.get()
        assert (control.process, control.risk_value) == ("Kontanthantering", 6)

    def test_bad_scale_value_is_a_form_error_not_a_500(self, client, planner):
        plan = make_plan(controls=0)
        client.force_login(planner)
        response = client.post(
            plan_url(), {"action": "control"} | control_data(probability="7", consequence="x")
        )
        assert response.status_code == 200
        assert 'id="id_control-probability_error"' in text(response)
        assert 'id="id_control-consequence_error"' in text(response)
        assert not plan.controls.exists()

    def test_control_needs_a_responsible(self, client, planner):
        plan = make_plan(controls=0)
        client.force_login(planner)
        data = {"action": "control"} | control_data(responsible_unit="", responsible_person="")
        response = client.post(plan_url(), data)
        assert 'id="id_control-responsible_unit_error"' in text(response)
        assert not plan.controls.exists()

    def test_r31_plan_is_adopted_by_a_ks_decision(self, client, planner, politician):
        plan = make_plan(controls=2)
        meeting = ks_meeting()
        client.force_login(planner)
        client.post(plan_url(), {"action": "propose"})
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.PROPOSAL
        client.force_login(politician)
        assert client.get(plan_url()).status_code == 200
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "adopt"} | decision_data("adopt", meeting))
        assert response.status_code == 302
        plan.refresh_from_db()
        decision = Decision.objects.get(meeting=meeting)
        assert (plan.status, plan.decision) == (AdoptionStatus.ADOPTED, decision)
        assert (decision.paragraph, decision.case_number, decision.outcome) == (180, "KS 25/412", "beslutat")
        assert "2026" in decision.title

    def test_r31_adoption_needs_a_ks_meeting(self, client, planner):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        kf_meeting = MeetingFactory(body=body_named("KF"), date=datetime.date(2025, 12, 8))
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "adopt"} | decision_data("adopt", kf_meeting))
        assert response.status_code == 200
        assert 'id="id_adopt-meeting_error"' in text(response)
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.PROPOSAL
        assert not Decision.objects.exists()

    def test_r31_refused_adoption_saves_no_decision(self, client, planner):
        plan = make_plan(AdoptionStatus.PROPOSAL, controls=0)
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "adopt"} | decision_data("adopt", ks_meeting()))
        assert response.status_code == 200
        assert 'class="form-errors"' in text(response)
        assert not Decision.objects.exists()
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.PROPOSAL

    def test_r31_sent_back(self, client, planner, politician):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        client.force_login(planner)
        client.post(plan_url(), {"action": "send_back"} | decision_data("send_back", ks_meeting()))
        plan.refresh_from_db()
        assert (plan.status, plan.decision) == (AdoptionStatus.SENT_BACK, None)
        assert Decision.objects.get().outcome == Decision.Outcome.SENT_BACK
        client.force_login(politician)
        assert client.get(plan_url()).status_code == 404

    def test_r31_adopted_plan_is_frozen(self, client, planner):
        plan = make_plan(AdoptionStatus.ADOPTED)
        control = plan.controls.get()
        process = control.process
        client.force_login(planner)
        page = text(client.get(plan_url()))
        assert 'id="control-form"' not in page
        assert 'id="adopt-form"' not in page
        assert 'id="control-form"' not in text(client.get(control.get_absolute_url()))
        client.post(plan_url(), {"action": "control"} | control_data())
        response = client.post(
            control.get_absolute_url(), control_data(prefix="", process="Ändrad") | {"version": 1}
        )
        assert response.status_code == 200
        assert gettext("The internal control plan is adopted: its controls are frozen.") in text(response)
        client.post(plan_url(), {"action": "send_back"} | decision_data("send_back", ks_meeting()))
        control.refresh_from_db()
        plan.refresh_from_db()
        assert (plan.status, plan.controls.count(), control.process) == (
            AdoptionStatus.ADOPTED,
            1,
            process,
        )

    def test_next_years_plan_starts_from_this_years_controls(self, client, planner):
        make_plan(AdoptionStatus.ADOPTED, controls=3)
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "start_next"})
        assert response.url == plan_url(2027)
        new = InternalControlPlan.objects.get(year=2027)
        assert (new.status, new.controls.count()) == (AdoptionStatus.DRAFT, 3)
        client.post(plan_url(), {"action": "start_next"})
        assert InternalControlPlan.objects.count() == 2


@pytest.mark.django_db
class TestControlEditing:
    def edit(self, client, control, version: int, **overrides):
        data = control_data(prefix="", process=control.process) | {"version": version} | overrides
        return client.post(control.get_absolute_url(), data)

    def test_planner_edits_a_control_of_a_draft(self, client, planner):
        control = make_plan().controls.get()
        client.force_login(planner)
        page = text(client.get(control.get_absolute_url()))
        assert 'id="control-form"' in page
        response = self.edit(client, control, 1, probability="4", consequence="4")
        assert response.status_code == 302
        control.refresh_from_db()
        assert (control.risk_value, control.version) == (16, 2)
        page = text(client.get(control.get_absolute_url()))
        assert 'id="history-heading"' in page
        assert gettext("Changed") in page

    def test_stale_save_is_refused_with_a_message_and_nothing_is_lost(self, client, planner):
        control = make_plan().controls.get()
        client.force_login(planner)
        assert self.edit(client, control, 1, probability="4").status_code == 302
        response = self.edit(client, control, 1, probability="1", control_method="Min egen text")
        assert response.status_code == 200
        page = text(response)
        assert gettext("Somebody else saved this while you were editing.") in page
        # What the user typed is still in the form, against the version saved now.
        assert "Min egen text" in page
        assert 'name="version" value="2"' in page
        control.refresh_from_db()
        assert (control.probability, control.version) == (4, 2)
        # Saving again is a deliberate choice and goes through.
        assert self.edit(client, control, 2, probability="1").status_code == 302
        control.refresh_from_db()
        assert control.probability == 1

    def test_bad_input_is_a_form_error(self, client, planner):
        control = make_plan().controls.get()
        client.force_login(planner)
        response = self.edit(client, control, 1, probability="", frequency="sometimes")
        assert response.status_code == 200
        assert 'id="id_probability_error"' in text(response)
        assert 'id="id_frequency_error"' in text(response)


@pytest.mark.django_db
class TestOnlyPlannersWrite:
    @pytest.mark.parametrize("role", OTHER_ROLES)
    @pytest.mark.parametrize("action", PLAN_ACTIONS)
    def test_every_plan_step_is_refused(self, client, users_by_role, role, action):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        meeting = ks_meeting()
        data = (
            {"action": action}
            | control_data()
            | decision_data("adopt", meeting)
            | decision_data("send_back", meeting, paragraph=181)
        )
        client.force_login(users_by_role[role])
        assert client.post(plan_url(), data).status_code == 403
        assert client.post(plan_url(2027), data).status_code == 403
        plan.refresh_from_db()
        assert (plan.status, plan.controls.count()) == (AdoptionStatus.PROPOSAL, 1)
        assert not Decision.objects.exists()
        assert InternalControlPlan.objects.count() == 1

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_control_edit_is_refused(self, client, users_by_role, role):
        control = make_plan(AdoptionStatus.PROPOSAL).controls.get()
        client.force_login(users_by_role[role])
        assert 'id="control-form"' not in text(client.get(control.get_absolute_url()))
        data = control_data(prefix="", process="Kapat") | {"version": 1}
        assert client.post(control.get_absolute_url(), data).status_code == 403
        control.refresh_from_db()
        assert control.process != "Kapat"


@pytest.mark.django_db
class TestQueries:
    @pytest.mark.parametrize(("role", "count"), [("politician", 9), ("planner", 13)])
    def test_plan_page_does_not_grow_with_controls(
        self, client, request, role, count, django_assert_num_queries
    ):
        # session, user, KS, the user's roles, the plans of three years (with decision, meeting and
        # routines), the controls with their units, their results in the rounds the user reads (with
        # the rounds), the municipality's name (layout), the plan's history with its users; a planner
        # also gets the KS meetings for the adoption and send-back forms, the units for the control
        # form and the register's guidelines for the routines form.
        status = AdoptionStatus.PROPOSAL if role == "politician" else AdoptionStatus.DRAFT
        plan = make_plan(status, controls=2)
        client.force_login(request.getfixturevalue(role))
        with django_assert_num_queries(count):
            assert client.get(plan_url()).status_code == 200
        for _ in range(30):
            ControlFactory(plan=plan, probability=4, consequence=1)
        with django_assert_num_queries(count):
            assert client.get(plan_url()).status_code == 200

    def test_plan_page_with_results_does_not_grow(self, client, politician, django_assert_num_queries):
        # As above for a politician: the results of every control in three rounds are one query.
        plan = make_plan(AdoptionStatus.ADOPTED, controls=2)
        rounds = adopted_rounds()
        client.force_login(politician)
        with django_assert_num_queries(9):
            assert client.get(plan_url()).status_code == 200
        for control in [*plan.controls.all(), *(ControlFactory(plan=plan) for _ in range(20))]:
            for report in rounds:
                record_result(report, control)
        with django_assert_num_queries(9):
            assert client.get(plan_url()).status_code == 200


def adopted_rounds(year: int = 2026) -> list:
    """The year's three reports, adopted (politicians read them), in the year's order."""
    reports = [r for r in ensure_rounds(body_named("KS"), year) if r.kind in REPORT_KINDS]
    for report in reports:
        report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(datetime.date(year, 12, 1))
        report.save()
    return reports


def record_result(report, control, **fields) -> ControlResult:
    """A result as the round kept it (the service refuses adopted rounds, so it is written directly)."""
    data = {"performed": True, "result": "Utan anmärkning.", "deviation_found": False} | fields
    return ControlResult.objects.create(report=report, control=control, **data)


@pytest.mark.django_db
class TestLatestResultAndRoutines:
    def test_r28_plan_page_shows_each_controls_latest_result(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, controls=0)
        followed = ControlFactory(plan=plan, process="Attest")
        never = ControlFactory(plan=plan, process="Kassa")
        tertial, interim, _annual = adopted_rounds()
        record_result(tertial, followed)
        record_result(
            interim,
            followed,
            performed=False,
            deviation_found=True,
            deviations="Attest saknas.",
            actions="Rutinen ses över.",
            action_responsible="Ekonomichef",
        )
        client.force_login(politician)
        page = text(client.get(plan_url()))
        row = re.search(rf'<tr id="kontroll-{followed.pk}">.*?</tr>', page, re.S).group(0)
        assert str(interim) in row
        assert str(tertial) not in row
        assert gettext("Not performed") in row
        assert gettext("Deviations found") in row
        empty = re.search(rf'<tr id="kontroll-{never.pk}">.*?</tr>', page, re.S).group(0)
        assert gettext("Not followed up yet") in empty
        matrix = re.search(r'<table class="risk-matrix".*?</table>', page, re.S).group(0)
        assert f"({interim}: " in matrix

    def test_r28_plan_page_says_every_control_at_every_report(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED)
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert "marked for it" not in page
        assert (
            gettext(
                "%(body)s adopts a plan for internal control every year (the governance model, section "
                "4.7.2). Every control is followed up at each tertial report, interim report and annual "
                "report (section 4.7.3)."
            )
            % {"body": "KS"}
            in page
        )

    def test_r31_planner_links_the_routines_also_after_adoption(self, client, planner, politician):
        plan = make_plan(AdoptionStatus.ADOPTED)
        routines = GoverningDocumentFactory(
            kind=document_kind("riktlinje"),
            title="Riktlinje för intern kontroll",
            adopting_body=body_named("KS"),
        )
        policy = GoverningDocumentFactory(title="Finanspolicy")
        client.force_login(planner)
        page = text(client.get(plan_url()))
        assert 'id="routines-form"' in page
        assert gettext("No routines chosen.") in page
        form = re.search(r'<form[^>]*id="routines-form".*?</form>', page, re.S).group(0)
        assert "Riktlinje för intern kontroll" in form
        assert "Finanspolicy" not in form
        response = client.post(plan_url(), {"action": "routines", "routines-routines": policy.pk})
        assert response.status_code == 200
        assert 'id="id_routines-routines_error"' in text(response)
        response = client.post(plan_url(), {"action": "routines", "routines-routines": routines.pk})
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.routines == routines
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert routines.get_absolute_url() in page
        assert 'id="routines-form"' not in page

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_only_planners_choose_the_routines(self, client, users_by_role, role):
        plan = make_plan(AdoptionStatus.ADOPTED)
        routines = GoverningDocumentFactory(kind=document_kind("riktlinje"))
        client.force_login(users_by_role[role])
        response = client.post(plan_url(), {"action": "routines", "routines-routines": routines.pk})
        assert response.status_code == 403
        plan.refresh_from_db()
        assert plan.routines is None
