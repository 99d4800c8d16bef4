"""The reports in a real browser (issue 15).

The ekonom opens /rapporter/, asks for the delårsrapport of 2026 and watches the version go from queued
to done without reloading (htmx polls the status inside an aria-live region), then downloads the PDF.
The queue is held for the first part so that the page is seen waiting: the test then does the worker's
part itself, as a worker on another machine would. A politician then opens the adopted operational
plan's entry in the register of governing documents and downloads its final PDF. axe checks the index
and a version's page (done, failed with its reason and retry, queued and polled).

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided in favour of ids, names and roles.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from followup.models import ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from reports import services
from reports.models import BuildStatus, Kind, ReportVersion
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import (
    GoverningDocumentFactory,
    OrgUnitFactory,
    PlanFactory,
    body_named,
    document_kind,
    ks_decision,
    ks_round,
)

pytestmark = pytest.mark.browser

YEAR = 2026
CREATE = re.compile(r"^(Create PDF|Skapa PDF)")
QUEUED = re.compile(r"(Queued|I kö|Köad)")
DONE = re.compile(r"(Done|Klar)")
DOWNLOAD = re.compile(r"^(Download|Ladda ner)")
FINAL_PDF = re.compile(r"^(Final PDF|Slutlig PDF)$")
FINAL = re.compile(r"^(Final|Slutlig)$")
RETRY = re.compile(r"^(Try again|Försök igen)")


def municipality() -> None:
    """KS, and the municipality whose name the covers carry."""
    body_named("KS")
    OrgUnitFactory(name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, parent=None, cost_centre="")


def adopted_plan():
    return PlanFactory(
        body=body_named("KS"),
        year=YEAR,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 11, 24), paragraph=188, case_number="KS 25/380"),
    )


def built(kind: str, subject_key: str, actor) -> ReportVersion:
    """A version built as the worker builds it (Celery runs eagerly in the tests, on commit)."""
    version = services.request_build(kind=kind, year=YEAR, subject_key=subject_key, actor=actor)
    version.refresh_from_db()
    assert version.status == BuildStatus.DONE, version.error
    return version


def test_ekonom_generates_the_interim_report_watches_its_progress_and_downloads_it(
    page, live_server, sign_in_as, finance, browser_log, monkeypatch
):
    municipality()
    ks_round(ReportKind.INTERIM, YEAR)  # the year's rounds, as the follow-up's pages make them
    held: list[int] = []
    # The queue takes the task; no worker builds it until the test does, below.
    monkeypatch.setattr("reports.services.enqueue", lambda task, version_id: held.append(version_id))
    sign_in_as(page, finance)
    page.goto(f"/rapporter/?ar={YEAR}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(YEAR))
    interim = page.locator(f"#report-{Kind.INTERIM.value}")
    interim.get_by_role("button", name=CREATE).click()
    status = interim.locator(".report-version [aria-live=polite]").first
    expect(status).to_contain_text(QUEUED)
    assert len(held) == 1
    version = ReportVersion.objects.get(pk=held[0])
    assert (version.kind, version.requested_by) == (Kind.INTERIM, finance)
    # The worker's part; the page sees it by polling, without a reload.
    services.build(version.pk)
    expect(status).to_contain_text(DONE, timeout=15_000)
    with page.expect_download() as download_info:
        status.get_by_role("link", name=DOWNLOAD).click()
    download = download_info.value
    version.refresh_from_db()
    assert download.suggested_filename == version.file_name
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert reader.metadata.title == version.title
    assert "Delårsrapport" in reader.pages[0].extract_text()
    # The version's page tells who asked for it and what it was built from.
    interim.get_by_role("link", name=re.compile(r"^Version 1$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(version.title)
    expect(page.locator(".facts")).to_contain_text(finance.get_full_name() or finance.username)
    assert_no_browser_errors(browser_log)


def test_a_politician_downloads_the_final_pdf_of_the_adopted_operational_plan(
    page, live_server, sign_in_as, planner, politician, browser_log
):
    municipality()
    plan = adopted_plan()
    key = f"planning.operationalplan:{plan.pk}"
    entry = GoverningDocumentFactory(
        kind=document_kind("plan"),
        title=f"Verksamhetsplan {YEAR}",
        adopting_body=body_named("KS"),
        file=None,
        source_key=key,
        source_url=f"/verksamhetsplan/{YEAR}/",
    )
    version = built(Kind.OPERATIONAL_PLAN, key, planner)
    services.mark_final(version, actor=planner)
    sign_in_as(page, politician)
    page.goto(f"/rapporter/?ar={YEAR}")
    plan_reports = page.locator(f"#report-{Kind.OPERATIONAL_PLAN.value}")
    expect(plan_reports.get_by_text(FINAL)).to_be_visible()
    expect(page.get_by_role("button", name=CREATE)).to_have_count(0)
    page.goto(entry.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name=FINAL_PDF).click()
    download = download_info.value
    assert download.suggested_filename == version.file_name
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert reader.metadata.title == version.title
    assert str(YEAR) in reader.metadata.title
    assert_no_browser_errors(browser_log)


def test_reports_pages_have_no_wcag_violations(axe_page, live_server, sign_in_as, planner):
    municipality()
    plan = adopted_plan()
    key = f"planning.operationalplan:{plan.pk}"
    done = built(Kind.OPERATIONAL_PLAN, key, planner)
    failed = ReportVersion.objects.create(
        kind=Kind.OPERATIONAL_PLAN,
        year=YEAR,
        subject_key=key,
        number=done.number + 1,
        title=done.title,
        requested_by=planner,
        status=BuildStatus.FAILED,
        error="Planen saknar mål för året.",
    )
    queued = ReportVersion.objects.create(
        kind=Kind.OPERATIONAL_PLAN,
        year=YEAR,
        subject_key=key,
        number=done.number + 2,
        title=done.title,
        requested_by=planner,
    )
    sign_in_as(axe_page, planner)
    axe_page.goto(f"/rapporter/?ar={YEAR}")
    expect(axe_page.get_by_role("button", name=RETRY)).to_be_visible()
    assert_no_axe_violations(axe_page)
    for version in (done, failed, queued):
        response = axe_page.goto(version.get_absolute_url())
        assert response.status == 200
        expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(axe_page)
