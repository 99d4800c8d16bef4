"""The goal pages /mal/<year>/ and /mal/ks/<pk>/ at scale: the same queries however many activities the
goals have, R13 still counting every one of the adopted plan's activities, and a goal's page listing only
the first of them with a link to the rest in the activity list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals.status import Status, assess_by_activities
from organisation.lifecycle import AdoptionStatus
from planning.models import Activity
from planning.selectors import ACTIVITIES_SHOWN
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    OrgUnitFactory,
    PlanFactory,
    kf_decision,
    ks_decision,
)

ADOPTED = AdoptionStatus.ADOPTED
YEAR = 2026


@pytest.fixture
def chain(db):
    """An adopted period whose KF goal applies in 2026, KS's adopted plan for 2026 and a draft for 2027."""
    period = MandatePeriodFactory(election_year=2022, status=ADOPTED, decision=kf_decision())
    kf = MandateGoalFactory(period=period, version__valid_from=2023, version__criterion="flertalet")
    plan = PlanFactory(year=YEAR, status=ADOPTED, decision=ks_decision(datetime.date(YEAR - 1, 11, 20)))
    return {"kf": kf, "plan": plan, "unit": OrgUnitFactory()}


def add_goal(chain, *, done: int, open_: int, units: int = 0):
    """An adopted KS goal with `done` plan activities carried out as planned, `open_` not yet done and
    `units` of the units' own; done ones finished on their planned end."""
    goal = AnnualGoalFactory(year=YEAR, adopted=True, mandate_goals=[chain["kf"]])
    for n in range(done + open_ + units):
        end = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n % 360)
        ActivityFactory(
            plan=chain["plan"],
            annual_goal=goal,
            responsible_unit=chain["unit"],
            is_plan_activity=n < done + open_,
            planned_end=end,
            start=datetime.date(YEAR, 1, 1),
            status=Activity.Status.DONE if n < done else Activity.Status.IN_PROGRESS,
            completed_on=end if n < done else None,
        )
    return goal


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_the_year_page_costs_the_same_queries_however_many_activities(client, chain, politician):
    client.force_login(politician)
    url = reverse("goals:year", args=[YEAR])
    add_goal(chain, done=1, open_=0)
    _, few = get(client, url)
    add_goal(chain, done=30, open_=20, units=15)
    add_goal(chain, done=2, open_=40)
    response, many = get(client, url)
    assert many == few
    # Every goal's status is R13 judged over all the adopted plan's activities for it, as before.
    for goal, assessment in response.context["cards"][0]["annual"]:
        activities = Activity.objects.filter(annual_goal=goal, is_plan_activity=True)
        assert assessment == assess_by_activities(activities, year=YEAR, today=timezone.localdate())


def test_r13_counts_every_activity_though_the_goal_page_lists_the_first(client, chain, politician):
    goal = add_goal(chain, done=13, open_=12, units=ACTIVITIES_SHOWN + 3)
    client.force_login(politician)
    response, _ = get(client, goal.get_absolute_url())
    assessment = response.context["assessment"]
    assert (assessment.status, assessment.met, assessment.total) == (Status.ACHIEVED, 13, 25)
    assert len(response.context["counted_activities"]) == ACTIVITIES_SHOWN
    assert len(response.context["unit_activities"]) == ACTIVITIES_SHOWN
    ends = [row["end"] for row in response.context["counted_activities"]]
    assert ends == sorted(ends)
    page = response.content.decode()
    activities = reverse("planning:activities")
    assert f"{activities}?ar={YEAR}&amp;mal={goal.pk}&amp;slag=plan" in page
    assert f"{activities}?ar={YEAR}&amp;mal={goal.pk}&amp;slag=enhet" in page
    assert "13 av 25" in page or "13 of 25" in page
    tree = client.get(reverse("goals:year", args=[YEAR])).context["cards"][0]["annual"]
    assert dict(tree)[goal] == assessment


def test_a_goal_page_with_few_activities_has_no_link_and_constant_queries(client, chain, politician):
    goal = add_goal(chain, done=1, open_=1, units=1)
    client.force_login(politician)
    response, few = get(client, goal.get_absolute_url())
    assert "slag=plan" not in response.content.decode()
    for _ in range(3):
        add_goal(chain, done=0, open_=0)
    bigger = add_goal(chain, done=30, open_=30, units=30)
    _, many = get(client, bigger.get_absolute_url())
    assert many == few


def test_a_draft_plans_activities_never_count(client, chain, politician):
    goal = AnnualGoalFactory(year=YEAR + 1, adopted=True, mandate_goals=[chain["kf"]])
    draft = PlanFactory(year=YEAR + 1)
    for _ in range(3):
        ActivityFactory(
            plan=draft,
            annual_goal=goal,
            status=Activity.Status.DONE,
            completed_on=datetime.date(YEAR + 1, 1, 1),
        )
    client.force_login(politician)
    response, _ = get(client, goal.get_absolute_url())
    assert response.context["assessment"].basis == "no_plan"
    assert response.context["counted_activities"] is None
