"""The tertial report, the interim report and the annual report as PDFs (R26–R29), built from the demo:
their chapters in order, the year and the cut-off date, the figures of the follow-up's pages, Swedish
letters, the tagging, the fonts, and a constant number of queries for the follow-up's chapters."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from followup.models import ControlResult, Verdict
from organisation.models import User
from organisation.roles import Role
from reports import rendering
from reports.documents import economy_sections, goal_sections
from reports.kinds import Document, report_type
from reports.models import Kind
from tests.factories import ControlFactory
from tests.followup.test_overview import Year
from tests.reports.pdf_text import seeded_demo

# The module's fixture seeds the demo outside the tests' transactions and empties the database after
# (as tests/economy/test_demo.py does): transactional, so that the module runs with the tests that
# empty the database anyway.
pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2026
KINDS = (Kind.TERTIAL, Kind.INTERIM, Kind.ANNUAL)


def _page(client: Client, name: str, slug: str) -> str:
    response = client.get(reverse(name, args=[YEAR, slug]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once (slow), each report composed and built once, the follow-up's pages of the
    interim report read as the demo's planner; then the database emptied."""
    found: dict = {"documents": {}, "pdfs": {}, "pages": {}}
    with seeded_demo(django_db_blocker, tmp_path_factory):
        for kind in KINDS:
            report = report_type(kind)
            subjects = report.subjects(YEAR)
            assert len(subjects) == 1
            document = report.compose(subjects[0])
            found["documents"][kind] = document
            found["pdfs"][kind] = rendering.render(document).pdf
        client = Client()
        client.force_login(User.objects.get(username=Role.PLANNER))
        with translation.override("sv"):
            for name in ("followup:assessments", "followup:activity_reports", "followup:control_results"):
                found["pages"][name] = _page(client, name, "delar")
        interim = report_type(Kind.INTERIM).subjects(YEAR)[0].obj
        found["economy"] = [s.title for s in economy_sections.economy_sections(interim)]
        found["companies"] = [s.title for s in economy_sections.company_sections(interim)]
        # The follow-up's chapters alone, to tell their fonts from the economy's.
        found["followup_only"] = rendering.render(
            Document(
                title="Uppföljning",
                subtitle="",
                sections=_follow_up_sections(interim),
                context=goal_sections.context(interim),
            )
        ).pdf
    return found


def _follow_up_sections(report) -> list:
    return [
        *goal_sections.summary_sections(report),
        *goal_sections.goal_sections(report),
        *goal_sections.activity_sections(report),
        *goal_sections.control_sections(report),
    ]


def _reader(built, kind) -> PdfReader:
    return PdfReader(io.BytesIO(built["pdfs"][kind]))


def _text(built, kind) -> str:
    """The whole document's text, its white space made single spaces."""
    pages = _reader(built, kind).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def _chapters(built, kind) -> list[str]:
    """The chapters' headings, in the order of the PDF's outline: the h2 under the title, after the
    table of contents."""
    outline = _reader(built, kind).outline
    # [title, [contents, chapter, [its subheadings], chapter, ...]]
    return [item.title for item in outline[1] if not isinstance(item, list)][1:]


def _assert_in_order(chapters: list[str], expected: list[str]) -> None:
    positions = [chapters.index(title) for title in expected]
    assert positions == sorted(positions), chapters


def _follow_up_titles(document) -> dict[str, str]:
    return {section.anchor: section.title for section in document.sections}


def test_r26_tertial_report_sections_in_order(built):
    document = built["documents"][Kind.TERTIAL]
    titles = _follow_up_titles(document)
    chapters = _chapters(built, Kind.TERTIAL)
    assert chapters == [section.title for section in document.sections]
    _assert_in_order(
        chapters,
        [
            titles["sammanfattning"],
            titles["maluppfyllelse"],
            titles["aktiviteter"],
            titles["intern-kontroll"],
        ],
    )


def test_r27_interim_report_sections_in_order(built):
    document = built["documents"][Kind.INTERIM]
    titles = _follow_up_titles(document)
    chapters = _chapters(built, Kind.INTERIM)
    assert chapters == [section.title for section in document.sections]
    _assert_in_order(
        chapters,
        [
            titles["sammanfattning"],
            *built["economy"],
            "Måluppfyllelse",
            titles["aktiviteter"],
            "Intern kontroll",
            *built["companies"],
        ],
    )


def test_r27_the_interim_report_has_the_economy_chapters_and_the_companies(built):
    chapters = _chapters(built, Kind.INTERIM)
    assert built["economy"], "no economy chapters"
    assert built["companies"], "no companies chapter"
    assert chapters[1] == built["economy"][0]
    assert chapters[-1] == built["companies"][-1]


def test_r29_annual_report_sections_in_order(built):
    document = built["documents"][Kind.ANNUAL]
    titles = _follow_up_titles(document)
    chapters = _chapters(built, Kind.ANNUAL)
    assert chapters == [section.title for section in document.sections]
    _assert_in_order(
        chapters,
        [
            titles["sammanfattning"],
            titles["maluppfyllelse"],
            titles["aktiviteter"],
            titles["intern-kontroll"],
        ],
    )
    # R29: the goal follow-up gives results and analysis, not the tertial's goal fulfilment.
    assert titles["maluppfyllelse"] != "Måluppfyllelse"


