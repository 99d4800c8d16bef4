"""Demo internal control plan: KS's plan for 2026 with eight controls, adopted by KS (R31).

The controls are made up for the demo but are of the kinds Swedish municipalities commonly check.
The assessments use the common four-step probability × consequence scale (a convention, not from
the governance model).
"""

from __future__ import annotations

import datetime

from followup import services
from followup.models import Frequency, InternalControlPlan
from organisation.demo import at, dated
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role
from organisation.services import decision_record

# (process, risk, probability, consequence, control method, unit cost centre, person, frequency)
CONTROLS = [
    (
        "Attest och delegation",
        "Fakturor attesteras av någon utan behörighet eller över sin beloppsgräns, så att kommunen "
        "betalar för varor och tjänster som inte är beställda.",
        2,
        3,
        "Stickprov på 25 fakturor per tertial mot gällande attestförteckning och delegationsordning.",
        "1120",
        "Ekonomichef",
        Frequency.PER_TERTIAL,
    ),
    (
        "Upphandling och direktupphandling",
        "Inköp görs utan upphandling eller direktupphandlingar dokumenteras inte, i strid med LOU.",
        3,
        3,
        "Genomgång av leverantörsreskontran: leverantörer med inköp över direktupphandlingsgränsen "
        "utan avtal.",
        "1110",
        "Upphandlare",
        Frequency.HALF_YEARLY,
    ),
    (
        "Löneutbetalning",
        "Lön betalas ut felaktigt, till exempel efter avslutad anställning eller med fel belopp.",
        2,
        4,
        "Kontroll av avslutade anställningar mot utbetald lön och av manuella lönetillägg.",
        "1130",
        "Lönechef",
        Frequency.MONTHLY,
    ),
    (
        "Informationssäkerhet och behörigheter",
        "Medarbetare som slutat eller bytt tjänst har kvar behörigheter i verksamhetssystemen.",
        3,
        4,
        "Behörighetsgenomgång i ekonomi-, löne- och verksamhetssystem mot aktuella anställningar.",
        "1140",
        "IT-chef",
        Frequency.HALF_YEARLY,
    ),
    (
        "Behandling av personuppgifter (GDPR)",
        "Personuppgifter behandlas utan rättslig grund eller sparas längre än tillåtet.",
        2,
        3,
        "Granskning av registerförteckningen och av gallring i två utvalda system.",
        "1110",
        "Dataskyddsombud",
        Frequency.ANNUALLY,
    ),
    (
        "Avtalstrohet",
        "Verksamheterna köper utanför tecknade ramavtal, vilket ger högre priser och risk för skadestånd.",
        3,
        2,
        "Uppföljning av avtalstrohet per avdelning i inköpsanalysverktyget.",
        "1120",
        "Inköpssamordnare",
        Frequency.QUARTERLY,
    ),
    (
        "Representation och gåvor",
        "Representation saknar syfte och deltagarförteckning eller strider mot riktlinjen.",
        2,
        2,
        "Stickprov på tio representationsfakturor mot riktlinjen för representation.",
        "1100",
        "Kommunchef",
        Frequency.HALF_YEARLY,
    ),
    (
        "Kontanthantering och handkassor",
        "Kontanter i handkassor och på boenden försvinner eller redovisas inte.",
        1,
        2,
        "Oanmäld inventering av två handkassor per år och avstämning mot kassabok.",
        "1300",
        "Avdelningschef",
        Frequency.ANNUALLY,
    ),
]


def seed(*, stdout=None) -> None:
    """Create KS's adopted plan for 2026 once."""
    ks = Body.objects.get(short_name="KS")
    if InternalControlPlan.objects.filter(body=ks, year=2026).exists():
        return
    planner = User.objects.get(username=Role.PLANNER)
    units = {u.cost_centre: u for u in OrgUnit.objects.filter(cost_centre__in={c[5] for c in CONTROLS})}
    # The risk analysis is made in the autumn, after the delårsrapport (R28, R31).
    with dated(at(datetime.date(2025, 11, 10), 10, 30), planner):
        plan = services.plan_create(body=ks, year=2026, actor=planner)
        for process, risk, probability, consequence, method, unit, person, frequency in CONTROLS:
            services.control_create(
                plan=plan,
                data={
                    "process": process,
                    "risk": risk,
                    "probability": probability,
                    "consequence": consequence,
                    "control_method": method,
                    "responsible_unit": units.get(unit),
                    "responsible_person": person,
                    "frequency": frequency,
                },
                actor=planner,
            )
    with dated(at(datetime.date(2025, 11, 24), 9), planner):
        services.plan_propose(plan=plan, actor=planner)
    meeting = _meeting(ks)
    with dated(at(meeting.date, 15, 30), planner):
        services.plan_adopt(plan=plan, decision=_decision(meeting, planner), actor=planner)


def _meeting(ks: Body) -> Meeting:
    """KS's first meeting of December 2025 or January 2026."""
    return (
        Meeting.objects.filter(body=ks, date__range=(datetime.date(2025, 12, 1), datetime.date(2026, 1, 31)))
        .order_by("date")
        .first()
    ) or Meeting.objects.get_or_create(body=ks, date=datetime.date(2025, 12, 2))[0]


def _decision(meeting: Meeting, planner: User) -> Decision:
    """KS's decision on the plan at that meeting."""
    paragraph = max(meeting.decisions.values_list("paragraph", flat=True), default=8) + 1
    return decision_record(
        meeting=meeting,
        paragraph=paragraph,
        case_number="KS 25/412",
        title="Internkontrollplan 2026 för kommunstyrelsen",
        actor=planner,
    )
