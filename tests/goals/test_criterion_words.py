"""An achievement criterion reads as words on every page: "minst 3 av 5 nyckeltal", never "N = 3"."""

import html

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from goals.models import AnnualGoal, Criterion, MandateGoalVersion
from tests.factories import AnnualGoalFactory, GoalIndicatorFactory, MandateGoalFactory


def at_least(count: int, total: int) -> str:
    return ngettext(
        "at least %(count)s of %(total)s indicators reaches its target",
        "at least %(count)s of %(total)s indicators reach their target",
        count,
    ) % {"count": count, "total": total}


class TestInWords:
    def test_at_least_names_how_many_of_how_many(self):
        goal = AnnualGoal(criterion=Criterion.AT_LEAST, criterion_count=3)
        with translation.override("en"):
            assert goal.criterion_in_words(5) == "at least 3 of 5 indicators reach their target"
            assert goal.criterion_in_words() == "at least 3 of the goal's indicators reach their target"
            assert AnnualGoal(criterion=Criterion.AT_LEAST, criterion_count=1).criterion_in_words(5) == (
                "at least 1 of 5 indicators reaches its target"
            )

    def test_the_other_criteria_and_none(self):
        with translation.override("en"):
            assert MandateGoalVersion(criterion=Criterion.MAJORITY).criterion_in_words(5) == (
                "more than half of the goal's indicators reach their target"
            )
            assert MandateGoalVersion(criterion=Criterion.ALL).criterion_in_words() == (
                "all of the goal's indicators reach their target"
            )
            assert MandateGoalVersion(criterion="").criterion_in_words(5) == ""


@pytest.mark.django_db
class TestOnThePages:
    def test_kf_goal_page(self, client, planner):
        goal = MandateGoalFactory(version__criterion=Criterion.AT_LEAST, version__criterion_count=3)
        for _ in range(5):
            GoalIndicatorFactory(mandate_goal=goal)
        client.force_login(planner)
        page = html.unescape(client.get(goal.get_absolute_url()).content.decode())
        assert at_least(3, 5).capitalize() in page
        assert "N = " not in page

    def test_ks_goal_page(self, client, planner):
        goal = AnnualGoalFactory(year=2026, criterion=Criterion.AT_LEAST, criterion_count=2)
        for _ in range(4):
            GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)
        client.force_login(planner)
        page = html.unescape(client.get(goal.get_absolute_url()).content.decode())
        assert at_least(2, 4).capitalize() in page
        assert "N = " not in page
