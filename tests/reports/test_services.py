"""The reports' versions below the pages (reports.services), with the sample kind: a PDF built from a
draft stays with the draft's readers, a final report enters the register, a stalled build is taken
over, a broker that is away fails the version with the reason, and the two commands."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.models import GoverningDocument
from organisation.lifecycle import AdoptionStatus
from reports import services
from reports.models import BuildStatus, Kind, ReportVersion
from tests.factories import BodyFactory, PlanFactory, ks_decision

pytestmark = pytest.mark.django_db

YEAR = 2026


def built(plan, actor, kind: str = Kind.OPERATIONAL_PLAN) -> ReportVersion:
    """A version asked for and built here, as the worker would."""
    version = services.request_build(
        kind=kind, year=plan.year, subject_key=f"planning.operationalplan:{plan.pk}", actor=actor, queue=False
    )
    return services.build(version.pk)


def adopt(plan) -> None:
    plan.status, plan.decision = AdoptionStatus.ADOPTED, ks_decision(datetime.date(2025, 11, 24))
    plan.save()


class TestDrafts:
    def test_a_version_built_from_a_draft_stays_with_the_drafters_once_the_plan_is_adopted(
        self, client, planner, politician, draft_plan
    ):
        from_draft = built(draft_plan, planner)
        assert from_draft.status == BuildStatus.DONE
        assert from_draft.from_draft
        adopt(draft_plan)
        from_adopted = built(draft_plan, planner)
        assert not from_adopted.from_draft
        client.force_login(politician)
        assert client.get(reverse("reports:download", args=[from_draft.pk])).status_code == 403
        assert client.get(reverse("reports:download", args=[from_adopted.pk])).status_code == 200
        index = client.get(f"/rapporter/?ar={YEAR}").content.decode()
        assert reverse("reports:version", args=[from_adopted.pk]) in index
        assert reverse("reports:version", args=[from_draft.pk]) not in index
        client.force_login(planner)
        assert client.get(reverse("reports:download", args=[from_draft.pk])).status_code == 200


class TestRegister:
    def test_a_final_interim_report_enters_the_register_of_governing_documents(self, planner, adopted_plan):
        version = built(adopted_plan, planner, kind=Kind.INTERIM)
        assert version.register_key == f"planning.operationalplan:{adopted_plan.pk}"
        services.mark_final(version, actor=planner)
        document = GoverningDocument.objects.get(source_key=version.register_key)
        assert document.kind.code == services.REPORT_DOCUMENT_KIND
        assert document.title == version.title
        assert document.decision == adopted_plan.decision

    def test_a_final_plan_is_not_registered_again(self, planner, adopted_plan):
        services.mark_final(built(adopted_plan, planner), actor=planner)
        assert not GoverningDocument.objects.exists()  # the plan's adoption registers it, not its PDF

    def test_marking_final_twice_keeps_the_first(self, planner, finance, adopted_plan):
        version = services.mark_final(built(adopted_plan, planner), actor=planner)
        again = services.mark_final(version, actor=finance)
        assert (again.finalised_by, again.finalised_at) == (planner, version.finalised_at)


class TestStalled:
    def test_a_redelivered_task_takes_over_a_stalled_build_and_leaves_a_running_one(
        self, planner, draft_plan, settings
    ):
        version = services.request_build(
            kind=Kind.OPERATIONAL_PLAN,
            year=YEAR,
            subject_key=f"planning.operationalplan:{draft_plan.pk}",
            actor=planner,
            queue=False,
        )
        started = timezone.now() - datetime.timedelta(minutes=settings.REPORT_BUILD_STALL_MINUTES - 1)
        ReportVersion.objects.filter(pk=version.pk).update(status=BuildStatus.BUILDING, started_at=started)
        assert services.build(version.pk).status == BuildStatus.BUILDING  # another worker is on it
        stalled = started - datetime.timedelta(minutes=2)
        ReportVersion.objects.filter(pk=version.pk).update(started_at=stalled)
        version = services.build(version.pk)
        assert (version.status, version.attempts) == (BuildStatus.DONE, 1)


class TestQueue:
    def test_a_broker_that_is_away_fails_the_version_with_the_reason(
        self, planner, draft_plan, broker, django_capture_on_commit_callbacks
    ):
        broker("redis://127.0.0.1:1/0")
        with django_capture_on_commit_callbacks(execute=True):
            version = services.request_build(
                kind=Kind.OPERATIONAL_PLAN,
                year=YEAR,
                subject_key=f"planning.operationalplan:{draft_plan.pk}",
                actor=planner,
            )
        version.refresh_from_db()
        assert version.status == BuildStatus.FAILED
        assert "background service" in version.error or "Bakgrundstjänsten" in version.error
        assert version.may_retry


class TestCommands:
    def test_generate_report_writes_the_pdf_without_the_worker(self, draft_plan, tmp_path):
        output = tmp_path / "plan.pdf"
        out = io.StringIO()
        call_command("generate_report", Kind.OPERATIONAL_PLAN, str(YEAR), "--output", str(output), stdout=out)
        reader = PdfReader(output)
        assert reader.metadata.title == f"Provrapport {YEAR}"
        assert "pages" in out.getvalue()
        assert "layout" in out.getvalue()
        assert not ReportVersion.objects.exists()  # a file for a script, not a version

    def test_generate_report_asks_which_when_the_year_has_several(self, draft_plan, tmp_path):
        PlanFactory(year=YEAR, body=BodyFactory())
        with pytest.raises(Exception, match="several"):
            call_command(
                "generate_report", Kind.OPERATIONAL_PLAN, str(YEAR), "--output", str(tmp_path / "x.pdf")
            )

    def test_generate_report_says_when_there_is_nothing(self, sample_kinds, tmp_path):
        with pytest.raises(Exception, match="Nothing to report"):
            call_command("generate_report", Kind.BUDGET, "2031", "--output", str(tmp_path / "x.pdf"))

    @pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
    def test_demo_reports_writes_pdfs_and_png_pages(self, draft_plan, tmp_path):
        call_command("demo_reports", "--output", str(tmp_path), stdout=io.StringIO())
        pdfs = sorted(path.name for path in tmp_path.glob("*.pdf"))
        # Every kind reads the sample module in these tests: one PDF each, the planning premises for the
        # plan two years on (none here).
        assert f"{Kind.OPERATIONAL_PLAN}-{YEAR}.pdf" in pdfs
        pages = list((tmp_path / f"{Kind.OPERATIONAL_PLAN}-{YEAR}").glob("sida-*.png"))
        assert len(pages) == len(PdfReader(tmp_path / f"{Kind.OPERATIONAL_PLAN}-{YEAR}.pdf").pages)


class TestIndexYears:
    def test_the_planning_premises_are_listed_under_the_year_they_are_written(
        self, client, planner, sample_kinds
    ):
        later = PlanFactory(year=YEAR + 2)
        client.force_login(planner)
        html = client.get(f"/rapporter/?ar={YEAR}").content.decode()
        premises = html[html.index(f'id="report-{Kind.PLANNING_PREMISES}"') :]
        assert f"{later.body.name} {YEAR + 2}" in premises


class TestCompanyReporters:
    def test_a_company_reporter_reads_no_pdf_of_a_draft_round_that_shows_every_company(
        self, client, company_reporter, planner
    ):
        from reports.kinds import report_type
        from tests.factories import ks_round

        round_ = ks_round(year=YEAR)  # a draft tertial round: company reporters report in it
        [subject] = report_type(Kind.TERTIAL).subjects(YEAR)
        assert subject.obj == round_
        version = ReportVersion.objects.create(
            kind=Kind.TERTIAL,
            year=YEAR,
            subject_key=subject.key,
            number=1,
            title="Tertialrapport",
            status=BuildStatus.DONE,
            from_draft=True,
        )
        assert subject.readable_by(planner)
        assert not subject.readable_by(company_reporter)
        client.force_login(company_reporter)
        assert client.get(reverse("reports:version", args=[version.pk])).status_code == 403
        assert client.get(reverse("reports:download", args=[version.pk])).status_code == 403


class TestStorage:
    def test_a_store_that_refuses_the_file_fails_the_version_at_once(self, planner, draft_plan, monkeypatch):
        from reports.models import reports_storage

        def refuse(*args, **kwargs):
            raise OSError("the object store is away")

        monkeypatch.setattr(reports_storage(), "save", refuse)
        version = built(draft_plan, planner)
        assert version.status == BuildStatus.FAILED
        assert version.error == str(services.UNEXPECTED)
        assert not version.file
