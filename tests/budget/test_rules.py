"""The budget's rules by name: R16 (title and horizons), R17 (versions kept and diffed), R5 (the frame)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from goals.models import MandateGoal
from organisation.models import OrgUnit
from planning import budget_services as services
from planning.budget_models import Budget, BudgetVersion, EconomicPlanLine, FrameDistribution
from planning.budget_selectors import diff, load_contents
from planning.models import PlanStatus
from styrmodell.publishing import PublicationStatus
from tests.factories import (
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
        tax = next(row for row in sections["economic-plan"].rows if row.label.endswith("2026") and row.b)
        assert (tax.a, tax.b, tax.changed) == (None, 598 * MKR, True)
        assert sections["investment-plan"].changes == 0

    def test_adoption_needs_a_kf_decision(self, finance):
        version = new_budget(finance)
        services.frames_set(
            version=version, amounts={body_named("KS"): 700 * MKR}, expected_revision=None, actor=finance
        )
        with pytest.raises(ValidationError):
            services.version_adopt(version=version, decision=ks_decision(), actor=finance)
        version.refresh_from_db()
        assert version.status == PublicationStatus.DRAFT

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
        services.distribution_set(plan=plan, amounts={school: 300 * MKR}, expected={}, actor=finance)
        with pytest.raises(ValidationError) as refused:
            services.distribution_set(
                plan=plan, amounts={school: 300 * MKR, care: 250 * MKR}, expected=None, actor=finance
            )
        assert "50\u00a0000,0\u00a0tkr" in refused.value.messages[0]  # by how much
        assert {(r.unit_id, r.amount) for r in FrameDistribution.objects.all()} == {(school.pk, 300 * MKR)}

    def test_r5_distribution_up_to_the_frame_is_accepted_and_shows_what_remains(self, finance):
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026)
        school, care = self.setup_areas()
        use = services.distribution_set(
            plan=plan, amounts={school: 300 * MKR, care: 200 * MKR}, expected=None, actor=finance
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
            services.distribution_set(plan=plan, amounts={school: 450 * MKR}, expected=None, actor=finance)

    def test_no_frame_no_distribution(self, finance):
        plan = PlanFactory(year=2026)
        school, _care = self.setup_areas()
        with pytest.raises(ValidationError):
            services.distribution_set(plan=plan, amounts={school: 1 * MKR}, expected=None, actor=finance)

    def test_a_change_after_adoption_is_a_new_version_of_the_plan(self, finance):
        adopted_budget(2026)
        plan = PlanFactory(
            year=2026, status=PlanStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        school, _care = self.setup_areas()
        services.distribution_set(plan=plan, amounts={school: 1 * MKR}, expected=None, actor=finance)
        plan.refresh_from_db()
        assert plan.revision == 2
        assert plan.history.first().history_user == finance

    def test_a_stale_distribution_is_refused(self, finance):
        adopted_budget(2026)
        plan = PlanFactory(year=2026)
        school, care = self.setup_areas()
        services.distribution_set(plan=plan, amounts={school: 1 * MKR}, expected={}, actor=finance)
        with pytest.raises(services.EditConflict):
            services.distribution_set(plan=plan, amounts={care: 1 * MKR}, expected={}, actor=finance)
        assert FrameDistribution.objects.count() == 1


@pytest.mark.django_db
class TestGeh:
    def test_unit_activity_geh_code_must_be_one_of_the_years_goals(self, finance, planner):
        from planning import services as plan_services
        from tests.factories import AnnualGoalFactory

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
            year=2026, status=PlanStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
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
            geh_goals=services.geh_goals_for_year(2026),
        )
        assert ("GEH-2", "GEH-2 Effektiv resursanvändning") in form.fields["geh_code"].choices
        without = UnitActivityForm(goals=AnnualGoal.objects.none(), units=OrgUnit.objects.none())
        assert not hasattr(without.fields["geh_code"], "choices")
