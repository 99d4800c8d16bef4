"""The demo municipality N times over (seed_demo --scale N, issue 18): for benchmarks and load tests.

The normal demo is seeded first; then every department with its units, the committees and company
boards above them, their people, KS's goals, the activities, the frame distribution, the investment
projects, the follow-up rounds' reports, the SIE outcome and the companies with their reports are
copied N - 1 times with bulk inserts. A copy points to the other copies of the same round k where
the original pointed to a copied row, and to the shared original otherwise (KF, KS, the plans, the
rounds, KF's goals, the budget versions, the outcome imports). KF's goals for the mandate period, the
governance model's wheel and the decisions stay one set: a larger municipality has more of everything
below KF, not more assemblies.

bulk_create writes no django-simple-history rows: the copies have no history, which no page needs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F, Model, Q
from django.db.models.functions import Length

from budget.models import (
    BudgetFrame,
    EconomicPlanLine,
    FrameDistribution,
    InvestmentAmount,
    InvestmentProject,
)
from economy.models import (
    AreaForecast,
    CompanyFigure,
    CompanyReport,
    DeviationFlag,
    InvestmentFollowup,
    ObjectMapping,
    Outcome,
    OwnerDirectiveGoal,
    OwnerGoalAssessment,
    ProjectOutcome,
)
from followup.models import (
    ActivityReport,
    Control,
    ControlResult,
    DepartmentPremises,
    GoalAssessment,
)
from goals.models import AnnualGoal, GoalIndicator, IndicatorTarget
from organisation.demo import FIRST_NAMES, LAST_NAMES, MAIL_DOMAIN
from organisation.models import Assignment, Body, OrgUnit, Person, Placement, User
from planning.models import Activity

BATCH = 1000

# The parts of a larger municipality: copy k of a department is named after AREAS[k - 2].
AREAS = [
    "Norr",
    "Söder",
    "Öster",
    "Väster",
    "Centrum",
    "Älvdalen",
    "Skogsbygden",
    "Kusten",
    "Fjällbygden",
    "Slätten",
    "Bergslagen",
    "Sjöbygden",
]

# KS's working committee prepares all of KS's business; a larger municipality has one as well.
WORKING_COMMITTEE = "KSAU"


def area(k: int) -> str:
    """The name of copy k's part of the municipality."""
    index = k - 2
    if index < len(AREAS):
        return AREAS[index]
    return f"{AREAS[index % len(AREAS)]} {index // len(AREAS) + 1}"


def cost_centre(code: str, k: int) -> str:
    """Copy k's cost centre: 1210 becomes 21210, 101210 …; distinct from every original code."""
    if not code:
        return code
    return str(k * 10000 + int(code)) if code.isdigit() else f"{code}-{k}"


def is_scaled() -> bool:
    """True when the database already holds copies (a copied department's cost centre)."""
    return (
        OrgUnit.objects.annotate(code_length=Length("cost_centre"))
        .filter(kind=OrgUnit.Kind.DEPARTMENT, code_length__gt=4)
        .exists()
    )


@dataclass
class Copies:
    """The ids of the copies made so far: per model, (k, original id) → copy's id."""

    n: int
    ids: dict[type[Model], dict[tuple[int, int], int]] = field(default_factory=dict)

    @property
    def rounds(self) -> range:
        return range(2, self.n + 1)

    def id(self, model: type[Model], k: int, original: int | None) -> int | None:
        """Copy k of the row, or the row itself when it is shared by all copies."""
        return self.ids.get(model, {}).get((k, original), original)

    def originals(self, model: type[Model]) -> set[int]:
        return {original for _, original in self.ids.get(model, {})}

    def copy(
        self,
        model: type[Model],
        rows: Iterable[Model],
        *,
        links: dict[str, type[Model]] | None = None,
        change: Callable[[Model, int], dict] | None = None,
    ) -> list[Model]:
        """N - 1 copies of the rows; the foreign keys named in links point to the same round's copies."""
        rows = list(rows)
        links = links or {}
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        made, keys = [], []
        for k in self.rounds:
            for row in rows:
                values = {name: getattr(row, name) for name in names}
                for name, target in links.items():
                    values[name] = self.id(target, k, values[name])
                if change:
                    values.update(change(row, k))
                made.append(model(**values))
                keys.append((k, row.pk))
        model._default_manager.bulk_create(made, batch_size=BATCH)
        self.ids.setdefault(model, {}).update(zip(keys, (row.pk for row in made), strict=True))
        return made

    def copy_m2m(self, model: type[Model], name: str) -> None:
        """The copies' many-to-many links, as the originals had them (the far side remapped if copied)."""
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        own = relation.m2m_field_name() + "_id"
        other = relation.m2m_reverse_field_name() + "_id"
        target = relation.related_model
        originals = self.originals(model)
        links = list(through.objects.filter(**{f"{own}__in": originals}).values_list(own, other))
        through.objects.bulk_create(
            (
                through(**{own: self.id(model, k, mine), other: self.id(target, k, theirs)})
                for k in self.rounds
                for mine, theirs in links
            ),
            batch_size=BATCH,
        )


