"""Demo follow-up: KS's internal control plan for 2026 (R31) and the year's reporting rounds (R24–R28).

The controls are made up for the demo but are of the kinds Swedish municipalities commonly check.
The assessments use the common four-step probability × consequence scale (a convention, not from
the governance model).

The tertial report per 30 April and the interim report per 31 August are filled as a municipality
fills them: every unit head reports the unit's activities as of the cut-off date (one unit misses the
interim report), the planners assess KS's goals (two deviate from the proposal, with reasons) and
report the internal control (one control finds a deviation and an action is decided), and KS adopts
each report at the meeting the annual wheel dates. `seed_rounds` runs after the wheel is generated.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from documents.models import GoverningDocument
from followup import activity_reports, assessments, control_results, premises, progress, rounds, services
from followup.models import (
    ActivityReport,
    ControlResult,
    DepartmentPremises,
    Frequency,
    GoalAssessment,
    InternalControlPlan,
    Report,
    ReportKind,
    Verdict,
)
from goals.models import Indicator
from organisation import demo as organisation_demo
from organisation.demo import at, dated, working_day
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role
from organisation.services import decision_record
from planning.models import Activity, ActivityStatus

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


# The reporting rounds of 2026

# (kind, the day the units report, the day the planners assess and report the internal control)
ROUNDS = [
    (ReportKind.TERTIAL, datetime.date(2026, 5, 12), datetime.date(2026, 5, 20)),
    (ReportKind.INTERIM, datetime.date(2026, 9, 15), datetime.date(2026, 9, 23)),
]
# The unit whose head did not report for the interim report (Kostenheten).
MISSING_IN_INTERIM = "1540"

ON_TRACK = [
    "Arbetet följer tidplanen. Nästa steg är att förankra förslaget i ledningsgruppen.",
    "Kartläggningen är klar och åtgärderna tas fram tillsammans med medarbetarna.",
    "Arbetsgruppen har träffats tre gånger och ett första utkast finns. Inga hinder i sikte.",
    "Pågår enligt plan. Upphandlingen av externt stöd är klar och arbetet har kommit i gång.",
    "Halvvägs: hälften av de planerade träffarna är genomförda och deltagandet är gott.",
    "Underlaget är insamlat och analysen görs under de kommande veckorna.",
]
BEHIND = [
    "Försenad: vakanser på enheten har gjort att arbetet kommit i gång senare än planerat. "
    "Ny tidplan tas fram med avdelningschefen.",
    "Försenad eftersom underlaget från regionen dröjde. Arbetet prioriteras under kommande månad.",
    "Försenad: arbetet har fått stå tillbaka för verksamhetens vardag. Beräknas klart under hösten.",
]
NOT_STARTED = "Inte påbörjad: startar enligt tidplanen."

# The two assessments that deviate from the proposal: (round, goal number) → (assessment, reason).
DEVIATIONS = {
    (ReportKind.TERTIAL, 2): (
        Verdict.NOT_ACHIEVED,
        "Två av målets aktiviteter är redan försenade och den tredje väntar på beslut om finansiering. "
        "Bedömningen är att målet inte nås under året om inte resurser tillförs.",
    ),
    (ReportKind.INTERIM, 3): (
        Verdict.ACHIEVED,
        "Flera av de aktiviteter som återstår är genomförda i sak och avslutas formellt under hösten; "
        "verksamheterna håller sin budget per augusti och målets syfte bedöms vara uppnått.",
    ),
}

# The internal control's results where they are not the default: (process, round) → (performed,
# result, deviations, actions, responsible for the actions).
CONTROL_RESULTS = {
    ("Attest och delegation", ReportKind.TERTIAL): (
        True,
        "Stickprov på 25 fakturor från januari–april. 23 var attesterade enligt attestförteckningen.",
        "Två fakturor (38 500 kr och 52 000 kr) var attesterade av en chef över beloppsgränsen i "
        "delegationsordningen.",
        "Attestförteckningen uppdateras och alla beslutsattestanter får en genomgång av beloppsgränserna "
        "före sommaren. Samma leverantörer kontrolleras igen i delåret.",
        "Tomas Lidén, ekonomichef",
    ),
    ("Attest och delegation", ReportKind.INTERIM): (
        True,
        "Stickprov på 25 fakturor från maj–augusti, varav fem från leverantörerna med avvikelse i "
        "tertialet. Samtliga var attesterade enligt gällande attestförteckning.",
        "",
        "",
        "",
    ),
}
DEFAULT_RESULT = {
    ReportKind.TERTIAL: "Kontrollen är genomförd enligt planen utan anmärkning.",
    ReportKind.INTERIM: "Kontrollen är genomförd enligt planen. Inga avvikelser hittades.",
}


def seed_rounds(*, stdout=None) -> None:
    """Fill and adopt the 2026 tertial and interim reports once (after the wheel is generated).

    In Swedish: the proposals' basis is kept as the words the planners read when they assessed."""
    with translation.override(settings.LANGUAGE_CODE):
        _seed_rounds()


