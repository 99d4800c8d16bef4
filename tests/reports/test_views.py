"""The reports' pages (/rapporter/) with the sample kind (tests/reports/sample_kind.py): the index per
kind and year, asking for a build and following it (htmx polling) to the download, a failure with its
reason and the retry, final versions, the register's link to the final PDF, and every denial.

Celery runs eagerly in the tests: a build is queued on commit, so a test runs the commit's callbacks
(`django_capture_on_commit_callbacks(execute=True)`) to have it built, as the worker would.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from reports.models import BuildStatus, Kind, ReportVersion
from tests.factories import GoverningDocumentFactory, document_kind

pytestmark = pytest.mark.django_db

YEAR = 2026
INDEX = f"/rapporter/?ar={YEAR}"
HTMX = {"HTTP_HX_REQUEST": "true"}
POLLING = 'data-hx-trigger="every 2s"'


def sv(text: str) -> str:
    """A text as the Swedish pages show it (the msgid itself until the catalogue has it)."""
    with translation.override("sv"):
        return gettext(text)


QUEUED, BUILDING, DONE = (
    sv(status.label) for status in (BuildStatus.QUEUED, BuildStatus.BUILDING, BuildStatus.DONE)
)
CREATE = sv("Create PDF")
RETRY = sv("Try again")
STOPPED = sv("Stopped")


def build_data(plan, kind: str = Kind.OPERATIONAL_PLAN) -> dict:
    return {"kind": kind, "year": plan.year, "subject": f"planning.operationalplan:{plan.pk}"}


def request_built(client, capture, plan, kind: str = Kind.OPERATIONAL_PLAN) -> ReportVersion:
    """Ask for a build through the page and let the worker's part run, as on commit."""
    with capture(execute=True):
        response = client.post(reverse("reports:build"), build_data(plan, kind))
    assert response.status_code == 302
    return ReportVersion.objects.latest("pk")


