"""The internal control's results in a round (R28, R31): the service's rules, the pages, the export."""

import datetime
import html
import io
import re

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from followup import control_results
from followup.control_results import control_result_save, round_results
from followup.models import ControlResult, InputOverride, Report, ReportKind
from followup.progress import round_controls
from followup.rounds import ensure_rounds
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting
from styrmodell.concurrency import EditConflict
from tests.factories import (
    ControlFactory,
    InternalControlPlanFactory,
    OrgUnitFactory,
    body_named,
    ks_decision,
)

# 10 May 2026: the tertial round (cut-off 30 April) is open; the wheel has no KS meeting, so it stays open.
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def adopted_plan(controls: int = 2, *, year: int = 2026, unit=None):
    plan = InternalControlPlanFactory(
        year=year, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(year - 1, 12, 2))
    )
    for _ in range(controls):
        ControlFactory(plan=plan, **({"responsible_unit": unit} if unit else {}))
    return plan


def tertial(year: int = 2026) -> Report:
    rounds = ensure_rounds(body_named("KS"), year)
    return next(r for r in rounds if r.kind == ReportKind.TERTIAL)


def save(report, control, actor, version=None, **overrides):
    data = {
        "performed": True,
        "result": "Stickprov utan anmärkning.",
        "deviation_found": False,
        "deviations": "",
        "actions": "",
        "action_responsible": "",
    } | overrides
    return control_result_save(
        report=report, control_id=control.pk, expected_version=version, actor=actor, **data
    )


def index_url(report: Report) -> str:
    return reverse("followup:control_results", args=[report.year, report.slug])


def edit_url(report: Report, control) -> str:
    return reverse("followup:control_result", args=[report.year, report.slug, control.pk])


def form_data(**overrides) -> dict:
    return {
        "performed": "ja",
        "result": "Inventering gjord.",
        "deviation_found": "nej",
        "deviations": "",
        "actions": "",
        "action_responsible": "",
        "version": "",
    } | overrides


@pytest.mark.django_db
class TestEveryControlAtEveryReport:
    def test_r28_every_control_of_the_adopted_plan_is_asked_at_every_report(self, client, planner):
        plan = adopted_plan(3)
        InternalControlPlanFactory(year=2027, status=AdoptionStatus.DRAFT)
        draft_control = ControlFactory(plan__year=2027)
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        rounds = ensure_rounds(body_named("KS"), 2026)
        expected = set(plan.controls.values_list("pk", flat=True))
        by_kind = {r.kind: r for r in rounds}
        client.force_login(planner)
        for kind in (ReportKind.TERTIAL, ReportKind.INTERIM, ReportKind.ANNUAL):
            assert set(round_controls(by_kind[kind]).values_list("pk", flat=True)) == expected
            page = text(client.get(index_url(by_kind[kind])))
            assert all(f'id="kontroll-{pk}"' in page for pk in expected)
        economy = by_kind[ReportKind.ECONOMY]
        assert not round_controls(economy).exists()
        assert "kontroll-" not in text(client.get(index_url(economy)))
        # A draft plan's controls are not asked for, in any round of its year.
        for report in ensure_rounds(body_named("KS"), 2027):
            assert not round_controls(report).filter(pk=draft_control.pk).exists()
        page = text(client.get(index_url(tertial(2027))))
        assert 'id="no-adopted-plan"' in page
        assert reverse("followup:plan", args=[2027]) in page

    def test_r28_a_draft_plans_control_is_refused(self, planner):
        control = ControlFactory(plan=InternalControlPlanFactory(status=AdoptionStatus.DRAFT))
        with pytest.raises(
            ValidationError, match=re.escape(gettext("The control is not followed up in this round."))
        ):
            save(tertial(), control, planner)
        assert not ControlResult.objects.exists()


