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
from styrmodell.publishing import PublicationStatus  # noqa: E402

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
    status = PublicationStatus.DRAFT


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
    status = PublicationStatus.DRAFT


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
    status = PublicationStatus.DRAFT

    @factory.post_generation
    def mandate_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.mandate_goals.set(extracted)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


# Operational plans and activities (planning app), appended like the block above.
from planning.models import Activity, OperationalPlan, PlanStatus  # noqa: E402


class PlanFactory(factory.django.DjangoModelFactory):
    """KS's draft plan for 2026; pass status=PlanStatus.ADOPTED with decision=ks_decision(...) to adopt."""

    class Meta:
        model = OperationalPlan
        django_get_or_create = ("body", "year")

    body = factory.LazyFunction(lambda: body_named("KS"))
    year = 2026
    status = PlanStatus.DRAFT
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