class TestIndex:
    def test_lists_the_seven_kinds_and_what_each_can_report(self, client, planner, draft_plan):
        client.force_login(planner)
        html = client.get(INDEX).content.decode()
        for kind in Kind:
            assert f'id="report-{kind.value}-heading"' in html, kind
        # Every kind but the planning premises, which are listed under the year they are written: those
        # written in 2026 are for 2028, and the sample kind has no plan for 2028.
        assert html.count("<h3>Kommunstyrelsen 2026</h3>") == len(Kind) - 1
        assert html.count(CREATE) == len(Kind) - 1
        premises = html[html.index(f'id="report-{Kind.PLANNING_PREMISES}"') :]
        assert sv("There is no report of this kind for %(year)s yet.") % {"year": 2026} in premises
        assert '<option value="2026" selected>' in html

    def test_a_year_without_data_has_nothing_to_report(self, client, planner, draft_plan):
        client.force_login(planner)
        html = client.get("/rapporter/?ar=2031").content.decode()
        assert "Kommunstyrelsen 2026" not in html
        assert html.count(sv("There is no report of this kind for %(year)s yet.") % {"year": 2031}) == len(
            Kind
        )

    def test_the_current_year_is_shown_by_default(self, client, planner, sample_kinds):
        client.force_login(planner)
        year = timezone.localdate().year
        html = client.get(reverse("reports:index")).content.decode()
        assert f'<option value="{year}" selected>' in html

    def test_a_politician_reads_the_adopted_plans_versions_and_has_no_build_button(
        self, client, django_capture_on_commit_callbacks, planner, politician, adopted_plan
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.force_login(politician)
        html = client.get(INDEX).content.decode()
        assert CREATE not in html
        assert reverse("reports:download", args=[version.pk]) in html

    def test_a_politician_does_not_see_a_draft_plan_or_its_versions(
        self, client, django_capture_on_commit_callbacks, planner, politician, draft_plan
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        client.force_login(politician)
        html = client.get(INDEX).content.decode()
        assert "Kommunstyrelsen 2026" not in html
        assert version.get_absolute_url() not in html

    def test_queries_do_not_grow_with_versions(
        self, client, planner, draft_plan, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        for _ in range(2):
            request_built(client, django_capture_on_commit_callbacks, draft_plan)
        # session, user, the user's roles; the seven kinds' subjects (one query each in the sample
        # kind); which subjects the user reads (one per model); the versions; the picker's years; the
        # municipality's name in the page's header.
        with django_assert_num_queries(14):
            client.get(INDEX)
        for _ in range(3):
            request_built(client, django_capture_on_commit_callbacks, draft_plan)
        with django_assert_num_queries(14):
            html = client.get(INDEX).content.decode()
        assert html.count(sv("Version %(number)s") % {"number": 5}) == 1


class TestBuild:
    def test_builder_requests_follows_the_progress_and_downloads_a_pdf(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:build"), build_data(draft_plan), **HTMX)
            # The block of the subject comes back with the new version, queued and polled.
            html = response.content.decode()
            assert response.status_code == 200
            assert QUEUED in html
            assert POLLING in html
        version = ReportVersion.objects.get()
        assert (version.kind, version.year, version.number, version.requested_by) == (
            Kind.OPERATIONAL_PLAN,
            YEAR,
            1,
            planner,
        )
        # The worker built it: the polled status is done, no longer polled, with the download.
        version.refresh_from_db()
        assert version.status == BuildStatus.DONE
        status = client.get(version.get_absolute_url(), **HTMX).content.decode()
        assert POLLING not in status
        assert DONE in status
        download_url = reverse("reports:download", args=[version.pk])
        assert download_url in status
        response = client.get(download_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Provrapport 2026 v1.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        pdf = b"".join(response.streaming_content)
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.metadata.title == "Provrapport 2026"
        assert "Åtgärder för året: 2026" in reader.pages[-1].extract_text()

    def test_without_htmx_the_request_leads_to_the_versions_page(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:build"), build_data(draft_plan))
        version = ReportVersion.objects.get()
        assert response.url == version.get_absolute_url()
        html = client.get(response.url).content.decode()
        assert "Provrapport 2026" in html
        assert f"{sv('Version of the operational plan')}: 1" in html

    def test_versions_are_numbered_and_kept(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        first = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        second = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        assert (first.number, second.number) == (1, 2)
        assert first.file.name != second.file.name
        html = client.get(INDEX).content.decode()
        assert first.get_absolute_url() in html
        assert second.get_absolute_url() in html

    def test_a_politician_cannot_build(self, client, politician, adopted_plan):
        client.force_login(politician)
        response = client.post(reverse("reports:build"), build_data(adopted_plan))
        assert response.status_code == 403
        assert not ReportVersion.objects.exists()

    @pytest.mark.parametrize("role", ["administrator", "company_reporter", "sysadmin"])
    def test_other_roles_cannot_build(self, client, request, role, adopted_plan):
        client.force_login(request.getfixturevalue(role))
        assert client.post(reverse("reports:build"), build_data(adopted_plan)).status_code == 403
        assert not ReportVersion.objects.exists()

    def test_finance_cannot_build_a_draft_it_does_not_read(self, client, finance, draft_plan):
        client.force_login(finance)
        assert client.post(reverse("reports:build"), build_data(draft_plan)).status_code == 403
        assert not ReportVersion.objects.exists()

    def test_finance_builds_an_adopted_plan(
        self, client, finance, adopted_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(finance)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan, Kind.BUDGET)
        assert (version.kind, version.status, version.adopted) == (Kind.BUDGET, BuildStatus.DONE, True)

    def test_an_unknown_subject_or_kind_is_not_found(self, client, planner, draft_plan):
        client.force_login(planner)
        for data in (
            {**build_data(draft_plan), "subject": "planning.operationalplan:999999"},
            {**build_data(draft_plan), "kind": "okand"},
            {**build_data(draft_plan), "year": "99999"},
        ):
            assert client.post(reverse("reports:build"), data).status_code == 404, data
        assert not ReportVersion.objects.exists()

    def test_building_is_a_post(self, client, planner, draft_plan):
        client.force_login(planner)
        assert client.get(reverse("reports:build"), build_data(draft_plan)).status_code == 405


class TestProgress:
    def test_the_status_is_polled_while_unfinished_and_not_after(self, client, planner, draft_plan):
        client.force_login(planner)
        with pytest.MonkeyPatch.context() as patch:
            # The queue takes the task and nobody builds it yet.
            patch.setattr("reports.services.enqueue", lambda *args: None)
            client.post(reverse("reports:build"), build_data(draft_plan))
        version = ReportVersion.objects.get()
        url = version.get_absolute_url()
        for status, word in ((BuildStatus.QUEUED, QUEUED), (BuildStatus.BUILDING, BUILDING)):
            ReportVersion.objects.filter(pk=version.pk).update(status=status, started_at=timezone.now())
            partial = client.get(url, **HTMX).content.decode()
            assert POLLING in partial
            assert f'data-hx-target="#version-{version.pk}-status"' in partial
            assert word in partial
            assert "<html" not in partial
            page = client.get(url).content.decode()
            assert f'id="version-{version.pk}-status" aria-live="polite"' in page
            assert POLLING in page
        from reports import services

        ReportVersion.objects.filter(pk=version.pk).update(status=BuildStatus.QUEUED)
        services.build(version.pk)
        partial = client.get(url, **HTMX).content.decode()
        assert POLLING not in partial
        assert reverse("reports:download", args=[version.pk]) in partial

    def test_a_build_that_stalled_is_shown_stopped_and_may_be_tried_again(
        self, client, planner, draft_plan, settings, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("reports.services.enqueue", lambda *args: None)
            client.post(reverse("reports:build"), build_data(draft_plan))
        version = ReportVersion.objects.get()
        url = version.get_absolute_url()
        long_ago = timezone.now() - datetime.timedelta(minutes=settings.REPORT_BUILD_STALL_MINUTES + 1)
        ReportVersion.objects.filter(pk=version.pk).update(status=BuildStatus.BUILDING, started_at=long_ago)
        partial = client.get(url, **HTMX).content.decode()
        assert STOPPED in partial
        assert reverse("reports:retry", args=[version.pk]) in partial
        assert POLLING not in partial
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:retry", args=[version.pk]), **HTMX)
            assert POLLING in response.content.decode()
        version.refresh_from_db()
        assert version.status == BuildStatus.DONE
        ReportVersion.objects.filter(pk=version.pk).update(
            status=BuildStatus.BUILDING, started_at=timezone.now()
        )
        partial = client.get(url, **HTMX).content.decode()
        assert STOPPED not in partial
        assert POLLING in partial


class TestFailure:
    def test_a_failed_build_shows_its_reason_and_retry_queues_it_again(
        self, client, planner, draft_plan, sample_kinds, django_capture_on_commit_callbacks
    ):
        sample_kinds[Kind.OPERATIONAL_PLAN] = "Planen saknar mål för året."
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        assert version.status == BuildStatus.FAILED
        for html in (
            client.get(version.get_absolute_url()).content.decode(),
            client.get(version.get_absolute_url(), **HTMX).content.decode(),
            client.get(INDEX).content.decode(),
        ):
            assert "Planen saknar mål för året." in html
            assert RETRY in html
            assert reverse("reports:retry", args=[version.pk]) in html
            assert POLLING not in html
        sample_kinds.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:retry", args=[version.pk]), **HTMX)
            assert POLLING in response.content.decode()
            assert QUEUED in response.content.decode()
        version.refresh_from_db()
        assert (version.status, version.number, version.attempts) == (BuildStatus.DONE, 1, 2)
        assert ReportVersion.objects.count() == 1

    def test_an_unexpected_error_is_shown_as_such(
        self, client, planner, draft_plan, monkeypatch, django_capture_on_commit_callbacks
    ):
        def broken(kind, subject):
            raise RuntimeError("internal detail")

        monkeypatch.setattr("tests.reports.sample_kind.compose", broken)
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        html = client.get(version.get_absolute_url()).content.decode()
        assert "internal detail" not in html
        assert RETRY in html

    def test_a_politician_cannot_retry(
        self, client, planner, politician, adopted_plan, sample_kinds, django_capture_on_commit_callbacks
    ):
        sample_kinds[Kind.OPERATIONAL_PLAN] = "Planen saknar mål för året."
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.force_login(politician)
        html = client.get(version.get_absolute_url()).content.decode()
        assert "Planen saknar mål för året." in html
        assert RETRY not in html
        assert client.post(reverse("reports:retry", args=[version.pk])).status_code == 403
        version.refresh_from_db()
        assert version.status == BuildStatus.FAILED


class TestFinal:
    def test_mark_final_then_delete_and_retry_are_refused(
        self, client, planner, adopted_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        page = client.get(version.get_absolute_url()).content.decode()
        assert reverse("reports:mark_final", args=[version.pk]) in page
        response = client.post(reverse("reports:mark_final", args=[version.pk]), follow=True)
        version.refresh_from_db()
        assert version.final
        assert version.finalised_by == planner
        page = response.content.decode()
        assert reverse("reports:mark_final", args=[version.pk]) not in page
        assert reverse("reports:delete", args=[version.pk]) not in page
        # Asked anyway, the service refuses and the page says why.
        response = client.post(reverse("reports:delete", args=[version.pk]), follow=True)
        assert sv("A final version cannot be deleted.") in response.content.decode()
        assert ReportVersion.objects.filter(pk=version.pk).exists()
        assert version.file.storage.exists(version.file.name)
        response = client.post(reverse("reports:retry", args=[version.pk]), follow=True)
        assert sv("Only a version that failed or stalled can be built again.") in response.content.decode()
        version.refresh_from_db()
        assert (version.status, version.final) == (BuildStatus.DONE, True)

    def test_a_version_of_a_draft_cannot_be_final(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        assert (
            reverse("reports:mark_final", args=[version.pk])
            not in client.get(version.get_absolute_url()).content.decode()
        )
        client.post(reverse("reports:mark_final", args=[version.pk]))
        version.refresh_from_db()
        assert not version.final

    def test_a_version_that_is_not_final_is_deleted_with_its_file(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        storage, name = version.file.storage, version.file.name
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:delete", args=[version.pk]))
        assert response.url == INDEX
        assert not ReportVersion.objects.exists()
        assert not storage.exists(name)

    def test_a_politician_cannot_mark_final_or_delete(
        self, client, planner, politician, adopted_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.force_login(politician)
        page = client.get(version.get_absolute_url()).content.decode()
        assert reverse("reports:mark_final", args=[version.pk]) not in page
        assert client.post(reverse("reports:mark_final", args=[version.pk])).status_code == 403
        assert client.post(reverse("reports:delete", args=[version.pk])).status_code == 403
        version.refresh_from_db()
        assert not version.final


class TestReading:
    def test_a_company_reporter_cannot_read_or_download_a_plan_draft(
        self, client, planner, company_reporter, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        client.force_login(company_reporter)
        for url in (version.get_absolute_url(), reverse("reports:download", args=[version.pk])):
            response = client.get(url)
            assert response.status_code == 403, url
            assert response.get("Content-Disposition") is None
        assert client.get(version.get_absolute_url(), **HTMX).status_code == 403

    def test_a_politician_downloads_a_version_of_the_adopted_plan(
        self, client, planner, politician, adopted_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.force_login(politician)
        response = client.get(reverse("reports:download", args=[version.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_unknown_versions_are_not_found(self, client, planner, sample_kinds):
        client.force_login(planner)
        for name in ("version", "download"):
            assert client.get(reverse(f"reports:{name}", args=[999999])).status_code == 404

    def test_a_version_whose_subject_is_gone_is_not_found(
        self, client, planner, draft_plan, django_capture_on_commit_callbacks
    ):
        client.force_login(planner)
        version = request_built(client, django_capture_on_commit_callbacks, draft_plan)
        ReportVersion.objects.filter(pk=version.pk).update(subject_key="planning.operationalplan:999999")
        assert client.get(reverse("reports:download", args=[version.pk])).status_code == 404

    def test_an_unfinished_version_has_nothing_to_download(self, client, planner, draft_plan):
        client.force_login(planner)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("reports.services.enqueue", lambda *args: None)
            client.post(reverse("reports:build"), build_data(draft_plan))
        version = ReportVersion.objects.get()
        assert client.get(reverse("reports:download", args=[version.pk])).status_code == 404

    def test_signed_out_visitors_are_sent_to_sign_in(self, client, sample_kinds):
        for url in (INDEX, reverse("reports:version", args=[1]), reverse("reports:download", args=[1])):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))


class TestRegister:
    def test_the_adopted_plans_entry_offers_the_final_pdf(
        self, client, planner, politician, adopted_plan, django_capture_on_commit_callbacks
    ):
        entry = GoverningDocumentFactory(
            kind=document_kind("plan"),
            title="Verksamhetsplan 2026",
            file=None,
            source_key=f"planning.operationalplan:{adopted_plan.pk}",
            source_url="/verksamhetsplan/2026/",
        )
        client.force_login(planner)
        first = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.force_login(politician)
        assert sv("Final PDF") not in client.get(entry.get_absolute_url()).content.decode()
        client.force_login(planner)
        client.post(reverse("reports:mark_final", args=[first.pk]))
        second = request_built(client, django_capture_on_commit_callbacks, adopted_plan)
        client.post(reverse("reports:mark_final", args=[second.pk]))
        request_built(client, django_capture_on_commit_callbacks, adopted_plan)  # a later one, not final
        client.force_login(politician)
        html = client.get(entry.get_absolute_url()).content.decode()
        assert sv("Final PDF") in html
        assert reverse("reports:download", args=[second.pk]) in html
        assert reverse("reports:download", args=[first.pk]) not in html
        assert client.get(reverse("reports:download", args=[second.pk])).status_code == 200
