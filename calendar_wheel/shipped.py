"""The annual wheel as the governance document (KS 22/327) describes it: every dated step, as data.

Each step is a dict keyed by a stable `code`; `services.load_shipped_steps()` creates the steps that are
missing and never overwrites a planner's edits to an existing code. Titles and descriptions are data in
Swedish (what the municipality calls the step), not UI text.

- `body` is "KF" (Body.Kind.ASSEMBLY) or "KS" (Body.Kind.EXECUTIVE_BOARD); KF's presidium is body KF
  with the audience PRESIDIUM.
- `special_meeting`: the step lands on an extraordinary meeting in the month when there is one (R20:
  KF adopts the mandate goals at a special meeting in January). Not a model field: see
  `SPECIAL_MEETING_CODES`.
- Steps the document gives no month for are `is_assumption`; their month is a default from
  settings.WHEEL_ASSUMED_MONTHS (by code) when the step is first loaded.
"""

from __future__ import annotations

from calendar_wheel.models import Audience, Concerns, Timing, Years
from organisation.roles import Role

_DEFAULTS = {
    "description": "",
    "body": None,
    "audience": Audience.BODY,
    "day": None,
    "end_month": None,
    "end_day": None,
    "years": Years.EVERY,
    "concerns": Concerns.NOTHING,
    "concerns_year_offset": 0,
    "remind_presidium": True,
    "remind_group_leaders": False,
    "remind_committee_chairs": False,
    "remind_role": "",
    "information": "",
    "is_assumption": False,
    "special_meeting": False,
}


def _step(code: str, title: str, **fields) -> dict:
    return {**_DEFAULTS, "code": code, "title": title, **fields}


REPORT_FOLLOW_UP = (
    "Måluppfyllelse och uppföljning av den interna kontrollen redovisas vid samma tillfälle. "
    "Rapporten omfattar kommunstyrelsens förvaltning och de helägda bolagen."
)

