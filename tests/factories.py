import datetime

import factory
from django.contrib.auth.models import Group

from organisation.models import Assignment, Body, Decision, Meeting, OrgUnit, Party, Person, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = OrgUnit.Kind.UNIT
    cost_centre = factory.Sequence(lambda n: f"{5000 + n}")
    valid_from = datetime.date(2020, 1, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    short_name = factory.Sequence(lambda n: f"N{n}")
    kind = Body.Kind.BOARD


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("abbreviation",)

    name = factory.Sequence(lambda n: f"Parti {n}")
    abbreviation = factory.Sequence(lambda n: f"P{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Assignment.Role.MEMBER
    start = datetime.date(2022, 10, 15)
    end = datetime.date(2026, 10, 14)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    paragraph = factory.Sequence(lambda n: n + 1)
    case_number = factory.Sequence(lambda n: f"KS 26/{n + 1}")
    title = factory.Sequence(lambda n: f"Ärende {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("ett-bra-losenord-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


# The goal chain (goals app). These imports sit here, not at the top, so that this block could be
# appended without touching the lines above while others edit the file.
from decimal import Decimal  # noqa: E402

from goals.models import (  # noqa: E402
    AnnualGoal,
    Criterion,
    FocusArea,
    GoalIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandateGoal,
    MandateGoalVersion,
    MandatePeriod,
    Vision,
)
from organisation.lifecycle import AdoptionStatus  # noqa: E402

KNOWN_BODIES = {
    "KF": ("Kommunfullmäktige", Body.Kind.ASSEMBLY),
    "KS": ("Kommunstyrelsen", Body.Kind.EXECUTIVE_BOARD),
}


def body_named(short_name: str) -> Body:
    """The body with this short name (KF, KS, ...), created the first time a test needs it."""
    name, kind = KNOWN_BODIES.get(short_name, (f"Nämnd {short_name}", Body.Kind.BOARD))
    return Body.objects.get_or_create(short_name=short_name, defaults={"name": name, "kind": kind})[0]


def decision_by(
    short_name: str, date: datetime.date, *, outcome: str = Decision.Outcome.DECIDED, **kwargs
) -> Decision:
    """A decision taken by a body at its meeting on a day (the meeting is shared by that day's decisions)."""
    meeting = Meeting.objects.get_or_create(body=body_named(short_name), date=date)[0]
    return DecisionFactory(meeting=meeting, outcome=outcome, **kwargs)


def kf_decision(date: datetime.date = datetime.date(2023, 1, 30), **kwargs) -> Decision:
    """A KF decision; by default KF's special meeting in January after the 2022 election."""
    return decision_by("KF", date, **kwargs)


def ks_decision(date: datetime.date = datetime.date(2024, 5, 20), **kwargs) -> Decision:
    """A KS decision; by default KS's May meeting that adopts the goals for the coming year."""
    return decision_by("KS", date, **kwargs)


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vision

    text = factory.Sequence(lambda n: f"Vi är en plats för alla ({n}).")
    status = AdoptionStatus.DRAFT


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    vision = factory.SubFactory(VisionFactory)
    title = factory.Sequence(lambda n: f"Fokusområde {n}")
    position = factory.Sequence(lambda n: n)


class MandatePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandatePeriod
        django_get_or_create = ("election_year",)

    election_year = 2022
    status = AdoptionStatus.DRAFT


class MandateGoalVersionFactory(factory.django.DjangoModelFactory):
    """A draft version (valid_from empty) unless valid_from is given."""

    class Meta:
        model = MandateGoalVersion
        skip_postgeneration_save = True

    goal = factory.SubFactory("tests.factories.MandateGoalFactory", version=None)
    title = factory.Sequence(lambda n: f"KF-mål {n}")
    criterion = Criterion.MAJORITY
    criterion_count = None
    valid_from = None

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class MandateGoalFactory(factory.django.DjangoModelFactory):
    """A KF goal with its draft version; pass version__title=..., version__criterion="" and so on."""

    class Meta:
        model = MandateGoal
        skip_postgeneration_save = True

    period = factory.SubFactory(MandatePeriodFactory)
    position = factory.Sequence(lambda n: n + 1)
    version = factory.RelatedFactory(MandateGoalVersionFactory, factory_related_name="goal")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A Kolada indicator; ids N9xxxx stay clear of the real ids the Kolada recordings use."""

    class Meta:
        model = Indicator

    source = Indicator.Source.KOLADA
    kolada_id = factory.Sequence(lambda n: f"N9{n % 10000:04d}")
    title = factory.Sequence(lambda n: f"Nyckeltal {n}")
    unit = "procent"
    higher_is_better = True


class InternalIndicatorFactory(IndicatorFactory):
    """The municipality's own indicator: no Kolada id, values entered by hand."""

    source = Indicator.Source.INTERNAL
    kolada_id = ""
    title = factory.Sequence(lambda n: f"Eget nyckeltal {n}")


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator chosen for a KF goal; pass mandate_goal=None, annual_goal=... for a KS goal."""

    class Meta:
        model = GoalIndicator

    mandate_goal = factory.SubFactory(MandateGoalFactory)
    annual_goal = None
    indicator = factory.SubFactory(IndicatorFactory)
    position = factory.Sequence(lambda n: n + 1)


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    goal_indicator = factory.SubFactory(GoalIndicatorFactory)
    year = 2024
    value = Decimal("50")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    municipality = "2260"
    year = 2024
    gender = IndicatorValue.Gender.TOTAL
    value = Decimal("50")


class AnnualGoalFactory(factory.django.DjangoModelFactory):
    """A draft KS goal; pass mandate_goals=[...] and departments=[...] to link it."""

    class Meta:
        model = AnnualGoal
        skip_postgeneration_save = True

    year = 2024
    body = factory.LazyFunction(lambda: body_named("KS"))
    title = factory.Sequence(lambda n: f"KS-mål {n}")
    position = factory.Sequence(lambda n: n + 1)
    status = AdoptionStatus.DRAFT

    class Params:
        # adopted=True: adopted by KS in May of the year before, as R10 and R19 have it.
        adopted = factory.Trait(
            status=AdoptionStatus.ADOPTED,
            decision=factory.LazyAttribute(
                lambda goal: decision_by(goal.body.short_name, datetime.date(goal.year - 1, 5, 20))
            ),
        )

    @factory.post_generation
    def mandate_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.mandate_goals.set(extracted)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


# Operational plans and activities (planning app), appended like the block above.
from organisation.lifecycle import AdoptionStatus  # noqa: E402
from planning.models import Activity, OperationalPlan  # noqa: E402


class PlanFactory(factory.django.DjangoModelFactory):
    """KS's draft plan for 2026; status=AdoptionStatus.ADOPTED with decision=ks_decision(...) adopts it."""

    class Meta:
        model = OperationalPlan
        django_get_or_create = ("body", "year")

    body = factory.LazyFunction(lambda: body_named("KS"))
    year = 2026
    status = AdoptionStatus.DRAFT
    mission = "Kommunstyrelsen leder och samordnar."
    model_summary = "Styrmodellen i korthet."


class ActivityFactory(factory.django.DjangoModelFactory):
    """One of the plan's activities toward a KS goal of the plan's year."""

    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    is_plan_activity = True
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    kind = Activity.Kind.PROJECT
    annual_goal = factory.LazyAttribute(lambda a: AnnualGoalFactory(year=a.plan.year, body=a.plan.body))
    responsible_unit = factory.SubFactory(OrgUnitFactory)
    start = factory.LazyAttribute(lambda a: datetime.date(a.plan.year, 2, 1))
    planned_end = factory.LazyAttribute(lambda a: datetime.date(a.plan.year, 10, 31))


# Internal control plans (followup app, R31), appended like the blocks above.
from followup.models import Control, Frequency, InternalControlPlan  # noqa: E402
from organisation.lifecycle import AdoptionStatus  # noqa: E402


class InternalControlPlanFactory(factory.django.DjangoModelFactory):
    """KS's draft internal control plan for 2026; adopt with status=ADOPTED and decision=ks_decision()."""

    class Meta:
        model = InternalControlPlan
        django_get_or_create = ("body", "year")

    body = factory.LazyFunction(lambda: body_named("KS"))
    year = 2026
    status = AdoptionStatus.DRAFT


class ControlFactory(factory.django.DjangoModelFactory):
    """A control: its risk assessed 2 × 3, reported in the interim and the annual report."""

    class Meta:
        model = Control

    plan = factory.SubFactory(InternalControlPlanFactory)
    process = factory.Sequence(lambda n: f"Rutin {n}")
    risk = "Fel belopp betalas ut."
    probability = 2
    consequence = 3
    control_method = "Stickprov på tio fakturor."
    responsible_unit = factory.SubFactory(OrgUnitFactory)
    responsible_person = "Ekonomichef"
    frequency = Frequency.HALF_YEARLY


# The register of governing documents (documents.models), appended like the blocks above.
from documents.models import DocumentKind, GoverningDocument  # noqa: E402


def minimal_pdf(text: str = "Styrdokument") -> bytes:
    """A small, well-formed one-page PDF (header, objects, cross-reference table, trailer)."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def document_kind(code: str) -> DocumentKind:
    """A kind seeded by the data migration (mal, plan, riktlinje, policy, regel, ... budget).

    Transactional tests (the browser's) flush the database, the seeded kinds with it; ensure() puts
    a missing kind back.
    """
    return DocumentKind.objects.ensure(code)


class GoverningDocumentFactory(factory.django.DjangoModelFactory):
    """A policy in force adopted by KF, with a small PDF saved through the private storage."""

    class Meta:
        model = GoverningDocument

    kind = factory.LazyFunction(lambda: document_kind("policy"))
    title = factory.Sequence(lambda n: f"Policy {n}")
    case_number = factory.Sequence(lambda n: f"KS 24/{n + 1}")
    adopting_body = factory.LazyFunction(lambda: body_named("KF"))
    decided_on = datetime.date(2024, 4, 29)
    next_revision = datetime.date(2028, 4, 30)
    responsible_unit = factory.SubFactory(OrgUnitFactory)
    status = GoverningDocument.Status.IN_FORCE
    file = factory.django.FileField(filename="policy.pdf", data=minimal_pdf())
    file_name = "policy.pdf"
    file_size = factory.LazyAttribute(lambda d: len(minimal_pdf()))


# The budget (budget app), appended like the blocks above.
from decimal import Decimal  # noqa: E402

from budget.models import Budget, BudgetFrame, BudgetVersion  # noqa: E402


class BudgetFactory(factory.django.DjangoModelFactory):
    """KF's budget for 2026 (no versions: use BudgetVersionFactory)."""

    class Meta:
        model = Budget
        django_get_or_create = ("year",)

    year = 2026
    body = factory.LazyFunction(lambda: body_named("KF"))


class BudgetVersionFactory(factory.django.DjangoModelFactory):
    """A draft version; pass status=AdoptionStatus.ADOPTED with decision=kf_decision(...) to adopt."""

    class Meta:
        model = BudgetVersion

    budget = factory.SubFactory(BudgetFactory)
    number = factory.LazyAttribute(lambda v: v.budget.versions.count() + 1)
    kind = BudgetVersion.Kind.ADOPTION
    status = AdoptionStatus.DRAFT


class BudgetFrameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetFrame

    version = factory.SubFactory(BudgetVersionFactory)
    body = factory.LazyFunction(lambda: body_named("KS"))
    amount = Decimal("700000000")


def adopted_budget(year: int = 2026, *, ks_frame: Decimal = Decimal("700000000")) -> BudgetVersion:
    """KF's June adoption of the year's budget with a frame for KS."""
    decision = kf_decision(datetime.date(year - 1, 6, 16))
    version = BudgetVersionFactory(
        budget=BudgetFactory(year=year), status=AdoptionStatus.ADOPTED, decision=decision, label="Juni"
    )
    BudgetFrameFactory(version=version, amount=ks_frame)
    return version


# The annual wheel (calendar_wheel app), appended like the blocks above.
from calendar_wheel.models import Deadline, Timing, WheelEvent  # noqa: E402


class WheelEventFactory(factory.django.DjangoModelFactory):
    """A step of KS in November that reminds KS's presidium (pass remind_* and timing to vary it)."""

    class Meta:
        model = WheelEvent
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"steg-{n}")
    title = factory.Sequence(lambda n: f"Steg {n}")
    body = factory.LazyFunction(lambda: body_named("KS"))
    timing = Timing.MONTH
    month = 11


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A step dated for a year; the year follows the date. Saving a step generates its deadlines in the
    years already generated (calendar_wheel.signals), so an existing (step, year) row is dated instead."""

    class Meta:
        model = Deadline

    event = factory.SubFactory(WheelEventFactory)
    date = datetime.date(2026, 11, 24)
    year = factory.LazyAttribute(lambda d: d.date.year)

    @classmethod
    def _create(cls, model_class, *args, event, year, **fields):
        fields.setdefault("end_date", None)
        return model_class.objects.update_or_create(event=event, year=year, defaults=fields)[0]


# KS's follow-up rounds and the economy's imports and deviations (followup, economy), appended like the
# blocks above.
from economy.models import DeviationFlag, FlagKind, ImportSource, ImportStatus, OutcomeImport  # noqa: E402
from followup.models import Report, ReportKind  # noqa: E402
from followup.rounds import ensure_rounds  # noqa: E402


def ks_round(
    kind: str = ReportKind.TERTIAL, year: int = 2026, *, meeting_date: datetime.date | None = None
) -> Report:
    """KS's round of this kind in the year (the year's rounds are made when missing); meeting_date picks
    an economy round by the date of its KS meeting, else the year's first round of the kind is given."""
    rounds = ensure_rounds(body_named("KS"), year)
    return next(
        r for r in rounds if r.kind == kind and (meeting_date is None or r.meeting.date == meeting_date)
    )


class OutcomeImportFactory(factory.django.DjangoModelFactory):
    """A confirmed SIE import of the books through April into KS's tertial round of 2026 (no outcome rows)."""

    class Meta:
        model = OutcomeImport

    report = factory.LazyFunction(ks_round)
    source = ImportSource.SIE
    status = ImportStatus.CONFIRMED
    file_name = "utfall.se"
    sha256 = "0" * 64
    imported_by = factory.SubFactory(UserFactory)
    period_to = datetime.date(2026, 4, 30)


class DeviationFlagFactory(factory.django.DjangoModelFactory):
    """An open, current deficit of an activity area (900 000 kr), first and latest seen in KS's interim
    report of 2026 unless first_report is given."""

    class Meta:
        model = DeviationFlag

    first_report = factory.LazyFunction(lambda: ks_round(ReportKind.INTERIM))
    latest_report = factory.SelfAttribute("first_report")
    year = factory.SelfAttribute("first_report.year")
    kind = FlagKind.AREA_DEFICIT
    title = factory.Sequence(lambda n: f"Avvikelse {n}")
    subject = factory.LazyAttribute(lambda flag: f"unit:{flag.title}"[:60])
    amount = Decimal("900000")


from budget.models import FrameDistribution  # noqa: E402


class FrameDistributionFactory(factory.django.DjangoModelFactory):
    """An activity area's part of KS's frame for 2026: its net cost (amount) and budgeted revenue (none
    unless given); the area is a new department unless unit is given."""

    class Meta:
        model = FrameDistribution

    body = factory.LazyFunction(lambda: body_named("KS"))
    year = 2026
    unit = factory.SubFactory(OrgUnitFactory, kind=OrgUnit.Kind.DEPARTMENT)
    amount = Decimal("100000000")
