"""An outcome import uploaded while the background service is away is refused at once, saying so: the
request does not hang on the broker and the import is never left "being read" (styrmodell.queueing)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from economy.imports import import_upload
from economy.models import ImportStatus, OutcomeImport
from tests.economy.test_imports import TODAY, areas, sie_file
from tests.factories import ks_round

DEAD = "redis://127.0.0.1:1/0"
UNAVAILABLE = "Bakgrundstjänsten svarar inte"

# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def test_the_service_refuses_the_import_at_once_with_the_reason(
    finance, broker, django_capture_on_commit_callbacks
):
    areas(1)
    broker(DEAD)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        created = import_upload(
            report=ks_round(), data=sie_file(), file_name="a.se", actor=finance, today=TODAY
        )
    assert time.monotonic() - started < 5
    created.refresh_from_db()
    assert created.status == ImportStatus.REFUSED
    assert UNAVAILABLE in created.problems[0]["message"]
    assert not created.outcomes.exists()


def test_the_page_says_the_background_service_is_not_answering(
    client, finance, broker, django_capture_on_commit_callbacks
):
    """The refusal is written when the upload commits (the callbacks run as the request's commit
    would), and the page the upload leads to says why."""
    areas(1)
    report = ks_round()
    broker(DEAD)
    client.force_login(finance)
    url = reverse("economy:import", args=[report.year, report.slug])
    upload = {"file": SimpleUploadedFile("utfall.se", sie_file(), content_type="text/plain")}
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, upload)
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    assert OutcomeImport.objects.get().status == ImportStatus.REFUSED
    page = client.get(response.url)
    assert page.status_code == 200
    assert UNAVAILABLE in page.text
