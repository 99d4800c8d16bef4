"""Registering a document with its PDF: the file is judged by its bytes, limited in size, and stored
through the private storage under a random name, outside MEDIA_ROOT."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertRedirects

from documents.models import GoverningDocument
from documents.storage import private_storage
from tests.factories import body_named, document_kind, ks_decision, minimal_pdf

CREATE = reverse("documents:create")
HTML_PAGE = b"<!doctype html><html><body><script>alert('x')</script></body></html>"


def form_data(**overrides) -> dict:
    data = {
        "kind": document_kind("policy").pk,
        "title": "Finanspolicy för Ånge kommun",
        "case_number": "KS 23/145",
        "adopting_body": body_named("KF").pk,
        "decision": "",
        "decided_on": "2023-04-24",
        "next_revision": "2027-04-30",
        "responsible_unit": "",
        "status": GoverningDocument.Status.IN_FORCE,
        "replaced_by": "",
    }
    return {**data, **overrides}


def upload(content: bytes, name: str = "finanspolicy.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def field_errors(response, field: str) -> str:
    """The error block rendered right under the field (components/field.html)."""
    html = response.content.decode()
    match = re.search(rf'<div class="field__errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert match, f"no errors shown next to {field}"
    return match.group(1)


def sv(message: str) -> str:
    with translation.override("sv"):
        return gettext(message)


@pytest.mark.django_db
class TestUploadChecks:
    def test_a_pdf_is_registered_and_stored_privately(self, client, planner, settings):
        client.force_login(planner)
        response = client.post(CREATE, {**form_data(), "pdf": upload(minimal_pdf())})
        document = GoverningDocument.objects.get()
        assertRedirects(response, document.get_absolute_url(), fetch_redirect_response=False)
        assert document.file_name == "finanspolicy.pdf"
        assert document.file_size == len(minimal_pdf())
        stored = Path(private_storage().path(document.file.name))
        assert stored.read_bytes() == minimal_pdf()
        assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
        assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
        # The stored name is random: neither the title nor the uploaded name can be guessed from it.
        assert re.fullmatch(r"styrdokument/[0-9a-f]{32}\.pdf", document.file.name)
        assert document.history.get().history_user == planner

    def test_an_html_file_named_pdf_is_refused_next_to_the_field(self, client, planner):
        client.force_login(planner)
        response = client.post(CREATE, {**form_data(), "pdf": upload(HTML_PAGE, name="policy.pdf")})
        assert response.status_code == 200
        assert sv("The file is not a PDF. Save the document as PDF and upload that file.") in field_errors(
            response, "pdf"
        )
        assert not GoverningDocument.objects.exists()
        assert not Path(private_storage().location).exists() or not any(
            Path(private_storage().location).rglob("*.pdf")
        )

    def test_the_content_type_the_browser_claims_does_not_count(self, client, planner):
        client.force_login(planner)
        renamed = upload(HTML_PAGE, name="rapport.PDF", content_type="application/pdf")
        client.post(CREATE, {**form_data(), "pdf": renamed})
        assert not GoverningDocument.objects.exists()
        # ... and a real PDF sent with a wrong name and type is accepted for what it is.
        client.post(
            CREATE, {**form_data(), "pdf": upload(minimal_pdf(), name="scan", content_type="text/html")}
        )
        assert GoverningDocument.objects.get().file_name == "scan.pdf"

    def test_a_truncated_pdf_is_refused(self, client, planner):
        client.force_login(planner)
        response = client.post(CREATE, {**form_data(), "pdf": upload(minimal_pdf()[:60])})
        assert sv(
            "The PDF file is damaged or incomplete. Save it again as PDF and upload it."
        ) in field_errors(response, "pdf")
        assert not GoverningDocument.objects.exists()

    def test_a_too_large_file_is_refused(self, client, planner, settings):
        settings.GOVERNING_DOCUMENT_MAX_BYTES = 200
        client.force_login(planner)
        response = client.post(CREATE, {**form_data(), "pdf": upload(minimal_pdf())})
        errors = field_errors(response, "pdf")
        assert "200" in errors
        assert not GoverningDocument.objects.exists()

    def test_the_pdf_is_required_when_registering(self, client, planner):
        client.force_login(planner)
        response = client.post(CREATE, form_data())
        assert field_errors(response, "pdf")
        assert not GoverningDocument.objects.exists()

    def test_bad_input_gives_swedish_errors_not_a_500(self, client, planner):
        client.force_login(planner)
        response = client.post(
            CREATE,
            {
                **form_data(case_number="hej", decided_on="", next_revision="31/12", kind="999"),
                "pdf": upload(minimal_pdf()),
            },
        )
        assert response.status_code == 200
        assert sv("Write the case number as the registry does, e.g. KS 22/327.") in field_errors(
            response, "case_number"
        )
        assert field_errors(response, "decided_on")
        assert field_errors(response, "next_revision")
        assert field_errors(response, "kind")

    def test_the_decision_gives_the_date_and_must_be_the_adopting_bodys(self, client, planner):
        client.force_login(planner)
        decision = ks_decision(datetime.date(2025, 2, 4), case_number="KS 25/15")
        response = client.post(
            CREATE, {**form_data(decision=decision.pk, decided_on=""), "pdf": upload(minimal_pdf())}
        )
        assert sv("The decision must be taken by the body that adopted the document.") in field_errors(
            response, "decision"
        )
        client.post(
            CREATE,
            {
                **form_data(decision=decision.pk, decided_on="", adopting_body=decision.meeting.body_id),
                "pdf": upload(minimal_pdf()),
            },
        )
        assert GoverningDocument.objects.get().decided_on == datetime.date(2025, 2, 4)

    @pytest.mark.parametrize("case_number", ["KS 22/327", "KF 2023/45", "BUN 2024/112-3", "ks 22/327"])
    def test_case_numbers_are_checked_loosely(self, client, planner, case_number):
        client.force_login(planner)
        client.post(CREATE, {**form_data(case_number=case_number), "pdf": upload(minimal_pdf())})
        assert GoverningDocument.objects.get().case_number == case_number
