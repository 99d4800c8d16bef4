"""Demo budgets: 2026's June adoption and November recalculation, 2027's June adoption, KS's distributions.

Figures of the size of Ånge kommun (about 9 500 inhabitants), made up for the demo. Safe to run again:
nothing is added once the 2026 budget exists. The finance staff (ekonom) enter each version in the
spring or autumn before KF's meeting; the adoptions are dated on KF's meeting days.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from budget import services
from budget.models import Budget, EconomicPlanLine, FrameDistribution
from organisation.demo import at, dated
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role

MKR = Decimal(1_000_000)
TAX, GRANTS, REVENUE, COSTS = (
    EconomicPlanLine.Kind.TAX_REVENUE,
    EconomicPlanLine.Kind.STATE_GRANTS,
    EconomicPlanLine.Kind.OPERATING_REVENUE,
    EconomicPlanLine.Kind.OPERATING_COSTS,
)
FINANCIAL_GOALS = [
    (
        "Årets resultat ska uppgå till minst 1,5 procent av skatteintäkter och generella statsbidrag.",
        "≥ 1,5 %",
    ),
    ("Investeringarna ska till minst 70 procent finansieras med egna medel.", "≥ 70 %"),
    ("Soliditeten inklusive pensionsåtaganden ska förbättras varje år.", "ökning"),
]
GEH_GOALS = [
    (
        "GEH-1",
        "En ekonomi i balans",
        "Verksamheterna håller sina ramar och nettokostnaden ökar inte snabbare än skatteintäkterna.",
    ),
    (
        "GEH-2",
        "Effektiv resursanvändning",
        "Lokaler, energi och inköp används så att mer av resurserna når kommuninvånarna.",
    ),
    (
        "GEH-3",
        "Kompetensförsörjning och hållbart medarbetarskap",
        "Heltid som norm, lägre sjukfrånvaro och en planerad kompetensförsörjning.",
    ),
]
PROJECTS_2026 = [
    ("Ny förskola i Ånge", [18, 22, 4, 0, 0]),
    ("Ombyggnad av Ånge skola, etapp 2", [12, 15, 15, 8, 0]),
    ("Vatten och avlopp, förnyelse av ledningsnät", [9, 9, 10, 10, 11]),
    ("Gator, gång- och cykelvägar", [5, 5, 5, 5, 5]),
    ("Energieffektivisering i kommunens fastigheter", [3, 3, 3, 2, 2]),
    ("Digitalisering och IT-infrastruktur", [2.5, 2.5, 2, 2, 2]),
    ("Storköksutrustning i kommunens kök", [1.8, 0, 4.2, 0, 0]),
]
# KS's frame over the departments in its 2026 plan (Mkr), within the frame in force.
DISTRIBUTION_2026 = {
    "Kommunledningsavdelningen": Decimal("92.0"),
    "Barn- och utbildningsavdelningen": Decimal("298.5"),
    "Vård- och omsorgsavdelningen": Decimal("285.0"),
    "Individ- och familjeomsorgen": Decimal("98.0"),
    "Samhällsbyggnadsavdelningen": Decimal("60.0"),
}
# Of each department's net cost, its budgeted revenue (Mkr): fees, sales and targeted state grants,
# 10–25 % of the net cost; the costs are the net cost plus the revenue.
REVENUE_2026 = {
    "Kommunledningsavdelningen": Decimal("12.0"),
    "Barn- och utbildningsavdelningen": Decimal("38.0"),
    "Vård- och omsorgsavdelningen": Decimal("58.0"),
    "Individ- och familjeomsorgen": Decimal("21.0"),
    "Samhällsbyggnadsavdelningen": Decimal("14.5"),
}
# KS's draft distribution of its 2027 frame (858.0 Mkr in the June 2026 budget), and its revenue.
DISTRIBUTION_2027 = {
    "Kommunledningsavdelningen": Decimal("94.5"),
    "Barn- och utbildningsavdelningen": Decimal("306.0"),
    "Vård- och omsorgsavdelningen": Decimal("296.0"),
    "Individ- och familjeomsorgen": Decimal("100.5"),
    "Samhällsbyggnadsavdelningen": Decimal("61.0"),
}
REVENUE_2027 = {
    "Kommunledningsavdelningen": Decimal("12.3"),
    "Barn- och utbildningsavdelningen": Decimal("39.0"),
    "Vård- och omsorgsavdelningen": Decimal("60.0"),
    "Individ- och familjeomsorgen": Decimal("21.5"),
    "Samhällsbyggnadsavdelningen": Decimal("15.0"),
}


def seed(*, stdout=None) -> None:
    """Create the demo budgets once."""
    if Budget.objects.filter(year=2026).exists():
        return
    finance = User.objects.get(username=Role.FINANCE)
    kf, ks = Body.objects.get(short_name="KF"), Body.objects.get(short_name="KS")

    # R19: KS prepares KF's budget in May; finance enters the proposal in April.
    with dated(at(datetime.date(2025, 4, 14), 9, 15), finance):
        june = services.budget_create(year=2026, label="Juni 2025", actor=finance)
        _fill(
            june,
            finance,
            kf=kf,
            ks=ks,
            frames=("8.4", "839.2"),
            lines={
                TAX: ("600.1", "612.4", "626.0"),
                GRANTS: ("262.5", "266.0", "270.2"),
                REVENUE: ("148.0", "150.0", "152.0"),
                COSTS: ("-995.6", "-1014.4", "-1035.2"),
            },
            projects=PROJECTS_2026,
        )
    with dated(at(datetime.date(2025, 5, 19), 11), finance):
        services.version_propose(version=june, actor=finance)
    adopted_on = datetime.date(2025, 6, 16)
    with dated(at(adopted_on, 15), finance):
        june = services.version_adopt(
            version=june,
            decision=_decision(kf, adopted_on, 45, "KS 25/120", "Budget 2026 med plan för 2027–2028"),
            actor=finance,
        )
    # R17: the technical recalculation after SKR's October forecast of the tax base.
    with dated(at(datetime.date(2025, 10, 13), 10), finance):
        november = services.version_recalculate(version=june, label="November 2025", actor=finance)
        # A weaker tax base forecast, higher grants, pay and prices indexed.
        services.economic_plan_set(
            version=november,
            amounts={
                (TAX, 2026): Decimal("597.8") * MKR,
                (GRANTS, 2026): Decimal("264.1") * MKR,
                (COSTS, 2026): Decimal("-997.9") * MKR,
                (TAX, 2027): Decimal("609.0") * MKR,
                (COSTS, 2027): Decimal("-1016.0") * MKR,
            },
            expected_revision=None,
            actor=finance,
        )
        services.frames_set(
            version=november, amounts={ks: Decimal("841.5") * MKR}, expected_revision=None, actor=finance
        )
    with dated(at(datetime.date(2025, 10, 27), 14), finance):
        services.version_propose(version=november, actor=finance)
    adopted_on = datetime.date(2025, 11, 24)
    with dated(at(adopted_on, 15), finance):
        services.version_adopt(
            version=november,
            decision=_decision(kf, adopted_on, 98, "KS 25/250", "Teknisk omräkning av budget 2026"),
            actor=finance,
        )

    seed_distribution()

    with dated(at(datetime.date(2026, 4, 13), 9, 15), finance):
        next_june = services.budget_create(year=2027, label="Juni 2026", actor=finance)
        _fill(
            next_june,
            finance,
            kf=kf,
            ks=ks,
            frames=("8.6", "858.0"),
            lines={
                TAX: ("615.2", "628.9", "642.5"),
                GRANTS: ("268.4", "272.0", "276.1"),
                REVENUE: ("151.0", "153.0", "155.0"),
                COSTS: ("-1020.6", "-1042.9", "-1064.6"),
            },
            projects=[(name, amounts[1:] + [3]) for name, amounts in PROJECTS_2026],
        )
    with dated(at(datetime.date(2026, 5, 18), 11), finance):
        services.version_propose(version=next_june, actor=finance)
    adopted_on = _last_monday(2026, 6)
    with dated(at(adopted_on, 15), finance):
        # The decision organisation.demo records among the model's key decisions.
        services.version_adopt(
            version=next_june,
            decision=_decision(kf, adopted_on, 64, "KS 26/102", "Budget 2027 med plan för 2028–2029"),
            actor=finance,
        )
    if stdout:
        stdout.write("Budgetar 2026 (juni och november) och 2027 (juni) är på plats.")


def seed_distribution(*, stdout=None) -> None:
    """KS's 2026 frame over its departments, once the budget exists; seeded after KS's 2026 plan.

    KF's budget comes before KS's plan, whose units' activities name the budget's GEH goals (R14,
    R16); the distribution is part of the plan (R11 section 5), so it follows the plan (seed_demo's
    order: the budget does not look the plan up).
    """
    ks = Body.objects.get(short_name="KS")
    units = {
        u.name: u for u in OrgUnit.objects.filter(name__in=DISTRIBUTION_2026, kind=OrgUnit.Kind.DEPARTMENT)
    }
    finance = User.objects.get(username=Role.FINANCE)
    # The plan's budget section (R11 section 5), entered by finance the day after KS adopted the plan.
    # 2027's draft follows the 2027 budget's adoption in June 2026, in KS's autumn planning.
    for year, entered, distribution, revenue in (
        (2026, datetime.date(2025, 11, 5), DISTRIBUTION_2026, REVENUE_2026),
        (2027, datetime.date(2026, 9, 14), DISTRIBUTION_2027, REVENUE_2027),
    ):
        if (
            FrameDistribution.objects.filter(body=ks, year=year).exists()
            or not Budget.objects.filter(year=year).exists()
        ):
            continue
        with dated(at(entered, 9, 30), finance):
            services.distribution_set(
                body=ks,
                year=year,
                amounts={units[name]: amount * MKR for name, amount in distribution.items() if name in units},
                expected=None,
                actor=finance,
                # The departments' budgeted revenue (of the net cost distributed), which the economy's
                # follow-up compares with the outcome.
                revenues={units[name]: amount * MKR for name, amount in revenue.items() if name in units},
            )
        if stdout:
            stdout.write(f"Kommunstyrelsens ram för {year} är fördelad på avdelningarna.")


def _fill(version, finance, *, kf, ks, frames, lines, projects) -> None:
    year = version.budget.year
    services.goals_set(
        version=version, financial=FINANCIAL_GOALS, geh=GEH_GOALS, expected_revision=None, actor=finance
    )
    services.frames_set(
        version=version,
        amounts={kf: Decimal(frames[0]) * MKR, ks: Decimal(frames[1]) * MKR},
        expected_revision=None,
        actor=finance,
    )
    services.economic_plan_set(
        version=version,
        amounts={
            (kind, year + offset): Decimal(amount) * MKR
            for kind, amounts in lines.items()
            for offset, amount in enumerate(amounts)
        },
        expected_revision=None,
        actor=finance,
    )
    services.investments_set(
        version=version,
        projects=[
            (name, {year + i: Decimal(str(a)) * MKR for i, a in enumerate(amounts) if a})
            for name, amounts in projects
        ],
        expected_revision=None,
        actor=finance,
    )


def _last_monday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=day.weekday())


def _decision(body: Body, day: datetime.date, paragraph: int, case_number: str, title: str) -> Decision:
    meeting, _ = Meeting.objects.get_or_create(body=body, date=day)
    decision, _ = Decision.objects.get_or_create(
        meeting=meeting, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
    )
    return decision
