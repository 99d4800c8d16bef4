"""The plan page at a large municipality's size: a page of goals at a time, each goal's first activities
with the rest a link away, every activity reachable, and the same queries however large the plan."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from goals.models import AnnualGoal
from organisation.lifecycle import AdoptionStatus
from planning import selectors
from planning.models import Activity
from tests.factories import ActivityFactory
from tests.planning.test_plan_views import NOW, make_plan, plan_url

DONE = Activity.Status.DONE


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def small_pages(monkeypatch):
    """Two goals a page and three activities a group, so that a few factories make a "large" plan."""
    monkeypatch.setattr(selectors, "GOALS_PER_PAGE", 2)
    monkeypatch.setattr(selectors, "ACTIVITIES_SHOWN", 3)


def text(response) -> str:
    return html.unescape(response.content.decode())


def goal_headings(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<h3 id="goal-(\d+)"', page)]


def activity_links(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/aktiviteter/(\d+)/"', page)}


def list_links(page: str) -> list[str]:
    """The links from the plan page to the activity list, for the activities it does not show."""
    return [html.unescape(url) for url in re.findall(r'href="(/aktiviteter/\?[^"]+)"', page)]


@pytest.mark.django_db
class TestPagesOfGoals:
    def test_each_page_shows_its_goals_and_the_outline_names_every_goal(
        self, client, politician, small_pages
    ):
        make_plan(AdoptionStatus.ADOPTED, goals=3, activities=1)
        goals = list(AnnualGoal.objects.order_by("position", "pk").values_list("pk", flat=True))
        client.force_login(politician)
        first, second = text(client.get(plan_url())), text(client.get(plan_url() + "?sida=2"))
        assert goal_headings(first) == goals[:2]
        assert goal_headings(second) == goals[2:]
        for pk, page in zip(goals, [1, 1, 2], strict=True):
            assert f'href="?sida={page}#goal-{pk}"' in first  # the outline of every goal, with its page
        assert 'href="?sida=2#goals"' in first
        assert 'href="?sida=1#goals"' in second
        where = gettext("Goals %(first)s–%(last)s of %(goals)s (page %(number)s of %(total)s)")
        assert where % {"first": 3, "last": 3, "goals": 3, "number": 2, "total": 2} in second

    def test_a_small_plan_is_one_page_without_outline_or_pager(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED, goals=2, activities=2)
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert len(goal_headings(page)) == 2
        assert "?sida=" not in page
        assert 'class="plan__outline"' not in page

    def test_htmx_gets_only_the_page_of_goals(self, client, politician, small_pages):
        make_plan(AdoptionStatus.ADOPTED, goals=3, activities=1)
        client.force_login(politician)
        response = client.get(
            plan_url() + "?sida=2", headers={"HX-Request": "true", "HX-Target": "goal-sections"}
        )
        page = text(response)
        assert len(goal_headings(page)) == 1
        assert 'id="activity-plan"' in page
        assert 'id="mission"' not in page
        assert "<html" not in page
        assert "HX-Target" in response["Vary"]

    def test_a_page_out_of_range_shows_the_last_and_nonsense_the_first(self, client, politician, small_pages):
        make_plan(AdoptionStatus.ADOPTED, goals=3, activities=1)
        client.force_login(politician)
        assert len(goal_headings(text(client.get(plan_url() + "?sida=99")))) == 1
        assert len(goal_headings(text(client.get(plan_url() + "?sida=x%00")))) == 2

    def test_the_adoption_notes_link_a_goal_on_another_page(self, client, planner, small_pages):
        make_plan(AdoptionStatus.PROPOSAL, goals=3, activities=0)
        last = AnnualGoal.objects.order_by("position", "pk").last()
        client.force_login(planner)
        assert f'href="?sida=2#goal-{last.pk}"' in client.get(plan_url()).content.decode()

    def test_links_the_whole_plan_as_pdf(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED)
        client.force_login(politician)
        assert (
            f"{reverse('reports:index')}?ar=2026#report-verksamhetsplan"
            in client.get(plan_url()).content.decode()
        )


@pytest.mark.django_db
class TestEveryActivityIsReachable:
    def test_a_goal_shows_its_first_activities_and_links_the_rest(self, client, politician, small_pages):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        ends = [datetime.date(2026, month, 1) for month in (9, 3, 5, 11, 1)]
        for end in ends:
            ActivityFactory(
                plan=plan,
                annual_goal=goal,
                start=datetime.date(2026, 1, 1),
                planned_end=end,
                status=DONE,
                completed_on=end,
            )
        client.force_login(politician)
        page = text(client.get(plan_url()))
        earliest = Activity.objects.order_by("planned_end").values_list("pk", flat=True)[:3]
        assert activity_links(page) == set(earliest)
        # R13 counts all five, not the three shown.
        counted = gettext("%(met)s of %(total)s of the plan's activities carried out as planned")
        assert counted % {"met": 5, "total": 5} in page
        assert f"?ar=2026&mal={goal.pk}&slag=plan" in "".join(list_links(page))

    def test_every_activity_is_on_a_page_of_the_plan_or_in_the_list_it_links(
        self, client, politician, small_pages
    ):
        plan = make_plan(AdoptionStatus.ADOPTED, goals=3, activities=4, unit_activities=2)
        client.force_login(politician)
        reached: set[int] = set()
        for number in (1, 2):
            page = text(client.get(f"{plan_url()}?sida={number}"))
            reached |= activity_links(page)
            for url in list_links(page):
                reached |= activity_links(text(client.get(url)))
        assert reached == set(plan.activities.values_list("pk", flat=True))


@pytest.mark.django_db
class TestQueriesAtScale:
    def test_the_same_queries_with_many_goals_and_activities(
        self, client, politician, small_pages, django_assert_num_queries
    ):
        make_plan(AdoptionStatus.ADOPTED, goals=1, activities=1)
        client.force_login(politician)
        # as TestQueries in test_plan_views counts them for a small plan
        with django_assert_num_queries(17):
            client.get(plan_url())
        make_plan(AdoptionStatus.ADOPTED, goals=4, activities=5, unit_activities=4)
        with django_assert_num_queries(17):
            client.get(plan_url())
        with django_assert_num_queries(17):
            client.get(plan_url() + "?sida=3")