def scale(n: int) -> dict[str, tuple[int, int]]:
    """Copy the seeded demo municipality n - 1 times; returns what it held before and after, by kind."""
    before = summary()
    copies = Copies(n)
    if n > 1:
        _organisation(copies)
        _goals_and_activities(copies)
        _budget(copies)
        _followup(copies)
        _economy(copies)
        _deviations(copies)
    return {
        name: (count, after) for (name, count), after in zip(before.items(), summary().values(), strict=True)
    }


def _suffix(text: str, k: int) -> str:
    """A copy's name: "Förskolan Norr", "Ångebostäder Norr AB"."""
    if text.endswith(" AB"):
        return f"{text.removesuffix(' AB')} {area(k)} AB"
    return f"{text} {area(k)}"


def _organisation(copies: Copies) -> None:
    departments = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).order_by("pk"))
    units = list(OrgUnit.objects.filter(parent__in=departments).order_by("pk"))
    companies = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).order_by("pk"))

    def unit_change(unit: OrgUnit, k: int) -> dict:
        return {"name": _suffix(unit.name, k), "cost_centre": cost_centre(unit.cost_centre, k)}

    copies.copy(OrgUnit, departments + companies, change=unit_change)
    copies.copy(OrgUnit, units, links={"parent_id": OrgUnit}, change=unit_change)
    copied_units = copies.originals(OrgUnit)

    bodies = (
        Body.objects.filter(
            Q(kind=Body.Kind.COMMITTEE) | Q(kind=Body.Kind.COMPANY_BOARD), units__in=copied_units
        )
        .exclude(short_name=WORKING_COMMITTEE)
        .distinct()
        .order_by("pk")
    )
    copies.copy(
        Body,
        bodies,
        change=lambda body, k: {"name": _suffix(body.name, k), "short_name": f"{body.short_name}{k}"},
    )
    copies.copy_m2m(Body, "units")

    # The administrators and company reporters of the copied units, each with a copy of their person.
    users = User.objects.filter(units__in=copied_units).distinct().order_by("pk")
    copies.copy(
        User,
        users,
        change=lambda user, k: {
            "username": f"{user.username}.{k}",
            "email": user.email.replace("@", f".{k}@", 1),
            "password": "!",  # unusable: a copy never signs in with a password
            "last_login": None,
        },
    )
    copies.copy_m2m(User, "units")
    copies.copy_m2m(User, "groups")

    copied_bodies = copies.originals(Body)
    people = Person.objects.filter(
        Q(user__in=copies.originals(User))
        | Q(assignments__body__in=copied_bodies)
        | Q(placements__unit__in=copied_units)
        | Q(activities__responsible_unit__in=copied_units)
    ).distinct()
    # A person signs in as at most one user: a copy keeps the link only to its own user's copy.
    copied_users = copies.ids.get(User, {})
    taken = {f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")}
    names = _new_names(taken | set(Person.objects.values_list("name", flat=True)))

    def person_change(person: Person, k: int) -> dict:
        name = next(names)
        return {"name": name, "email": _email(name, k), "user_id": copied_users.get((k, person.user_id))}

    made = copies.copy(Person, people.order_by("pk"), change=person_change)
    # Who signs in is called what the person is called (anna.berg.3), as in the demo.
    persons = {person.user_id: person for person in made if person.user_id}
    users = list(User.objects.filter(pk__in=persons))
    for user in users:
        person = persons[user.pk]
        user.first_name, user.last_name = person.name.split(" ", 1)
        user.username, user.email = person.email.split("@")[0], person.email
    User.objects.bulk_update(users, ["first_name", "last_name", "username", "email"], batch_size=BATCH)
    copies.copy(
        Assignment,
        Assignment.objects.filter(body__in=copied_bodies),
        links={"person_id": Person, "body_id": Body},
    )
    copies.copy(
        Placement,
        Placement.objects.filter(unit__in=copied_units),
        links={"person_id": Person, "unit_id": OrgUnit},
    )


def _email(name: str, k: int) -> str:
    """anna.berg.3@…: the copy's number keeps two people of the same name apart."""
    local = name.lower().replace(" ", ".").translate(str.maketrans("åäöé", "aaoe"))
    return f"{local}.{k}@{MAIL_DOMAIN}"


def _new_names(taken: set[str]) -> Iterator[str]:
    """Names nobody in the demo has: first name and surname, then first name and a double surname."""
    surnames = [*LAST_NAMES, *(f"{a}-{b}" for a in LAST_NAMES for b in LAST_NAMES if a != b)]
    for surname_group in (surnames[: len(LAST_NAMES)], surnames[len(LAST_NAMES) :]):
        names = [f"{first} {last}" for first in FIRST_NAMES for last in surname_group]
        random.Random(len(names)).shuffle(names)  # noqa: S311 - a fixed order for made-up names
        yield from (name for name in names if name not in taken)


def _goals_and_activities(copies: Copies) -> None:
    goals = AnnualGoal.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD).order_by("pk")
    copies.copy(
        AnnualGoal,
        goals,
        change=lambda goal, k: {
            "title": f"{goal.title} i {area(k)}",
            "position": goal.position + (k - 1) * 100,
        },
    )
    copies.copy_m2m(AnnualGoal, "mandate_goals")
    copies.copy_m2m(AnnualGoal, "departments")
    copies.copy(
        GoalIndicator,
        GoalIndicator.objects.filter(annual_goal__in=copies.originals(AnnualGoal)),
        links={"annual_goal_id": AnnualGoal},
    )
    copies.copy(
        IndicatorTarget,
        IndicatorTarget.objects.filter(goal_indicator__in=copies.originals(GoalIndicator)),
        links={"goal_indicator_id": GoalIndicator},
    )

    made = copies.copy(
        Activity,
        Activity.objects.order_by("pk"),
        links={"annual_goal_id": AnnualGoal, "responsible_unit_id": OrgUnit, "responsible_id": Person},
    )
    # An activity carried over from last year's plan points to the same copy's activity there.
    carried = [activity for activity in made if activity.carried_over_from_id]
    by_copy = {copy_id: k for (k, _), copy_id in copies.ids[Activity].items()}
    for activity in carried:
        activity.carried_over_from_id = copies.id(
            Activity, by_copy[activity.pk], activity.carried_over_from_id
        )
    Activity.objects.bulk_update(carried, ["carried_over_from"], batch_size=BATCH)