@pytest.mark.django_db
class TestDeviations:
    def test_r28_deviation_needs_description_actions_and_responsible(self, planner):
        control = adopted_plan(1).controls.get()
        with pytest.raises(ValidationError) as refusal:
            save(tertial(), control, planner, deviation_found=True, deviations="Två fakturor utan attest.")
        assert set(refusal.value.error_dict) == {"actions", "action_responsible"}
        assert not ControlResult.objects.exists()
        entry = save(
            tertial(),
            control,
            planner,
            deviation_found=True,
            deviations="Två fakturor utan attest.",
            actions="Påminnelse till attestanterna.",
            action_responsible="Ekonomichef",
        )
        assert entry.deviation_found

    def test_r28_the_database_backs_the_deviation_rule(self):
        control = adopted_plan(1).controls.get()
        with pytest.raises(IntegrityError), transaction.atomic():
            ControlResult.objects.create(
                report=tertial(), control=control, performed=True, result="x", deviation_found=True
            )

    def test_deviation_errors_are_next_to_the_fields(self, client, planner):
        control = adopted_plan(1).controls.get()
        client.force_login(planner)
        response = client.post(edit_url(tertial(), control), form_data(deviation_found="ja"))
        assert response.status_code == 200
        page = text(response)
        for name in ("deviations", "actions", "action_responsible"):
            assert f'id="resultat-{name}_error"' in page
        assert not ControlResult.objects.exists()


@pytest.mark.django_db
class TestWhoReports:
    def test_owner_administrator_reports_own_units_control_and_gets_404_for_anothers(
        self, client, administrator
    ):
        department = OrgUnitFactory()
        own_unit = OrgUnitFactory(parent=department)
        administrator.units.add(department)
        plan = adopted_plan(0)
        own = ControlFactory(plan=plan, responsible_unit=own_unit)
        other = ControlFactory(plan=plan)
        report = tertial()
        client.force_login(administrator)
        page = text(client.get(index_url(report)))
        assert edit_url(report, own) in page
        assert edit_url(report, other) not in page
        assert client.get(edit_url(report, own)).status_code == 200
        response = client.post(edit_url(report, own), form_data())
        assert response.status_code == 302
        entry = ControlResult.objects.get(control=own)
        assert (entry.entered_by, entry.history.get().history_user) == (administrator, administrator)
        assert client.get(edit_url(report, other)).status_code == 404
        assert client.post(edit_url(report, other), form_data()).status_code == 404
        assert not ControlResult.objects.filter(control=other).exists()
        with pytest.raises(ValidationError):
            save(report, other, administrator)

    @pytest.mark.parametrize("role", ["politician", "finance", "sysadmin"])
    def test_roles_that_do_not_report_get_403(self, client, request, role):
        control = adopted_plan(1).controls.get()
        report = tertial()
        report.status = AdoptionStatus.PROPOSAL  # politicians read proposed rounds only
        report.save()
        client.force_login(request.getfixturevalue(role))
        assert client.get(index_url(report)).status_code == 200
        assert client.post(edit_url(report, control), form_data()).status_code == 403
        assert client.get(edit_url(report, control)).status_code == 403
        assert not ControlResult.objects.exists()

    def test_politician_does_not_read_a_draft_round(self, client, politician):
        control = adopted_plan(1).controls.get()
        client.force_login(politician)
        assert client.get(index_url(tertial())).status_code == 404
        assert client.post(edit_url(tertial(), control), form_data()).status_code == 404


@pytest.mark.django_db
class TestRoundInput:
    @pytest.mark.parametrize("state", ["closed", "adopted", "not_open"])
    def test_r28_a_round_without_input_refuses(self, client, planner, state):
        control = adopted_plan(1).controls.get()
        report = tertial()
        if state == "closed":
            report.input_override = InputOverride.CLOSED
        elif state == "adopted":
            report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(datetime.date(2026, 6, 2))
        else:
            report = next(r for r in ensure_rounds(body_named("KS"), 2026) if r.kind == ReportKind.INTERIM)
        report.save()
        with pytest.raises(ValidationError):
            save(report, control, planner)
        client.force_login(planner)
        response = client.post(edit_url(report, control), form_data())
        assert response.status_code == 200
        assert 'class="form-errors"' in text(response)
        assert not ControlResult.objects.exists()
        assert edit_url(report, control) not in text(client.get(index_url(report)))


