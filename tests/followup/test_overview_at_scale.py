"""The follow-up overview at a large municipality's size: each KS goal lists its first activities with the
rest a link away, the late table its first rows with the whole table a link away, every figure still
counts all the round's activities, and the same queries however many activities there are."""

import datetime
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from followup import rounds, selectors
from followup.models import ActivityReport, Verdict
from goals.models import AnnualGoal, Criterion
from organisation.models import OrgUnit
from planning.models import ActivityStatus
from tests.factories import (
    ActivityFactory,
    GoalIndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    OrgUnitFactory,
)
from tests.followup.test_overview import NOW, PLANNED_END, YEAR, Year, year_url

IN_PROGRESS, DONE, CANCELLED = ActivityStatus.IN_PROGRESS, ActivityStatus.DONE, ActivityStatus.CANCELLED
CUT_OFF = datetime.date(2026, 8, 31)  # the delår's


@pytest.fixture(autouse=True)
def _september_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def small_caps(monkeypatch):
    """Three activities a goal and two late rows, so that a few factories make a "large" round."""
    monkeypatch.setattr(selectors, "ACTIVITIES_SHOWN", 3)
    monkeypatch.setattr(selectors, "LATE_SHOWN", 2)


def text(response) -> str:
    return html.unescape(response.content.decode())


