"""Ekonomisk uppföljning till KS (R25): the economy at a KS meeting as a tagged PDF, built from the demo.

The module seeds the demo once, reads the round's web pages as the demo's finance officer, composes
and renders the December meeting's document once, and empties the database; the tests read what the
fixture gathered. A figure on the web page must be the same figure in the PDF.
"""

import datetime
import html
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from followup import rounds
from organisation.models import Body, User
from organisation.roles import Role
from reports import rendering
from reports.documents import economy_sections
from reports.kinds import report_type
from reports.models import Kind
from tests.factories import BodyFactory, MeetingFactory
from tests.reports.pdf_text import seeded_demo

# Seeded outside the tests' transactions and emptied after (as tests/economy/test_demo.py does), so
# the module runs, transactional, with the tests that empty the database anyway.
pytestmark = pytest.mark.django_db(transaction=True)

MEETING = "2026-12-01"
EARLY_MEETING = "2026-03-03"


def _text(fragment: str) -> str:
    """An HTML fragment's text, its spaces (no-break ones too) collapsed."""
    return _squeeze(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _squeeze(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def _cells(page: str, row_id: str) -> list[str]:
    """The text of each <td> of the web page's table row with this id."""
    row = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert row, row_id
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def _fonts(reader: PdfReader) -> set[str]:
    """The base names of every font the PDF embeds (pages and their form XObjects)."""
    found: set[str] = set()
    seen: set[int] = set()

    def walk(node) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if node.get("/Type") == "/FontDescriptor":
                found.add(str(node["/FontName"]).split("+", 1)[-1])
            for key, value in node.items():
                if key not in ("/Parent", "/P", "/StructTreeRoot"):
                    walk(value)
        elif isinstance(node, ArrayObject):
            for value in node:
                walk(value)

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def _figures_alt(reader: PdfReader) -> list[str]:
    """The alternative texts of the structure tree's figures."""
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, ArrayObject):
            for value in node:
                walk(value)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return alts


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once (slow), the web pages read, the December document composed and rendered
    once, and the database emptied."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        report = report_type(Kind.ECONOMY)
        subjects = report.subjects(2026)
        december = next(subject for subject in subjects if subject.slug == MEETING)
        early = next(subject for subject in subjects if subject.slug == EARLY_MEETING)
        round_ = december.obj
        client = Client()
        client.force_login(User.objects.get(username=Role.FINANCE))
        args = [round_.year, round_.slug]
        pages = {
            "economy": client.get(reverse("economy:round", args=args)),
            "investments": client.get(reverse("economy:investments", args=args)),
            "flags": client.get(reverse("economy:flags", args=[round_.year])),
        }
        assert all(page.status_code == 200 for page in pages.values())
        with CaptureQueriesContext(connection) as queries:
            document = report.compose(december)
        with CaptureQueriesContext(connection) as early_queries:
            report.compose(early)
        rendered = rendering.render(document)
        context = document.context
        facts = {
            "subjects": [(subject.slug, subject.label) for subject in subjects],
            "document": document,
            "pdf": rendered.pdf,
            "pages": {name: page.content.decode() for name, page in pages.items()},
            "areas": [(row.unit.pk, row.unit.name) for row in context["economy_figures"].areas],
            "projects": [(row.project.pk, row.project.name) for row in context["economy_investments"].rows],
            "round_version": round_.version,
            "queries": len(queries),
            "early_queries": len(early_queries),
        }
    reader = PdfReader(io.BytesIO(facts["pdf"]))
    facts["reader"] = reader
    facts["texts"] = [page.extract_text() for page in reader.pages]
    facts["text"] = _squeeze(" ".join(facts["texts"]))
    return facts


def test_r25_one_document_per_ks_meeting_named_by_its_date(built):
    slugs = [slug for slug, _label in built["subjects"]]
    assert slugs == sorted(slugs)
    assert len(slugs) == 11  # KS's ordinary meetings of 2026 in the demo
    assert slugs[-1] == MEETING
    assert all(datetime.date.fromisoformat(slug).year == 2026 for slug in slugs)


def test_r25_sections_in_order(built):
    document = built["document"]
    assert [section.anchor for section in document.sections] == ["ekonomi", "investeringar", "avvikelser"]
    # The companies report in the tertial, interim and annual reports: not in the economy round.
    assert "bolag" not in [section.anchor for section in document.sections]
    body = _squeeze(" ".join(built["texts"][2:]))  # after the cover and the table of contents
    positions = [body.find(section.title) for section in document.sections]
    assert -1 not in positions
    assert positions == sorted(positions)
    contents = _squeeze(built["texts"][1])
    assert [contents.find(section.title) for section in document.sections] == sorted(
        contents.find(section.title) for section in document.sections
    )


def test_r25_title_with_the_meeting_date_and_year(built):
    document = built["document"]
    assert document.title.endswith("1 december 2026")
    assert "31 oktober 2026" in document.subtitle  # the books through October
    assert built["reader"].metadata.title == document.title
    assert "1 december 2026" in _squeeze(built["texts"][0])
    assert document.body_name == "Kommunstyrelsen"
    assert document.adopted is False


def test_r25_forecast_per_area_matches_the_web_page(built):
    page = built["pages"]["economy"]
    for pk, name in built["areas"]:
        cells = _cells(page, f"omrade-{pk}")
        budget_net, outcome_net, forecast_net, deviation = cells[2], cells[5], cells[8], cells[9]
        forecast_net = forecast_net.split(" ◇")[0]  # the web's "proposed" marker, if any
        deviation = deviation.split(" ⚠")[0]
        line = f"{budget_net} {outcome_net} {forecast_net} {deviation}"
        assert line in built["text"], (name, line)
        assert name in built["text"]


def test_r25_the_total_matches_the_web_page(built):
    page = built["pages"]["economy"]
    total = re.search(r'<tr class="economy-areas__total">(.*?)</tr>', page, re.S)
    cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", total.group(1), re.S)]
    forecast = f"{cells[6]} {cells[7]}"  # revenue and costs: the full-year forecast
    net = f"{cells[2]} {cells[5]} {cells[8]} {cells[9].split(' ⚠')[0]}"
    assert forecast in built["text"]
    assert net in built["text"]


def test_r25_finance_summary_is_in_the_document(built):
    assert "Åtgärdsplanerna följs upp vid varje sammanträde." in built["text"]


def test_r25_an_investment_and_its_forecast_match_the_web_page(built):
    page = built["pages"]["investments"]
    pk, name = next((pk, name) for pk, name in built["projects"] if name == "Ny förskola i Ånge")
    budget, outcome, forecast = _cells(page, f"investering-{pk}")[:3]
    forecast = forecast.split(" ○")[0]
    assert f"{name} {budget} {outcome} {forecast}" in built["text"]
    assert "över budget" in built["text"]


def test_r25_r30_flagged_deviations_appear_with_their_handling(built):
    text = built["text"]
    flags_page = _text(built["pages"]["flags"])
    title = "Vård- och omsorgsavdelningen: prognos underskott 10 616,0 tkr (−3,7 %)"
    assert title in flags_page
    assert title in text
    assert "Rapporterad till KF" in text
    assert "Kommunfullmäktige informerades om underskottet och åtgärdsplanen i oktober." in text
    assert "Information om prognostiserat underskott" in text  # KF's decision
    assert "Kommunstyrelsen har beslutat att skjuta upp storköksutrustningen till 2027" in text
    # The companies' deviations belong to the interim report's round, not to December's meeting.
    assert "Ånge Industrilokaler AB" not in text


def test_r25_swedish_letters_survive(built):
    text = built["text"]
    for word in ("Vård- och omsorgsavdelningen", "Ny förskola i Ånge", "Åtgärdsplanerna", "Sida 3 av"):
        assert word in text


def test_r25_tagged_pdf_with_language_title_and_structure(built):
    reader = built["reader"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == built["document"].title


def test_r25_the_chart_is_a_tagged_figure_with_alternative_text(built):
    alts = _figures_alt(built["reader"])
    assert alts
    assert all(alt.strip() for alt in alts)


def test_r25_only_liberation_sans_is_embedded(built):
    assert _fonts(built["reader"]) <= {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_r25_sources_name_the_versions_read(built):
    sources = built["document"].sources
    assert sources["economy_round"] == built["round_version"]
    assert sources["economy_outcome_import"] > 0
    assert sources["economy_budget_version"] == 2  # November's technical recalculation
    assert sources["economy_forecasts"] >= 5  # one entry per activity area, at least version 1
    assert sources["economy_summary"] >= 1


# The queries of composing a round's document, all the web pages' selectors' and none per row:
# round_economy: the units, KS's distribution, the import in force, its outcome rows, the round's
# forecasts, the earlier rounds' forecasts, finance's summary; round_investments: the budget's
# versions, the investment plan, its projects with the year's amounts, the import in force, its
# project outcomes, the year's follow-ups; the year's deviations with their rounds and handling.
COMPOSE_QUERIES = 14


def test_r25_compose_queries_do_not_grow_with_the_round(built):
    # December's round has forecasts, investments' entries, a summary and flags with their handling;
    # March's has only the outcome: the same queries.
    assert built["queries"] == built["early_queries"]
    assert built["queries"] <= COMPOSE_QUERIES


def test_r25_compose_of_a_round_without_data_keeps_within_the_bound(django_assert_max_num_queries):
    board = BodyFactory(kind=Body.Kind.EXECUTIVE_BOARD, short_name="KS", name="Kommunstyrelsen")
    MeetingFactory(body=board, date=datetime.date(2026, 5, 12))
    rounds.ensure_rounds(board, 2026)  # as the follow-up's pages make them
    report = report_type(Kind.ECONOMY)
    [subject] = report.subjects(2026)
    assert subject.slug == "2026-05-12"
    with django_assert_max_num_queries(COMPOSE_QUERIES):
        document = report.compose(subject)
    assert document.title.endswith("12 maj 2026")
    assert document.context["economy_figures"].areas == []
    assert economy_sections.company_sections(subject.obj) == []
