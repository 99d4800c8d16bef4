"""When the governance model expects each decision (R8, R16, R17, R19, R21), and a warning when it is not.

Municipalities move meetings, so a decision in another month is never refused: it is accepted and shown
with a warning that quotes the seed, on the page of what was decided and in the planner's health list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Expectation:
    """A decision about `year` is expected in `month` of `year + year_offset`."""

    month: int
    year_offset: int
    what: object  # lazy text with %(year)s: what was decided
    quote: str  # the seed's own words, quoted as written (Swedish in every language)


MANDATE_GOALS = Expectation(
    1,
    1,
    gettext_lazy("KF's goals for the period after the %(year)s election"),
    (
        "Beslut om kommunfullmäktiges mål för mandatperioden antas i januari året efter valåret och "
        "börjar gälla året efter det."
    ),
)
MANDATE_GOAL_REVISION = Expectation(
    6,
    -1,
    gettext_lazy("The revision of a KF goal from %(year)s"),
    "Om så är fallet revideras de i samband med att kommunfullmäktige antar budget i juni.",
)
ANNUAL_GOALS = Expectation(
    5,
    -1,
    gettext_lazy("KS's goals for %(year)s"),
    "I maj ska kommunstyrelsen besluta om mål för kommande år.",
)
BUDGET = Expectation(
    6,
    -1,
    gettext_lazy("The budget for %(year)s"),
    "Budget för kommande år beslutas av kommunfullmäktige i juni.",
)
RECALCULATION = Expectation(
    11,
    -1,
    gettext_lazy("The technical recalculation of the budget for %(year)s"),
    "I november gör kommunfullmäktige en teknisk omräkning av budget.",
)
PLAN = Expectation(
    11,
    -1,
    gettext_lazy("The operational plan for %(year)s"),
    "I november beslutar kommunstyrelsen om verksamhetsplan för kommande år.",
)


def expected_month(expectation: Expectation, year: int) -> datetime.date:
    """The first day of the month the model expects the decision about `year` in."""
    return datetime.date(year + expectation.year_offset, expectation.month, 1)


def month_warning(expectation: Expectation, year: int, decision) -> str | None:
    """A warning when `decision` (about `year`) was taken in another month than the model says; else None.

    `year` is the year the decision is about: the election year for mandate goals, the year a revision
    applies from, the budget's, goals' or plan's year.
    """
    if decision is None:
        return None
    taken = decision.meeting.date
    expected = expected_month(expectation, year)
    if (taken.year, taken.month) == (expected.year, expected.month):
        return None
    return _(
        "%(what)s was decided in %(taken)s; the governance model expects %(expected)s: “%(quote)s” "
        "A decision in another month is valid: check that it is the right meeting."
    ) % {
        "what": str(expectation.what) % {"year": year},
        "taken": date_format(taken, "F Y"),
        "expected": date_format(expected, "F Y"),
        "quote": expectation.quote,
    }


def budget_expectation(version) -> Expectation:
    """June's adoption or November's technical recalculation, by the budget version's kind."""
    return RECALCULATION if version.kind == version.Kind.RECALCULATION else BUDGET


def version_month_warning(period, version) -> str | None:
    """A KF goal's wording: adopted with the period in January after the election (R8), or a revision
    with June's budget, applying from the year after (R21)."""
    if version is None or version.decision_id is None:
        return None
    if version.decision_id == period.decision_id:
        return month_warning(MANDATE_GOALS, period.election_year, version.decision)
    return month_warning(MANDATE_GOAL_REVISION, version.valid_from, version.decision)


def year_warnings(*, year: int, period, mandate_goals, annual_goals, plans, budget_versions) -> list[str]:
    """The planner's health list: every decision behind a year's chain taken outside its month.

    Expects the decisions' meetings loaded (select_related/prefetch) on the objects given: the period's,
    the KF goals' versions', the KS goals', the adopted plans' and the budget versions'.
    """
    warnings = []
    if period is not None and period.decision_id:
        warnings.append(month_warning(MANDATE_GOALS, period.election_year, period.decision))
    seen = {period.decision_id} if period is not None else set()
    for goal in mandate_goals:
        for version in goal.versions.all():
            if version.decision_id and version.decision_id not in seen:
                seen.add(version.decision_id)
                warnings.append(version_month_warning(goal.period, version))
    for goal in annual_goals:
        if goal.decision_id and goal.decision_id not in seen:
            seen.add(goal.decision_id)
            warnings.append(month_warning(ANNUAL_GOALS, goal.year, goal.decision))
    for plan in plans:
        warnings.append(month_warning(PLAN, plan.year, plan.decision))
    for version in budget_versions:
        warnings.append(month_warning(budget_expectation(version), version.budget.year, version.decision))
    return [warning for warning in warnings if warning]
