"""KF's budget as a PDF (R16), one per version, built once from the demo: R16's chapters in order, the
years in the title and the headers, the version on the cover (R17), the budget page's figures, Swedish
letters, PDF/UA tagging and the fonts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import BudgetVersion, InvestmentAmount, InvestmentPlan, InvestmentProject
from organisation.models import User
from reports import rendering
from reports.kinds import report_type
from reports.models import Kind
from tests.factories import BudgetFrameFactory, adopted_budget, body_named
from tests.reports.pdf_text import (
    amounts,
    chapter_pages,
    embedded_fonts,
    pages_text,
    section_html,
    seeded_demo,
    tagging,
)

pytestmark = pytest.mark.django_db(transaction=True)

CHAPTERS_2026 = [
    "KF:s mål",
    "Finansiella mål",
    "Verksamhetsmål för god ekonomisk hushållning",
    "Rambudget",
    "Ekonomisk plan 2026–2028",
    "Investeringsplan 2026–2030",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once; November's recalculation of the 2026 budget built, its web page read."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        report = report_type(Kind.BUDGET)
        subjects = report.subjects(2026)
        document = report.compose(next(s for s in subjects if s.slug == "2"))
        pdf = rendering.render(document).pdf
        client = Client()
        client.force_login(User.objects.get(username="ekonom"))
        web = client.get(reverse("budget:version", args=[2026, 2])).content.decode()
        version = BudgetVersion.objects.select_related("decision").get(budget__year=2026, number=2)
        built = {
            "subjects": [(s.slug, s.label, s.obj.pk) for s in subjects],
            "first": report.compose(next(s for s in subjects if s.slug == "1")),
            "document": document,
            "pdf": pdf,
            "pages": pages_text(pdf),
            "web": web,
            "version": version,
            "decision": version.decision,
        }
    return built


def test_r16_a_subject_per_version_named_by_its_number(demo):
    assert [slug for slug, _label, _pk in demo["subjects"]] == ["1", "2"]
    labels = [label for _slug, label, _pk in demo["subjects"]]
    assert labels[0].startswith("2026, version 1 (Antagande")
    assert labels[1].startswith("2026, version 2 (Teknisk omräkning")


def test_r16_sections_in_order(demo):
    assert [section.title for section in demo["document"].sections] == CHAPTERS_2026
    starts = chapter_pages(demo["pages"], CHAPTERS_2026)
    assert -1 not in starts, starts
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts)


def test_r16_the_years_in_title_and_running_headers(demo):
    title = "Budget 2026 med plan för 2027–2028"
    assert demo["document"].title == title
    # The cover may break the long title after the dash.
    assert title in re.sub(r"–\s+", "–", " ".join(demo["pages"][0].split()))
    for number, text in enumerate(demo["pages"][1:], start=2):
        assert title in text, number
        assert f"Sida {number} av {len(demo['pages'])}" in text


def test_r17_the_cover_names_the_version_and_its_decision(demo):
    cover = re.sub(r"–\s+", "–", " ".join(demo["pages"][0].split()))
    assert "Version 2 (Teknisk omräkning, November 2025)" in cover
    assert f"§ {demo['decision'].paragraph}" in cover
    assert "Antagen" in cover
    # June's version is kept, and says which version is in force.
    first = demo["first"]
    assert first.subtitle.startswith("Version 1 (Antagande")
    assert first.context["in_force"].number == 2


def test_r16_the_figures_are_the_budget_pages(demo):
    """The frames, the economic plan and the investment plan: every amount on the page is in the PDF."""
    text = " ".join(demo["pages"])
    for section in ("frames", "economic-plan", "investment-plan"):
        on_page = amounts(section_html(demo["web"], section))
        assert on_page, section
        for amount in on_page:
            assert amount in text, (section, amount)
    frames = demo["pages"][chapter_pages(demo["pages"], ["Rambudget"])[0]]
    assert "Kommunstyrelsen" in frames


def test_swedish_letters_survive(demo):
    text = " ".join(" ".join(demo["pages"]).split())
    for word in (
        "Ånge kommun",
        "Verksamhetsmål för god ekonomisk hushållning",
        "Teknisk omräkning",
        "Ny förskola i Ånge",
    ):
        assert word in text, word


def test_the_pdf_is_tagged_in_swedish_with_its_title(demo):
    assert tagging(demo["pdf"]) == {
        "lang": "sv",
        "marked": True,
        "structure": True,
        "title": "Budget 2026 med plan för 2027–2028",
    }


def test_the_only_fonts_are_liberation_sans(demo):
    fonts = embedded_fonts(demo["pdf"])
    assert fonts
    assert all("Liberation-Sans" in name for name in fonts), fonts


def test_composing_a_version_takes_the_same_queries_however_many_projects():
    counts = []
    for year, projects in ((2026, 1), (2027, 12)):
        version = adopted_budget(year)
        BudgetFrameFactory(version=version, body=body_named("KF"))
        plan = InvestmentPlan.objects.create(version=version)
        for number in range(projects):
            project = InvestmentProject.objects.create(plan=plan, name=f"Projekt {number}", position=number)
            for offset in range(5):
                InvestmentAmount.objects.create(
                    project=project, year=year + offset, amount=1000 * (offset + 1)
                )
        report = report_type(Kind.BUDGET)
        [subject] = report.subjects(year)
        with CaptureQueriesContext(connection) as captured:
            document = report.compose(subject)
            rendering.html_of(document)
        assert len(document.context["content"].projects) == projects
        counts.append(len(captured))
    assert counts[0] == counts[1]
