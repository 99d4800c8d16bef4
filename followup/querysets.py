"""Read access for internal control plans: drafts are the planners', the rest every signed-in user's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from organisation.models import User

PUBLIC_STATES = ("forslag", "antagen")


def _signed_in(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _is_planner(user: User) -> bool:
    return _signed_in(user) and user.has_role("planerare")


class InternalControlPlanQuerySet(models.QuerySet):
    def for_user(self, user: User) -> InternalControlPlanQuerySet:
        """Drafts (and plans sent back) are seen by planners only; proposals and adopted plans by all."""
        if not _signed_in(user):
            return self.none()
        return self if _is_planner(user) else self.filter(status__in=PUBLIC_STATES)

    def editable_by(self, user: User) -> InternalControlPlanQuerySet:
        """Planners change a plan until it is adopted."""
        return self.exclude(status="antagen") if _is_planner(user) else self.none()


class ControlQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ControlQuerySet:
        if not _signed_in(user):
            return self.none()
        return self if _is_planner(user) else self.filter(plan__status__in=PUBLIC_STATES)

    def editable_by(self, user: User) -> ControlQuerySet:
        """A control is the planners' to change while its plan is not adopted."""
        return self.exclude(plan__status="antagen") if _is_planner(user) else self.none()

    def with_risk_value(self) -> ControlQuerySet:
        """Annotated with probability × consequence, so that the highest risks can be listed first."""
        return self.annotate(risk_product=models.F("probability") * models.F("consequence"))