def _budget(copies: Copies) -> None:
    copies.copy(
        FrameDistribution,
        FrameDistribution.objects.filter(unit__in=copies.originals(OrgUnit)),
        links={"unit_id": OrgUnit},
    )
    copies.copy(
        BudgetFrame, BudgetFrame.objects.filter(body__in=copies.originals(Body)), links={"body_id": Body}
    )
    # KS's frame and KF's economic plan carry all the copies' departments: they grow with them.
    BudgetFrame.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD).update(amount=F("amount") * copies.n)
    EconomicPlanLine.objects.update(amount=F("amount") * copies.n)

    copies.copy(
        InvestmentProject,
        InvestmentProject.objects.order_by("pk"),
        change=lambda project, k: {
            "name": f"{project.name}, {area(k)}",
            "position": project.position + (k - 1) * 100,
        },
    )
    copies.copy(InvestmentAmount, InvestmentAmount.objects.all(), links={"project_id": InvestmentProject})


def _followup(copies: Copies) -> None:
    copied_units = copies.originals(OrgUnit)
    copies.copy(
        ActivityReport,
        ActivityReport.objects.all(),
        links={"activity_id": Activity, "entered_by_id": User},
    )
    copies.copy(
        GoalAssessment,
        GoalAssessment.objects.filter(annual_goal__isnull=False),
        links={"annual_goal_id": AnnualGoal, "entered_by_id": User},
    )
    copies.copy(
        Control,
        Control.objects.filter(responsible_unit__in=copied_units),
        links={"responsible_unit_id": OrgUnit},
        change=lambda control, k: {"process": _suffix(control.process, k)},
    )
    copies.copy(
        ControlResult,
        ControlResult.objects.filter(control__in=copies.originals(Control)),
        links={"control_id": Control, "entered_by_id": User},
    )
    copies.copy(
        AreaForecast,
        AreaForecast.objects.filter(unit__in=copied_units),
        links={"unit_id": OrgUnit, "entered_by_id": User},
    )
    copies.copy(
        DepartmentPremises,
        DepartmentPremises.objects.filter(department__in=copied_units),
        links={"department_id": OrgUnit, "entered_by_id": User},
    )


