"""The budget's rules by name: R16 (title and horizons), R17 (versions kept and diffed), R5 (the frame,
also after November's recalculation), R14/R16 (units' GEH codes from the year's budget), R4/R18 (guidance).
"""

import datetime
import html
import re
import threading
import time
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from budget import services as services
from budget.models import Budget, BudgetVersion, EconomicPlanLine, FrameDistribution
from budget.selectors import diff, load_contents
from goals.models import MandateGoal
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from tests.factories import (
    AnnualGoalFactory,
    MandateGoalFactory,
    OrgUnitFactory,
    PlanFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_decision,
)

NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)
TAX = EconomicPlanLine.Kind.TAX_REVENUE


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def new_budget(finance, year=2026) -> BudgetVersion:
    body_named("KF")
    return services.budget_create(year=year, label="Juni", actor=finance)


def adopt(version, finance, day=datetime.date(2025, 6, 16)) -> BudgetVersion:
    if not version.frames.exists():
        services.frames_set(
            version=version, amounts={body_named("KS"): 700 * MKR}, expected_revision=None, actor=finance
        )
    return services.version_adopt(version=version, decision=kf_decision(day), actor=finance)


@pytest.mark.django_db
class TestR16:
    def test_r16_title_names_year_and_two_plan_years(self):
        budget = Budget(year=2026)
        expected = gettext("Budget %(year)s with plan for %(first)s–%(last)s") % {
            "year": 2026,
            "first": 2027,
            "last": 2028,
        }
        assert budget.title == expected
        assert "2026" in budget.title
        assert "2027–2028" in budget.title

    def test_r16_economic_plan_covers_three_years_and_investment_plan_five(self, finance):
        version = new_budget(finance)
        assert version.budget.plan_years == [2026, 2027, 2028]
        assert version.budget.investment_years == [2026, 2027, 2028, 2029, 2030]
        services.economic_plan_set(
            version=version, amounts={(TAX, 2028): 620 * MKR}, expected_revision=None, actor=finance
        )
        with pytest.raises(ValidationError):
            services.economic_plan_set(
                version=version, amounts={(TAX, 2029): 1 * MKR}, expected_revision=None, actor=finance
            )
        services.investments_set(
            version=version, projects=[("Skola", {2030: 5 * MKR})], expected_revision=None, actor=finance
        )
        with pytest.raises(ValidationError):
            services.investments_set(
                version=version, projects=[("Skola", {2031: 5 * MKR})], expected_revision=None, actor=finance
            )

    def test_r16_net_result_is_computed_from_the_lines(self, finance):
        version = new_budget(finance)
        lines = {
            (TAX, 2026): 600 * MKR,
            (EconomicPlanLine.Kind.STATE_GRANTS, 2026): 260 * MKR,
            (EconomicPlanLine.Kind.OPERATING_REVENUE, 2026): 150 * MKR,
            (EconomicPlanLine.Kind.OPERATING_COSTS, 2026): -990 * MKR,
        }
        services.economic_plan_set(version=version, amounts=lines, expected_revision=None, actor=finance)
        content = load_contents([version])[version.pk]
        assert content.net_result(2026) == 20 * MKR
        assert content.net_result(2027) is None

    def test_r16_budget_links_the_kf_goals_that_apply_in_its_year(self, finance):
        applying = MandateGoalFactory()  # the 2022 election's goals apply 2024–2027
        assert applying in MandateGoal.objects.applying_in(2026)
        version = new_budget(finance)
        assert list(version.mandate_goals.all()) == [applying]
        assert MandateGoal.objects.count() == 1  # linked, not copied

    def test_costs_are_negative(self, finance):
        version = new_budget(finance)
        with pytest.raises(ValidationError):
            services.economic_plan_set(
                version=version,
                amounts={(EconomicPlanLine.Kind.OPERATING_COSTS, 2026): 5 * MKR},
                expected_revision=None,
                actor=finance,
            )


