"""The units' activity reports in a round (R24): the snapshot, its refusals, who reports what, the export."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from followup import activity_reports as reports
from followup import entries, rounds
from followup.models import ActivityReport, InputOverride, Report, ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from planning import services as planning_services
from planning.models import ActivityStatus
from styrmodell.concurrency import EditConflict
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    OrgUnitFactory,
    PlanFactory,
    UserFactory,
    body_named,
    ks_decision,
)

HTMX = {"HX-Request": "true"}
CUT_OFF = datetime.date(2026, 4, 30)


@pytest.fixture(autouse=True)
def _today():
    """4 May 2026: the tertial round's cut-off date has passed and, with no wheel, input has no end."""
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def plan(db):
    return PlanFactory(
        year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
    )


@pytest.fixture
def goal(plan):
    return AnnualGoalFactory(
        year=2026,
        body=plan.body,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 5, 20)),
        title="Fler i arbete",
    )


@pytest.fixture
def department(db):
    return OrgUnitFactory(name="Samhällsbyggnad", kind=OrgUnit.Kind.DEPARTMENT)


@pytest.fixture
def sub_unit(department):
    return OrgUnitFactory(name="Gata och park", parent=department)


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(name="Barn och utbildning")


@pytest.fixture
def own_admin(administrator, department):
    administrator.units.add(department)
    return administrator


@pytest.fixture
def other_admin(other_unit):
    user = UserFactory(username="annan", role=Role.ADMINISTRATOR)
    user.units.add(other_unit)
    return user


@pytest.fixture
def tertial(plan):
    by_kind = {r.kind: r for r in rounds.ensure_rounds(body_named("KS"), 2026)}
    return by_kind[ReportKind.TERTIAL]


def make_activity(plan, goal, unit, **kwargs):
    return ActivityFactory(plan=plan, annual_goal=goal, responsible_unit=unit, **kwargs)


def table_url() -> str:
    return reverse("followup:activity_reports", args=[2026, "tertial"])


def row_url(pk: int) -> str:
    return reverse("followup:activity_report", args=[2026, "tertial", pk])


def export_url() -> str:
    return reverse("followup:activity_reports_export", args=[2026, "tertial"])


def post(client, pk, *, version="", status="pagar", comment="", completed_on="", headers=None):
    data = {"status": status, "comment": comment, "completed_on": completed_on, "version": version}
    return client.post(row_url(pk), data, headers=headers or {})


def save(report, activity, actor, *, version=None, status="pagar", comment="", completed_on=None):
    return reports.activity_report_save(
        report=report,
        activity_id=activity.pk,
        expected_version=version,
        status=status,
        comment=comment,
        completed_on=completed_on,
        actor=actor,
    )


def text(response) -> str:
    return unescape(response.content.decode())


def set_state(report: Report, **fields) -> None:
    Report.objects.filter(pk=report.pk).update(**fields)


