"""From the books to the follow-up.

Accounts become categories by `AccountClass` (longest prefix wins); the objects of the area dimension
(ECONOMY_AREA_DIMENSION) become units by `ObjectMapping`, else by the units' own cost centres; the
objects of the project dimension (ECONOMY_PROJECT_DIMENSION) become investment projects by
`ObjectMapping`. Revenue and costs come out as positive figures (the sign flipped once, here).

An account's total across objects (`balances[(account, ())]`) is divided between the area objects it
has rows for; what the object rows do not cover (or all of it, for an account without area rows) is
"without object". Projects sum the accounting-sign amounts (debit positive) of every account, balance
sheet accounts included, since investments are booked there. What cannot be placed is kept in
`unmapped` in the accounting sign: "1 999" for an area object no unit has, "6 P12" for a project
object no project has, and "konto 9999 saknar kontoklass" for an account no class covers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext

from economy.models import AccountClass, Category, ObjectMapping
from economy.sie import SieBooks
from organisation.models import OrgUnit

ZERO = Decimal(0)
# Revenue and the financial items (tax revenue, grants, net financial income) are credits in the
# books: flipped, so that each category comes out positive in its normal state.
SIGN = {Category.REVENUE: -1, Category.COSTS: 1, Category.FINANCIAL: -1}


@dataclass
class Totals:
    outcomes: dict[tuple[int, str], Decimal] = field(default_factory=dict)  # (unit id, category) → kronor
    projects: dict[str, Decimal] = field(default_factory=dict)  # investment project name → kronor
    unmapped: dict[str, Decimal] = field(default_factory=dict)  # "dimension object" → kronor, no unit
    without_object: dict[str, Decimal] = field(default_factory=dict)  # category → kronor, no area object
    period_to: datetime.date | None = None


def category_of(account: str, classes: list[tuple[str, str]]) -> str | None:
    """The category of an account by the longest matching prefix of `classes` ((prefix, category))."""
    best: tuple[str, str] | None = None
    for prefix, category in classes:
        if account.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, category)
    return best[1] if best else None


def _add(target: dict, key, amount: Decimal) -> None:
    target[key] = target.get(key, ZERO) + amount


def totals_from_sie(books: SieBooks) -> Totals:
    """The books' year-0 balances as outcome per unit and category, per project, and what is left over.
    Three queries: the account classes, the object mappings, the units' cost centres."""
    area_dimension = settings.ECONOMY_AREA_DIMENSION
    project_dimension = settings.ECONOMY_PROJECT_DIMENSION
    classes = list(AccountClass.objects.values_list("prefix", "category"))
    units: dict[str, int] = {}
    projects: dict[str, str] = {}
    for dimension, code, unit_id, project in ObjectMapping.objects.filter(
        dimension__in={area_dimension, project_dimension}
    ).values_list("dimension", "code", "unit_id", "project"):
        if dimension == area_dimension and unit_id is not None:
            units[code] = unit_id
        if dimension == project_dimension and project:
            projects[code] = project
    for code, unit_id in OrgUnit.objects.exclude(cost_centre="").values_list("cost_centre", "pk"):
        units.setdefault(code, unit_id)  # a mapping beats the unit's own cost centre

    # Per account: its {} total, and its rows per area object.
    totals: dict[str, Decimal] = {}
    by_area: dict[str, dict[str, Decimal]] = defaultdict(dict)
    by_first_dimension: dict[str, dict[int, Decimal]] = defaultdict(dict)
    result = Totals(period_to=books.last_period)
    for (account, objects), amount in books.balances.items():
        if not objects:
            totals[account] = amount
            continue
        pairs = dict(objects)
        if area_dimension in pairs:
            _add(by_area[account], pairs[area_dimension], amount)
        _add(by_first_dimension[account], objects[0][0], amount)
        if project_dimension in pairs:
            code = pairs[project_dimension]
            if code in projects:
                _add(result.projects, projects[code], amount)
            elif amount:
                _add(result.unmapped, f"{project_dimension} {code}", amount)

    for account in totals.keys() | by_area.keys() | by_first_dimension.keys():
        category = category_of(account, classes)
        areas = by_area.get(account, {})
        total = totals.get(account)
        if total is None:
            # No {} row: the rows of one dimension add up to the account's total.
            first = by_first_dimension.get(account, {})
            total = sum(areas.values(), ZERO) if areas else sum(first.values(), ZERO)
        if category is None:
            if total:
                key = gettext("account %(account)s has no account class") % {"account": account}
                _add(result.unmapped, key, total)
            continue
        if category == Category.NOT_COUNTED:
            continue
        sign = SIGN[category]
        for code, amount in areas.items():
            unit_id = units.get(code)
            if unit_id is None:
                if amount:
                    _add(result.unmapped, f"{area_dimension} {code}", amount)
            else:
                _add(result.outcomes, (unit_id, category), sign * amount)
        remainder = total - sum(areas.values(), ZERO)
        if remainder:
            _add(result.without_object, category, sign * remainder)
    return result
