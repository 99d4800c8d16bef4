"""The verksamhetsplan as a PDF (R11), built once from the demo: R11's chapters in order, the year in the
title and the running headers, the plan page's figures, Swedish letters, PDF/UA tagging and the fonts;
and composing it takes the same queries for a small plan as for a large one."""

from __future__ import annotations

import datetime
import re
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import GehGoal
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, User
from planning.models import OperationalPlan
from reports import rendering
from reports.kinds import report_type
from reports.models import Kind
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    FocusAreaFactory,
    FrameDistributionFactory,
    GoalIndicatorFactory,
    IndicatorTargetFactory,
    MandateGoalFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    VisionFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_decision,
)
from tests.reports.pdf_text import (
    amounts,
    chapter_pages,
    embedded_fonts,
    pages_text,
    section_html,
    seeded_demo,
    tagging,
)

# Seeded outside the tests' transactions and emptied after (as tests/economy/test_demo.py does).
pytestmark = pytest.mark.django_db(transaction=True)

CHAPTERS_2027 = [
    "Kommunstyrelsens uppdrag",
    "Styrmodellen i korthet",
    "KS:s mål för 2027",
    "Aktivitetsplan per mål",
    "Budget",
]


def _build(year: int) -> dict:
    report = report_type(Kind.OPERATIONAL_PLAN)
    [subject] = report.subjects(year)
    document = report.compose(subject)
    pdf = rendering.render(document).pdf
    return {"document": document, "pdf": pdf, "pages": pages_text(pdf)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once; 2027's draft plan and 2026's adopted plan built, and their web pages read."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        built = {year: _build(year) for year in (2026, 2027)}
        client = Client()
        client.force_login(User.objects.get(username="planerare"))
        built["web_2027"] = client.get(reverse("planning:plan", args=[2027])).content.decode()
        built["decision_2026"] = OperationalPlan.objects.get(year=2026, body__short_name="KS").decision
        built["decision_2026"].meeting.body  # noqa: B018 - read before the database is emptied
    return built


def test_r11_sections_in_order(demo):
    plan = demo[2027]
    assert [section.title for section in plan["document"].sections] == CHAPTERS_2027
    starts = chapter_pages(plan["pages"], CHAPTERS_2027)
    assert -1 not in starts, starts
    assert starts == sorted(starts)
    # Each chapter starts a new page, but the short summary of the governance model follows the mission.
    assert len(set(starts)) == len(starts) - 1
    assert starts[1] == starts[0]
    # The table of contents lists them in the same order.
    contents = plan["pages"][1]
    assert [contents.index(title) for title in CHAPTERS_2027] == sorted(
        contents.index(title) for title in CHAPTERS_2027
    )


def test_r11_an_adopted_plan_adds_the_units_own_activities_after_the_budget(demo):
    plan = demo[2026]
    titles = [section.title for section in plan["document"].sections]
    assert titles == [*[t.replace("2027", "2026") for t in CHAPTERS_2027], "Enheternas egna aktiviteter"]
    starts = chapter_pages(plan["pages"], titles)
    assert -1 not in starts
    assert starts == sorted(starts)


def test_r11_the_year_and_the_body_in_title_and_running_headers(demo):
    plan = demo[2027]
    title = "Verksamhetsplan 2027 för Kommunstyrelsen"
    assert plan["document"].title == title
    assert title in " ".join(plan["pages"][0].split())
    for number, text in enumerate(plan["pages"][1:], start=2):
        assert title in text, number
        assert f"Sida {number} av {len(plan['pages'])}" in text


def test_r11_the_cover_shows_the_decision_of_an_adopted_plan(demo):
    cover = " ".join(demo[2026]["pages"][0].split())
    decision = demo["decision_2026"]
    assert demo[2026]["document"].adopted
    assert f"§ {decision.paragraph}" in cover
    assert decision.case_number in cover
    assert "Antagen" in cover
    assert "§" not in " ".join(demo[2027]["pages"][0].split())


def test_r11_the_budget_figures_are_the_plan_pages(demo):
    """The frame, its distribution over the areas and what remains: the page's amounts, in the PDF."""
    on_page = amounts(section_html(demo["web_2027"], "budget"))
    assert len(on_page) >= 5, on_page
    budget_chapter = demo[2027]["pages"][chapter_pages(demo[2027]["pages"], ["Budget"])[0]]
    for amount in on_page:
        assert amount in budget_chapter, amount


def test_r11_the_activity_count_is_the_plan_pages(demo):
    activity_plan = section_html(demo["web_2027"], "activity-plan")
    on_page = len(re.findall(r"<tbody>.*?</tbody>", activity_plan, flags=re.S))
    rows = sum(
        tbody.count("<tr>") for tbody in re.findall(r"<tbody>(.*?)</tbody>", activity_plan, flags=re.S)
    )
    assert on_page == 7  # one table per goal
    assert demo[2027]["document"].context["activity_count"] == rows
    pages = demo[2027]["pages"]
    text = pages[chapter_pages(pages, ["Aktivitetsplan per mål"])[0]]
    assert re.search(rf"\b{rows}\b", text.splitlines()[1] + text.splitlines()[2])


def test_swedish_letters_survive(demo):
    text = " ".join(" ".join(demo[2027]["pages"]).split())
    for word in (
        "Ånge kommun",
        "Kommunstyrelsens uppdrag",
        "Aktivitetsplan per mål",
        "Fördelat",
        "Vård- och omsorg",
    ):
        assert word in text, word


def test_the_pdf_is_tagged_in_swedish_with_its_title(demo):
    for year in (2026, 2027):
        assert tagging(demo[year]["pdf"]) == {
            "lang": "sv",
            "marked": True,
            "structure": True,
            "title": demo[year]["document"].title,
        }


def test_the_only_fonts_are_liberation_sans(demo):
    fonts = embedded_fonts(demo[2026]["pdf"])
    assert fonts
    assert all("Liberation-Sans" in name for name in fonts), fonts


# Composing in a fixed number of queries (factories, no demo)


def _plan(year: int, *, goals: int, per_goal: int, status: str = AdoptionStatus.ADOPTED) -> OperationalPlan:
    """KS's plan for the year with its goals (each with a KF goal, a department and a measured indicator),
    the activities for each, a unit's own activity toward a GEH goal, and the budget's distribution."""
    plan = PlanFactory(year=year, status=status, decision=ks_decision(datetime.date(year - 1, 11, 20)))
    version = adopted_budget(year)
    GehGoal.objects.create(version=version, code="GEH-1", title="En ekonomi i balans")
    department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
    person = PersonFactory()
    for number in range(goals):
        goal = AnnualGoalFactory(
            year=year,
            adopted=True,
            mandate_goals=[MandateGoalFactory()],
            departments=[department],
            criterion="minst",
            criterion_count=1,
        )
        link = GoalIndicatorFactory(annual_goal=goal, mandate_goal=None)
        IndicatorTargetFactory(goal_indicator=link, year=year)
        for _ in range(per_goal):
            ActivityFactory(plan=plan, annual_goal=goal, responsible=person if number % 2 else None)
    ActivityFactory(plan=plan, annual_goal=None, is_plan_activity=False, geh_code="GEH-1")
    FrameDistributionFactory(year=year, unit=department, amount=Decimal("90000000"))
    return plan


def _queries(plan: OperationalPlan, within=None) -> tuple[int, int]:
    """The queries composing and templating the plan takes (`within` a limit), and the goals it shows."""
    report = report_type(Kind.OPERATIONAL_PLAN)
    [subject] = report.subjects(plan.year)
    with within or nullcontext(), CaptureQueriesContext(connection) as captured:
        document = report.compose(subject)
        rendering.html_of(document)
    return len(captured), len(document.context["goals"])


def test_composing_the_plan_takes_the_same_queries_however_many_goals_and_activities(
    django_assert_max_num_queries,
):
    FocusAreaFactory(vision=VisionFactory(status=AdoptionStatus.ADOPTED, decision=kf_decision()))
    small, small_goals = _queries(_plan(2026, goals=2, per_goal=2))
    large_plan = _plan(2027, goals=7, per_goal=30)
    # 1 the plan with its body and decision; 2 the municipality's Kolada code; 3 the KS goals, 4 their KF
    # goals, 5 the KF goals' versions, 6 the departments, 7 the indicators, 8 their targets, 9 their
    # values; 10 the activities with unit, person and goal; 11 the budget's versions, 12 KS's frame,
    # 13 the distribution, 14 the GEH goals; 15 the vision, 16 its focus areas; 17 the municipality's
    # name for the cover.
    large, large_goals = _queries(large_plan, within=django_assert_max_num_queries(17))
    assert (small_goals, large_goals) == (2, 7)
    assert small == large


def test_a_proposal_shows_what_every_reader_of_the_plan_sees():
    """A proposal is read by every signed-in user, so its PDF leaves out the goals still in draft."""
    body_named("KS")
    plan = PlanFactory(year=2026, status=AdoptionStatus.PROPOSAL)
    adopted = AnnualGoalFactory(year=2026, adopted=True, title="Antaget mål")
    AnnualGoalFactory(year=2026, title="Utkast till mål")
    report = report_type(Kind.OPERATIONAL_PLAN)
    [subject] = report.subjects(2026)
    assert subject.obj == plan
    document = report.compose(subject)
    assert [goal["goal"] for goal in document.context["goals"]] == [adopted]
    assert not document.adopted
    assert document.decision is None


def test_without_a_summary_of_its_own_the_general_one_is_marked_as_ours():
    body_named("KS")
    PlanFactory(year=2026, model_summary="")
    report = report_type(Kind.OPERATIONAL_PLAN)
    [subject] = report.subjects(2026)
    chapter = rendering.html_of(report.compose(subject)).split('id="governance-model"')[1]
    assert '<p class="assumption">' in chapter.split("</section>")[0]
