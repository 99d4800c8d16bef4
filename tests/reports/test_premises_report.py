"""Planeringsförutsättningar 2028 as a PDF (R22), built once from the demo: the introduction and a
chapter per department in the page's order, each department's texts, its indicators with the trend in
words and the country's value as on the web page, the year, Swedish letters, PDF/UA tagging and the
fonts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from followup import premises as service
from followup.demo import PREMISES, PREMISES_REVISED, PREMISES_YEAR
from followup.models import PlanningPremises
from organisation.models import OrgUnit, User
from reports import rendering
from reports.kinds import report_type
from reports.models import Kind
from tests.reports.pdf_text import chapter_pages, embedded_fonts, normalised, pages_text, seeded_demo, tagging

pytestmark = pytest.mark.django_db(transaction=True)

DEPARTMENTS = [
    "Barn- och utbildningsavdelningen",
    "Individ- och familjeomsorgen",
    "Kommunledningsavdelningen",
    "Samhällsbyggnadsavdelningen",
    "Vård- och omsorgsavdelningen",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once; the 2028 planning premises built, the web page read by a politician."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        report = report_type(Kind.PLANNING_PREMISES)
        subjects = report.subjects(PREMISES_YEAR)
        queries: list[str] = []

        def counted(execute, sql, *args):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            document = report.compose(subjects[0])
        pdf = rendering.render(document).pdf
        client = Client()
        politician = User.objects.get(username="politiker")
        client.force_login(politician)
        web = client.get(reverse("followup:premises", args=[PREMISES_YEAR])).content.decode()
        with translation.override("sv"):
            words = {key: str(word) for key, word in service.TREND_WORDS.items()}
        built = {
            "subjects": subjects,
            "none_for_2027": report.subjects(PREMISES_YEAR - 1),
            "document": document,
            "compose_queries": len(queries),
            "pdf": pdf,
            "pages": pages_text(pdf),
            "web": web,
            "words": words,
            "readable": {
                name: subjects[0].readable_by(User.objects.get(username=name))
                for name in ("politiker", "handlaggare", "planerare", "ekonom", "bolag")
            },
            "report": service.report_of(PlanningPremises.objects.get(year=PREMISES_YEAR)),
            "departments": {
                u.cost_centre: u.name for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT)
            },
        }
    return built


def test_r22_one_subject_the_round_of_the_year_planned_for(demo):
    (subject,) = demo["subjects"]
    assert (subject.slug, subject.obj.year) == ("2028", 2028)
    assert "2028" in subject.label
    assert demo["none_for_2027"] == []


def test_r22_chapters_in_order(demo):
    titles = [section.title for section in demo["document"].sections]
    assert titles[1:] == DEPARTMENTS
    starts = chapter_pages(demo["pages"], titles)
    assert -1 not in starts, starts
    assert starts == sorted(starts)


def test_r22_the_title_names_the_year_planned_for_and_the_politikerdag(demo):
    with translation.override("sv"):
        title = gettext("Planning premises %(year)s") % {"year": 2028}
    assert demo["document"].title == title
    cover = demo["pages"][0]
    assert title in cover
    assert "2026" in normalised(demo["document"].subtitle)
    assert "2028" in demo["pages"][2]  # the introduction names the year planned for


def test_r22_each_department_with_its_own_texts(demo):
    pages, titles = demo["pages"], [s.title for s in demo["document"].sections]
    starts = chapter_pages(pages, titles)
    revised = {PREMISES_REVISED[0]: PREMISES_REVISED[2]}
    for code, _day, challenges, strengths, remarks, _titles in PREMISES:
        name = demo["departments"][code]
        page = _flat(pages[starts[titles.index(name)]])
        for text in (challenges, revised.get(code, strengths), remarks):
            for paragraph in filter(None, text.split("\n\n")):
                assert _flat(paragraph) in page, (name, paragraph[:40])


def test_r22_indicators_with_the_trend_in_words_and_the_countrys_value(demo):
    pages, titles = demo["pages"], [s.title for s in demo["document"].sections]
    starts = chapter_pages(pages, titles)
    words = demo["words"]
    seen_country = 0
    for part in demo["report"].parts:
        page = _flat(pages[starts[titles.index(part.department.name)]])
        assert part.indicators, part.department.name
        for row in part.indicators:
            assert _flat(row.indicator.title)[:30] in page
            assert words[row.trend] in page
            if row.country is not None:
                seen_country += 1
                assert _number(row.country) in page, (row.indicator.title, _number(row.country))
    assert seen_country >= 5
    text = " ".join(pages)
    assert words["better"] in text
    assert words["worse"] in text


def test_r22_the_pdf_shows_the_web_pages_figures(demo):
    """The country's values and the municipality's values as the web page shows them."""
    web_cells = set(re.findall(r'<td class="num">([0-9][0-9 \u00a0,]*)', demo["web"]))
    pdf = " ".join(demo["pages"])
    numbers = {normalised(cell).strip() for cell in web_cells}
    assert len(numbers) > 40
    missing = [number for number in numbers if number not in pdf]
    assert missing == []


def test_swedish_letters_survive(demo):
    text = " ".join(demo["pages"])
    for word in ("Vård- och omsorgsavdelningen", "Samhällsbyggnadsavdelningen", "Kompetensförsörjningen"):
        assert word in text
    assert all(letter in text for letter in "åäöÅ")


def test_tagged_pdf_ua_with_language_title_and_structure(demo):
    tags = tagging(demo["pdf"])
    assert tags == {
        "lang": "sv",
        "marked": True,
        "structure": True,
        "title": demo["document"].title,
    }


def test_only_liberation_sans_is_embedded(demo):
    fonts = {name.split("+", 1)[-1] for name in embedded_fonts(demo["pdf"])}
    assert fonts
    assert all(name.startswith("Liberation-Sans") or name.startswith("LiberationSans") for name in fonts), (
        fonts
    )


def test_readable_by_every_role_but_the_company_reporters(demo):
    assert demo["readable"] == {
        "politiker": True,
        "handlaggare": True,
        "planerare": True,
        "ekonom": True,
        "bolag": False,
    }


def test_compose_reads_in_constant_queries(demo):
    # KS's wheel step, the municipality's Kolada code, the departments, the parts with who wrote them,
    # their indicators and the values.
    assert demo["compose_queries"] == 6


def _flat(text: str) -> str:
    """Text as extracted from a page, whatever the line breaks: single spaces, no hyphen breaks."""
    return re.sub(r"\s+", " ", normalised(text)).strip()


def _number(value) -> str:
    """A value as the templates format it (floatformat "-2g"), in Swedish."""
    with translation.override("sv"):
        return normalised(str(floatformat(value, "-2g")))