@pytest.mark.django_db
class TestTheSnapshot:
    def test_r24_snapshot_unaffected_by_later_edits(self, client, own_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department, planned_end=datetime.date(2026, 4, 15))
        client.force_login(own_admin)
        response = post(
            client, activity.pk, status="klar", comment="Klart i april.", completed_on="2026-04-10"
        )
        assertRedirects(response, table_url() + f"#aktivitet-{activity.pk}", fetch_redirect_response=False)
        # The live activity is not written by the round.
        activity.refresh_from_db()
        assert (activity.status, activity.completed_on) == (ActivityStatus.NOT_STARTED, None)
        # Later the live activity changes; the round keeps what was reported as of the cut-off date.
        planning_services.activity_follow_up(
            activity_id=activity.pk,
            expected_version=activity.version,
            status=ActivityStatus.IN_PROGRESS,
            progress_comment="Omtag i maj.",
            completed_on=None,
            actor=own_admin,
        )
        entry = ActivityReport.objects.get(report=tertial, activity=activity)
        assert (entry.status, entry.comment, entry.completed_on) == (
            ActivityStatus.DONE,
            "Klart i april.",
            datetime.date(2026, 4, 10),
        )
        assert entry.entered_by == own_admin
        assert entry.history.first().history_user == own_admin
        page = text(client.get(table_url()))
        assert "Klart i april." in page
        assert "2026-04-10" in page

    def test_r24_form_is_prefilled_from_the_live_activity_as_of_the_cut_off(
        self, client, own_admin, tertial, plan, goal, department
    ):
        done_early = make_activity(
            plan,
            goal,
            department,
            status="klar",
            completed_on=datetime.date(2026, 3, 2),
            progress_comment="Ok",
        )
        done_late = make_activity(
            plan, goal, department, status="klar", completed_on=datetime.date(2026, 5, 2)
        )
        client.force_login(own_admin)
        early = client.get(row_url(done_early.pk))
        assertContains(early, 'value="2026-03-02"')
        assertContains(early, '<option value="klar" selected>')
        assertContains(early, ">\nOk</textarea>")
        assertContains(early, 'name="version"')
        assertNotContains(early, 'name="version" value=')
        # Done after the cut-off date: it was still in progress on it.
        late = client.get(row_url(done_late.pk))
        assertContains(late, '<option value="pagar" selected>')
        assertNotContains(late, 'value="2026-05-02"')

    def test_r24_form_is_prefilled_from_the_round_once_reported(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        save(tertial, activity, own_admin, status="avbruten", comment="Prioriterades bort")
        client.force_login(own_admin)
        response = client.get(row_url(activity.pk))
        assertContains(response, '<option value="avbruten" selected>')
        assertContains(response, 'name="version" value="1"')

    def test_r24_late_as_of_the_cut_off_by_symbol_and_word(
        self, client, own_admin, tertial, plan, goal, department
    ):
        make_activity(plan, goal, department, title="Passerad", planned_end=datetime.date(2026, 3, 31))
        make_activity(plan, goal, department, title="Framtida", planned_end=datetime.date(2026, 10, 31))
        client.force_login(own_admin)
        table = reports.round_table(tertial, own_admin, cut_off=CUT_OFF)
        assert {row.activity.title: row.late for row in table.rows} == {"Passerad": True, "Framtida": False}
        page = text(client.get(table_url()))
        assert f'<span aria-hidden="true">⚠</span> {gettext("Late")}' in page


@pytest.mark.django_db
class TestRefusedInput:
    def test_r24_done_without_date_is_a_field_error(self, client, own_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department)
        client.force_login(own_admin)
        response = post(client, activity.pk, status="klar")
        assert response.status_code == 200
        assertContains(response, f'id="rapport-{activity.pk}-completed_on_error"')
        assert gettext("A finished activity needs the date it was completed.") in text(response)
        assert not ActivityReport.objects.exists()

    def test_r24_completed_after_the_cut_off_is_a_field_error(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        client.force_login(own_admin)
        response = post(client, activity.pk, status="klar", completed_on="2026-05-02", headers=HTMX)
        assert response.status_code == 200
        assertContains(response, f'id="rapport-{activity.pk}-completed_on_error"')
        assert "2026-04-30" in text(response)
        assert not ActivityReport.objects.exists()

    def test_r24_a_date_without_done_is_refused(self, own_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department)
        with pytest.raises(ValidationError) as refused:
            save(tertial, activity, own_admin, status="pagar", completed_on=datetime.date(2026, 4, 1))
        assert "completed_on" in refused.value.error_dict

    def test_r24_completed_in_the_future_is_refused(
        self, planner, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        with time_machine.travel(datetime.datetime(2026, 4, 20, 10, tzinfo=datetime.UTC), tick=False):
            rounds.reopen(
                report_id=tertial.pk, expected_version=tertial.version, reason="Tidigt", actor=planner
            )
            with pytest.raises(ValidationError) as refused:
                save(tertial, activity, own_admin, status="klar", completed_on=datetime.date(2026, 4, 25))
        assert refused.value.error_dict["completed_on"][0].messages == [
            gettext("The completion date cannot be in the future.")
        ]

    def test_r24_locked_round_refuses_and_reopened_round_accepts(
        self, client, planner, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        set_state(tertial, input_override=InputOverride.CLOSED)
        client.force_login(own_admin)
        response = post(client, activity.pk, headers=HTMX)
        assert response.status_code == 200
        assert gettext(
            "The round is locked: input has closed. A planner or finance can reopen it, with a reason."
        ) in text(response)
        assert not ActivityReport.objects.exists()
        # The table says why and offers no edit control.
        page = client.get(table_url())
        assertNotContains(page, f'href="{row_url(activity.pk)}"')
        assert rounds.InputState.LOCKED.label in text(page)
        tertial.refresh_from_db()
        rounds.reopen(
            report_id=tertial.pk, expected_version=tertial.version, reason="Sen rättelse", actor=planner
        )
        assert post(client, activity.pk).status_code == 302
        assert ActivityReport.objects.filter(report=tertial, activity=activity).exists()

    def test_r24_locked_by_the_wheel_after_input_closes(self, own_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department)
        dates = rounds.RoundDates(cut_off=CUT_OFF, ks_meeting=datetime.date(2026, 5, 5), kf=None)
        # Five working days before 5 May is in April: input closed before today (4 May).
        assert rounds.input_state(tertial, dates, datetime.date(2026, 5, 4)) is rounds.InputState.LOCKED
        with pytest.raises(ValidationError):
            rounds.require_input_open(tertial, datetime.date(2026, 5, 4), dates)
        assert save(tertial, activity, own_admin).version == 1  # no wheel generated: still open

    def test_r24_adopted_round_refuses(self, client, own_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department)
        set_state(tertial, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2026, 5, 25)))
        client.force_login(own_admin)
        response = post(client, activity.pk)
        assert response.status_code == 200
        assert gettext("The report is adopted: the round is frozen for good.") in text(response)
        assert not ActivityReport.objects.exists()
        # Asking for the form without JavaScript goes back to the table, saying why.
        assertRedirects(client.get(row_url(activity.pk)), table_url(), fetch_redirect_response=False)


@pytest.mark.django_db
class TestConcurrency:
    def test_r24_stale_version_is_a_conflict_and_nothing_is_overwritten(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        colleague = UserFactory(username="kollega", role=Role.ADMINISTRATOR)
        colleague.units.add(department)
        save(tertial, activity, own_admin, comment="Första")
        save(tertial, activity, colleague, version=1, comment="Kollegans")
        client.force_login(own_admin)
        response = post(client, activity.pk, version=1, comment="Mitt", headers=HTMX)
        assert response.status_code == 200
        page = text(response)
        assert gettext("Somebody else saved this while you were editing.") in page
        assert "Kollegans" in page
        assert "Mitt" in page
        assertContains(response, 'name="version" value="2"')
        assert ActivityReport.objects.get().comment == "Kollegans"

    def test_r24_two_first_saves_the_second_is_a_conflict(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        save(tertial, activity, own_admin, comment="Först")
        with pytest.raises(EditConflict):
            save(tertial, activity, own_admin, comment="Sedan")
        client.force_login(own_admin)
        response = post(client, activity.pk, comment="Sedan")
        assert response.status_code == 200
        assert gettext("Somebody else saved this while you were editing.") in text(response)
        assert ActivityReport.objects.get().comment == "Först"

    def test_a_version_read_of_an_entry_that_is_not_saved_is_refused(
        self, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        gone = gettext("The entry you edited is no longer saved. Reload the page and try again.")
        with pytest.raises(ValidationError, match=re.escape(gone)):
            save(tertial, activity, own_admin, version=1, comment="Gammal")
        assert not ActivityReport.objects.exists()

    def test_r24_racing_first_saves_meet_the_unique_constraint_not_a_500(
        self, client, own_admin, tertial, plan, goal, department, monkeypatch
    ):
        activity = make_activity(plan, goal, department)
        save(tertial, activity, own_admin, comment="Först")
        # The second save looked before the first was committed: it saw no entry.
        monkeypatch.setattr(entries, "existing_pk", lambda queryset, lookup: None)
        client.force_login(own_admin)
        response = post(client, activity.pk, comment="Samtidigt")
        assert response.status_code == 200
        assert gettext("Somebody else saved this while you were editing.") in text(response)
        assertContains(response, 'name="version" value="1"')
        assert ActivityReport.objects.get().comment == "Först"


@pytest.mark.django_db
class TestWhoReportsWhat:
    def test_r24_administrator_of_another_unit_gets_404(
        self, client, other_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        client.force_login(other_admin)
        assert client.get(row_url(activity.pk)).status_code == 404
        assert post(client, activity.pk).status_code == 404
        assert not ActivityReport.objects.exists()

    def test_r24_service_refuses_another_units_activity(self, other_admin, tertial, plan, goal, department):
        activity = make_activity(plan, goal, department)
        with pytest.raises(ValidationError):
            save(tertial, activity, other_admin)

    def test_r24_activity_outside_the_round_is_404(self, client, own_admin, tertial, goal, department):
        draft = PlanFactory(year=2027)
        activity = ActivityFactory(plan=draft, responsible_unit=department)
        client.force_login(own_admin)
        assert post(client, activity.pk).status_code == 404

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.PLANNER, Role.FINANCE])
    def test_r24_roles_that_do_not_report_get_403(
        self, client, users_by_role, role, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        set_state(tertial, status=AdoptionStatus.PROPOSAL)  # so that politicians read the round
        client.force_login(users_by_role[role])
        assert post(client, activity.pk).status_code == 403
        assert client.get(row_url(activity.pk)).status_code == 403
        assert not ActivityReport.objects.exists()

    def test_r24_politician_cannot_read_a_draft_rounds_table(self, client, politician, tertial, plan):
        client.force_login(politician)
        assert client.get(table_url()).status_code == 404
        assert client.get(export_url()).status_code == 404

    def test_r24_readers_see_every_unit_and_no_edit_controls(
        self, client, politician, planner, tertial, plan, goal, department, other_unit
    ):
        ours = make_activity(plan, goal, department, title="Vår")
        theirs = make_activity(plan, goal, other_unit, title="Deras")
        # The planner reads the draft round while it takes input; the politician once it is proposed.
        for user, status in ((planner, AdoptionStatus.DRAFT), (politician, AdoptionStatus.PROPOSAL)):
            set_state(tertial, status=status)
            client.force_login(user)
            response = client.get(table_url())
            assert response.status_code == 200
            assertContains(response, "Vår")
            assertContains(response, "Deras")
            assertNotContains(response, row_url(ours.pk))
            assertNotContains(response, row_url(theirs.pk))

    def test_r24_administrator_sees_own_units_and_sub_units_only(
        self, client, own_admin, tertial, plan, goal, department, sub_unit, other_unit
    ):
        own = make_activity(plan, goal, department, title="Egen")
        below = make_activity(plan, goal, sub_unit, title="Underenhetens")
        make_activity(plan, goal, other_unit, title="Främmande")
        save(tertial, own, own_admin)
        client.force_login(own_admin)
        response = client.get(table_url())
        assertContains(response, "Egen")
        assertContains(response, "Underenhetens")
        assertNotContains(response, "Främmande")
        assertContains(response, f'href="{row_url(below.pk)}"')
        assertContains(response, '<th scope="colgroup" colspan="6">Gata och park</th>')
        with translation.override("sv"):
            summary = ngettext(
                "%(reported)s of %(counter)s activity reported",
                "%(reported)s of %(counter)s activities reported",
                2,
            ) % {"reported": 1, "counter": 2}
        assert summary in text(response)  # "1 av 2 aktiviteter rapporterade"
        table = reports.round_table(tertial, own_admin, cut_off=CUT_OFF)
        assert (table.reported, table.total) == (1, 2)
        # ?enhet= narrows the table to one of the user's units; a unit outside them shows them all.
        narrowed = client.get(table_url(), {"enhet": sub_unit.pk})
        assertContains(narrowed, "Underenhetens")
        assertNotContains(narrowed, ">Egen<")
        assertContains(client.get(table_url(), {"enhet": other_unit.pk}), "Egen")
        assert client.get(table_url(), {"enhet": "9" * 40}).status_code == 200


@pytest.mark.django_db
class TestInlineEditing:
    def test_htmx_gets_the_form_as_a_row_and_the_saved_row_back(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department)
        client.force_login(own_admin)
        form = client.get(row_url(activity.pk), headers=HTMX)
        assertNotContains(form, "<html")
        assertContains(form, f'<tr id="aktivitet-{activity.pk}"')
        assertContains(form, f'data-hx-post="{row_url(activity.pk)}"')
        assertContains(form, f'action="{row_url(activity.pk)}"')
        saved = post(client, activity.pk, comment="Pågår enligt plan", headers=HTMX)
        assert saved.status_code == 200
        assertNotContains(saved, "<form")
        assertContains(saved, "Pågår enligt plan")
        assertContains(saved, 'data-hx-swap-oob="true"')
        cancel = client.get(row_url(activity.pk), {"visa": "rad"}, headers=HTMX)
        assertNotContains(cancel, "<form")
        assertContains(cancel, f'<tr id="aktivitet-{activity.pk}"')

    def test_without_javascript_the_form_is_a_page_and_a_save_goes_back(
        self, client, own_admin, tertial, plan, goal, department, sub_unit
    ):
        activity = make_activity(plan, goal, sub_unit)
        client.force_login(own_admin)
        page = client.get(row_url(activity.pk), {"enhet": sub_unit.pk})
        assertContains(page, "<html")
        assertContains(page, f'name="enhet" value="{sub_unit.pk}"')
        response = client.post(
            row_url(activity.pk), {"status": "pagar", "comment": "", "version": "", "enhet": sub_unit.pk}
        )
        assertRedirects(
            response,
            f"{table_url()}?enhet={sub_unit.pk}#aktivitet-{activity.pk}",
            fetch_redirect_response=False,
        )


@pytest.mark.django_db
class TestExport:
    def test_r24_export_has_swedish_headers_and_real_dates(
        self, client, own_admin, tertial, plan, goal, department
    ):
        activity = make_activity(plan, goal, department, title="Ny gång- och cykelväg")
        save(
            tertial,
            activity,
            own_admin,
            status="klar",
            completed_on=datetime.date(2026, 4, 12),
            comment="=1+1",
        )
        make_activity(plan, goal, department, title="Ej rapporterad ännu")
        client.force_login(own_admin)
        response = client.get(export_url())
        assert response.status_code == 200
        assert 'filename="tertialrapport-2026-aktiviteter.xlsx"' in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        with translation.override("sv"):
            assert rows[0] == tuple(column.title for column in reports.export_columns())
            assert rows[0][0] == gettext("Unit")
        assert len(rows) == 3
        by_title = {row[1]: row for row in rows[1:]}
        reported = by_title["Ny gång- och cykelväg"]
        assert reported[0] == "Samhällsbyggnad"
        assert reported[2] == "Fler i arbete"
        assert reported[3] == datetime.datetime(2026, 10, 31)  # noqa: DTZ001 - Excel dates are naive
        assert reported[5] == datetime.datetime(2026, 4, 12)  # noqa: DTZ001
        assert isinstance(reported[8], datetime.datetime)
        assert reported[9] == "=1+1"  # text, never a formula
        assert sheet.cell(row=2, column=4).number_format == "yyyy-mm-dd"
        assert by_title["Ej rapporterad ännu"][5] is None

    def test_export_filename_names_the_round(self, tertial):
        interim = Report(body=tertial.body, year=2026, kind=ReportKind.INTERIM)
        assert reports.export_filename(interim) == "delarsrapport-2026-aktiviteter.xlsx"


@pytest.mark.django_db
class TestQueries:
    def test_entry_page_does_not_grow_with_activities(
        self, client, own_admin, tertial, plan, goal, department, sub_unit, django_assert_num_queries
    ):
        def make(count):
            for n in range(count):
                activity = make_activity(plan, goal, sub_unit if n % 2 else department)
                if n % 3 == 0:
                    save(tertial, activity, own_admin)

        make(3)
        client.force_login(own_admin)
        # session, user, the user's roles, KS, the year's KS meetings, the year's rounds, the wheel's
        # dates, the administrator's units, every unit's parent, the units
        # they write, the round's activities with goal and unit, the round's entries with who entered
        # them, the municipality's name (layout)
        with django_assert_num_queries(13):
            assert client.get(table_url()).status_code == 200
        make(27)
        with django_assert_num_queries(13):
            assert client.get(table_url()).status_code == 200