@pytest.mark.django_db
class TestConcurrency:
    def test_stale_version_is_a_conflict_and_nothing_is_overwritten(self, client, planner, administrator):
        control = adopted_plan(1).controls.get()
        administrator.units.add(control.responsible_unit)
        report = tertial()
        save(report, control, planner, result="Första")
        save(report, control, planner, version=1, result="Andra")
        with pytest.raises(EditConflict):
            save(report, control, administrator, version=1, result="Tredje")
        # A first entry read before somebody else's save is a conflict too.
        with pytest.raises(EditConflict):
            save(report, control, planner, version=None, result="Fjärde")
        client.force_login(planner)
        response = client.post(edit_url(report, control), form_data(result="Min text", version="1"))
        assert response.status_code == 200
        page = text(response)
        assert gettext("Somebody else saved this while you were editing.") in page
        assert "Min text" in page
        entry = ControlResult.objects.get()
        assert (entry.result, entry.version) == ("Andra", 2)
        assert [r.history_user for r in entry.history.all()] == [planner, planner]

    def test_race_on_the_first_entry_is_a_conflict(self, planner, monkeypatch):
        control = adopted_plan(1).controls.get()
        report = tertial()
        save(report, control, planner, result="Den andras")
        real = control_results._current
        calls = []

        def not_yet(report, control):
            # The first look misses the other person's entry, as if both saved at the same moment.
            calls.append(1)
            return None if len(calls) == 1 else real(report, control)

        monkeypatch.setattr(control_results, "_current", not_yet)
        with pytest.raises(EditConflict):
            save(report, control, planner, result="Min")
        assert ControlResult.objects.get().result == "Den andras"


@pytest.mark.django_db
class TestResultsPage:
    def test_summary_deviations_in_words_and_missing_ones(self, client, planner):
        plan = adopted_plan(3)
        first, second, _third = plan.controls.order_by("pk")
        report = tertial()
        save(report, first, planner)
        save(
            report,
            second,
            planner,
            performed=False,
            deviation_found=True,
            deviations="Rutinen följdes inte.",
            actions="Utbildning.",
            action_responsible="Kanslichef",
        )
        client.force_login(planner)
        page = text(client.get(index_url(report)))
        assert (
            gettext("%(reported)s of %(total)s controls reported, %(deviations)s with deviations")
            % {
                "reported": 2,
                "total": 3,
                "deviations": 1,
            }
            in page
        )
        assert gettext("Deviations found") in page
        assert gettext("Not reported") in page
        assert "Kanslichef" in page
        assert 'th scope="row"' in page
        assert "<caption>" in page

    def test_queries_do_not_grow_with_controls(self, client, planner, django_assert_num_queries):
        # session, user, the user's roles, KS, the meetings and the rounds of the year (ensure_rounds),
        # the wheel's dates, the controls with their units, the round's results with who
        # entered them, the municipality's name (layout).
        plan = adopted_plan(2)
        report = tertial()
        save(report, plan.controls.first(), planner)
        client.force_login(planner)
        with django_assert_num_queries(10):
            assert client.get(index_url(report)).status_code == 200
        for control in [ControlFactory(plan=plan) for _ in range(25)]:
            save(report, control, planner)
        with django_assert_num_queries(10):
            assert client.get(index_url(report)).status_code == 200

    def test_export_opens_with_openpyxl(self, client, planner):
        plan = adopted_plan(2)
        report = tertial()
        save(
            report,
            plan.controls.first(),
            planner,
            deviation_found=True,
            deviations='=HYPERLINK("x")',
            actions="Åtgärd",
            action_responsible="Chef",
        )
        client.force_login(planner)
        response = client.get(reverse("followup:control_results_export", args=[2026, "tertial"]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == gettext("No.")
        assert len(rows) == 3
        assert rows[1][6] == gettext("Yes")
        assert rows[2][6] == gettext("No")
        assert rows[1][10] == '=HYPERLINK("x")'
        assert isinstance(rows[1][14], datetime.datetime)

    def test_round_results_lists_the_plans_order(self, planner):
        plan = adopted_plan(3)
        results = round_results(planner, tertial())
        assert [row.control.pk for row in results.rows] == list(
            plan.controls.order_by("pk").values_list("pk", flat=True)
        )
        assert (results.total, results.reported, results.with_deviations) == (3, 0, 0)


@pytest.mark.django_db
class TestHtmx:
    def test_htmx_gets_the_form_alone_and_a_client_redirect(self, client, planner):
        control = adopted_plan(1).controls.get()
        report = tertial()
        client.force_login(planner)
        response = client.post(
            edit_url(report, control), form_data(result=""), headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        page = text(response)
        assert page.lstrip().startswith("<form")
        assert 'id="resultat-result_error"' in page
        response = client.post(edit_url(report, control), form_data(), headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == index_url(report) + f"#kontroll-{control.pk}"
