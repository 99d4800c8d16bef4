"""A small municipality for the permission matrix: one user per role, two units, two companies, and a
real object behind every URL keyword, so that a view answers for the role and not for a missing row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from calendar_wheel.models import CalendarFeed
from followup.models import InputOverride, Report, ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import Assignment, OrgUnit, User
from organisation.roles import Role
from reports import services as report_services
from reports.kinds import report_type
from reports.models import Kind as ReportKindOfVersion
from reports.models import ReportVersion
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    AssignmentFactory,
    BudgetFactory,
    BudgetVersionFactory,
    ControlFactory,
    DeviationFlagFactory,
    FrameDistributionFactory,
    GoalIndicatorFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    InternalControlPlanFactory,
    MandateGoalFactory,
    OrgUnitFactory,
    OutcomeImportFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    VisionFactory,
    WheelEventFactory,
    adopted_budget,
    body_named,
    ks_decision,
    ks_round,
)

YEAR = 2026
# The roles of the matrix, in the order of the issue; "presidium" is an elected representative who
# chairs KS, "administrator" a handläggare of unit A, "company" the reporter of company A.
ROLES = ("anonymous", "politician", "presidium", "administrator", "planner", "finance", "company", "sysadmin")


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    """Every object the matrix's URLs name, and one user per role (None for the anonymous visitor)."""
    ks = body_named("KS")
    municipality = OrgUnitFactory(name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, parent=None)
    unit_a = OrgUnitFactory(name="Enhet A", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    unit_b = OrgUnitFactory(name="Enhet B", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    company_a = OrgUnitFactory(name="Bolag A AB", kind=OrgUnit.Kind.COMPANY, parent=None)
    company_b = OrgUnitFactory(name="Bolag B AB", kind=OrgUnit.Kind.COMPANY, parent=None)
    ks.units.add(municipality, unit_a, unit_b)

    users: dict[str, User | None] = {
        "anonymous": None,
        "politician": UserFactory(username="politiker", role=Role.POLITICIAN),
        "presidium": UserFactory(username="presidium", role=Role.POLITICIAN),
        "administrator": UserFactory(username="handlaggare", role=Role.ADMINISTRATOR),
        "planner": UserFactory(username="planerare", role=Role.PLANNER),
        "finance": UserFactory(username="ekonom", role=Role.FINANCE),
        "company": UserFactory(username="bolag", role=Role.COMPANY_REPORTER),
        "sysadmin": UserFactory(username="admin", role=Role.SYSADMIN, is_staff=True),
    }
    users["administrator"].units.add(unit_a)
    users["company"].units.add(company_a)
    AssignmentFactory(
        person=PersonFactory(user=users["presidium"]),
        body=ks,
        role=Assignment.Role.CHAIR,
        start=datetime.date(2022, 10, 15),
        end=datetime.date(2030, 10, 14),
    )

    # KS's plan and goals of the year are adopted, as in the follow-up; its tertial round is reopened
    # by hand so that it takes input whatever the wheel's dates.
    plan = PlanFactory(
        year=YEAR, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(YEAR - 1, 11, 20))
    )
    mandate_goal = MandateGoalFactory()
    annual_goal = AnnualGoalFactory(year=YEAR, adopted=True, mandate_goals=[mandate_goal])
    activity_a = ActivityFactory(plan=plan, responsible_unit=unit_a, annual_goal=annual_goal)
    activity_b = ActivityFactory(plan=plan, responsible_unit=unit_b, annual_goal=annual_goal)
    draft_goal = AnnualGoalFactory(year=YEAR + 1)
    budget_version = adopted_budget(YEAR)
    draft_version = BudgetVersionFactory(budget=BudgetFactory(year=YEAR))
    FrameDistributionFactory(year=YEAR, unit=unit_a)
    rnd = ks_round(ReportKind.TERTIAL, YEAR)
    Report.objects.filter(pk=rnd.pk).update(input_override=InputOverride.REOPENED, override_reason="Matrisen")
    rnd.refresh_from_db()
    control_plan = InternalControlPlanFactory(
        year=YEAR, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(YEAR - 1, 11, 21))
    )
    control = ControlFactory(plan=control_plan, responsible_unit=unit_a)
    objects = {
        "municipality": municipality,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "company_a": company_a,
        "company_b": company_b,
        "ks": ks,
        "plan": plan,
        "activity_a": activity_a,
        "activity_b": activity_b,
        "mandate_goal": mandate_goal,
        "annual_goal": annual_goal,
        "draft_goal": draft_goal,
        "goal_indicator": GoalIndicatorFactory(mandate_goal=mandate_goal),
        "indicator": IndicatorFactory(),
        "vision": VisionFactory(),
        "budget_version": budget_version,
        "draft_version": draft_version,
        "round": rnd,
        "upload": OutcomeImportFactory(report=rnd, imported_by=users["finance"]),
        "flag": DeviationFlagFactory(),
        "control": control,
        "document": GoverningDocumentFactory(responsible_unit=unit_a),
        "event": WheelEventFactory(body=ks),
        "feed": CalendarFeed.objects.create(user=users["planner"]),
        "report_version": _plan_report(users["planner"]),
    }
    return World(users=users, objects=objects)


