"""The demo's internal control plan: KS's adopted plan for 2026, created once."""

import pytest

from followup import demo
from followup.models import Control, InternalControlPlan
from organisation import demo as organisation_demo
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision


@pytest.mark.django_db
def test_demo_plan_for_2026_is_adopted_by_ks_and_seeded_once():
    organisation_demo.seed()
    demo.seed()
    plan = InternalControlPlan.objects.select_related("decision__meeting__body").get()
    assert (plan.body.short_name, plan.year, plan.status) == ("KS", 2026, AdoptionStatus.ADOPTED)
    assert plan.decision.meeting.body.short_name == "KS"
    assert "2025-12-01" <= plan.decision.meeting.date.isoformat() <= "2026-01-31"
    assert plan.controls.count() == len(demo.CONTROLS) == 8
    assert all(c.responsible_unit_id for c in plan.controls.all())
    counts = (InternalControlPlan.objects.count(), Control.objects.count(), Decision.objects.count())
    demo.seed()
    assert (InternalControlPlan.objects.count(), Control.objects.count(), Decision.objects.count()) == counts
