"""Demo operational plans: KS's adopted plan for 2026 with its activities, and 2027's draft rolled over.

As in an election year's November: the 2026 plan is adopted and followed up (some activities on
time, some late, some done late), units have added their own activities, and next year's draft has
been started from this year's plan. The activities are made up for the demo.
"""

from __future__ import annotations

import datetime
import random

from goals.models import AnnualGoal
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from planning import services
from planning.models import Activity, OperationalPlan

MISSION = (
    "Kommunstyrelsen leder och samordnar kommunens verksamhet och har uppsikt över övriga nämnder och "
    "de helägda bolagen. Kommunstyrelsen ansvarar för förvaltningens verksamheter inom barn och "
    "utbildning, vård och omsorg, individ- och familjeomsorg samt samhällsbyggnad."
)
MODEL_SUMMARY = (
    "Styrmodellen (KS 22/327) leder från visionen via kommunfullmäktiges mål för mandatperioden till "
    "kommunstyrelsens mål för året. Verksamhetsplanen bryter ner kommunstyrelsens mål i aktiviteter med "
    "tidsplan. Ett mål utan eget mått är uppnått när flertalet av planens aktiviteter har genomförts "
    "enligt plan."
)
VERBS = ["Införa", "Utveckla", "Kartlägga", "Genomföra", "Ta fram", "Utreda", "Starta", "Samordna"]
OBJECTS = [
    "ett nytt arbetssätt för {x}",
    "en handlingsplan för {x}",
    "digitala tjänster för {x}",
    "samverkan med näringslivet kring {x}",
    "kompetensutveckling inom {x}",
    "uppföljning av {x}",
    "en översyn av {x}",
    "ett pilotprojekt om {x}",
]
TOPICS = [
    "skolnärvaro",
    "läsfrämjande",
    "heltid",
    "kontinuitet",
    "inköp",
    "lokalförsörjning",
    "föreningsstöd",
    "företagsservice",
    "energieffektivisering",
    "rekrytering",
    "e-tjänster",
    "trygghet",
]
GEH_CODES = ["GEH-1", "GEH-2", "GEH-3"]


def seed(*, stdout=None) -> None:
    """Create the demo plans once."""
    ks = Body.objects.get(short_name="KS")
    if OperationalPlan.objects.filter(body=ks, year=2026).exists():
        return
    planner = User.objects.get(username="planerare")
    admin = User.objects.get(username="handlaggare")
    rng = random.Random(2026)  # noqa: S311 - demo data
    plan = services.plan_create(
        body=ks, year=2026, mission=MISSION, model_summary=MODEL_SUMMARY, actor=planner
    )
    goals = list(AnnualGoal.objects.filter(body=ks, year=2026).prefetch_related("departments"))
    units = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, valid_to__isnull=True).select_related("parent")
    )
    activities = []
    for number in range(60):
        goal = goals[number % len(goals)]
        departments = {d.pk for d in goal.departments.all()}
        candidates = [u for u in units if u.parent_id in departments] or units
        start = datetime.date(2026, rng.randint(1, 6), 1)
        end = start + datetime.timedelta(days=rng.randint(90, 330))
        activities.append(
            services.activity_create(
                plan=plan,
                data={
                    "title": _title(rng),
                    "description": "Demodata.",
                    "kind": rng.choice(Activity.Kind.values),
                    "annual_goal": goal,
                    "responsible_unit": rng.choice(candidates),
                    "responsible_person": f"{rng.choice(['Anna', 'Erik', 'Maria', 'Johan', 'Karin'])} "
                    f"{rng.choice(['Berg', 'Holm', 'Nordin', 'Öberg', 'Åström'])}",
                    "start": start,
                    "planned_end": end,
                },
                actor=planner,
            )
        )
    decision = _decision(
        ks, datetime.date(2025, 11, 4), 160, "KS 25/301", "Verksamhetsplan 2026 för kommunstyrelsen"
    )
    services.plan_adopt(plan=plan, decision=decision, actor=planner)
    today = datetime.date(2026, 11, 26)
    own = set(OrgUnit.objects.writable_for_administrator(admin).values_list("pk", flat=True))
    for activity in activities:
        _follow_up(activity, rng, today, admin if activity.responsible_unit_id in own else planner)
    for number in range(30):
        unit = rng.choice(units)
        goal = rng.choice(goals) if number % 3 else None
        start = datetime.date(2026, rng.randint(1, 9), 15)
        activity = services.unit_activity_create(
            plan=plan,
            data={
                "title": _title(rng),
                "description": "Enhetens egen aktivitet (demodata).",
                "kind": rng.choice(Activity.Kind.values),
                "annual_goal": goal,
                "geh_code": "" if goal else rng.choice(GEH_CODES),
                "responsible_unit": unit,
                "responsible_person": "",
                "start": start,
                "planned_end": start + datetime.timedelta(days=rng.randint(60, 200)),
            },
            actor=planner,
        )
        _follow_up(activity, rng, today, admin if unit.pk in own else planner)
    services.plan_roll_over(plan=plan, actor=planner)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS).format(x=rng.choice(TOPICS))}"


def _follow_up(activity: Activity, rng: random.Random, today: datetime.date, actor: User) -> None:
    """Give the activity a believable state for late November: done on time, done late, going, stalled."""
    roll = rng.random()
    status, completed, comment = Activity.Status.IN_PROGRESS, None, "Arbetet pågår enligt plan."
    if activity.planned_end < today and roll < 0.55:
        early = activity.planned_end - datetime.timedelta(days=rng.randint(0, 20))
        status, completed, comment = Activity.Status.DONE, early, "Klart."
    elif activity.planned_end < today and roll < 0.75:
        late = activity.planned_end + datetime.timedelta(days=rng.randint(5, 40))
        status, completed, comment = Activity.Status.DONE, min(late, today), "Klart, men senare än planerat."
    elif roll > 0.95:
        status, comment = Activity.Status.CANCELLED, "Avbruten efter prioritering i ledningsgruppen."
    elif activity.start > today:
        status, comment = Activity.Status.NOT_STARTED, ""
    elif roll > 0.85:
        status, comment = Activity.Status.NOT_STARTED, "Inte påbörjad på grund av vakanser."
    services.activity_follow_up(
        activity_id=activity.pk,
        expected_version=activity.version,
        status=status,
        progress_comment=comment,
        completed_on=completed,
        actor=actor,
    )


def _decision(body: Body, day: datetime.date, paragraph: int, case_number: str, title: str) -> Decision:
    meeting, _ = Meeting.objects.get_or_create(body=body, date=day)
    decision, _ = Decision.objects.get_or_create(
        meeting=meeting, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
    )
    return decision