@pytest.mark.django_db
class TestR17:
    def test_r17_recalculation_is_a_new_version_and_the_adopted_one_is_kept(self, finance):
        june = adopt(new_budget(finance), finance)
        november = services.version_recalculate(version=june, label="November", actor=finance)
        assert (november.budget_id, november.number, november.based_on) == (june.budget_id, 2, june)
        assert november.kind == BudgetVersion.Kind.RECALCULATION
        assert november.frames.get().amount == 700 * MKR  # copied
        services.frames_set(
            version=november,
            amounts={body_named("KS"): 690 * MKR},
            expected_revision=november.revision,
            actor=finance,
        )
        june.refresh_from_db()
        assert june.frames.get().amount == 700 * MKR  # the adopted version stays as KF decided it
        with pytest.raises(ValidationError):
            services.frames_set(
                version=june, amounts={body_named("KS"): 1 * MKR}, expected_revision=None, actor=finance
            )

    def test_r17_versions_are_diffed_line_by_line(self, finance):
        june = adopt(new_budget(finance), finance)
        november = services.version_recalculate(version=june, actor=finance)
        services.frames_set(
            version=november, amounts={body_named("KS"): 690 * MKR}, expected_revision=None, actor=finance
        )
        services.economic_plan_set(
            version=november, amounts={(TAX, 2026): 598 * MKR}, expected_revision=None, actor=finance
        )
        contents = load_contents([june, november])
        sections = {s.key: s for s in diff(contents[june.pk], contents[november.pk])}
        ks = next(row for row in sections["frames"].rows if row.label == "Kommunstyrelsen")
        assert (ks.a, ks.b, ks.difference, ks.changed) == (700 * MKR, 690 * MKR, -10 * MKR, True)
        economic_plan = sections["economic-plan"]
        assert economic_plan.years == [2026, 2027, 2028]  # lines as rows, years as columns
        tax = next(row for row in economic_plan.rows if row.label == str(TAX.label))
        assert [(cell.label, cell.a, cell.b, cell.changed) for cell in tax.cells] == [
            ("2026", None, 598 * MKR, True),
            ("2027", None, None, False),
            ("2028", None, None, False),
        ]
        assert economic_plan.changes == 2  # the tax line and the net result of 2026
        assert sections["investment-plan"].changes == 0

    def test_adoption_needs_a_kf_decision(self, finance):
        version = new_budget(finance)
        services.frames_set(
            version=version, amounts={body_named("KS"): 700 * MKR}, expected_revision=None, actor=finance
        )
        with pytest.raises(ValidationError):
            services.version_adopt(version=version, decision=ks_decision(), actor=finance)
        version.refresh_from_db()
        assert version.status == AdoptionStatus.DRAFT

    def test_a_stale_save_is_refused(self, finance):
        version = new_budget(finance)
        read = version.revision
        services.frames_set(
            version=version, amounts={body_named("KS"): 1 * MKR}, expected_revision=read, actor=finance
        )
        with pytest.raises(services.EditConflict):
            services.frames_set(
                version=version, amounts={body_named("KS"): 2 * MKR}, expected_revision=read, actor=finance
            )
        assert version.frames.get().amount == 1 * MKR

    def test_every_change_is_in_the_history(self, finance):
        version = new_budget(finance)
        services.frames_set(
            version=version, amounts={body_named("KS"): 1 * MKR}, expected_revision=None, actor=finance
        )
        frame = version.frames.get()
        assert frame.history.get().history_user == finance


