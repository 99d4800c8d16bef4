"""A little of everything the open data API shows, adopted, beside what it must never show.

`seed()` makes one of each public thing (a KF goal of an adopted period, an adopted KS goal with an
indicator and values, the adopted plan with an activity, an adopted budget, an adopted round with an
assessment, a wheel step, a meeting, two documents in force, a final report PDF) and one of each
thing that is not public (a draft plan, a KS goal proposal, an unadopted round, a repealed document,
a PDF not marked final). `more(n)` adds n more adopted KS goals with activities, budget versions,
rounds and so on, for the tests that the queries do not grow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile

from budget.models import EconomicPlanLine, FinancialGoal, GehGoal, InvestmentAmount, InvestmentPlan
from calendar_wheel.models import Deadline
from documents.models import GoverningDocument
from followup.models import GoalAssessment, Report, ReportKind, Verdict
from goals.models import MandatePeriod
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting
from reports.models import BuildStatus, Kind, ReportVersion
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    BodyFactory,
    BudgetFactory,
    BudgetFrameFactory,
    BudgetVersionFactory,
    FocusAreaFactory,
    FrameDistributionFactory,
    GoalIndicatorFactory,
    GoverningDocumentFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    PersonFactory,
    PlanFactory,
    VisionFactory,
    WheelEventFactory,
    body_named,
    kf_decision,
    ks_decision,
    ks_round,
    minimal_pdf,
)

ADOPTED = AdoptionStatus.ADOPTED
YEAR = 2026
EMPLOYEE = "Hemliga Handläggarsson"
SECRET_COMMENT = "INTERN KOMMENTAR om läget"


@dataclass
class Seeded:
    kf_goal: object = None
    goal: object = None
    plan: object = None
    activity: object = None
    budget_version: object = None
    round: object = None
    step: object = None
    meeting: object = None
    public_document: object = None
    private_document: object = None
    report_pdf: object = None
    hidden: dict = field(default_factory=dict)


def adopted_period() -> MandatePeriod:
    period = MandatePeriodFactory(election_year=2022)
    if period.status != ADOPTED:
        period.status, period.decision = ADOPTED, kf_decision()
        period.save()
    return period


def adopt_round(report: Report, date: datetime.date) -> Report:
    report.status, report.decision = ADOPTED, ks_decision(date)
    report.save()
    return report


def kf_goal(period: MandatePeriod, title: str):
    vision = VisionFactory(status=ADOPTED, decision=kf_decision(datetime.date(2021, 9, 29)))
    goal = MandateGoalFactory(period=period, version__title=title, version__valid_from=2024)
    goal.versions.get().focus_areas.set([FocusAreaFactory(vision=vision)])
    link = GoalIndicatorFactory(mandate_goal=goal, baseline_year=2022, baseline_value=Decimal("40"))
    IndicatorTargetFactory(goal_indicator=link, year=YEAR, value=Decimal("55"))
    return goal


def ks_goal(kf, title: str, *, year: int = YEAR):
    goal = AnnualGoalFactory(year=year, title=title, adopted=True, mandate_goals=[kf])
    link = GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)
    IndicatorTargetFactory(goal_indicator=link, year=year)
    for value_year in (2024, 2025):
        IndicatorValueFactory(indicator=link.indicator, year=value_year, value=Decimal("51.5"))
    return goal


def budget_version(year: int, *, number_label: str = "Juni"):
    version = BudgetVersionFactory(
        budget=BudgetFactory(year=year),
        status=ADOPTED,
        decision=kf_decision(datetime.date(year - 1, 6, 16)),
        label=number_label,
    )
    BudgetFrameFactory(version=version)
    FinancialGoal.objects.create(version=version, text="Ett resultat om minst 2 %.", target="≥ 2 %")
    GehGoal.objects.create(version=version, code="GEH-1", title="En ekonomi i balans")
    for offset in range(3):
        EconomicPlanLine.objects.create(
            version=version, kind=EconomicPlanLine.Kind.TAX_REVENUE, year=year + offset, amount=Decimal("9e8")
        )
    project = InvestmentPlan.objects.create(version=version).projects.create(name=f"Skola {version.pk}")
    InvestmentAmount.objects.create(project=project, year=year, amount=Decimal("2500000"))
    return version


def seed() -> Seeded:
    """The public things and, in `hidden`, what must not be public (their titles or texts)."""
    seeded = Seeded()
    period = adopted_period()
    seeded.kf_goal = kf_goal(period, "Barn och unga ges goda förutsättningar")
    seeded.goal = ks_goal(seeded.kf_goal, "Fler elever ska bli behöriga")
    seeded.plan = PlanFactory(year=YEAR, status=ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4)))
    seeded.activity = ActivityFactory(
        plan=seeded.plan,
        annual_goal=seeded.goal,
        title="Läxhjälp på fritidsgården",
        responsible=PersonFactory(name=EMPLOYEE),
        progress_comment=SECRET_COMMENT,
    )
    seeded.budget_version = budget_version(YEAR)
    FrameDistributionFactory(year=YEAR, unit=seeded.activity.responsible_unit)
    seeded.round = adopt_round(ks_round(ReportKind.TERTIAL, YEAR), datetime.date(YEAR, 6, 2))
    GoalAssessment.objects.create(
        report=seeded.round,
        annual_goal=seeded.goal,
        proposal=Verdict.PARTLY,
        verdict=Verdict.PARTLY,
        analysis="Arbetet pågår enligt plan.",
    )
    seeded.meeting = Meeting.objects.get_or_create(body=body_named("KS"), date=datetime.date(YEAR, 11, 24))[0]
    seeded.step = Deadline.objects.update_or_create(
        event=WheelEventFactory(title="KS antar verksamhetsplanen"),
        year=YEAR,
        defaults={"date": datetime.date(YEAR, 11, 24), "meeting": seeded.meeting},
    )[0]
    seeded.public_document = GoverningDocumentFactory(title="Policy för öppna data", is_public=True)
    seeded.private_document = GoverningDocumentFactory(title="Riktlinje för arkivet")
    seeded.report_pdf = report_pdf("Verksamhetsplan 2026 för Kommunstyrelsen", final=True)

    # What is not public: a draft plan with its activity, a proposal, an unadopted round's assessment,
    # a repealed document, a PDF not marked final, a draft budget version.
    draft_plan = PlanFactory(year=YEAR + 1, mission="UTKAST till uppdraget")
    ActivityFactory(plan=draft_plan, title="Utkastets aktivitet")
    proposal = AnnualGoalFactory(year=YEAR, title="Förslagets KS-mål", status=AdoptionStatus.PROPOSAL)
    interim = ks_round(ReportKind.INTERIM, YEAR)
    GoalAssessment.objects.create(
        report=interim,
        annual_goal=seeded.goal,
        proposal=Verdict.ACHIEVED,
        verdict=Verdict.ACHIEVED,
        analysis="Den oantagna omgångens analys",
    )
    repealed = GoverningDocumentFactory(title="Upphävd policy", status=GoverningDocument.Status.REPEALED)
    draft_version = BudgetVersionFactory(budget=seeded.budget_version.budget, label="Utkastversion")
    draft_pdf = report_pdf("Utkastets rapport", final=False)
    seeded.hidden = {
        "plans": draft_plan,
        "activities": draft_plan.activities.get(),
        "goals": proposal,
        "rounds": interim,
        "documents": repealed,
        "reports": draft_pdf,
        "budget-versions": draft_version,
    }
    return seeded


def report_pdf(title: str, *, final: bool) -> ReportVersion:
    number = ReportVersion.objects.filter(kind=Kind.OPERATIONAL_PLAN, year=YEAR).count() + 1
    version = ReportVersion(
        kind=Kind.OPERATIONAL_PLAN,
        year=YEAR,
        subject_key="planning.operationalplan:1",
        number=number,
        title=title,
        status=BuildStatus.DONE,
        adopted=final,
        final=final,
        page_count=1,
    )
    version.file.save(f"{number}.pdf", ContentFile(minimal_pdf()), save=False)
    version.save()
    return version


def more(count: int) -> None:
    """`count` more of every public thing a list shows, each with what it carries (indicators, values,
    activities, assessments, lines), so that a list's queries can be compared at two sizes."""
    period = adopted_period()
    for n in range(count):
        kf = kf_goal(period, f"KF-mål nummer {n}")
        goal = ks_goal(kf, f"KS-mål nummer {n}")
        plan = PlanFactory(
            body=BodyFactory(), year=YEAR, status=ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
        )
        ActivityFactory(plan=plan, annual_goal=goal)
        budget_version(2030 + n)
        GoverningDocumentFactory(is_public=True)
        report_pdf(f"Rapport {n}", final=True)
        meeting = Meeting.objects.create(body=BodyFactory(), date=datetime.date(YEAR, 1, 1))
        Deadline.objects.update_or_create(
            event=WheelEventFactory(), year=YEAR, defaults={"date": meeting.date, "meeting": meeting}
        )
        report = adopt_round(ks_round(ReportKind.TERTIAL, 2030 + n), datetime.date(2030 + n, 6, 2))
        GoalAssessment.objects.create(
            report=report,
            annual_goal=goal,
            proposal=Verdict.ACHIEVED,
            verdict=Verdict.ACHIEVED,
            analysis="Klart.",
        )