def test_r28_goal_fulfilment_and_internal_control_in_each_report(built):
    for kind in KINDS:
        text = _text(built, kind)
        chapters = _chapters(built, kind)
        assert "Intern kontroll" in chapters, kind
        assert "Bedömning:" in text, kind
        assert "kontroller rapporterade" in text, kind


def test_year_and_cut_off_date(built):
    expected = {
        Kind.TERTIAL: "30 april 2026",
        Kind.INTERIM: "31 augusti 2026",
        Kind.ANNUAL: "31 december 2026",
    }
    for kind, date in expected.items():
        document = built["documents"][kind]
        first = _reader(built, kind).pages[0].extract_text()
        assert "2026" in document.title
        assert date in document.subtitle
        assert date in first
    assert "30 april 2026" in built["documents"][Kind.TERTIAL].title
    assert "Tertialrapport" in built["documents"][Kind.TERTIAL].title
    assert "Delårsrapport" in built["documents"][Kind.INTERIM].title


def test_adopted_round_names_its_decision_on_the_cover(built):
    document = built["documents"][Kind.INTERIM]
    assert document.adopted
    assert document.decision is not None
    assert "§ 81" in document.subtitle
    first = re.sub(r"\s+", " ", _reader(built, Kind.INTERIM).pages[0].extract_text())
    assert "6 oktober 2026" in first
    assert "KS 26/200" in first
    assert not built["documents"][Kind.ANNUAL].adopted
    assert built["documents"][Kind.INTERIM].sources["round"] >= 1


def test_a_ks_goals_verdict_on_the_assessments_page_is_the_pdfs(built):
    page = built["pages"]["followup:assessments"]
    text = _text(built, Kind.INTERIM)
    compared = 0
    for row in re.finditer(r'<tr id="ks-mal-\d+">(.*?)</tr>', page, re.S):
        cells = row.group(1)
        title = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", cells, re.S)[1]))
        verdicts = re.findall(
            r'<span class="status verdict-[\w-]+"><span aria-hidden="true">.</span> ([^<]+)</span>', cells
        )
        if len(verdicts) < 2:
            continue
        proposal, assessment = verdicts[0].strip(), verdicts[1].strip()
        # The goal's heading (the contents list only the chapters; the goals come before the list of
        # activities per goal).
        at = text.index(title.strip())
        found = re.search(r"Bedömning: \W*([^·]+?) (?:· .*?)?Förslag: ([^.]+)\.", text[at:])
        assert found is not None, title
        assert found[1].strip() == assessment, title
        assert found[2].strip() == proposal, title
        compared += 1
    assert compared >= 5


def test_r24_activity_count_on_the_activity_page_is_the_pdfs(built):
    page = re.sub(r"\s+", " ", built["pages"]["followup:activity_reports"])
    on_page = re.search(r"(\d+) av (\d+) aktiviteter rapporterade", page)
    assert on_page is not None
    assert on_page[0] in _text(built, Kind.INTERIM)
    assert on_page[1] != "0"


def test_r28_control_results_count_on_the_control_page_is_the_pdfs(built):
    page = re.sub(r"\s+", " ", built["pages"]["followup:control_results"])
    on_page = re.search(r"\d+ av \d+ kontroller rapporterade, \d+ med avvikelser", page)
    assert on_page is not None
    assert on_page[0] in _text(built, Kind.INTERIM)


def test_swedish_letters_survive(built):
    for kind in KINDS:
        text = _text(built, kind)
        for letter in "åäöÅ":
            assert letter in text, (kind, letter)
        assert "Måluppfyllelse" in text or "Måluppföljning" in text


def test_tagged_in_swedish_with_title_and_structure(built):
    for kind in KINDS:
        reader = _reader(built, kind)
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == "sv"
        assert bool(catalog["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in catalog
        assert reader.metadata.title == built["documents"][kind].title


def _fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_the_follow_up_chapters_embed_only_liberation_sans(built):
    fonts = _fonts(PdfReader(io.BytesIO(built["followup_only"])))
    assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold"}, fonts


def test_only_liberation_sans_is_embedded(built):
    for kind in KINDS:
        fonts = _fonts(_reader(built, kind))
        assert fonts, kind
        assert all(name.startswith("Liberation-Sans") for name in fonts), (kind, fonts)


@pytest.mark.django_db
def test_follow_up_chapters_compose_with_constant_queries(planner):
    year = Year(per_goal=2, planner=planner)
    year.assess(year.interim, year.goals[0], Verdict.PARTLY)
    ControlResult.objects.create(
        report=year.interim, control=year.control, performed=True, result="Utan fel."
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            context = goal_sections.context(year.interim)
            for section in _follow_up_sections(year.interim):
                render_to_string(section.template, context)
        return len(queries)

    before = count()
    year.add_activities(20)
    ControlResult.objects.create(
        report=year.interim,
        control=ControlFactory(plan=year.control.plan),
        performed=False,
        result="Ej gjord.",
    )
    assert count() == before
