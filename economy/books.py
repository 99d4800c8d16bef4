"""From the books to the follow-up: CONTRACT STUB, being built.

Accounts become categories by `AccountClass` (longest prefix wins); the objects of the area dimension
(ECONOMY_AREA_DIMENSION) become units by `ObjectMapping`, else by the units' own cost centres; the
objects of the project dimension (ECONOMY_PROJECT_DIMENSION) become investment projects by
`ObjectMapping`. Revenue and costs come out as positive figures (the sign flipped once, here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from economy.sie import SieBooks


@dataclass
class Totals:
    outcomes: dict[tuple[int, str], Decimal] = field(default_factory=dict)  # (unit id, category) → kronor
    projects: dict[str, Decimal] = field(default_factory=dict)  # investment project name → kronor
    unmapped: dict[str, Decimal] = field(default_factory=dict)  # "dimension object" → kronor, no unit
    without_object: dict[str, Decimal] = field(default_factory=dict)  # category → kronor, no area object
    period_to: datetime.date | None = None


def totals_from_sie(books: SieBooks) -> Totals:
    raise NotImplementedError


def category_of(account: str, classes: list[tuple[str, str]]) -> str | None:
    """The category of an account by the longest matching prefix of `classes` ((prefix, category))."""
    raise NotImplementedError
