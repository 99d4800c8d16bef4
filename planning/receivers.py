"""Planning's answers to what the budget tells (budget.signals); connected once in PlanningConfig.ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planning.models import OperationalPlan

if TYPE_CHECKING:
    from organisation.models import Body, User


def distribution_changed(*, body: Body, year: int, actor: User, **kwargs) -> None:
    """The distribution of the frame is the plan's section 5 (R11): an adopted plan records its change.

    A frame changed by November's recalculation may need a new distribution after KS adopted the plan;
    the change is recorded as a new version of the plan, in the transaction that saved it.
    """
    plan = OperationalPlan.objects.select_for_update().filter(body=body, year=year).first()
    if plan is None or not plan.is_adopted:
        return
    plan.revision += 1
    plan.full_clean()
    plan._history_user = actor
    plan.save()