SHIPPED_STEPS: list[dict] = [
    # R19/R20: the election year's work on KF's goals for the mandate period.
    _step(
        "kf-mandate-goal-work-starts",
        "KF påbörjar arbetet med mål för mandatperioden",
        description=(
            "Direkt efter valet påbörjar kommunfullmäktiges förtroendevalda sitt målarbete för de kommande "
            "fyra åren. Arbetet utgår från möten med en till tre representanter per parti."
        ),
        body="KF",
        timing=Timing.MONTH,
        month=10,
        years=Years.ELECTION,
        remind_group_leaders=True,
        remind_role=Role.PLANNER,
        rule="4.3.1",
    ),
    _step(
        "group-leaders-mandate-goal-meetings",
        "Gruppledarnas möten om förslag till mål för mandatperioden",
        description=(
            "KF:s presidium kallar partiernas gruppledare och två representanter per parti i KF för "
            "beredning av mandatperiodens mål."
        ),
        body="KF",
        audience=Audience.GROUP_LEADERS,
        timing=Timing.WINDOW,
        month=10,
        day=15,
        end_month=11,
        end_day=15,
        years=Years.ELECTION,
        remind_group_leaders=True,
        information=(
            "Varje gruppledare har rätt att delta vid upp till fem arvoderade möten med minst en annan "
            "gruppledare för överläggning och planering av målarbetet."
        ),
        rule="4.6.1",
    ),
    _step(
        "ks-prepares-mandate-goals",
        "KS bereder förslagen till mål för mandatperioden",
        body="KS",
        timing=Timing.MEETING,
        month=12,
        years=Years.ELECTION,
        remind_role=Role.PLANNER,
        rule="4.6.1",
    ),
    _step(
        "kf-adopts-mandate-goals",
        "KF antar mål för mandatperioden vid ett särskilt sammanträde",
        body="KF",
        timing=Timing.MEETING,
        month=1,
        years=Years.AFTER_ELECTION,
        concerns=Concerns.MANDATE_GOALS,
        remind_group_leaders=True,
        remind_role=Role.PLANNER,
        special_meeting=True,
        rule="4.3.1",
    ),
    # R21: the yearly review of KF's goals.
    _step(
        "kf-presidium-meets-group-leaders",
        "KF:s presidium och gruppledarna diskuterar revidering av mål för mandatperioden",
        body="KF",
        audience=Audience.PRESIDIUM,
        timing=Timing.MONTH,
        month=5,
        remind_group_leaders=True,
        remind_role=Role.PLANNER,
        rule="4.6.1",
    ),
    _step(
        "kf-decides-mandate-goal-revision",
        "KF beslutar om eventuell revidering av mål för mandatperioden",
        description="En revidering beslutas i samband med att KF antar budget i juni.",
        body="KF",
        timing=Timing.MEETING,
        month=6,
        remind_group_leaders=True,
        remind_role=Role.PLANNER,
        rule="4.6.1",
    ),
    # R19, R16, R17: the budget.
    _step(
        "ks-prepares-budget",
        "KS bereder KF:s budget för nästa år",
        body="KS",
        timing=Timing.MEETING,
        month=5,
        remind_role=Role.FINANCE,
        rule="4.6",
    ),
    _step(
        "kf-adopts-budget",
        "KF antar budget för nästa år med plan för ytterligare två år",
        body="KF",
        timing=Timing.MEETING,
        month=6,
        concerns=Concerns.BUDGET,
        concerns_year_offset=1,
        remind_role=Role.FINANCE,
        rule="4.6",
    ),
    _step(
        "kf-technical-recalculation",
        "KF gör teknisk omräkning av nästa års budget",
        description="Budgeten räknas om utifrån yttre faktorer som påverkar kommunen.",
        body="KF",
        timing=Timing.MEETING,
        month=11,
        concerns=Concerns.BUDGET_RECALCULATION,
        concerns_year_offset=1,
        remind_role=Role.FINANCE,
        rule="4.6",
    ),
    # R19, R10, R11: KS's goals and verksamhetsplan.
    _step(
        "ks-adopts-annual-goals",
        "KS antar mål för nästa år",
        body="KS",
        timing=Timing.MEETING,
        month=5,
        concerns=Concerns.ANNUAL_GOALS,
        concerns_year_offset=1,
        remind_role=Role.PLANNER,
        rule="4.3.2",
    ),
    _step(
        "ks-starts-operational-plan",
        "KS påbörjar arbetet med verksamhetsplan för nästa år",
        body="KS",
        timing=Timing.MONTH,
        month=5,
        remind_role=Role.PLANNER,
        rule="4.3",
    ),
    _step(
        "ks-adopts-operational-plan",
        "KS antar verksamhetsplan med budget för nästa år",
        body="KS",
        timing=Timing.MEETING,
        month=11,
        concerns=Concerns.OPERATIONAL_PLAN,
        concerns_year_offset=1,
        remind_role=Role.PLANNER,
        rule="4.3.3",
    ),
    # R22: politikerdagar and the planning prerequisites.
    _step(
        "politikerdag-may",
        "Politikerdag: budgetförutsättningar",
        description="KF:s presidium kallar alla ledamöter och ersättare i KF.",
        body="KF",
        audience=Audience.ALL_MEMBERS,
        timing=Timing.MONTH,
        month=5,
        remind_role=Role.FINANCE,
        rule="4.6.1",
    ),
    _step(
        "politikerdag-november",
        "Politikerdag: planeringsförutsättningar för nästnästa budgetår",
        description="KF:s presidium kallar alla ledamöter och ersättare i KF.",
        body="KF",
        audience=Audience.ALL_MEMBERS,
        timing=Timing.MONTH,
        month=11,
        remind_role=Role.PLANNER,
        rule="4.6.1",
    ),
    _step(
        "planning-prerequisites-report",
        "Förvaltningen presenterar rapporten Planeringsförutsättningar för KF",
        description=(
            "En årlig rapport om kommunens utmaningar och styrkor, med särskilda utmaningar och behov per "
            "avdelning. Styrmodellen anger ingen månad för rapporten; den läggs till novembers politikerdag "
            "där planeringsförutsättningarna presenteras."
        ),
        body="KF",
        audience=Audience.ADMINISTRATION,
        timing=Timing.MONTH,
        month=11,
        remind_presidium=False,
        remind_role=Role.PLANNER,
        is_assumption=True,
        rule="4.6.1",
    ),
    # R23: KS's drafting of the verksamhetsplan.
    _step(
        "committee-chairs-draft-plans",
        "Utskottsordförandena bryter ner KS mål i förslag till verksamhetsplaner för nästa år",
        description="Förvaltningen bistår med uppgifter och information.",
        body="KS",
        audience=Audience.COMMITTEE_CHAIRS,
        timing=Timing.WINDOW,
        month=6,
        end_month=9,
        remind_presidium=False,
        remind_committee_chairs=True,
        remind_role=Role.PLANNER,
        rule="4.6.2",
    ),
    _step(
        "ks-presidium-prepares-plans",
        "KS presidium bereder förslagen till verksamhetsplaner med KS budget för nästa år",
        description=(
            "KS presidium kallar utskottens ordförande och vice ordförande, kommunens ledningsgrupp och "
            "fackliga representanter."
        ),
        body="KS",
        audience=Audience.PRESIDIUM,
        timing=Timing.MONTH,
        month=9,
        remind_committee_chairs=True,
        remind_role=Role.PLANNER,
        rule="4.6.2",
    ),
    # R26, R27, R29: the reports; cut-off dates are shown but are not deadlines.
    _step(
        "tertial-report-cut-off",
        "Brytdatum för tertialrapporten",
        body="KS",
        audience=Audience.ADMINISTRATION,
        timing=Timing.CUT_OFF,
        month=4,
        day=30,
        remind_presidium=False,
        rule="4.7.3",
    ),
    _step(
        "ks-handles-tertial-report",
        "KS behandlar tertialrapporten",
        description=(
            "Styrmodellen anger ingen månad. Tertialrapporten ska till KF i juni, så KS behandlar den "
            "vid sitt sammanträde i juni, före fullmäktige. Enheternas rapportering stänger några "
            "arbetsdagar innan."
        ),
        body="KS",
        timing=Timing.MEETING,
        month=6,
        concerns=Concerns.TERTIAL_REPORT,
        remind_role=Role.PLANNER,
        information=REPORT_FOLLOW_UP,
        is_assumption=True,
        rule="4.7.3",
    ),
    _step(
        "tertial-report-to-kf",
        "Tertialrapport per 30 april med helårsprognos till KF",
        body="KF",
        timing=Timing.MEETING,
        month=6,
        remind_role=Role.FINANCE,
        information=REPORT_FOLLOW_UP,
        rule="4.7.3",
    ),
    _step(
        "interim-report-cut-off",
        "Brytdatum för delårsrapporten",
        body="KS",
        audience=Audience.ADMINISTRATION,
        timing=Timing.CUT_OFF,
        month=8,
        day=31,
        remind_presidium=False,
        rule="4.7.3",
    ),
    _step(
        "ks-handles-interim-report",
        "KS behandlar delårsrapporten",
        description=(
            "Styrmodellen anger ingen månad. Delårsrapporten ska till KF i oktober, så KS behandlar den "
            "vid sitt sammanträde i oktober, före fullmäktige. Enheternas rapportering stänger några "
            "arbetsdagar innan."
        ),
        body="KS",
        timing=Timing.MEETING,
        month=10,
        concerns=Concerns.INTERIM_REPORT,
        remind_role=Role.PLANNER,
        information=REPORT_FOLLOW_UP,
        is_assumption=True,
        rule="4.7.3",
    ),
    _step(
        "interim-report-to-kf",
        "Delårsrapport per 31 augusti med helårsprognos till KF",
        body="KF",
        timing=Timing.MEETING,
        month=10,
        remind_role=Role.FINANCE,
        information=REPORT_FOLLOW_UP,
        rule="4.7.3",
    ),
    _step(
        "annual-report-cut-off",
        "Brytdatum för årsredovisningen",
        body="KS",
        audience=Audience.ADMINISTRATION,
        timing=Timing.CUT_OFF,
        month=12,
        day=31,
        remind_presidium=False,
        rule="4.7.3",
    ),
    _step(
        "ks-handles-annual-report",
        "KS behandlar årsredovisningen för föregående år",
        description=(
            "Styrmodellen anger ingen månad. Årsredovisningen ska till KF senast den 15 april, så KS "
            "behandlar den vid sitt sammanträde i mars. Enheternas rapportering stänger några "
            "arbetsdagar innan."
        ),
        body="KS",
        timing=Timing.MEETING,
        month=3,
        concerns=Concerns.ANNUAL_REPORT,
        concerns_year_offset=-1,
        remind_role=Role.PLANNER,
        information=REPORT_FOLLOW_UP,
        is_assumption=True,
        rule="4.7.3",
    ),
    _step(
        "annual-report-to-kf",
        "Årsredovisning för föregående år till KF",
        description=(
            "Styrmodellen anger ingen månad. Enligt kommunallagen ska årsredovisningen lämnas till "
            "fullmäktige och revisorerna senast den 15 april."
        ),
        body="KF",
        # The law's latest day, not KF's meeting: a 15 April off work is due the working day before.
        timing=Timing.FIXED_DAY,
        month=4,
        day=15,
        remind_role=Role.FINANCE,
        information=REPORT_FOLLOW_UP,
        is_assumption=True,
        rule="4.7.3",
    ),
    # R31: the internal control plan.
    _step(
        "internal-control-plan",
        "KS antar plan för intern kontroll för nästa år",
        description=(
            "Styrmodellen anger ingen månad. Internkontrollplaner antas ofta i december eller januari."
        ),
        body="KS",
        timing=Timing.MEETING,
        month=12,
        concerns=Concerns.INTERNAL_CONTROL_PLAN,
        concerns_year_offset=1,
        remind_role=Role.PLANNER,
        is_assumption=True,
        rule="4.7.2",
    ),
]

SHIPPED_BY_CODE = {step["code"]: step for step in SHIPPED_STEPS}

# Steps that land on an extraordinary meeting in their month when there is one.
SPECIAL_MEETING_CODES = frozenset(step["code"] for step in SHIPPED_STEPS if step["special_meeting"])
