"""Insyn's pages as anyone reads them without signing in: only what a decision adopted, no employee's
name, one rendering per generation, 404 when the public side is off or the thing is not public."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import GoverningDocument
from followup.models import ActivityReport, GoalAssessment, ReportKind, Verdict
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import Activity, ActivityStatus
from reports.models import BuildStatus, Kind, ReportVersion
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    BudgetFrameFactory,
    BudgetVersionFactory,
    DeadlineFactory,
    FocusAreaFactory,
    GoalIndicatorFactory,
    GoverningDocumentFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    MeetingFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    VisionFactory,
    WheelEventFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_decision,
    ks_round,
    minimal_pdf,
)

D = datetime.date
YEAR = 2026
EMPLOYEE = "Greta Ansvarigsson"


def kf_goal(title: str = "Barn och unga ges goda förutsättningar"):
    """A KF goal of the adopted 2022 period, in force 2024–2027."""
    period = MandatePeriodFactory(election_year=2022)
    if period.status != AdoptionStatus.ADOPTED:
        period.status, period.decision = AdoptionStatus.ADOPTED, kf_decision()
        period.save()
    goal = MandateGoalFactory(period=period, version__title=title, version__valid_from=2024)
    return goal


def ks_goal(title: str, *, kf=None, status=AdoptionStatus.ADOPTED, year: int = YEAR):
    goal = AnnualGoalFactory(
        year=year,
        title=title,
        status=status,
        decision=ks_decision(D(year - 1, 5, 20)) if status == AdoptionStatus.ADOPTED else None,
        mandate_goals=[kf] if kf else None,
    )
    return goal


def indicator_for(goal, title: str) -> None:
    link = GoalIndicatorFactory(mandate_goal=None, annual_goal=goal, indicator__title=title)
    IndicatorTargetFactory(goal_indicator=link, year=YEAR, value=Decimal("80"))
    IndicatorValueFactory(indicator=link.indicator, municipality="2260", year=YEAR - 1, value=Decimal("75"))


def adopt_round(kind: str, meeting: datetime.date):
    report = ks_round(kind, YEAR)
    report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(meeting)
    report.save()
    return report


def assess(report, goal, verdict: str, analysis: str) -> GoalAssessment:
    return GoalAssessment.objects.create(
        report=report, annual_goal=goal, proposal=verdict, verdict=verdict, analysis=analysis
    )


def final_pdf(*, title: str, subject_key: str, register_key: str = "", final: bool = True) -> ReportVersion:
    version = ReportVersion(
        kind=Kind.OPERATIONAL_PLAN,
        year=YEAR,
        subject_key=subject_key,
        number=ReportVersion.objects.filter(subject_key=subject_key).count() + 1,
        title=title,
        status=BuildStatus.DONE,
        adopted=True,
        final=final,
        finalised_at=timezone.now() if final else None,
        register_key=register_key,
        page_count=12,
        file_size=len(minimal_pdf()),
    )
    version.file.save("plan.pdf", ContentFile(minimal_pdf(title)), save=False)
    version.save()
    return version


@pytest.fixture
def municipality(db) -> OrgUnit:
    return OrgUnitFactory(name="Testkommun", kind=OrgUnit.Kind.MUNICIPALITY, kolada_code="2260")


@pytest.fixture
def year_data(municipality) -> dict:
    """An adopted 2026: KF goal, KS goals (one without a KF goal), a proposal, a plan with activities,
    an adopted tertial round and an interim round still in draft, a budget, a final PDF, a wheel."""
    vision = VisionFactory(
        text="Vi är en plats för alla.", status=AdoptionStatus.ADOPTED, decision=kf_decision()
    )
    FocusAreaFactory(vision=vision, title="Närhet till natur")
    VisionFactory(text="En vision som bara är ett utkast.")
    kf = kf_goal()
    ks = ks_goal("Fler elever klarar skolan", kf=kf)
    indicator_for(ks, "Andel behöriga till gymnasiet")
    orphan = ks_goal("En tillgänglig kommun")
    proposal = ks_goal("Ett föreslaget mål", kf=kf, status=AdoptionStatus.PROPOSAL)
    ks_goal("Ett mål i utkast", kf=kf, status=AdoptionStatus.DRAFT)

    plan = PlanFactory(year=YEAR, status=AdoptionStatus.ADOPTED, decision=ks_decision(D(YEAR - 1, 11, 24)))
    school = OrgUnitFactory(name="Grundskolan")
    activity = ActivityFactory(
        plan=plan,
        annual_goal=ks,
        title="Läxhjälp i alla skolor",
        responsible_unit=school,
        responsible=PersonFactory(name=EMPLOYEE),
        progress_comment="Intern kommentar om läget",
    )
    ActivityFactory(plan=plan, annual_goal=ks, is_plan_activity=False, title="Enhetens egen aktivitet")
    draft_plan = PlanFactory(body=body_named("BUN"), year=YEAR)
    ActivityFactory(plan=draft_plan, title="Aktivitet i en utkastplan")

    tertial = adopt_round(ReportKind.TERTIAL, D(YEAR, 6, 2))
    assess(tertial, ks, Verdict.PARTLY, "Analysen i tertialrapporten.")
    ActivityReport.objects.create(
        report=tertial, activity=activity, status=ActivityStatus.IN_PROGRESS, comment="Rundans kommentar"
    )
    interim = ks_round(ReportKind.INTERIM, YEAR)
    assess(interim, ks, Verdict.ACHIEVED, "En analys som inte är antagen.")
    ActivityReport.objects.create(
        report=interim, activity=activity, status=ActivityStatus.DONE, completed_on=D(YEAR, 8, 17)
    )

    budget = adopted_budget(YEAR)
    draft = BudgetVersionFactory(budget=budget.budget, label="Ett budgetutkast")
    BudgetFrameFactory(version=draft, body=body_named("KS"), amount=Decimal("123456000"))

    pdf = final_pdf(
        title="Verksamhetsplan 2026 för Kommunstyrelsen", subject_key=f"planning.operationalplan:{plan.pk}"
    )
    draft_pdf = final_pdf(
        title="En PDF som inte är slutlig", subject_key="planning.operationalplan:999", final=False
    )

    DeadlineFactory(event=WheelEventFactory(title="Budgetdialog med utskotten"), date=D(YEAR, 9, 15))
    MeetingFactory(body=body_named("KF"), date=D(YEAR, 6, 15))
    return {
        "kf": kf,
        "ks": ks,
        "orphan": orphan,
        "proposal": proposal,
        "plan": plan,
        "activity": activity,
        "budget": budget,
        "pdf": pdf,
        "draft_pdf": draft_pdf,
    }


def url(name: str, *args) -> str:
    return reverse(f"insyn:{name}", args=args)


@pytest.mark.django_db
class TestStart:
    def test_shows_the_vision_in_force_and_the_years(self, client, year_data):
        response = client.get(url("start"))
        assertContains(response, "Vi är en plats för alla.")
        assertContains(response, "Närhet till natur")
        assertNotContains(response, "bara är ett utkast")
        assertContains(response, url("year", YEAR))
        assertContains(response, "Testkommun")
        assertContains(response, 'href="/api/v1/"')
        assertContains(response, url("accessibility"))
        assertContains(response, reverse("login"))

    def test_answers_with_nothing_adopted(self, client, db):
        assertContains(client.get(url("start")), _("Nothing has been adopted yet."))


@pytest.mark.django_db
class TestYear:
    def test_shows_the_adopted_chain_with_status_of_the_adopted_round(self, client, year_data):
        response = client.get(url("year", YEAR))
        assertContains(response, "Barn och unga ges goda förutsättningar")
        assertContains(response, "Fler elever klarar skolan")
        assertContains(response, f'id="mal-{year_data["ks"].pk}"')
        assertContains(response, "Delvis uppfyllt")
        assertContains(response, "Tertialrapport 2026")
        assertContains(response, "Analysen i tertialrapporten.")
        assertContains(response, "Andel behöriga till gymnasiet")
        assertContains(response, "En tillgänglig kommun")
        assertContains(response, "Inte bedömt ännu")  # the orphan goal: no adopted round assessed it

    def test_shows_no_proposal_draft_or_unadopted_round(self, client, year_data):
        response = client.get(url("year", YEAR))
        assertNotContains(response, "Ett föreslaget mål")
        assertNotContains(response, "Ett mål i utkast")
        assertNotContains(response, "En analys som inte är antagen.")
        assertNotContains(response, "Delårsrapport")

    def test_gives_the_code_to_embed_a_goal(self, client, year_data):
        response = client.get(url("year", YEAR))
        assertContains(response, f'&lt;iframe src="http://testserver{url("embed_goal", year_data["ks"].pk)}"')

    @pytest.mark.parametrize("year", [2030, 1999, 2200])
    def test_a_year_with_nothing_adopted_is_not_found(self, client, year_data, year):
        assert client.get(url("year", year)).status_code == 404

    def test_queries_do_not_grow_with_goals(
        self, client, year_data, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        # 3 years with adopted content, the municipality's Kolada code, KF goals, their adopted versions,
        # the versions' focus areas, KS goals, their departments, indicators, targets, values, the links
        # to KF goals, the latest adopted assessments, the municipality's name.
        with django_assert_num_queries(15):
            client.get(url("year", YEAR))
        with django_capture_on_commit_callbacks(execute=True):  # a new generation, as on commit
            kf = kf_goal("Ett andra KF-mål")
            for number in range(5):
                goal = ks_goal(f"Ytterligare mål {number}", kf=kf)
                indicator_for(goal, f"Nyckeltal {number}")
                goal.departments.add(OrgUnitFactory())
        with django_assert_num_queries(15):
            response = client.get(url("year", YEAR))
        assertContains(response, "Ytterligare mål 4")

    def test_a_second_visit_is_served_from_the_cache(self, client, year_data, django_assert_num_queries):
        first = client.get(url("year", YEAR))
        with django_assert_num_queries(0):
            second = client.get(url("year", YEAR))
        assert second.content == first.content

    def test_a_new_adoption_changes_the_page(self, client, year_data, django_capture_on_commit_callbacks):
        assertNotContains(client.get(url("year", YEAR)), "Ett föreslaget mål")
        proposal = year_data["proposal"]
        with django_capture_on_commit_callbacks(execute=True):
            proposal.status, proposal.decision = AdoptionStatus.ADOPTED, ks_decision(D(YEAR - 1, 5, 20))
            proposal.save()
        assertContains(client.get(url("year", YEAR)), "Ett föreslaget mål")

    def test_the_answer_is_the_same_for_everyone(self, client, year_data):
        response = client.get(url("year", YEAR))
        assert "public" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies


@pytest.mark.django_db
class TestPlan:
    def test_shows_the_adopted_plans_activities_with_the_adopted_rounds_status(self, client, year_data):
        response = client.get(url("plan", YEAR))
        assertContains(response, "Läxhjälp i alla skolor")
        assertContains(response, "Grundskolan")
        assertContains(response, "Pågår")
        assertContains(response, "Tertialrapport 2026")
        assertContains(response, url("report_pdf", year_data["pdf"].pk))

    def test_shows_no_person_comment_unit_activity_draft_plan_or_unadopted_round(self, client, year_data):
        response = client.get(url("plan", YEAR))
        assertNotContains(response, EMPLOYEE)
        assertNotContains(response, "Intern kommentar om läget")
        assertNotContains(response, "Rundans kommentar")
        assertNotContains(response, "Enhetens egen aktivitet")
        assertNotContains(response, "Aktivitet i en utkastplan")
        assertNotContains(response, "2026-08-17")

    def test_queries_do_not_grow_with_activities(
        self, client, year_data, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        # 3 years, plans, KS goals, the plans' activities, their latest adopted reports, final PDFs,
        # the municipality's name.
        with django_assert_num_queries(9):
            client.get(url("plan", YEAR))
        plan, tertial = year_data["plan"], ks_round(ReportKind.TERTIAL, YEAR)
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(6):
                goal = ks_goal(f"Mål {number}")
                activity = ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory())
                ActivityReport.objects.create(
                    report=tertial, activity=activity, status=ActivityStatus.NOT_STARTED
                )
        with django_assert_num_queries(9):
            response = client.get(url("plan", YEAR))
        assertContains(response, "Mål 5")

    def test_a_year_without_an_adopted_plan_says_so(self, client, year_data):
        AnnualGoalFactory(year=YEAR + 1, adopted=True)
        PlanFactory(year=YEAR + 1)
        assertContains(
            client.get(url("plan", YEAR + 1)),
            _("No operational plan for %(year)s has been adopted yet.") % {"year": YEAR + 1},
        )


@pytest.mark.django_db
class TestBudget:
    def test_shows_the_adopted_versions_not_a_draft(self, client, year_data):
        response = client.get(url("budget", YEAR))
        assertContains(response, "Budget 2026 med plan för 2027–2028")
        assertContains(response, "Juni")
        assertContains(response, "700\u00a0000")  # KS's frame in tkr
        assertNotContains(response, "Ett budgetutkast")
        assertNotContains(response, "123 456")


@pytest.mark.django_db
class TestReports:
    def test_lists_the_final_pdfs_only(self, client, year_data):
        response = client.get(url("reports", YEAR))
        assertContains(response, "Verksamhetsplan 2026 för Kommunstyrelsen")
        assertNotContains(response, "En PDF som inte är slutlig")

    def test_streams_a_final_pdf(self, client, year_data):
        response = client.get(url("report_pdf", year_data["pdf"].pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert "Verksamhetsplan%202026" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_pdf_that_is_not_final_is_not_found(self, client, year_data):
        assert client.get(url("report_pdf", year_data["draft_pdf"].pk)).status_code == 404
        assert client.get(url("report_pdf", 987654)).status_code == 404


@pytest.mark.django_db
class TestWheel:
    def test_shows_the_steps_and_the_meetings_by_month(self, client, year_data):
        response = client.get(url("wheel", YEAR))
        assertContains(response, "Budgetdialog med utskotten")
        assertContains(response, _("Meeting of %(body)s") % {"body": "Kommunfullmäktige"})
        assertContains(response, '<h2 id="month-9">September</h2>', html=True)


@pytest.mark.django_db
class TestDocuments:
    @pytest.fixture
    def register(self, db) -> dict:
        return {
            "public": GoverningDocumentFactory(title="Finanspolicy", is_public=True),
            "private": GoverningDocumentFactory(title="Delegationsordning", is_public=False),
            "repealed": GoverningDocumentFactory(
                title="Policy för hemarbete", is_public=True, status=GoverningDocument.Status.REPEALED
            ),
        }

    def test_lists_the_documents_in_force_with_the_public_pdfs(self, client, register):
        response = client.get(url("documents"))
        assertContains(response, "Finanspolicy")
        assertContains(response, "Delegationsordning")
        assertNotContains(response, "Policy för hemarbete")
        assertContains(response, url("document_pdf", register["public"].pk))
        assertNotContains(response, url("document_pdf", register["private"].pk))

    def test_serves_a_public_pdf(self, client, register):
        response = client.get(url("document_pdf", register["public"].pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    @pytest.mark.parametrize("which", ["private", "repealed"])
    def test_a_pdf_not_public_is_not_found(self, client, register, which):
        assert client.get(url("document_pdf", register[which].pk)).status_code == 404

    def test_a_registered_plan_links_its_final_pdf(self, client, year_data):
        plan = year_data["plan"]
        key = f"planning.operationalplan:{plan.pk}"
        GoverningDocument.objects.create(
            kind=GoverningDocumentFactory.build().kind,
            title="Verksamhetsplan 2026 för Kommunstyrelsen",
            case_number="KS 25/100",
            adopting_body=body_named("KS"),
            decided_on=D(YEAR - 1, 11, 24),
            source_key=key,
        )
        year_data["pdf"].register_key = key
        year_data["pdf"].save()
        assertContains(client.get(url("documents")), url("report_pdf", year_data["pdf"].pk))

    def test_a_planner_publishes_a_pdf_from_the_register_form(self, client, planner, register):
        document = register["private"]
        client.force_login(planner)
        form = client.get(reverse("documents:edit", args=[document.pk]))
        assertContains(form, 'name="is_public"')
        data = {
            "kind": document.kind_id,
            "title": document.title,
            "case_number": document.case_number,
            "adopting_body": document.adopting_body_id,
            "decided_on": "2024-04-29",
            "status": document.status,
            "responsible_unit": document.responsible_unit_id,
            "is_public": "on",
            "version": document.version,
        }
        response = client.post(reverse("documents:edit", args=[document.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        document.refresh_from_db()
        assert document.is_public
        client.logout()
        assert client.get(url("document_pdf", document.pk)).status_code == 200

    def test_the_register_says_whether_the_pdf_is_shown_in_insyn(self, client, planner, register):
        client.force_login(planner)
        assertContains(client.get(register["public"].get_absolute_url()), _("The PDF is shown in Insyn"))
        assertContains(client.get(register["private"].get_absolute_url()), _("The PDF is not shown in Insyn"))


@pytest.mark.django_db
class TestEmbed:
    def test_the_card_shows_status_and_round_and_links_to_the_goal(self, client, year_data):
        ks = year_data["ks"]
        response = client.get(url("embed_goal", ks.pk))
        assertContains(response, "Fler elever klarar skolan")
        assertContains(response, "Delvis uppfyllt")
        assertContains(response, "◐")
        assertContains(response, "Tertialrapport 2026")
        assertContains(response, f'href="{url("year", YEAR)}#mal-{ks.pk}" target="_top"')

    def test_frame_ancestors_as_configured_on_the_card_only(self, client, settings, year_data):
        settings.PUBLIC_FRAME_ANCESTORS = ["https://www.example.se"]
        card = client.get(url("embed_goal", year_data["ks"].pk))
        assert "frame-ancestors 'self' https://www.example.se" in card["Content-Security-Policy"]
        assert "X-Frame-Options" not in card
        page = client.get(url("year", YEAR))
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
        assert page["X-Frame-Options"] == "DENY"

    def test_a_goal_not_adopted_has_no_card(self, client, year_data):
        assert client.get(url("embed_goal", year_data["proposal"].pk)).status_code == 404


@pytest.mark.django_db
class TestAccessibility:
    def test_names_the_contact_and_the_supervisory_authority(self, client, settings):
        settings.PUBLIC_ACCESSIBILITY_CONTACT = "tillganglighet@example.se"
        response = client.get(url("accessibility"))
        assertContains(response, 'href="mailto:tillganglighet@example.se"')
        assertContains(response, "https://www.digg.se/tdosanmalan")

    def test_without_a_contact_a_neutral_text(self, client, settings):
        settings.PUBLIC_ACCESSIBILITY_CONTACT = ""
        assertNotContains(client.get(url("accessibility")), "mailto:")


def every_page(data: dict) -> list[str]:
    return [
        url("start"),
        url("year", YEAR),
        url("plan", YEAR),
        url("budget", YEAR),
        url("reports", YEAR),
        url("wheel", YEAR),
        url("documents"),
        url("accessibility"),
        url("embed_goal", data["ks"].pk),
        url("report_pdf", data["pdf"].pk),
    ]


@pytest.mark.django_db
class TestSwitch:
    def test_every_page_answers(self, client, year_data):
        for path in every_page(year_data):
            assert client.get(path).status_code == 200, path

    def test_off_every_page_is_not_found(self, client, settings, year_data):
        settings.PUBLIC_SITE_ENABLED = False
        for path in every_page(year_data):
            assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_a_draft_activity_is_kept_out_however_the_plan_is_reached(client, year_data):
    """The activity of a draft plan is in no page of the year."""
    assert Activity.objects.filter(title="Aktivitet i en utkastplan").exists()
    for path in every_page(year_data)[:8]:
        assertNotContains(client.get(path), "Aktivitet i en utkastplan")
