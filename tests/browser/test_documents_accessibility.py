"""The register of governing documents checked with axe-core against WCAG 2.1 A and AA: the list
(with documents due for revision), a document's page with its history, and the registration form
showing the error for an HTML file named .pdf."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from documents.models import GoverningDocument
from tests.browser.harness import assert_no_axe_violations
from tests.factories import GoverningDocumentFactory, OrgUnitFactory, body_named, document_kind

pytestmark = pytest.mark.browser


def register() -> GoverningDocument:
    unit = OrgUnitFactory(name="Ekonomienheten")
    GoverningDocumentFactory(title="Riktlinje för intern kontroll", next_revision=datetime.date(2020, 9, 30))
    GoverningDocumentFactory(title="Delegationsordning", kind=document_kind("regel"), next_revision=None)
    GoverningDocumentFactory(title="Kommunikationspolicy (2017)", status=GoverningDocument.Status.REPLACED)
    document = GoverningDocumentFactory(
        title="Finanspolicy för Ånge kommun", case_number="KS 23/145", responsible_unit=unit
    )
    document.title = "Finanspolicy"
    document._history_user = None
    document.save()
    return document


@pytest.mark.parametrize(("role", "query"), [("politician", ""), ("planner", "?revidering=on")])
def test_register_has_no_wcag_violations(axe_page, live_server, sign_in_as, request, role, query):
    register()
    sign_in_as(axe_page, request.getfixturevalue(role))
    response = axe_page.goto(f"/styrdokument/{query}")
    assert response.status == 200
    expect(axe_page.locator("table.document-table tbody tr").first).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_document_page_has_no_wcag_violations(axe_page, live_server, sign_in_as, planner):
    document = register()
    sign_in_as(axe_page, planner)
    response = axe_page.goto(document.get_absolute_url())
    assert response.status == 200
    expect(axe_page.locator("#history-heading")).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_refused_upload_has_no_wcag_violations(axe_page, live_server, sign_in_as, planner):
    body_named("KF")
    document_kind("policy")
    sign_in_as(axe_page, planner)
    axe_page.goto("/styrdokument/nytt/")
    form = axe_page.locator("#document-form")
    form.locator("[name=kind]").select_option(label="Policy")
    form.locator("[name=title]").fill("Finanspolicy")
    form.locator("[name=case_number]").fill("KS 23/145")
    form.locator("[name=adopting_body]").select_option(label="Kommunfullmäktige")
    form.locator("[name=decided_on]").fill("2023-04-24")
    form.locator("[name=pdf]").set_input_files(
        {
            "name": "finanspolicy.pdf",
            "mimeType": "application/pdf",
            "buffer": b"<html><body>Nej</body></html>",
        }
    )
    form.locator("button[type=submit]").click()
    pdf = axe_page.locator("#document-form [name=pdf]")
    expect(axe_page.locator("#id_pdf_error")).to_be_visible()
    expect(pdf).to_have_attribute("aria-invalid", "true")
    assert not GoverningDocument.objects.exists()
    assert_no_axe_violations(axe_page)