def _seed_rounds() -> None:
    ks = Body.objects.get(short_name="KS")
    reports = {r.kind: r for r in rounds.ensure_rounds(ks, 2026)}
    if any(r.status != AdoptionStatus.DRAFT for r in reports.values()):
        return
    planner = User.objects.get(username=Role.PLANNER)
    # KS's routines for the internal control work (4.7.2) are in the register; the plan links them.
    routines = GoverningDocument.objects.filter(title="Riktlinje för intern kontroll").first()
    plan = InternalControlPlan.objects.get(body=ks, year=2026)
    if routines is not None:
        with dated(at(datetime.date(2026, 1, 12), 9), planner):
            services.plan_set_routines(plan=plan, document=routines, actor=planner)
    admin = User.objects.get(username="admin")
    # The unit heads were given accounts when the follow-up started in the system, in January.
    with dated(at(datetime.date(2026, 1, 19), 9), admin):
        reporters = _unit_head_accounts()
    year_dates = rounds.report_dates(2026)
    for number, (kind, reported_on, assessed_on) in enumerate(ROUNDS):
        report = reports[kind]
        dates = year_dates[kind]
        _report_activities(report, dates.cut_off, reported_on, reporters)
        with dated(at(assessed_on, 10), planner):
            _report_controls(report, planner, assessed_on)
        with dated(at(assessed_on, 14), planner):
            _assess_goals(report, dates.cut_off, planner, assessed_on)
        proposed_on = (dates.input_closes or assessed_on) + datetime.timedelta(days=1)
        with dated(at(proposed_on, 9), planner):
            rounds.report_propose(report=report, actor=planner)
        meeting = Meeting.objects.get(body=ks, date=dates.ks_meeting)
        with dated(at(meeting.date, 15, 30), planner):
            decision = decision_record(
                meeting=meeting,
                paragraph=max(meeting.decisions.values_list("paragraph", flat=True), default=80) + 1,
                case_number=f"KS 26/{140 + 60 * number}",
                title=f"{report.get_kind_display()} {report.year}",
                actor=planner,
            )
            rounds.report_adopt(report=report, decision=decision, actor=planner)


