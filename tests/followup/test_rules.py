"""R31: KS adopts an internal control plan every year; the risk assessment and matrix; the services' rules."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from followup import services
from followup.matrix import risk_matrix
from followup.models import (
    Control,
    Frequency,
    InternalControlPlan,
    Probability,
    RiskLevel,
)
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision
from tests.factories import (
    ControlFactory,
    GoverningDocumentFactory,
    InternalControlPlanFactory,
    OrgUnitFactory,
    body_named,
    decision_by,
    document_kind,
    ks_decision,
)

ADOPTION_DAY = datetime.date(2025, 12, 2)


def frozen() -> str:
    return re.escape(gettext("The internal control plan is adopted: its controls are frozen."))


def control_data(**overrides) -> dict:
    data = {
        "process": "Löneutbetalning",
        "risk": "Lön betalas ut efter avslutad anställning.",
        "probability": 2,
        "consequence": 4,
        "control_method": "Avstämning av avslutade anställningar mot utbetald lön.",
        "responsible_unit": OrgUnitFactory(),
        "responsible_person": "Lönechef",
        "frequency": Frequency.MONTHLY,
    }
    return data | overrides


@pytest.mark.django_db
class TestRiskAssessment:
    @pytest.mark.parametrize(
        ("probability", "consequence", "value", "level"),
        [
            (1, 1, 1, RiskLevel.LOW),
            (1, 3, 3, RiskLevel.LOW),
            (2, 2, 4, RiskLevel.MEDIUM),
            (3, 2, 6, RiskLevel.MEDIUM),
            (2, 4, 8, RiskLevel.HIGH),
            (3, 3, 9, RiskLevel.HIGH),
            (4, 3, 12, RiskLevel.VERY_HIGH),
            (4, 4, 16, RiskLevel.VERY_HIGH),
        ],
    )
    def test_r31_risk_value_is_probability_times_consequence(self, probability, consequence, value, level):
        control = Control(probability=probability, consequence=consequence)
        assert (control.risk_value, control.risk_level) == (value, level)

    def test_r31_risk_value_follows_a_changed_assessment(self, planner):
        control = ControlFactory(probability=1, consequence=2)
        services.control_update(
            control_id=control.pk, expected_version=1, data={"probability": 4}, actor=planner
        )
        control.refresh_from_db()
        assert control.risk_value == 8

    @pytest.mark.parametrize(("field", "value"), [("probability", 0), ("probability", 5), ("consequence", 5)])
    def test_r31_assessment_is_on_the_four_step_scale(self, field, value):
        with pytest.raises(IntegrityError), transaction.atomic():
            ControlFactory(**{field: value})

    def test_r31_both_scales_have_four_named_steps(self):
        for name in ("probability", "consequence"):
            steps = dict(Control._meta.get_field(name).choices)
            assert sorted(steps) == [1, 2, 3, 4]
            assert len({str(label) for label in steps.values()}) == 4


@pytest.mark.django_db
class TestRiskMatrix:
    def test_r31_matrix_places_each_control_by_probability_and_consequence(self):
        plan = InternalControlPlanFactory()
        high = ControlFactory(plan=plan, probability=4, consequence=3)
        low = ControlFactory(plan=plan, probability=1, consequence=1)
        also_low = ControlFactory(plan=plan, probability=1, consequence=1)
        rows = risk_matrix(list(plan.controls.all()))
        assert [row.probability.value for row in rows] == [4, 3, 2, 1]
        cells = {(cell.probability, cell.consequence): cell for row in rows for cell in row.cells}
        assert len(cells) == 16
        assert cells[(4, 3)].controls == [high]
        assert cells[(1, 1)].controls == [low, also_low]
        assert sum(len(cell.controls) for cell in cells.values()) == 3
        assert (cells[(4, 3)].value, cells[(4, 3)].level) == (12, RiskLevel.VERY_HIGH)
        assert (cells[(1, 1)].value, cells[(1, 1)].level) == (1, RiskLevel.LOW)


@pytest.mark.django_db
class TestPlan:
    def test_r31_one_plan_per_body_and_year(self, planner):
        services.plan_create(body=body_named("KS"), year=2026, actor=planner)
        with pytest.raises(ValidationError):
            services.plan_create(body=body_named("KS"), year=2026, actor=planner)
        with pytest.raises(IntegrityError), transaction.atomic():
            InternalControlPlan.objects.create(body=body_named("KS"), year=2026)

    def test_r31_plan_is_adopted_by_a_ks_decision(self, planner):
        plan = InternalControlPlanFactory(status=AdoptionStatus.PROPOSAL)
        ControlFactory(plan=plan)
        with pytest.raises(ValidationError):
            services.plan_adopt(plan=plan, decision=decision_by("KF", ADOPTION_DAY), actor=planner)
        sent_back = ks_decision(ADOPTION_DAY, outcome=Decision.Outcome.SENT_BACK)
        with pytest.raises(ValidationError):
            services.plan_adopt(plan=plan, decision=sent_back, actor=planner)
        decision = ks_decision(ADOPTION_DAY)
        services.plan_adopt(plan=plan, decision=decision, actor=planner)
        plan.refresh_from_db()
        assert (plan.status, plan.decision) == (AdoptionStatus.ADOPTED, decision)

    def test_r31_adopted_plan_has_its_decision_in_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=None)

    def test_r31_plan_without_controls_is_not_adopted(self, planner):
        plan = InternalControlPlanFactory(status=AdoptionStatus.PROPOSAL)
        refusal = gettext("The plan has no controls: add them before it is adopted.")
        with pytest.raises(ValidationError, match=re.escape(refusal)):
            services.plan_adopt(plan=plan, decision=ks_decision(ADOPTION_DAY), actor=planner)

    def test_r31_adopted_plan_is_frozen(self, planner):
        plan = InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=ks_decision(ADOPTION_DAY))
        control = ControlFactory(plan=plan)
        with pytest.raises(ValidationError, match=frozen()):
            services.control_create(plan=plan, data=control_data(), actor=planner)
        with pytest.raises(ValidationError, match=frozen()):
            services.control_update(
                control_id=control.pk, expected_version=1, data={"probability": 4}, actor=planner
            )
        with pytest.raises(ValidationError, match=frozen()):
            services.plan_send_back(
                plan=plan,
                decision=ks_decision(ADOPTION_DAY, outcome=Decision.Outcome.SENT_BACK),
                actor=planner,
            )
        control.refresh_from_db()
        assert (control.probability, plan.controls.count()) == (2, 1)

    def test_r31_sent_back_plan_returns_to_the_planners(self, planner):
        plan = InternalControlPlanFactory(status=AdoptionStatus.PROPOSAL)
        services.plan_send_back(
            plan=plan, decision=ks_decision(ADOPTION_DAY, outcome=Decision.Outcome.SENT_BACK), actor=planner
        )
        assert (plan.status, plan.decision) == (AdoptionStatus.SENT_BACK, None)
        services.control_create(plan=plan, data=control_data(), actor=planner)

    def test_next_years_plan_starts_with_a_copy_of_the_controls(self, planner):
        plan = InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=ks_decision(ADOPTION_DAY))
        ControlFactory(plan=plan, process="Attest", probability=3, consequence=4)
        new = services.plan_start_from(plan=plan, actor=planner)
        assert (new.year, new.status, new.started_from) == (2027, AdoptionStatus.DRAFT, plan)
        copy = new.controls.get()
        assert (copy.process, copy.risk_value) == ("Attest", 12)
        assert plan.controls.count() == 1
        with pytest.raises(ValidationError):
            services.plan_start_from(plan=plan, actor=planner)


@pytest.mark.django_db
class TestControls:
    def test_r28_no_control_opts_out_of_a_report(self):
        """ "Vid respektive tillfälle": every control is followed up at every report, so a control has
        no choice of reports to leave one out by."""
        field_names = {field.name for field in Control._meta.get_fields()}
        assert not {name for name in field_names if name.startswith("reported_in")}

    def test_control_has_a_responsible(self, planner):
        plan = InternalControlPlanFactory()
        with pytest.raises(ValidationError):
            services.control_create(
                plan=plan, data=control_data(responsible_unit=None, responsible_person=" "), actor=planner
            )
        assert not plan.controls.exists()

    def test_stale_save_is_refused_and_nothing_is_overwritten(self, planner):
        control = ControlFactory(probability=2)
        services.control_update(
            control_id=control.pk, expected_version=1, data={"probability": 3}, actor=planner
        )
        with pytest.raises(services.EditConflict) as conflict:
            services.control_update(
                control_id=control.pk, expected_version=1, data={"probability": 1}, actor=planner
            )
        (change,) = conflict.value.changed  # the saved value beside the user's, for display
        assert (change.saved, change.mine) == (str(Probability(3).label), str(Probability(1).label))
        control.refresh_from_db()
        assert (control.probability, control.version) == (3, 2)

    def test_changes_are_recorded_with_who_made_them(self, planner):
        control = services.control_create(
            plan=InternalControlPlanFactory(), data=control_data(), actor=planner
        )
        services.control_update(
            control_id=control.pk, expected_version=1, data={"consequence": 1}, actor=planner
        )
        records = list(control.history.order_by("history_date"))
        assert [(r.history_type, r.consequence, r.history_user) for r in records] == [
            ("+", 4, planner),
            ("~", 1, planner),
        ]


@pytest.mark.django_db
class TestRoutines:
    def test_r31_plan_links_its_routines(self, planner):
        """4.7.2: KS adopts routines for internal control, a guideline in the register; the plan links
        them, also once adopted (a link, not the plan's content)."""
        plan = InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=ks_decision(ADOPTION_DAY))
        routines = GoverningDocumentFactory(kind=document_kind("riktlinje"), adopting_body=body_named("KS"))
        services.plan_set_routines(plan=plan, document=routines, actor=planner)
        plan.refresh_from_db()
        assert (plan.routines, plan.status) == (routines, AdoptionStatus.ADOPTED)
        assert plan.history.first().history_user == planner
        with pytest.raises(ValidationError) as refusal:
            services.plan_set_routines(plan=plan, document=GoverningDocumentFactory(), actor=planner)
        assert set(refusal.value.error_dict) == {"routines"}
        plan.refresh_from_db()
        assert plan.routines == routines
        services.plan_set_routines(plan=plan, document=None, actor=planner)
        plan.refresh_from_db()
        assert plan.routines is None