def _plan_report(planner: User) -> ReportVersion:
    """A version of the year's plan asked for by the planner (not built: no worker runs here)."""
    subject = report_type(ReportKindOfVersion.OPERATIONAL_PLAN).subjects(YEAR)[0]
    return report_services.request_build(
        kind=ReportKindOfVersion.OPERATIONAL_PLAN,
        year=YEAR,
        subject_key=subject.key,
        actor=planner,
        queue=False,
    )


def _round(w: World) -> dict:
    return {"year": w.round.year, "round": w.round.slug}


# The keyword arguments of each URL that names an object, as a function of the world. URLs with only a
# year, or none, need no entry: YEAR_KWARGS fills them in.
KWARGS = {
    "organisation:unit": lambda w: {"pk": w.unit_a.pk},
    "organisation:body": lambda w: {"pk": w.ks.pk},
    "goals:mandate_goal": lambda w: {"pk": w.mandate_goal.pk},
    "goals:mandate_goal_edit": lambda w: {"pk": w.mandate_goal.pk},
    "goals:mandate_goal_revise": lambda w: {"pk": w.mandate_goal.pk},
    "goals:annual_goal": lambda w: {"pk": w.annual_goal.pk},
    "goals:annual_goal_edit": lambda w: {"pk": w.draft_goal.pk},
    "goals:goal_indicator_add": lambda w: {"kind": "kf", "pk": w.mandate_goal.pk},
    "goals:goal_indicator_remove": lambda w: {"pk": w.goal_indicator.pk},
    "goals:period": lambda w: {"election_year": w.mandate_goal.period.election_year},
    "goals:period_propose": lambda w: {"election_year": w.mandate_goal.period.election_year},
    "goals:period_adopt": lambda w: {"election_year": w.mandate_goal.period.election_year},
    "goals:vision_edit": lambda w: {"pk": w.vision.pk},
    "goals:indicator": lambda w: {"pk": w.indicator.pk},
    "planning:activity": lambda w: {"pk": w.activity_a.pk},
    "planning:activity_follow_up": lambda w: {"pk": w.activity_a.pk},
    "budget:template": lambda w: {"year": YEAR, "kind": "ramar"},
    "budget:version": lambda w: {"year": YEAR, "number": w.budget_version.number},
    "budget:version_edit": lambda w: {"year": YEAR, "number": w.draft_version.number, "section": "ramar"},
    "economy:forecast": lambda w: _round(w) | {"unit": w.unit_a.pk},
    "economy:import_preview": lambda w: _round(w) | {"pk": w.upload.pk},
    "economy:investment": lambda w: _round(w) | {"pk": 1},
    "economy:company": lambda w: _round(w) | {"pk": w.company_a.pk},
    "economy:flag": lambda w: {"year": w.flag.year, "pk": w.flag.pk},
    "followup:control": lambda w: {"pk": w.control.pk},
    "followup:goal": lambda w: _round(w) | {"pk": w.annual_goal.pk},
    "followup:unit": lambda w: _round(w) | {"pk": w.unit_a.pk},
    "followup:activity": lambda w: _round(w) | {"pk": w.activity_a.pk},
    "followup:activity_report": lambda w: _round(w) | {"pk": w.activity_a.pk},
    "followup:assess_annual_goal": lambda w: _round(w) | {"pk": w.annual_goal.pk},
    "followup:assess_mandate_goal": lambda w: _round(w) | {"pk": w.mandate_goal.pk},
    "followup:control_result": lambda w: _round(w) | {"pk": w.control.pk},
    "followup:premises_part": lambda w: {"year": YEAR, "pk": w.unit_a.pk},
    "documents:detail": lambda w: {"pk": w.document.pk},
    "documents:edit": lambda w: {"pk": w.document.pk},
    "documents:file": lambda w: {"pk": w.document.pk},
    "calendar_wheel:event_edit": lambda w: {"pk": w.event.pk},
    "calendar_wheel:event_retire": lambda w: {"pk": w.event.pk},
    "calendar_wheel:feed": lambda w: {"token": w.feed.token},
    "reports:version": lambda w: {"pk": w.report_version.pk},
    "reports:download": lambda w: {"pk": w.report_version.pk},
    "reports:retry": lambda w: {"pk": w.report_version.pk},
    "reports:mark_final": lambda w: {"pk": w.report_version.pk},
    "reports:delete": lambda w: {"pk": w.report_version.pk},
    "insyn:document_pdf": lambda w: {"pk": w.document.pk},
    "insyn:report_pdf": lambda w: {"pk": w.report_version.pk},
    "insyn:embed_goal": lambda w: {"pk": w.annual_goal.pk},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "okand-token"},
}
# The admin's keywords: the change pages of the sysadmin's own account.
ADMIN_KWARGS = {
    "app_label": lambda w: "organisation",
    "object_id": lambda w: str(w.users["sysadmin"].pk),
    "content_type_id": lambda w: str(ContentType.objects.get_for_model(User).pk),
    "id": lambda w: str(w.users["sysadmin"].pk),
    "url": lambda w: "okand/",
}