def _unit_head_accounts() -> dict[int, User]:
    """The unit heads report for their units (R24): each has an account as a handläggare for the unit.
    The demo's handläggare (Helena Berg) reports for the units of her department."""
    administrator = User.objects.get(username=Role.ADMINISTRATOR)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    accounts: dict[int, User] = {}
    own = set(OrgUnit.objects.writable_for_administrator(administrator).values_list("pk", flat=True))
    for code, person in organisation_demo.unit_heads().items():
        unit = OrgUnit.objects.get(cost_centre=code, kind=OrgUnit.Kind.UNIT)
        if unit.pk in own:
            accounts[unit.pk] = administrator
            continue
        if person.user is None:
            first, _space, last = person.name.partition(" ")
            user = User.objects.create(
                username=person.email.split("@")[0], first_name=first, last_name=last, email=person.email
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
            user.units.add(unit)
            person.user = user
            person.save(update_fields=["user"])
        accounts[unit.pk] = person.user
    return accounts


def _report_activities(report: Report, cut_off: datetime.date, day: datetime.date, reporters) -> None:
    """Each unit head reports the unit's activities as they stood on the cut-off date."""
    activities = progress.round_activities(report).order_by(
        "responsible_unit__cost_centre", "planned_end", "pk"
    )
    for number, activity in enumerate(activities.select_related("responsible_unit")):
        unit = activity.responsible_unit
        if report.kind == ReportKind.INTERIM and unit.cost_centre == MISSING_IN_INTERIM:
            continue
        status, comment, completed_on = _as_of(activity, cut_off, number)
        actor = reporters[unit.pk]
        reported = working_day(day + datetime.timedelta(days=number % 4))
        with dated(at(reported, 13, 10), actor, ActivityReport):
            activity_reports.activity_report_save(
                report=report,
                activity_id=activity.pk,
                expected_version=None,
                status=status,
                comment=comment,
                completed_on=completed_on,
                actor=actor,
                today=reported,
            )
        ActivityReport.objects.filter(report=report, activity=activity).update(
            entered_at=at(reported, 13, 10)
        )


def _as_of(activity: Activity, cut_off: datetime.date, number: int) -> tuple[str, str, datetime.date | None]:
    """The activity's status and a comment as the unit would have written them on the cut-off date."""
    if activity.completed_on and activity.completed_on <= cut_off:
        return ActivityStatus.DONE, activity.progress_comment, activity.completed_on
    if activity.status == ActivityStatus.CANCELLED and cut_off >= datetime.date(2026, 8, 27):
        return ActivityStatus.CANCELLED, activity.progress_comment, None
    if activity.start > cut_off:
        return ActivityStatus.NOT_STARTED, NOT_STARTED, None
    if activity.planned_end < cut_off:
        return ActivityStatus.IN_PROGRESS, BEHIND[number % len(BEHIND)], None
    return ActivityStatus.IN_PROGRESS, ON_TRACK[number % len(ON_TRACK)], None


def _report_controls(report: Report, planner: User, day: datetime.date) -> None:
    for control in progress.round_controls(report).order_by("pk"):
        performed, result, deviations, actions, responsible = CONTROL_RESULTS.get(
            (control.process, report.kind), (True, DEFAULT_RESULT[report.kind], "", "", "")
        )
        control_results.control_result_save(
            report=report,
            control_id=control.pk,
            expected_version=None,
            performed=performed,
            result=result,
            deviation_found=bool(deviations),
            deviations=deviations,
            actions=actions,
            action_responsible=responsible,
            actor=planner,
            today=day,
        )
    ControlResult.objects.filter(report=report).update(entered_at=at(day, 10))


def _assess_goals(report: Report, cut_off: datetime.date, planner: User, day: datetime.date) -> None:
    """The planners assess every KS goal: as proposed, but for the two deviations, with an analysis."""
    goals = assessments.round_goals_for(report, planner, cut_off=cut_off)
    for row in goals.annual:
        goal, proposal = row.goal, row.proposal
        verdict, reason = DEVIATIONS.get((report.kind, goal.position), (proposal.verdict, ""))
        analysis = _analysis(proposal, verdict)
        assessments.goal_assess(
            report=report,
            annual_goal=goal,
            expected_version=None,
            verdict=verdict,
            analysis=analysis,
            deviation_reason=reason,
            actor=planner,
            today=day,
        )
    for row in goals.mandate:
        assessments.goal_assess(
            report=report,
            mandate_goal=row.goal,
            expected_version=None,
            verdict=row.proposal.verdict,
            analysis=_analysis(row.proposal, row.proposal.verdict),
            deviation_reason="",
            actor=planner,
            today=day,
        )
    GoalAssessment.objects.filter(report=report).update(entered_at=at(day, 14))


def _analysis(proposal, verdict: str) -> str:
    """An analysis as the planners write it: the count behind the proposal and what it means."""
    outlook = {
        Verdict.ACHIEVED: "Målet bedöms vara uppfyllt. Resultatet följs upp i årsredovisningen.",
        Verdict.PARTLY: "Arbetet går i rätt riktning men flera aktiviteter återstår; målet bedöms som "
        "delvis uppfyllt vid denna uppföljning.",
        Verdict.NOT_ACHIEVED: "Målet bedöms inte nås under året med nuvarande takt. Avdelningen tar fram "
        "förslag på åtgärder till nästa uppföljning.",
        Verdict.NOT_ASSESSABLE: "Det är för tidigt att bedöma måluppfyllelsen: de flesta aktiviteterna "
        "startar senare under året.",
    }[verdict]
    return f"{proposal.basis} {outlook}"


# The planning premises for 2028 (R22), written by the department heads in the autumn of 2026 and
# presented at November's politikerdag. The heads and their words are made up for the demo.

PREMISES_YEAR = 2028
# The department heads who write their department's part: (cost centre, name); the demo's handläggare
# (Helena Berg) writes for Barn- och utbildningsavdelningen, whose units she follows up.
DEPARTMENT_HEADS = {
    "1100": "Ingrid Nordlund",
    "1300": "Lena Sundin",
    "1400": "Johan Strömberg",
    "1500": "Per Ahlgren",
}
# (cost centre, the day it is written, challenges, strengths, other remarks, indicators by title), in the
# order they were written: the first save opens the round.
PREMISES = [
    (
        "1200",
        datetime.date(2026, 9, 29),
        "Elevunderlaget minskar i byskolorna samtidigt som det ökar något i Ånge tätort. Med dagens "
        "skolstruktur blir kostnaden per elev hög i de minsta skolorna, och skolornas organisation behöver "
        "utredas inför 2028. Andelen legitimerade förskollärare och behöriga lärare är lägre än i riket, "
        "och rekryteringen är svår i de flesta ämnen.\n\n"
        "Allt fler elever behöver särskilt stöd och elevhälsans insatser. Den psykiska ohälsan bland unga "
        "ökar, och den långa skolfrånvaron har inte gått tillbaka till tidigare nivåer.",
        "Meritvärdet i årskurs 9 och andelen behöriga till gymnasiet har ökat de senaste åren, efter "
        "satsningen på tidiga insatser och läsutveckling i lågstadiet. Samarbetet mellan skola, elevhälsa "
        "och socialtjänst kring barn som riskerar att fara illa fungerar väl. Närheten till naturen används "
        "i undervisningen genom utomhuspedagogik från förskolan och upp.",
        "Gymnasieskolan drivs i samverkan med grannkommunerna; förändringar i deras programutbud påverkar "
        "kommunens kostnader för interkommunal ersättning.",
        [
            "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
            "Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)",
            "Gymnasieelever med högskolebehörighet inom 3 år, hemkommun, andel (%)",
            "Legitimerade förskollärare i förskola, andel (%)",
            "Barn per årsarbetare i förskola, antal",
        ],
    ),
    (
        "1100",
        datetime.date(2026, 10, 7),
        "Befolkningen fortsätter att minska och andelen invånare över 80 år ökar. Skatteintäkterna växer "
        "därför långsammare än kostnaderna, samtidigt som pensionskostnaderna stiger de kommande åren. "
        "För att nå ett resultat på två procent av skatteintäkterna 2028 behöver verksamheterna anpassas "
        "redan i budgeten för 2027.\n\n"
        "Kompetensförsörjningen är den största utmaningen för hela organisationen. Var femte medarbetare "
        "går i pension inom tio år, och konkurrensen om ekonomer, IT-tekniker och chefer är hård, även "
        "från regionen och de större kommunerna vid kusten. Flera verksamhetssystem ska upphandlas på nytt "
        "2027–2028, vilket kräver både pengar och tid av medarbetarna.",
        "Kommunen har god likviditet och en låg låneskuld jämfört med liknande kommuner, vilket ger utrymme "
        "för de investeringar som planeras. Samarbetet med grannkommunerna i gemensamma nämnder och "
        "upphandlingar ger fördelar som en liten kommun annars saknar. Sjukfrånvaron har minskat och "
        "andelen heltidsanställda ökar.",
        "Vindkraftsetableringarna i kommunens västra delar kan ge både arbetstillfällen och bygdemedel. "
        "Effekterna är ännu osäkra och ingår inte i prognosen.",
        [
            "Resultat i förhållande till skatteintäkter och generella statsbidrag, andel (%)",
            "Soliditet inklusive pensionsåtaganden, andel (%)",
            "Nettokostnadsavvikelse totalt, andel (%)",
            "Sjukfrånvaro bland anställda, andel (%)",
            "Heltidsanställda, andel (%)",
        ],
    ),
    (
        "1300",
        datetime.date(2026, 10, 2),
        "Antalet invånare över 80 år väntas öka med nära en femtedel fram till 2030. Behovet av hemtjänst "
        "och särskilt boende växer därmed snabbare än både budget och personalstyrka. Väntetiden till "
        "särskilt boende har kortats, men platserna är i stort sett fullbelagda och en ny avdelning behöver "
        "planeras.\n\n"
        "Bemanningen är sårbar: många undersköterskor närmar sig pension, och inhyrda sjuksköterskor kostar "
        "mer än dubbelt så mycket som egen personal. Hemtjänstens långa körsträckor i glesbygden tar tid "
        "från brukarna.",
        "Brukarna är nöjda med hemtjänsten, och kontinuiteten har blivit bättre sedan hemtjänsten delades "
        "in i mindre arbetslag. Heltid som norm är införd och fler medarbetare arbetar heltid. Digital "
        "tillsyn och läkemedelsautomater används hos allt fler brukare och frigör tid för omsorg.",
        "",
        [
            "Nöjda brukare i hemtjänsten, andel (%)",
            "Personalkontinuitet i hemtjänsten, antal personal per brukare under 14 dagar",
            "Väntetid till särskilt boende, dagar",
            "Heltidsanställda, andel (%)",
        ],
    ),
    (
        "1400",
        datetime.date(2026, 10, 14),
        "Arbetslösheten har minskat men är fortfarande högre än i riket, och de som står längst från "
        "arbetsmarknaden behöver ofta stöd från flera håll samtidigt. Kostnaden för placeringar av barn och "
        "unga varierar kraftigt mellan åren: ett fåtal placeringar kan ge ett underskott på flera miljoner "
        "kronor.\n\n"
        "Den nya socialtjänstlagen kräver mer förebyggande arbete och tidiga insatser. Det är svårt att "
        "rekrytera erfarna socialsekreterare, och personalomsättningen påverkar kvaliteten i utredningarna.",
        "Kommunen har många egna familjehem med god utbildning, vilket minskar behovet av köpta "
        "placeringar. Arbetsmarknadsenheten samarbetar nära med det lokala näringslivet och "
        "Arbetsförmedlingen, och fler deltagare går vidare till arbete eller studier än tidigare.",
        "",
        [
            "Arbetslöshet 20–64 år, andel (%)",
            "Invånare 25–64 år med eftergymnasial utbildning, andel (%)",
        ],
    ),
    (
        "1500",
        datetime.date(2026, 10, 9),
        "Kommunens fastigheter och va-nät är till stora delar byggda på 1960- och 1970-talen. "
        "Underhållsbehovet växer, och investeringsbehovet de kommande tio åren är större än vad dagens "
        "investeringsnivå räcker till. Flera skollokaler och idrottshallen i Ånge behöver renoveras eller "
        "ersättas.\n\n"
        "Det saknas lägenheter för vissa grupper, till exempel äldre som vill flytta från villan och "
        "nyanställda, vilket försvårar både inflyttning och rekrytering. Samtidigt står lägenheter tomma i "
        "de mindre orterna.",
        "Handläggningstiden för bygglov har kortats och företagen ger bättre omdömen om kommunens service. "
        "Fritidsanläggningarna har fått fler besökare. Det finns planlagd mark för både bostäder och "
        "verksamheter nära järnvägen, en tillgång vid nya etableringar.",
        "Kostenheten ser över matlagningen i byskolorna tillsammans med Barn- och utbildningsavdelningen.",
        [
            "Invånare totalt, antal",
            "Nystartade företag per 1 000 invånare",
            "Besök i kommunens fritidsanläggningar, antal",
        ],
    ),
]
# The part one head revised a week later, after the management team's review: (cost centre, day, strengths).
PREMISES_REVISED = (
    "1300",
    datetime.date(2026, 10, 16),
    "Brukarna är nöjda med hemtjänsten, och kontinuiteten har blivit bättre sedan hemtjänsten delades in "
    "i mindre arbetslag. Heltid som norm är införd och fler medarbetare arbetar heltid. Digital tillsyn "
    "och läkemedelsautomater används hos allt fler brukare och frigör tid för omsorg. Samarbetet med "
    "regionens hälsocentral i Ånge kring mobila läkarbesök har minskat antalet akuta sjukhusbesök.",
)


def seed_premises(*, stdout=None) -> None:
    """The planning premises for 2028, written by the department heads before input closed, once."""
    ks = Body.objects.get(short_name="KS")
    if DepartmentPremises.objects.filter(premises__body=ks, premises__year=PREMISES_YEAR).exists():
        return
    writers = _department_head_accounts()
    indicators = {i.title: i for i in Indicator.objects.all()}
    for code, day, challenges, strengths, remarks, titles in PREMISES:
        writer = writers[code]
        department = OrgUnit.objects.get(cost_centre=code, kind=OrgUnit.Kind.DEPARTMENT)
        with dated(at(day, 15, 20), writer):
            premises.department_premises_save(
                year=PREMISES_YEAR,
                department_id=department.pk,
                expected_version=None,
                challenges=challenges,
                strengths=strengths,
                remarks=remarks,
                indicators=[indicators[title] for title in titles if title in indicators],
                actor=writer,
                today=day,
            )
        DepartmentPremises.objects.filter(premises__year=PREMISES_YEAR, department=department).update(
            entered_at=at(day, 15, 20)
        )
    code, day, strengths = PREMISES_REVISED
    entry = DepartmentPremises.objects.select_related("department").get(
        premises__body=ks, premises__year=PREMISES_YEAR, department__cost_centre=code
    )
    with dated(at(day, 9, 40), writers[code]):
        premises.department_premises_save(
            year=PREMISES_YEAR,
            department_id=entry.department_id,
            expected_version=entry.version,
            challenges=entry.challenges,
            strengths=strengths,
            remarks=entry.remarks,
            indicators=list(entry.indicators.all()),
            actor=writers[code],
            today=day,
        )
    DepartmentPremises.objects.filter(pk=entry.pk).update(entered_at=at(day, 9, 40))


def _department_head_accounts() -> dict[str, User]:
    """The department heads' accounts (handläggare for their department), given when the round
    opened; the demo's handläggare for Barn- och utbildningsavdelningen."""
    administrator = User.objects.get(username=Role.ADMINISTRATOR)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    admin = User.objects.get(username="admin")
    accounts = {"1200": administrator}
    with dated(at(datetime.date(2026, 9, 1), 9), admin):
        for code, name in DEPARTMENT_HEADS.items():
            first, _space, last = name.partition(" ")
            username = f"{first}.{last}".lower().translate(str.maketrans("åäöé", "aaoe"))
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{organisation_demo.MAIL_DOMAIN}",
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
                user.units.add(OrgUnit.objects.get(cost_centre=code, kind=OrgUnit.Kind.DEPARTMENT))
            accounts[code] = user
    return accounts
