"""What the budget knows of the operational plan its frame distribution belongs to (R11, section 5).

The plan builds on the budget, never the reverse: the budget does not import `planning`. Planning
tells the budget, once it is ready (`PlanningConfig.ready`), how to find a body's plan for a year as
a user may see it; the budget asks through `plan_of`. Without planning installed there is no plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from organisation.models import Body, User


class Plan(Protocol):
    """The little of a plan the budget uses."""

    year: int

    @property
    def is_adopted(self) -> bool: ...


type PlanLookup = Callable[[Body, Iterable[int], User], dict[int, Plan]]

_lookup: PlanLookup | None = None


def register(lookup: PlanLookup) -> None:
    """Called by planning when it is ready: `lookup(body, years, user)` gives the body's plans for the
    years that the user may see, by year, in one query."""
    global _lookup
    _lookup = lookup


def plans_of(body: Body, years: Iterable[int], user: User) -> dict[int, Plan]:
    """The body's plans for the years as the user may see them, by year: finance sees drafts too."""
    return _lookup(body, years, user) if _lookup is not None else {}


def plan_of(body: Body, year: int, user: User) -> Plan | None:
    return plans_of(body, [year], user).get(year)
