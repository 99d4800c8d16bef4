"""Everything an anonymous visitor reaches on the public side, crawled over the seeded demo.

The demo is seeded once for the module, and into it go the things that must never be public: a
draft plan, a proposal of a KS goal, a draft revision of an adopted KF goal, an assessment in a round
not yet adopted, a unit's own activity (adopted by nobody), a PDF not marked final and a register entry
whose PDF is not marked public. Then every page and API answer reached by links from /insyn/ and
/api/v1/ (JSON and CSV) is read: none holds any of them, nor any person's name.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import deque
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from followup.models import GoalAssessment, Report, Verdict
from goals.models import AnnualGoal, MandateGoal
from insyn.public import NAMESPACES
from organisation.lifecycle import AdoptionStatus
from organisation.models import Person, User
from planning.models import Activity, OperationalPlan
from reports.models import BuildStatus, Kind, ReportVersion
from tests.factories import (
    AnnualGoalFactory,
    GoverningDocumentFactory,
    MandateGoalVersionFactory,
    OrgUnitFactory,
    minimal_pdf,
)
from tests.reports.pdf_text import seeded_demo

pytestmark = pytest.mark.django_db(transaction=True)

PER_URL_NAME = 4
MARKERS = {
    "draft plan": "UTKASTMARKÖR i planens uppdrag",
    "draft activity": "UTKASTMARKÖR aktivitet",
    "proposal": "FÖRSLAGSMARKÖR KS-mål",
    "draft revision": "REVISIONSMARKÖR KF-mål",
    "unadopted round": "OANTAGENMARKÖR analys",
    "own activity": "EGENMARKÖR enhetens aktivitet",
    "non-final pdf": "ICKEFINALMARKÖR rapport",
}
URL_IN_TEXT = re.compile(r"(?:https?://testserver)?(/(?:insyn|api)/[^\s\"'<>]*)")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory), django_db_blocker.unblock():
        planted = _plant_secrets()
        # Crawled while the demo's files are where it put them, so the PDFs are served, not missing.
        planted["reached"] = crawl(Client())
        planted["pdf_status"] = {url: Client().get(url).status_code for url in planted["pdf_urls"]}
        yield planted


def _plant_secrets() -> dict:
    """What must stay out of sight, planted in the demo; the addresses of the PDFs that must 404."""
    draft_plan = OperationalPlan.objects.exclude(status=AdoptionStatus.ADOPTED).get(year=2027)
    OperationalPlan.objects.filter(pk=draft_plan.pk).update(mission=MARKERS["draft plan"])
    adopted_plan = OperationalPlan.objects.get(year=2026, status=AdoptionStatus.ADOPTED)
    goal = AnnualGoal.objects.filter(year=2026, status=AdoptionStatus.ADOPTED).first()
    unit = OrgUnitFactory()
    for plan, title, own in [
        (draft_plan, MARKERS["draft activity"], False),
        (adopted_plan, MARKERS["own activity"], True),
    ]:
        Activity.objects.create(
            plan=plan,
            is_plan_activity=not own,
            title=title,
            kind=Activity.Kind.PROJECT,
            annual_goal=AnnualGoal.objects.filter(year=plan.year).first(),
            responsible_unit=unit,
            start=datetime.date(plan.year, 2, 1),
            planned_end=datetime.date(plan.year, 10, 31),
        )
    AnnualGoalFactory(year=2026, status=AdoptionStatus.PROPOSAL, title=MARKERS["proposal"])
    kf_goal = (
        MandateGoal.objects.filter(period__status=AdoptionStatus.ADOPTED)
        .exclude(versions__valid_from__isnull=True)
        .first()
    )
    MandateGoalVersionFactory(goal=kf_goal, title=MARKERS["draft revision"])
    open_round = Report.objects.exclude(status=AdoptionStatus.ADOPTED).filter(year=2026).first()
    GoalAssessment.objects.create(
        report=open_round,
        annual_goal=goal,
        proposal=Verdict.ACHIEVED,
        verdict=Verdict.ACHIEVED,
        analysis=MARKERS["unadopted round"],
    )
    version = ReportVersion.objects.create(
        kind=Kind.TERTIAL,
        year=2026,
        subject_key=f"followup.report:{open_round.pk}",
        number=1,
        title=MARKERS["non-final pdf"],
        status=BuildStatus.DONE,
        adopted=True,
    )
    version.file.save("x.pdf", ContentFile(minimal_pdf()), save=True)
    hidden = GoverningDocumentFactory(is_public=False)
    shown = GoverningDocumentFactory(is_public=True)
    forbidden = [
        reverse("insyn:report_pdf", args=[version.pk]),
        reverse("insyn:document_pdf", args=[hidden.pk]),
    ]
    public_pdf = reverse("insyn:document_pdf", args=[shown.pk])
    return {
        "forbidden_pdfs": forbidden,
        "public_pdf": public_pdf,
        "pdf_urls": [*forbidden, public_pdf],
        "hidden_goal": AnnualGoal.objects.get(title=MARKERS["proposal"]).pk,
        "names": _names(),
        "adopted_goal": goal.title,
    }


def _names() -> set[str]:
    """Every person's name the demo knows: its employees' (and, to be strict, its politicians')."""
    names = set(Person.objects.values_list("name", flat=True))
    names |= {user.get_full_name() for user in User.objects.all()}
    return {name for name in names if len(name) > 5 and " " in name}


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if NAMESPACES.intersection(match.namespaces) else None


def _links(response) -> list[str]:
    text = response.content.decode(errors="replace")
    found = [match.group(1) for match in URL_IN_TEXT.finditer(text)]
    found += re.findall(r'href="(/(?:insyn|api)/[^"#]*)"', text)
    links = []
    for link in found:
        parts = urlsplit(link.replace("&amp;", "&"))
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    data = _json(response) if "json" in response.get("Content-Type", "") else None
    if isinstance(data, dict) and "results" in data:
        # A list's page in CSV too: the same data, the other format.
        request = response.wsgi_request
        query = {key: value for key, value in request.GET.items() if key != "format"}
        links.append(f"{request.path}?{urlencode({**query, 'format': 'csv'})}")
    return links


def _json(response):
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def crawl(client: Client) -> dict[str, object]:
    """url → response for every public URL reached from the two front doors (a few per URL name)."""
    seen: dict[str, int] = {}
    responses: dict[str, object] = {}
    queue = deque([reverse("insyn:start"), reverse("api:root")])
    for year in (2025, 2026, 2027):
        queue.append(f"{reverse('insyn:start')}{year}/")
    while queue:
        url = queue.popleft()
        name = _view_name(urlsplit(url).path)
        if url in responses or name is None or seen.get(name, 0) >= PER_URL_NAME:
            continue
        seen[name] = seen.get(name, 0) + 1
        response = client.get(url)
        responses[url] = response
        if response.status_code == 200 and not response.get("Content-Type", "").startswith("application/pdf"):
            queue.extend(_links(response))
    return responses


@pytest.fixture(scope="module")
def reached(demo) -> dict[str, object]:
    return demo["reached"]


def _bodies(reached) -> dict[str, str]:
    return {
        url: response.content.decode(errors="replace")
        for url, response in reached.items()
        if response.status_code == 200 and "pdf" not in response.get("Content-Type", "")
    }


def test_the_crawl_reaches_the_pages_and_the_api(reached, demo):
    names = {resolve(urlsplit(url).path).view_name for url, r in reached.items() if r.status_code == 200}
    pages = {name for name in names if name.startswith("insyn:")}
    api = {name for name in names if name.startswith("api:")}
    assert len(pages) >= 8, sorted(pages)
    assert len(api) >= 8, sorted(api)
    assert any("text/csv" in r.get("Content-Type", "") for r in reached.values())
    # Adopted things are there to be seen, so their absence below is not an empty crawl's.
    assert any(demo["adopted_goal"] in body for body in _bodies(reached).values())


def test_no_public_answer_holds_anything_unadopted(reached):
    for url, body in _bodies(reached).items():
        for what, marker in MARKERS.items():
            assert marker not in body, (what, url)


def test_no_public_answer_names_a_person(reached, demo):
    for url, body in _bodies(reached).items():
        for name in demo["names"]:
            assert name not in body, (name, url)


def test_no_crawled_answer_is_a_server_error(reached):
    assert not [url for url, response in reached.items() if response.status_code >= 500]


def test_pdfs_not_final_or_not_public_are_not_found_even_by_guessing(demo, client, django_db_blocker):
    for url in demo["forbidden_pdfs"]:
        assert demo["pdf_status"][url] == 404, url
    assert demo["pdf_status"][demo["public_pdf"]] == 200
    # A PDF reached by the crawl is served as a PDF.
    assert any("application/pdf" in r.get("Content-Type", "") for r in demo["reached"].values())
    with django_db_blocker.unblock():
        assert client.get(reverse("insyn:embed_goal", args=[demo["hidden_goal"]])).status_code == 404


def test_the_switch_turns_every_reached_address_off(reached, client, settings, django_db_blocker):
    settings.PUBLIC_SITE_ENABLED = False
    with django_db_blocker.unblock():
        for url in reached:
            assert client.get(url).status_code == 404, url