def _economy(copies: Copies) -> None:
    copied_units = copies.originals(OrgUnit)
    copies.copy(Outcome, Outcome.objects.filter(unit__in=copied_units), links={"unit_id": OrgUnit})
    # The municipality's own rows (financing, the administration's common costs) grow with it.
    Outcome.objects.exclude(unit__in=copied_units).update(amount=F("amount") * copies.n)

    # Projects are named in the SIE file by their object code and in the outcome by their name.
    names = dict(InvestmentProject.objects.values_list("pk", "name"))
    project_name = {
        (k, names[original]): names[copy_id]
        for (k, original), copy_id in copies.ids[InvestmentProject].items()
    }
    copies.copy(
        ProjectOutcome,
        ProjectOutcome.objects.filter(project__in=set(names.values())),
        change=lambda row, k: {"project": project_name.get((k, row.project), row.project)},
    )
    copies.copy(
        ObjectMapping,
        ObjectMapping.objects.filter(Q(unit__in=copied_units) | Q(project__in=set(names.values()))),
        links={"unit_id": OrgUnit},
        change=lambda row, k: {
            "code": f"{row.code}-{k}",
            "project": project_name.get((k, row.project), row.project),
        },
    )
    copies.copy(
        InvestmentFollowup,
        InvestmentFollowup.objects.all(),
        links={"project_id": InvestmentProject, "entered_by_id": User},
    )

    companies = copies.originals(OrgUnit) & set(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).values_list("pk", flat=True)
    )
    copies.copy(
        OwnerDirectiveGoal,
        OwnerDirectiveGoal.objects.filter(company__in=companies),
        links={"company_id": OrgUnit},
    )
    copies.copy(
        CompanyReport,
        CompanyReport.objects.filter(company__in=companies),
        links={"company_id": OrgUnit, "entered_by_id": User},
    )
    copies.copy(
        CompanyFigure,
        CompanyFigure.objects.filter(company_report__in=copies.originals(CompanyReport)),
        links={"company_report_id": CompanyReport},
    )
    copies.copy(
        OwnerGoalAssessment,
        OwnerGoalAssessment.objects.filter(company_report__in=copies.originals(CompanyReport)),
        links={"company_report_id": CompanyReport, "goal_id": OwnerDirectiveGoal},
    )


def _deviations(copies: Copies) -> None:
    """The copied areas', companies', projects' and KS goals' deviation flags (R30), as the originals had."""
    names = {(OrgUnit, pk): name for pk, name in OrgUnit.objects.values_list("pk", "name")}
    names |= {(AnnualGoal, pk): title for pk, title in AnnualGoal.objects.values_list("pk", "title")}
    names |= {
        (InvestmentProject, pk): name for pk, name in InvestmentProject.objects.values_list("pk", "name")
    }
    company_of = dict(OwnerDirectiveGoal.objects.values_list("pk", "company_id"))
    project_id = {name: pk for (model, pk), name in names.items() if model is InvestmentProject}
    longest = max(len(area(k)) for k in copies.rounds) + 2
    subject_max = DeviationFlag._meta.get_field("subject").max_length

    def copied(flag: DeviationFlag, k: int) -> dict:
        prefix, _, key = flag.subject.partition(":")
        if prefix == "project":
            project = copies.id(InvestmentProject, k, project_id[key])
            new_key, old, new = names[InvestmentProject, project], key, names[InvestmentProject, project]
        elif prefix == "ownergoal":
            company = company_of[int(key)]
            new_key = copies.id(OwnerDirectiveGoal, k, int(key))
            old, new = names[OrgUnit, company], names[OrgUnit, copies.id(OrgUnit, k, company)]
        else:
            model = AnnualGoal if prefix == "ksgoal" else OrgUnit
            new_key = copies.id(model, k, int(key))
            old, new = names[model, int(key)], names[model, new_key]
        return {"subject": f"{prefix}:{new_key}", "title": flag.title.replace(old, new)}

    models = {"unit": OrgUnit, "company": OrgUnit, "ksgoal": AnnualGoal, "ownergoal": OwnerDirectiveGoal}

    def is_copied(flag: DeviationFlag) -> bool:
        prefix, _, key = flag.subject.partition(":")
        if prefix == "project":  # named by the project: the copy's longer name must fit the subject
            return key in project_id and len(flag.subject) + longest <= subject_max
        model = models.get(prefix)
        return model is not None and key.isdigit() and (2, int(key)) in copies.ids.get(model, {})

    copies.copy(DeviationFlag, filter(is_copied, DeviationFlag.objects.order_by("pk")), change=copied)


def summary() -> dict[str, int]:
    """What the database holds, by the words the command prints them with."""
    return {
        "avdelningar": OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count(),
        "enheter": OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).count(),
        "bolag": OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).count(),
        "organ": Body.objects.count(),
        "personer": Person.objects.count(),
        "uppdrag": Assignment.objects.count(),
        "användare": User.objects.count(),
        "KS-mål": AnnualGoal.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD).count(),
        "aktiviteter": Activity.objects.count(),
        "ramfördelningar": FrameDistribution.objects.count(),
        "investeringsprojekt": InvestmentProject.objects.count(),
        "aktivitetsrapporter": ActivityReport.objects.count(),
        "målbedömningar": GoalAssessment.objects.count(),
        "kontroller": Control.objects.count(),
        "utfallsrader": Outcome.objects.count(),
        "bolagsrapporter": CompanyReport.objects.count(),
    }