def url_of(name: str, keywords: tuple[str, ...], positional: int, world: World) -> str:
    """The URL of a view name for the world; KeyError names a keyword the tables above do not fill."""
    if name in KWARGS:
        return reverse(name, kwargs=KWARGS[name](world))
    if positional:
        return reverse(name, args=["1"] * positional)
    kwargs: dict[str, Any] = {}
    for key in keywords:
        if key == "year":
            kwargs[key] = YEAR
        elif key == "round":
            kwargs[key] = world.round.slug
        elif name.startswith("api:") and key == "pk":
            kwargs[key] = _api_pk(name, world)
        elif name.startswith("admin:"):
            kwargs[key] = ADMIN_KWARGS[key](world)
        else:
            raise KeyError(f"{name}: add its keyword {key!r} to KWARGS in tests/permissions/world.py")
    return reverse(name, kwargs=kwargs)


def _api_pk(name: str, world: World) -> Any:
    return {
        "api:kf-goals-detail": world.mandate_goal.pk,
        "api:goals-detail": world.annual_goal.pk,
        "api:indicators-detail": world.indicator.pk,
        "api:plans-detail": world.plan.year,
        "api:activities-detail": world.activity_a.pk,
        "api:budget-versions-detail": world.budget_version.pk,
        "api:rounds-detail": world.round.pk,
        "api:wheel-detail": world.event.pk,
        "api:meetings-detail": world.plan.decision.meeting_id,
        "api:documents-detail": world.document.pk,
        "api:reports-detail": world.report_version.pk,
    }.get(name, 1)