@pytest.mark.django_db
class TestR5:
    def setup_areas(self):
        school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        care = OrgUnitFactory(name="Vård- och omsorgsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        return school, care

    def test_r5_distribution_over_the_frame_is_refused(self, finance):
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026)
        school, care = self.setup_areas()
        services.distribution_set(
            body=plan.body, year=plan.year, amounts={school: 300 * MKR}, expected={}, actor=finance
        )
        with pytest.raises(ValidationError) as refused:
            services.distribution_set(
                body=plan.body,
                year=plan.year,
                amounts={school: 300 * MKR, care: 250 * MKR},
                expected=None,
                actor=finance,
            )
        assert "50\u00a0000,0\u00a0tkr" in refused.value.messages[0]  # by how much
        assert {(r.unit_id, r.amount) for r in FrameDistribution.objects.all()} == {(school.pk, 300 * MKR)}

    def test_r5_distribution_up_to_the_frame_is_accepted_and_shows_what_remains(self, finance):
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026)
        school, care = self.setup_areas()
        use = services.distribution_set(
            body=plan.body,
            year=plan.year,
            amounts={school: 300 * MKR, care: 200 * MKR},
            expected=None,
            actor=finance,
        )
        assert (use.frame, use.distributed, use.remaining, use.overdrawn) == (500 * MKR, 500 * MKR, 0, False)

    def test_r5_frame_of_the_current_version_counts(self, finance):
        june = adopted_budget(2026, ks_frame=500 * MKR)
        november = services.version_recalculate(version=june, actor=finance)
        services.frames_set(
            version=november, amounts={body_named("KS"): 400 * MKR}, expected_revision=None, actor=finance
        )
        services.version_adopt(
            version=november, decision=kf_decision(datetime.date(2025, 11, 24)), actor=finance
        )
        plan = PlanFactory(year=2026)
        school, _care = self.setup_areas()
        with pytest.raises(ValidationError):
            services.distribution_set(
                body=plan.body, year=plan.year, amounts={school: 450 * MKR}, expected=None, actor=finance
            )

    def test_no_frame_no_distribution(self, finance):
        plan = PlanFactory(year=2026)
        school, _care = self.setup_areas()
        with pytest.raises(ValidationError):
            services.distribution_set(
                body=plan.body, year=plan.year, amounts={school: 1 * MKR}, expected=None, actor=finance
            )

    def test_a_change_after_adoption_is_a_new_version_of_the_plan(self, finance):
        adopted_budget(2026)
        plan = PlanFactory(
            year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        school, _care = self.setup_areas()
        services.distribution_set(
            body=plan.body, year=plan.year, amounts={school: 1 * MKR}, expected=None, actor=finance
        )
        plan.refresh_from_db()
        assert plan.revision == 2
        assert plan.history.first().history_user == finance

    def test_a_stale_distribution_is_refused(self, finance):
        adopted_budget(2026)
        plan = PlanFactory(year=2026)
        school, care = self.setup_areas()
        services.distribution_set(
            body=plan.body, year=plan.year, amounts={school: 1 * MKR}, expected={}, actor=finance
        )
        with pytest.raises(services.EditConflict):
            services.distribution_set(
                body=plan.body, year=plan.year, amounts={care: 1 * MKR}, expected={}, actor=finance
            )
        assert FrameDistribution.objects.count() == 1


@pytest.mark.django_db
class TestGeh:
    def test_unit_activity_geh_code_must_be_one_of_the_years_goals(self, finance, planner):
        from planning import services as plan_services

        version = new_budget(finance)
        services.goals_set(
            version=version,
            financial=[],
            geh=[("GEH-1", "Hållbar ekonomi", "")],
            expected_revision=None,
            actor=finance,
        )
        assert services.geh_goals_for_year(2026)["GEH-1"].title == "Hållbar ekonomi"
        plan = PlanFactory(
            year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        AnnualGoalFactory(year=2026, body=plan.body)
        data = {
            "title": "Energieffektivisering",
            "kind": "projekt",
            "annual_goal": None,
            "geh_code": "GEH-9",
            "responsible_unit": OrgUnitFactory(),
            "start": datetime.date(2026, 3, 1),
            "planned_end": datetime.date(2026, 9, 1),
        }
        with pytest.raises(ValidationError):
            plan_services.unit_activity_create(plan=plan, data=data, actor=planner)
        data["geh_code"] = "GEH-1"
        assert plan_services.unit_activity_create(plan=plan, data=data, actor=planner).geh_code == "GEH-1"

    def test_unit_activity_form_offers_the_years_geh_goals(self, finance):
        from goals.models import AnnualGoal
        from planning.forms import UnitActivityForm

        version = new_budget(finance)
        services.goals_set(
            version=version,
            financial=[],
            geh=[("GEH-2", "Effektiv resursanvändning", "")],
            expected_revision=None,
            actor=finance,
        )
        form = UnitActivityForm(
            goals=AnnualGoal.objects.none(),
            units=OrgUnit.objects.none(),
            year=2026,
        )
        assert ("GEH-2", "GEH-2 Effektiv resursanvändning") in form.fields["geh_code"].choices
        without = UnitActivityForm(goals=AnnualGoal.objects.none(), units=OrgUnit.objects.none(), year=2027)
        assert without.fields["geh_code"].choices == [("", "–")]  # no free-text code


def departments() -> tuple[OrgUnit, OrgUnit]:
    school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    care = OrgUnitFactory(name="Vård- och omsorgsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    return school, care


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def over_frame_warning(over: str) -> str:
    """The warning's words: by how much, why (November's recalculation) and who must act."""
    return gettext(
        "The distribution exceeds the frame by %(over)s after the technical recalculation: "
        "%(body)s needs to redistribute it."
    ) % {"over": over, "body": "kommunstyrelsen"}


@pytest.mark.django_db
class TestR5AfterTheRecalculation:
    """November's recalculation (R17) may lower KS's frame below KS's distribution: KF decides the
    frame, so the adoption stands, but the distribution is then over the frame (R5) until KS
    redistributes, and is shown so wherever it appears."""

    @pytest.fixture
    def over(self, finance):
        june = adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(
            year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        school, care = departments()
        services.distribution_set(
            body=plan.body,
            year=plan.year,
            amounts={school: 300 * MKR, care: 200 * MKR},
            expected=None,
            actor=finance,
        )
        november = services.version_recalculate(version=june, label="November 2025", actor=finance)
        services.frames_set(
            version=november, amounts={body_named("KS"): 400 * MKR}, expected_revision=None, actor=finance
        )
        services.version_adopt(
            version=november, decision=kf_decision(datetime.date(2025, 11, 24)), actor=finance
        )
        return {"plan": plan, "school": school, "care": care, "november": november}

    def test_r5_a_recalculation_below_the_distribution_may_be_adopted(self, over):
        november = over["november"]
        november.refresh_from_db()
        assert november.is_adopted
        version, frame = services.frame_for(over["plan"].body, over["plan"].year)
        assert (version, frame) == (november, 400 * MKR)
        assert FrameDistribution.objects.count() == 2  # KF's decision leaves KS's distribution as it was

    def test_r5_the_distribution_cannot_be_saved_above_the_recalculated_frame(self, over, finance):
        plan, school, care = over["plan"], over["school"], over["care"]
        read = {school.pk: 300 * MKR, care.pk: 200 * MKR}
        for amounts in ({}, {school: 300 * MKR}, {school: 250 * MKR}, {care: None, school: 450 * MKR}):
            with pytest.raises(ValidationError) as refused:
                services.distribution_set(
                    body=plan.body, year=plan.year, amounts=amounts, expected=read, actor=finance
                )
            assert "400\u00a0000,0\u00a0tkr" in refused.value.messages[0]  # the recalculated frame
        assert {(r.unit_id, r.amount) for r in FrameDistribution.objects.all()} == set(read.items())
        use = services.distribution_set(
            body=plan.body,
            year=plan.year,
            amounts={school: 250 * MKR, care: 150 * MKR},
            expected=read,
            actor=finance,
        )
        assert (use.frame, use.distributed, use.overdrawn) == (400 * MKR, 400 * MKR, False)

    def test_r5_the_distribution_page_refuses_a_save_above_the_recalculated_frame(
        self, over, client, finance
    ):
        school, care = over["school"], over["care"]
        client.force_login(finance)
        url = reverse("budget:distribution", args=[2026])
        form = page_text(client.get(url))
        assert over_frame_warning("100\u00a0000,0\u00a0tkr") in form
        read = services.fingerprint({school.pk: 300 * MKR, care.pk: 200 * MKR})
        data = {"read": read, f"unit_{school.pk}": "250 000", f"unit_{care.pk}": "200 000"}
        assert "50\u00a0000,0\u00a0tkr" in page_text(client.post(url, data))  # over by, after the change
        assert FrameDistribution.objects.get(unit=school).amount == 300 * MKR
        data[f"unit_{care.pk}"] = "150 000"
        assert client.post(url, data).status_code == 302

    @pytest.mark.parametrize("role", [Role.FINANCE, Role.PLANNER, Role.POLITICIAN])
    def test_r5_over_the_frame_is_shown_on_the_budget_page(self, over, client, users_by_role, role):
        client.force_login(users_by_role[role])
        page = page_text(client.get(reverse("budget:detail", args=[2026])))
        section = page.split('id="ks-budget"')[1].split("</section>")[0]
        warning = re.search(r'<p class="warnings[^"]*"[^>]*>(.*?)</p>', section, re.S).group(1)
        assert '<span aria-hidden="true">⚠</span>' in warning  # a symbol, and words: never colour alone
        assert over_frame_warning("100\u00a0000,0\u00a0tkr") in warning

    @pytest.mark.parametrize("role", [Role.FINANCE, Role.PLANNER, Role.POLITICIAN])
    def test_r5_over_the_frame_is_shown_in_the_plans_section_5(self, over, client, users_by_role, role):
        client.force_login(users_by_role[role])
        page = page_text(client.get(reverse("planning:plan", args=[2026])))
        section = page.split('id="budget"')[1].split("</section>")[0]
        assert "⚠" in section
        assert over_frame_warning("100\u00a0000,0\u00a0tkr") in section

    @pytest.mark.parametrize("role", [Role.FINANCE, Role.PLANNER])
    def test_r5_over_the_frame_is_on_the_start_page_of_finance_and_planners(
        self, over, client, users_by_role, role
    ):
        client.force_login(users_by_role[role])
        page = page_text(client.get(reverse("home")))
        assert over_frame_warning("100\u00a0000,0\u00a0tkr") in page
        link = (
            reverse("budget:distribution", args=[2026])
            if role == Role.FINANCE
            else reverse("planning:plan", args=[2026]) + "#budget"
        )
        assert f'href="{link}"' in page

    def test_r5_the_warning_goes_once_ks_has_redistributed(self, over, client, finance, planner):
        school, care = over["school"], over["care"]
        services.distribution_set(
            body=over["plan"].body,
            year=over["plan"].year,
            amounts={school: 250 * MKR, care: 150 * MKR},
            expected=None,
            actor=finance,
        )
        urls = [
            reverse("home"),
            reverse("budget:detail", args=[2026]),
            reverse("planning:plan", args=[2026]),
        ]
        for user in (finance, planner):
            client.force_login(user)
            for url in urls:
                page = page_text(client.get(url))
                assert "budget-over" not in page, url
                assert over_frame_warning("100 000,0 tkr") not in page, url

    def test_the_start_page_of_other_roles_has_no_budget_card(self, over, client, politician):
        client.force_login(politician)
        assert over_frame_warning("100\u00a0000,0\u00a0tkr") not in page_text(client.get(reverse("home")))


@pytest.mark.django_db(transaction=True)
def test_r5_a_distribution_saved_while_kf_adopts_a_lower_frame_waits_for_it(finance):
    """The save reads the frame in force under a lock: it cannot slip in beside November's adoption."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; run with DATABASE_URL=postgres://… to test them")
    june = adopted_budget(2026, ks_frame=500 * MKR)
    plan = PlanFactory(year=2026)
    school, _care = departments()
    november = services.version_recalculate(version=june, actor=finance)
    services.frames_set(
        version=november, amounts={body_named("KS"): 400 * MKR}, expected_revision=None, actor=finance
    )
    decision = kf_decision(datetime.date(2025, 11, 24))
    adopting, outcomes = threading.Event(), []

    def adopt() -> None:
        try:
            with transaction.atomic():
                services.version_adopt(version=november, decision=decision, actor=finance)
                adopting.set()
                time.sleep(1)  # the distribution is saved meanwhile
        finally:
            connections.close_all()

    def distribute() -> None:
        try:
            adopting.wait(timeout=10)
            services.distribution_set(
                body=plan.body, year=plan.year, amounts={school: 450 * MKR}, expected=None, actor=finance
            )
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=adopt), threading.Thread(target=distribute)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["refused"]
    assert not FrameDistribution.objects.exists()


def geh_budget(finance, year: int, codes: list[str]) -> BudgetVersion:
    """KF's budget for the year with GEH goals of the given codes (none: a year without GEH goals)."""
    version = new_budget(finance, year)
    goals = [(code, f"Verksamhetsmål {code}", "") for code in codes]
    services.goals_set(version=version, financial=[], geh=goals, expected_revision=None, actor=finance)
    return version


def unit_data(unit: OrgUnit, geh_code: str) -> dict:
    data = {
        "title": "Minska energianvändningen i skolorna",
        "kind": "projekt",
        "annual_goal": "",
        "geh_code": geh_code,
        "responsible_unit": unit.pk,
        "start": "2026-03-01",
        "planned_end": "2026-09-30",
    }
    return {"action": "unit_activity", **{f"unit-{key}": value for key, value in data.items()}}


@pytest.mark.django_db
class TestR14GehCodes:
    """A unit's activity toward a GEH goal names one of the year's budget (R14, R16): no other code."""

    @pytest.fixture
    def plan(self):
        plan = PlanFactory(
            year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        AnnualGoalFactory(year=2026, body=plan.body)
        return plan

    def form(self, year: int):
        from goals.models import AnnualGoal
        from planning.forms import UnitActivityForm

        return UnitActivityForm(
            goals=AnnualGoal.objects.none(),
            units=OrgUnit.objects.none(),
            year=year,
        )

    def refusal(self, year: int, code: str) -> str:
        message = gettext("The budget for %(year)s has no goal for good financial management %(code)s.")
        return message % {"year": year, "code": code}

    def test_r14_the_form_offers_exactly_the_years_codes(self, finance):
        geh_budget(finance, 2026, ["GEH-2", "GEH-1"])
        geh_budget(finance, 2027, ["GEH-7"])
        field = self.form(2026).fields["geh_code"]
        assert [code for code, _label in field.choices] == ["", "GEH-1", "GEH-2"]
        assert field.choices[1] == ("GEH-1", "GEH-1 Verksamhetsmål GEH-1")
        assert "disabled" not in field.widget.attrs

    @pytest.mark.parametrize("budget", [True, False], ids=["budget-without-geh-goals", "no-budget"])
    def test_r14_a_year_without_geh_goals_offers_no_code(self, finance, budget):
        if budget:
            geh_budget(finance, 2026, [])
        geh_budget(finance, 2027, ["GEH-7"])
        form = self.form(2026)
        field = form.fields["geh_code"]
        assert field.choices == [("", "–")]
        assert field.widget.attrs["disabled"]
        rendered = str(form["geh_code"])
        assert rendered.startswith("<select")  # no free-text code
        assert "GEH-7" not in rendered  # nor another year's

    @pytest.mark.parametrize(
        ("codes", "posted"),
        [
            (["GEH-1"], "GEH-7"),  # the 2027 budget's code
            (["GEH-1"], "GEH-99"),  # made up
            (["GEH-1"], "geh-1"),  # not exactly the budget's code
            ([], "GEH-1"),  # a year without GEH goals has no code to give
            ([], "GEH-7"),
        ],
    )
    def test_r16_a_code_outside_the_years_budget_is_refused_next_to_the_field(
        self, client, finance, planner, plan, codes, posted
    ):
        geh_budget(finance, 2026, codes)
        geh_budget(finance, 2027, ["GEH-7"])
        client.force_login(planner)
        response = client.post(reverse("planning:plan", args=[2026]), unit_data(OrgUnitFactory(), posted))
        page = page_text(response)
        error = re.search(r'<div class="field__errors" id="id_unit-geh_code_error">(.*?)</div>', page, re.S)
        assert error, "the refusal stands next to the code's field"
        assert self.refusal(2026, posted) in error.group(1)
        assert not plan.activities.exists()

    def test_r16_the_message_is_swedish(self, client, finance, planner, plan):
        geh_budget(finance, 2026, [])
        client.force_login(planner)
        response = client.post(reverse("planning:plan", args=[2026]), unit_data(OrgUnitFactory(), "GEH-1"))
        assert "Budgeten för 2026 har inget" in page_text(response)

    @pytest.mark.parametrize(
        ("codes", "posted"), [(["GEH-1"], "GEH-7"), (["GEH-1"], "GEH-99"), ([], "GEH-1")]
    )
    def test_r16_the_service_refuses_a_code_outside_the_years_budget(
        self, finance, planner, plan, codes, posted
    ):
        from planning import services as plan_services

        geh_budget(finance, 2026, codes)
        geh_budget(finance, 2027, ["GEH-7"])
        data = {
            "title": "Minska energianvändningen",
            "kind": "projekt",
            "annual_goal": None,
            "geh_code": posted,
            "responsible_unit": OrgUnitFactory(),
            "start": datetime.date(2026, 3, 1),
            "planned_end": datetime.date(2026, 9, 1),
        }
        with pytest.raises(ValidationError) as refused:
            plan_services.unit_activity_create(plan=plan, data=data, actor=planner)
        assert refused.value.message_dict == {"geh_code": [self.refusal(2026, posted)]}
        assert not plan.activities.exists()

    def test_r14_a_code_of_the_years_budget_is_accepted(self, client, finance, planner, plan):
        geh_budget(finance, 2026, ["GEH-1"])
        client.force_login(planner)
        response = client.post(reverse("planning:plan", args=[2026]), unit_data(OrgUnitFactory(), "GEH-1"))
        assert response.status_code == 302
        assert plan.activities.get().geh_code == "GEH-1"


@pytest.mark.django_db
class TestGuidance:
    """Guidance, not rules (R4, R18): beside the budget and the distribution, without rule numbers."""

    def test_r4_the_budget_page_shows_kfs_three_levers(self, client, politician):
        adopted_budget(2026)
        client.force_login(politician)
        page = page_text(client.get(reverse("budget:detail", args=[2026])))
        levers = html.unescape(render_to_string("goals/_levers.html"))
        assert levers.strip() in page  # the same guidance as beside KF's goals
        assert not re.search(r"\bR\d+\b", levers)

    def test_r18_the_distribution_page_says_at_what_level(self, client, finance):
        adopted_budget(2026)
        PlanFactory(year=2026)
        client.force_login(finance)
        page = page_text(client.get(reverse("budget:distribution", args=[2026])))
        guidance = gettext(
            "The executive board's budget is to be made at the level needed for correct follow-up and "
            "control to be carried out continuously."
        )
        assert f'<p class="meta" id="follow-up-level">{guidance}</p>' in page