def activity_links(fragment: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/uppfoljning/\d+/delar/aktivitet/(\d+)/"', fragment)]


def late_section(page: str) -> str:
    return page[page.index('id="late-heading"') : page.index('id="control-deviations-heading"')]


def goal_cell(page: str, goal) -> str:
    """The goal's row in the chain: its title, its activities' list and the link to all of them."""
    chain = page.index('id="chain-heading"')
    start = page.index(f'href="{reverse("followup:goal", args=[YEAR, "delar", goal.pk])}"', chain)
    return page[start : page.index("</details>", start)]


def add(year: Year, goal, count: int, *, late: bool = False, plan: bool = True, **fields) -> list:
    """`count` activities reported in the delår: late (in progress past the planned end) or done in time."""
    activities = []
    for n in range(count):
        activity = ActivityFactory(
            plan=year.plan,
            annual_goal=goal,
            responsible_unit=year.unit,
            planned_end=PLANNED_END - datetime.timedelta(days=n),
            is_plan_activity=plan,
            **fields,
        )
        if late:
            year.report(year.interim, activity, IN_PROGRESS)
        else:
            year.report(year.interim, activity, DONE, datetime.date(2026, 6, 1))
        activities.append(activity)
    return activities


@pytest.mark.django_db
class TestAtScale:
    def test_the_queries_do_not_grow_with_activities_or_late_ones(self, client, planner, small_caps):
        year = Year(per_goal=1, planner=planner)
        add(year, year.goals[0], 1, late=True)
        client.force_login(planner)
        client.get(year_url("delar"))  # the session and the caches settle
        with CaptureQueriesContext(connection) as small:
            assert client.get(year_url("delar")).status_code == 200
        add(year, year.goals[0], 6, late=True)
        add(year, year.goals[1], 8)
        add(year, year.goals[1], 4, late=True, plan=False)  # the units' own activities
        with CaptureQueriesContext(connection) as large:
            page = text(client.get(year_url("delar")))
        assert len(large) == len(small)
        with CaptureQueriesContext(connection) as everything:
            assert client.get(year_url("delar") + "&sena=alla").status_code == 200
        assert len(everything) == len(small)
        assert "sena=alla" in page

    def test_each_goal_lists_its_first_activities_and_links_to_all(self, client, planner, small_caps):
        year = Year(per_goal=0, planner=planner)
        goal, small_goal = year.goals
        many = add(year, goal, 5)
        few = add(year, small_goal, 2)
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        shown = activity_links(goal_cell(page, goal))
        assert len(shown) == 3
        assert set(shown) < {a.pk for a in many}
        every = ngettext(
            "All %(counter)s activity of the goal", "All %(counter)s activities of the goal", 5
        ) % {"counter": 5}
        assert every in goal_cell(page, goal)
        assert set(activity_links(goal_cell(page, small_goal))) == {a.pk for a in few}
        assert "goal" not in goal_cell(page, small_goal).split("</ul>")[1]  # no link when all are shown
        # The goal's drill-down lists every one of them.
        drill = text(client.get(reverse("followup:goal", args=[YEAR, "delar", goal.pk])))
        assert {a.pk for a in many} <= set(activity_links(drill))

    def test_the_late_table_shows_its_first_rows_by_planned_end_and_links_to_all(
        self, client, planner, small_caps
    ):
        year = Year(per_goal=1, planner=planner)
        late = add(year, year.goals[0], 3, late=True) + add(year, year.goals[1], 2, late=True, plan=False)
        by_end = sorted(late, key=lambda a: (a.planned_end, a.pk))
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        assert activity_links(late_section(page)) == [a.pk for a in by_end[:2]]
        show_all = ngettext(
            "Show all %(counter)s late activity", "Show all %(counter)s late activities", 5
        ) % {"counter": 5}
        assert show_all in late_section(page)
        assert 'href="?omgang=delar&sena=alla#late-heading"' in late_section(page)
        whole = text(client.get(year_url("delar") + "&sena=alla"))
        assert activity_links(late_section(whole)) == [a.pk for a in by_end]
        assert show_all not in late_section(whole)

    def test_the_figures_count_every_activity_not_only_the_shown_ones(self, client, planner, small_caps):
        year = Year(per_goal=0, planner=planner)
        goal = year.goals[0]
        add(year, goal, 4)
        add(year, goal, 5, late=True)
        ActivityFactory(plan=year.plan, annual_goal=goal, responsible_unit=year.unit)  # not reported
        add(year, year.goals[1], 3, late=True, plan=False)  # a unit's, outside the plan's counts
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        cell = page[page.index(goal_cell(page, goal), page.index('id="chain-heading"')) :].split("</tr>")[0]
        assert gettext("%(done)s of %(total)s done") % {"done": 4, "total": 10} in cell
        assert ngettext("%(counter)s late", "%(counter)s late", 5) % {"counter": 5} in cell
        assert ngettext("%(counter)s not reported", "%(counter)s not reported", 1) % {"counter": 1} in cell
        reported = gettext(
            "%(reported)s of %(total)s activities are reported in the round; "
            "an activity not reported is not counted as late."
        ) % {"reported": 12, "total": 13}
        assert reported in page
        assert (
            ngettext("Show all %(counter)s late activity", "Show all %(counter)s late activities", 8)
            % {"counter": 8}
            in page
        )

    def test_r13_the_overview_proposes_as_the_goals_drill_down(self, planner):
        """The overview loads indicators only for the goals adopted with a measure of their own, and each
        KF goal once however many KS goals serve it; its proposals are still those of the goal's
        drill-down, which loads everything."""
        OrgUnitFactory(kind=OrgUnit.Kind.MUNICIPALITY, kolada_code="2260", parent=None)
        year = Year(per_goal=0, planner=planner)
        measured, by_activities = year.goals
        add(year, measured, 3)
        add(year, by_activities, 3)
        # Every activity done as planned, but KS adopted the first goal with its own measure: 1 of 3 met.
        AnnualGoal.objects.filter(pk=measured.pk).update(criterion=Criterion.MAJORITY)
        for value in ("40", "45", "60"):
            link = GoalIndicatorFactory(mandate_goal=None, annual_goal=measured)
            IndicatorTargetFactory(goal_indicator=link, year=YEAR, value=Decimal("50"))
            IndicatorValueFactory(
                indicator=link.indicator, year=YEAR, municipality="2260", value=Decimal(value)
            )
        year_dates = rounds.report_dates(YEAR)
        overview = selectors.round_overview(year.interim, year.tertial, year_dates, planner)
        proposed = {row.goal.pk: (row.computed.verdict, row.computed.basis) for row in overview.goals}
        assert proposed[measured.pk][0] == Verdict.NOT_ACHIEVED
        assert proposed[by_activities.pk][0] == Verdict.ACHIEVED
        for goal in year.goals:
            detail = selectors.goal_detail(
                year.interim, year.tertial, year_dates, goal, [year.tertial, year.interim], planner
            )
            assert proposed[goal.pk] == (detail.row.computed.verdict, detail.row.computed.basis)
        [kf_row] = overview.chain
        assert kf_row.goal == year.kf
        assert [row.goal.pk for row in kf_row.goals] == [measured.pk, by_activities.pk]
        assert kf_row.goals[0].goal.kf_goals[0] is kf_row.goals[1].goal.kf_goals[0]

    def test_lateness_in_the_database_is_the_models(self, planner):
        """`late_condition` agrees with `ActivityReport.is_late` over every status and completion."""
        year = Year(per_goal=0, planner=planner)
        cases = [
            (IN_PROGRESS, None, PLANNED_END),
            (IN_PROGRESS, None, datetime.date(2026, 12, 31)),
            (ActivityStatus.NOT_STARTED, None, PLANNED_END),
            (CANCELLED, None, PLANNED_END),
            (DONE, datetime.date(2026, 6, 1), PLANNED_END),
            (DONE, datetime.date(2026, 7, 15), PLANNED_END),
            (DONE, PLANNED_END, PLANNED_END),
        ]
        for status, completed_on, planned_end in cases:
            activity = ActivityFactory(plan=year.plan, annual_goal=year.goals[0], planned_end=planned_end)
            year.report(year.interim, activity, status, completed_on)
        entries = ActivityReport.objects.filter(report=year.interim).select_related("activity")
        expected = {entry.pk for entry in entries if entry.is_late(CUT_OFF)}
        found = set(entries.filter(selectors.late_condition(CUT_OFF)).values_list("pk", flat=True))
        assert found == expected
        assert len(expected) == 3


@pytest.mark.django_db
def test_the_goal_chain_is_a_page_of_goals_at_a_time(client, planner, monkeypatch):
    monkeypatch.setattr(selectors, "GOALS_PER_PAGE", 1)
    year = Year(per_goal=1, planner=planner)
    first, second = year.goals
    client.force_login(planner)
    page = text(client.get(year_url("delar")))
    chain = page[page.index('id="chain-heading"') :]
    assert reverse("followup:goal", args=[YEAR, "delar", first.pk]) in chain
    assert reverse("followup:goal", args=[YEAR, "delar", second.pk]) not in chain
    assert 'href="?omgang=delar&sida=2#malkedjan"' in chain
    where = gettext("Goals %(first)s–%(last)s of %(goals)s (page %(number)s of %(total)s)")
    assert where % {"first": 1, "last": 1, "goals": 2, "number": 1, "total": 2} in chain
    chain = text(client.get(year_url("delar") + "&sida=2")).split('id="chain-heading"')[1]
    assert reverse("followup:goal", args=[YEAR, "delar", second.pk]) in chain
    assert reverse("followup:goal", args=[YEAR, "delar", first.pk]) not in chain
