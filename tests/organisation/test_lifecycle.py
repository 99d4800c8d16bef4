"""The one decision lifecycle (organisation/lifecycle.py) that everything a body adopts goes through."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from budget.models import BudgetVersion
from followup.models import InternalControlPlan, Report
from goals.models import AnnualGoal, MandatePeriod, Vision
from organisation import lifecycle
from organisation.forms import DecisionInputForm
from organisation.lifecycle import Adoptable, AdoptionStatus
from organisation.models import Body, Decision, Meeting
from organisation.roles import Role
from planning.models import OperationalPlan
from tests.factories import (
    AnnualGoalFactory,
    InternalControlPlanFactory,
    PlanFactory,
    UserFactory,
    VisionFactory,
    body_named,
    kf_decision,
    ks_decision,
)

ADOPTABLES = {
    OperationalPlan,
    InternalControlPlan,
    BudgetVersion,
    Vision,
    MandatePeriod,
    AnnualGoal,
    Report,
}


def test_everything_a_body_adopts_uses_the_one_lifecycle():
    found = {model for model in apps.get_models() if issubclass(model, Adoptable)}
    assert found == ADOPTABLES
    for model in found:
        names = {constraint.name for constraint in model._meta.constraints}
        assert f"{model._meta.app_label}_{model._meta.model_name}_adopted_has_decision" in names
        assert model._meta.get_field("status").choices == AdoptionStatus.choices


def test_the_deciding_body_is_data():
    """KF decides the vision, the mandate goals and the budget; KS its own goals, plans and reports."""
    assert {m for m in ADOPTABLES if m.DECIDED_BY == Body.Kind.ASSEMBLY} == {
        Vision,
        MandatePeriod,
        BudgetVersion,
    }
    assert {m for m in ADOPTABLES if m.DECIDED_BY is None} == {
        AnnualGoal,
        OperationalPlan,
        InternalControlPlan,
        Report,
    }


@pytest.mark.django_db
class TestRules:
    def test_adopted_without_a_decision_is_refused_by_the_database(self):
        plan = PlanFactory()
        plan.status = AdoptionStatus.ADOPTED
        with pytest.raises(IntegrityError), transaction.atomic():
            plan.save()

    def test_a_decision_of_another_body_is_refused(self):
        planner = UserFactory(role=Role.PLANNER)
        plan = PlanFactory()
        with pytest.raises(ValidationError, match=gettext("The decision must be taken by %(body)s.")[:20]):
            lifecycle.adopt(plan, decision=kf_decision(), actor=planner, adopted_message="-")
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.DRAFT

    def test_a_decision_sent_back_does_not_adopt(self):
        planner = UserFactory(role=Role.PLANNER)
        plan = PlanFactory()
        decision = ks_decision(outcome=Decision.Outcome.SENT_BACK)
        with pytest.raises(ValidationError):
            lifecycle.adopt(plan, decision=decision, actor=planner, adopted_message="-")

    def test_kf_decides_the_vision_by_its_kind_not_its_short_name(self):
        planner = UserFactory(role=Role.PLANNER)
        assembly = Body.objects.create(name="Fullmäktige", short_name="FM", kind=Body.Kind.ASSEMBLY)
        meeting = Meeting.objects.create(body=assembly, date=datetime.date(2023, 1, 30))
        decision = Decision.objects.create(
            meeting=meeting, paragraph=1, case_number="FM 23/1", title="Vision"
        )
        vision = VisionFactory()
        lifecycle.adopt(vision, decision=decision, actor=planner, adopted_message="-")
        assert vision.is_adopted

    def test_what_may_not_be_sent_back_is_not(self):
        planner = UserFactory(role=Role.PLANNER)
        goal = AnnualGoalFactory()
        with pytest.raises(ValidationError):
            lifecycle.send_back(
                goal,
                decision=ks_decision(outcome=Decision.Outcome.SENT_BACK),
                actor=planner,
                adopted_message="-",
            )

    def test_the_decision_form_offers_the_deciding_bodys_meetings_only(self):
        ks_meeting = ks_decision().meeting
        kf_meeting = kf_decision().meeting
        by_body = DecisionInputForm(body=body_named("KS")).fields["meeting"].queryset
        by_kind = DecisionInputForm(body=Body.Kind.ASSEMBLY).fields["meeting"].queryset
        assert list(by_body) == [ks_meeting]
        assert list(by_kind) == [kf_meeting]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory", [PlanFactory, InternalControlPlanFactory], ids=["plan", "internal-control"]
)
def test_editable_by_comes_from_the_lifecycle_so_an_adopted_plan_is_nobodys_to_change(factory):
    """The operational plan's editable_by let planners change an adopted plan; the internal control
    plan's did not. Both now come from the lifecycle: planners change a plan until it is adopted."""
    planner = UserFactory(role=Role.PLANNER)
    plan = factory(status=AdoptionStatus.ADOPTED, decision=ks_decision())
    model = type(plan)
    assert not model.objects.editable_by(planner).filter(pk=plan.pk).exists()
    plan.status, plan.decision = AdoptionStatus.PROPOSAL, None
    plan.save()
    assert model.objects.editable_by(planner).filter(pk=plan.pk).exists()
    assert not model.objects.editable_by(UserFactory(role=Role.FINANCE)).filter(pk=plan.pk).exists()
