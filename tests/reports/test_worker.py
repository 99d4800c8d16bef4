"""Reports built for real: Redis, a Celery worker, PostgreSQL, and the PDFs in the reports' storage — a
private folder, and an S3-compatible object store (moto's server) as web and worker on different
machines share one. Each test asks for a build through the page, polls the status partial as the page
does until the worker is done, and downloads the PDF through the view that checks access. A failing
build shows its reason and is retried; a final version cannot be deleted or rebuilt.
"""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from reports.models import BuildStatus, Kind, ReportVersion

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HTMX = {"HTTP_HX_REQUEST": "true"}
POLLING = 'data-hx-trigger="every 2s"'
BUCKET = "styrmodell-rapporter"


@pytest.fixture
def worker(redis_url, sample_kinds) -> Iterator[None]:
    """A Celery worker in this process (so the sample kinds apply), taking tasks from the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from styrmodell.celery import app

    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL in CI")
    was_eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = was_eager


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_storage(settings, monkeypatch) -> Iterator[object]:
    """The reports' storage pointed at a local S3 server (moto), configured as settings.py does when
    REPORTS_S3_BUCKET is set; yields a boto3 client to look into the bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=endpoint, **credentials)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    # Overriding STORAGES resets Django's storage handler, but a FileField calls its storage callable
    # once, when the model class is made: the field is pointed at the new backend here.
    storage = storages["reports"]
    assert type(storage).__name__ == "S3Storage"
    monkeypatch.setattr(ReportVersion._meta.get_field("file"), "storage", storage)
    try:
        yield client
    finally:
        server.stop()


def build_data(plan, kind: str = Kind.OPERATIONAL_PLAN) -> dict:
    return {"kind": kind, "year": plan.year, "subject": f"planning.operationalplan:{plan.pk}"}


def request_and_follow(client, plan, kind: str = Kind.OPERATIONAL_PLAN) -> tuple[ReportVersion, list[str]]:
    """Ask for a build on the page, then poll the version's status as htmx does until it is finished;
    returns the version and the statuses the page showed."""
    response = client.post(reverse("reports:build"), build_data(plan, kind), **HTMX)
    assert response.status_code == 200
    version = ReportVersion.objects.latest("pk")
    return version, follow(client, version)


def follow(client, version: ReportVersion, seconds: float = 60) -> list[str]:
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        partial = client.get(version.get_absolute_url(), **HTMX).content.decode()
        version.refresh_from_db()
        seen.append(version.status)
        if POLLING not in partial:
            assert not version.is_unfinished
            return seen
        time.sleep(0.3)
    pytest.fail(f"the worker did not finish version {version.pk} in {seconds} s: {seen}")


def downloaded(client, version: ReportVersion) -> bytes:
    response = client.get(reverse("reports:download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def assert_sample_pdf(pdf: bytes, year: int) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Provrapport {year}"
    assert f"Åtgärder för året: {year}" in reader.pages[-1].extract_text()


def test_requested_on_the_page_built_by_the_worker_downloaded_through_the_view(
    worker, client, planner, draft_plan, settings
):
    client.force_login(planner)
    version, seen = request_and_follow(client, draft_plan)
    assert seen[-1] == BuildStatus.DONE
    assert version.attempts == 1
    assert_sample_pdf(downloaded(client, version), draft_plan.year)
    # The file is in the private folder, never under a public URL.
    assert (settings.PRIVATE_MEDIA_ROOT / version.file.name).exists()


def test_the_same_with_the_pdfs_in_an_s3_object_store(
    worker, s3_storage, client, planner, draft_plan, settings
):
    client.force_login(planner)
    version, seen = request_and_follow(client, draft_plan)
    assert seen[-1] == BuildStatus.DONE
    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [version.file.name]
    assert not (settings.PRIVATE_MEDIA_ROOT / version.file.name).exists()
    pdf = downloaded(client, version)
    assert_sample_pdf(pdf, draft_plan.year)
    stored = s3_storage.get_object(Bucket=BUCKET, Key=version.file.name)["Body"].read()
    assert stored == pdf
    # The page never names the object store.
    page = client.get(version.get_absolute_url()).content.decode()
    assert "127.0.0.1" not in page
    assert BUCKET not in page
    # A version that is not final is deleted with its object.
    client.post(reverse("reports:delete", args=[version.pk]))
    deadline = time.monotonic() + 5
    while s3_storage.list_objects_v2(Bucket=BUCKET).get("KeyCount") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert s3_storage.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_a_failing_build_shows_its_reason_and_is_retried(worker, sample_kinds, client, planner, draft_plan):
    sample_kinds[Kind.OPERATIONAL_PLAN] = "Planen saknar mål för året."
    client.force_login(planner)
    version, seen = request_and_follow(client, draft_plan)
    assert seen[-1] == BuildStatus.FAILED
    partial = client.get(version.get_absolute_url(), **HTMX).content.decode()
    assert "Planen saknar mål för året." in partial
    assert reverse("reports:retry", args=[version.pk]) in partial
    sample_kinds.clear()
    response = client.post(reverse("reports:retry", args=[version.pk]), **HTMX)
    assert POLLING in response.content.decode()
    assert follow(client, version)[-1] == BuildStatus.DONE
    version.refresh_from_db()
    assert (version.number, version.attempts, version.error) == (1, 2, "")
    assert_sample_pdf(downloaded(client, version), draft_plan.year)


def test_a_final_version_is_protected(worker, client, planner, adopted_plan):
    client.force_login(planner)
    version, seen = request_and_follow(client, adopted_plan)
    assert seen[-1] == BuildStatus.DONE
    client.post(reverse("reports:mark_final", args=[version.pk]))
    version.refresh_from_db()
    assert version.final
    pdf = downloaded(client, version)
    client.post(reverse("reports:delete", args=[version.pk]))
    client.post(reverse("reports:retry", args=[version.pk]))
    time.sleep(1)  # a retry wrongly queued would be built by now
    version.refresh_from_db()
    assert (version.status, version.final, version.attempts) == (BuildStatus.DONE, True, 1)
    assert downloaded(client, version) == pdf
