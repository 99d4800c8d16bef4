"""R13 everywhere: a KS goal's status is the same on /mal/<year>/, the plan page and the goal's own page.

Read on the demo municipality as seed_demo builds it: 2026's plan is adopted and followed up, 2027's is
a draft rolled over from it. Only an adopted plan's activities count, so 2027's goals without a measure
of their own are not yet measurable however well the draft's activities go.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from goals.models import AnnualGoal
from goals.status import Status
from organisation.lifecycle import AdoptionStatus
from organisation.models import User
from planning.models import Activity, OperationalPlan


def statuses(client, year: int) -> tuple[dict, dict, dict]:
    tree = client.get(reverse("goals:year", args=[year])).context["cards"]
    on_tree = {goal.pk: assessment.status for card in tree for goal, assessment in card["annual"]}
    plan = OperationalPlan.objects.get(year=year, body__short_name="KS")
    sections = client.get(plan.get_absolute_url()).context["sections"]
    on_plan = {section["goal"].pk: section["assessment"].status for section in sections}
    on_own_page = {
        pk: client.get(reverse("goals:annual_goal", args=[pk])).context["assessment"].status for pk in on_plan
    }
    return on_tree, on_plan, on_own_page


@pytest.mark.django_db
def test_r13_the_year_the_plan_and_the_goal_pages_agree_for_2026_and_2027(client):
    call_command("seed_demo", "--quiet-logins")
    draft = OperationalPlan.objects.get(year=2027, body__short_name="KS")
    assert draft.status != AdoptionStatus.ADOPTED
    # Everything in next year's draft carried out as planned: it must still not count.
    for activity in draft.activities.filter(is_plan_activity=True):
        Activity.objects.filter(pk=activity.pk).update(
            status=Activity.Status.DONE, completed_on=activity.planned_end
        )
    client.force_login(User.objects.get(username="planerare"))
    for year in (2026, 2027):
        on_tree, on_plan, on_own_page = statuses(client, year)
        goals = set(AnnualGoal.objects.filter(year=year, body__short_name="KS").values_list("pk", flat=True))
        assert set(on_plan) == set(on_own_page) == goals
        assert on_tree, year
        assert set(on_tree) <= goals
        assert on_plan == on_own_page
        assert on_tree == {pk: on_plan[pk] for pk in on_tree}
    _, on_plan, _ = statuses(client, 2027)
    without_measure = AnnualGoal.objects.filter(year=2027, body__short_name="KS", criterion="")
    assert without_measure.exists()
    assert {on_plan[goal.pk] for goal in without_measure} == {Status.NOT_YET_MEASURABLE}
