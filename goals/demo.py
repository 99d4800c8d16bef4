"""Demo goal chain for Ånge: the vision from the seed, focus areas, KF goals with indicators, KS goals.

The vision's text is Ånge's own (KS 22/327). The focus areas, goals, targets and every indicator value
are made up for the demo; each indicator's description says its values are examples until fetched. The
Kolada KPI ids are real, and `import_kolada` replaces the example values with Kolada's. Each part is
created once: a second run finds it and changes nothing. Each step's history is dated when it happened:
drafts some weeks before the decision, adoptions on the decision's day (see organisation.demo.dated).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from goals import services
from goals.models import Criterion, Indicator, IndicatorValue, MandatePeriod, Vision
from organisation.demo import at, dated
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role

VISION = (
    "Vi är en plats för alla, med närhet till natur och gemenskap. "
    "Här ger näring och engagemang kraft till en levande bygd."
)
FOCUS_AREAS = [
    ("En plats för alla", "Trygghet, delaktighet och service genom hela livet."),
    ("Närhet till natur", "Natur, friluftsliv och hållbar utveckling."),
    ("Gemenskap och engagemang", "Föreningsliv, kultur och medborgarnas engagemang."),
    ("Näring och en levande bygd", "Företagande, arbete och befolkningsutveckling."),
]
EXAMPLE_VALUES = "Värdena är exempelvärden tills nyckeltalet hämtas från Kolada."
# Where the administration's own indicators come from.
INTERNAL_SOURCES = {
    "Nämndernas budgetavvikelse, andel av budget (%)": (
        "Nämndernas nettokostnad jämfört med budget vid årets slut. Källa: ekonomisystemet, bokslutet."
    ),
    "Nystartade företag per 1 000 invånare": (
        "Nyregistrerade företag med säte i kommunen per 1 000 invånare. Källa: Bolagsverket, "
        "sammanställt av Näringsliv och utveckling."
    ),
    "Besök i kommunens fritidsanläggningar, antal": (
        "Besök i simhallen, idrottshallarna och på fritidsgårdarna. Källa: bokningssystemet och "
        "besöksräknare."
    ),
    "Nöjda brukare i hemtjänsten, andel (%)": (
        "Andel brukare som är ganska eller mycket nöjda med hemtjänsten som helhet. Källa: "
        "kommunens brukarenkät i oktober."
    ),
    "Personalkontinuitet i hemtjänsten, antal personal per brukare under 14 dagar": (
        "Genomsnittligt antal olika medarbetare som besöker en brukare med insatser morgon, lunch, "
        "middag och kväll. Källa: verksamhetssystemets planering, mätvecka 40."
    ),
    "Väntetid till särskilt boende, dagar": (
        "Dagar från beslut om särskilt boende till erbjuden plats, medelvärde. Källa: verksamhetssystemet."
    ),
    "Sjukfrånvaro bland anställda, andel (%)": (
        "Sjukfrånvaro i procent av ordinarie arbetstid, alla anställda. Källa: lönesystemet."
    ),
    "Heltidsanställda, andel (%)": (
        "Andel tillsvidareanställda med heltidsanställning. Källa: lönesystemet, november."
    ),
}

# (KPI id or None for an internal indicator, title, unit, higher is better, base value, yearly drift, country)
INDICATORS = {
    "barn": [
        (
            "N15428",
            "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
            "procent",
            True,
            78,
            1.2,
            84,
        ),
        (
            "N15507",
            "Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)",
            "meritvärde",
            True,
            205,
            2.5,
            229,
        ),
        (
            "N17473",
            "Gymnasieelever med högskolebehörighet inom 3 år, hemkommun, andel (%)",
            "procent",
            True,
            52,
            1.0,
            60,
        ),
        ("N11808", "Legitimerade förskollärare i förskola, andel (%)", "procent", True, 38, 1.5, 40),
        ("N11102", "Barn per årsarbetare i förskola, antal", "antal", False, 5.4, -0.05, 5.1),
    ],
    "ekonomi": [
        (
            "N03102",
            "Resultat i förhållande till skatteintäkter och generella statsbidrag, andel (%)",
            "procent",
            True,
            1.8,
            0.1,
            2.4,
        ),
        ("N03106", "Soliditet inklusive pensionsåtaganden, andel (%)", "procent", True, 22, 0.8, 30),
        ("N00900", "Kommunal skattesats, andel (%)", "procent", False, 23.4, 0.0, 21.4),
        ("N00097", "Nettokostnadsavvikelse totalt, andel (%)", "procent", False, 3.5, -0.4, 0.0),
        (None, "Nämndernas budgetavvikelse, andel av budget (%)", "procent", False, 1.6, -0.2, None),
    ],
    "bygd": [
        ("N01951", "Invånare totalt, antal", "antal", True, 9250, -15, None),
        ("N00708", "Arbetslöshet 20–64 år, andel (%)", "procent", False, 8.6, -0.3, 7.0),
        (
            "N01982",
            "Invånare 25–64 år med eftergymnasial utbildning, andel (%)",
            "procent",
            True,
            29,
            0.6,
            45,
        ),
        (None, "Nystartade företag per 1 000 invånare", "antal", True, 4.1, 0.2, None),
        (None, "Besök i kommunens fritidsanläggningar, antal", "antal", True, 61000, 1500, None),
    ],
    "omsorg": [
        (None, "Nöjda brukare i hemtjänsten, andel (%)", "procent", True, 86, 0.8, None),
        (
            None,
            "Personalkontinuitet i hemtjänsten, antal personal per brukare under 14 dagar",
            "antal",
            False,
            16,
            -0.4,
            None,
        ),
        (None, "Väntetid till särskilt boende, dagar", "dagar", False, 74, -3, None),
        (None, "Sjukfrånvaro bland anställda, andel (%)", "procent", False, 8.9, -0.2, None),
        (None, "Heltidsanställda, andel (%)", "procent", True, 71, 1.5, None),
    ],
}

MANDATE_GOALS_2022 = [
    (
        "barn",
        "Barn och unga ges goda förutsättningar för livet",
        "Förskola och skola ska ge varje barn kunskaper och trygghet att forma sitt liv.",
        ["En plats för alla"],
        3,
    ),
    (
        "ekonomi",
        "Ånge kommun har en god ekonomisk hushållning",
        "Dagens behov tillgodoses utan att äventyra kommande generationers möjligheter.",
        ["En plats för alla"],
        3,
    ),
    (
        "bygd",
        "Näring och engagemang ger kraft till en levande bygd",
        "Fler företag, fler i arbete och ett aktivt föreningsliv i hela kommunen.",
        ["Näring och en levande bygd", "Gemenskap och engagemang"],
        3,
    ),
    (
        "omsorg",
        "En trygg vård och omsorg med hög kvalitet",
        "Den som behöver stöd får det i rätt tid, av personal med goda arbetsvillkor.",
        ["En plats för alla", "Närhet till natur"],
        3,
    ),
]
MANDATE_GOALS_2026 = [
    ("Alla barn och unga lyckas i skolan", "En plats för alla"),
    ("En växande bygd med fler jobb och företag", "Näring och en levande bygd"),
    ("Hållbar ekonomi och effektiv verksamhet", "En plats för alla"),
]

# (title, description, goal key, department cost centres, own measure)
ANNUAL_GOALS = [
    (
        "Fler elever ska bli behöriga till gymnasiet",
        "Tidiga insatser vid frånvaro och kunskapsluckor, så att fler elever i årskurs 9 når behörighet.",
        "barn",
        ["1200"],
        True,
    ),
    (
        "Förskolan ska ha fler legitimerade förskollärare",
        "Rekrytera, utbilda och behålla förskollärare, så att undervisningen i förskolan leds av "
        "legitimerad personal.",
        "barn",
        ["1200"],
        False,
    ),
    (
        "Kommunstyrelsens verksamheter håller sin budget",
        "Verksamheterna följer upp sin ekonomi varje månad och vidtar åtgärder i tid vid avvikelse.",
        "ekonomi",
        ["1100", "1300", "1400", "1500"],
        False,
    ),
    (
        "Företagsklimatet ska förbättras",
        "Snabbare och enklare kontakter med kommunen för den som driver eller vill starta företag.",
        "bygd",
        ["1100", "1500"],
        False,
    ),
    (
        "Fler ska ta del av kultur- och fritidsutbudet",
        "Ett utbud i hela kommunen, med särskild tanke på barn och unga och på landsbygden.",
        "bygd",
        ["1500"],
        False,
    ),
    (
        "Kontinuiteten i hemtjänsten ska öka",
        "Brukaren ska möta färre olika medarbetare och veta vem som kommer.",
        "omsorg",
        ["1300"],
        False,
    ),
    (
        "Fler anställda ska arbeta heltid",
        "Heltid som norm, så att verksamheterna kan bemannas med egen personal.",
        "omsorg",
        ["1100", "1300"],
        False,
    ),
]
# KS's decision on its goals for a year, taken at its May meeting the year before (R10).
ANNUAL_GOAL_DECISIONS = {
    2026: (datetime.date(2025, 5, 6), 66, "KS 25/91"),
    2027: (datetime.date(2026, 5, 5), 71, "KS 26/88"),
}

YEARS = range(2018, 2026)


def seed(*, stdout=None) -> None:
    """Create the demo goal chain once."""
    planner = User.objects.get(username=Role.PLANNER)
    kf = Body.objects.get(short_name="KF")
    ks = Body.objects.get(short_name="KS")
    vision = _seed_vision(planner, kf)
    if MandatePeriod.objects.filter(election_year=2022).exists():
        return
    # The indicators were chosen while KS prepared KF's goals for the mandate period (R9, R20).
    with dated(at(datetime.date(2022, 11, 14), 14), planner):
        indicators = _seed_indicators(planner)
    goals = _seed_period_2022(planner, kf, vision, indicators)
    # The election year's drafting window closes 15 November; the drafts are entered the next working
    # days for KS's December meeting (R20).
    with dated(at(datetime.date(2026, 11, 17), 9, 45), planner):
        _seed_period_2026(planner, vision)
    for year in (2026, 2027):
        _seed_annual_goals(planner, ks, year, goals, indicators)


def _decision(
    body: Body, day: datetime.date, paragraph: int, case_number: str, title: str, **meeting
) -> Decision:
    meeting_obj, _ = Meeting.objects.get_or_create(body=body, date=day, defaults=meeting)
    decision, _ = Decision.objects.get_or_create(
        meeting=meeting_obj, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
    )
    return decision


def _seed_vision(planner: User, kf: Body) -> Vision:
    existing = Vision.objects.filter(text=VISION).first()
    if existing:
        return existing
    with dated(at(datetime.date(2021, 8, 30), 13), planner):
        vision = services.vision_create(text=VISION, actor=planner)
        for position, (title, description) in enumerate(FOCUS_AREAS, start=1):
            services.focus_area_save(
                vision=vision, title=title, description=description, position=position, actor=planner
            )
    adopted_on = datetime.date(2021, 9, 29)
    with dated(at(adopted_on, 15, 30), planner):
        decision = Decision.objects.filter(case_number="KS 19/211").first() or _decision(
            kf, adopted_on, 112, "KS 19/211", "Vision för Ånge kommun"
        )
        return services.vision_adopt(vision=vision, decision=decision, actor=planner)


def _seed_indicators(planner: User) -> dict[str, list[Indicator]]:
    rng = random.Random(2260)  # noqa: S311 - demo figures
    fetched = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC)
    result: dict[str, list[Indicator]] = {}
    for key, specs in INDICATORS.items():
        result[key] = []
        for kpi, title, unit, higher, base, drift, country in specs:
            indicator = services.indicator_save(
                data={
                    "source": Indicator.Source.KOLADA if kpi else Indicator.Source.INTERNAL,
                    "kolada_id": kpi or "",
                    "title": title,
                    "description": (
                        f"Kolada, nyckeltal {kpi}. {EXAMPLE_VALUES}"
                        if kpi
                        else f"{INTERNAL_SOURCES[title]} Värdena är exempelvärden."
                    ),
                    "unit": unit,
                    "higher_is_better": higher,
                },
                actor=planner,
            )
            rows = []
            for index, year in enumerate(YEARS):
                noise = Decimal(str(round(rng.uniform(-1, 1) * abs(drift or 1) * 0.8, 2)))
                value = Decimal(str(base)) + Decimal(str(drift)) * index + noise
                rows.append(IndicatorValue(indicator=indicator, municipality="2260", year=year, value=value))
                if country is not None:
                    rows.append(
                        IndicatorValue(
                            indicator=indicator,
                            municipality=IndicatorValue.COUNTRY,
                            year=year,
                            value=Decimal(str(country)) + Decimal(str(drift)) * Decimal("0.5") * index,
                            fetched_at=fetched if kpi else None,
                        )
                    )
            for row in rows:
                if kpi:
                    row.fetched_at = fetched
            IndicatorValue.objects.bulk_create(rows)
            result[key].append(indicator)
    return result


def _targets(indicator: Indicator, years: range) -> dict[int, Decimal]:
    base = indicator.values.filter(municipality="2260", year=2022).values_list(
        "value", flat=True
    ).first() or Decimal(0)
    step = abs(base) * Decimal("0.02") or Decimal(1)
    sign = 1 if indicator.higher_is_better else -1
    return {year: (base + sign * step * (year - 2022)).quantize(Decimal("0.1")) for year in years}


def _seed_period_2022(planner: User, kf: Body, vision: Vision, indicators: dict) -> dict:
    # KS prepared the goals at its December meeting; KF adopted them in January (R20).
    with dated(at(datetime.date(2022, 12, 12), 9, 30), planner):
        goals = _draft_period_2022(planner, vision, indicators)
    adopted_on = datetime.date(2023, 1, 30)
    with dated(at(adopted_on, 15, 30), planner):
        decision = _decision(
            kf,
            adopted_on,
            5,
            "KS 22/412",
            "Kommunfullmäktiges mål för mandatperioden 2023–2026",
            extraordinary=True,
            note="Särskilt sammanträde: mål för mandatperioden",
        )
        services.mandate_period_adopt(period=goals["barn"].period, decision=decision, actor=planner)
    # R21: in May 2023 the presidium met the group leaders; in June, with the budget for 2024, KF
    # sharpened a goal adopted in January. It applies from 2024: the January wording never applied.
    revised_on = datetime.date(2023, 6, 19)
    with dated(at(revised_on, 15, 30), planner):
        revision_2023 = _decision(
            kf, revised_on, 58, "KS 23/97", "Revidering av mål för mandatperioden – barn och unga"
        )
        services.mandate_goal_revise(
            goal=goals["barn"],
            data={
                "description": (
                    "Förskola och skola ska ge varje barn kunskaper och trygghet att forma sitt liv; "
                    "fler ska gå ut grundskolan behöriga till gymnasiet."
                ),
                "criterion_count": 4,
                "criterion_text": "Skärpt från 3 till 4 nyckeltal vid revideringen i juni 2023.",
            },
            focus_areas=None,
            decision=revision_2023,
            actor=planner,
        )
    # R21: revised in June 2025 with the budget for 2026 (§ 45 at the same meeting), applying from 2026.
    revised_on = datetime.date(2025, 6, 16)
    with dated(at(revised_on, 15, 45), planner):
        revision = _decision(
            kf, revised_on, 46, "KS 25/140", "Revidering av mål för mandatperioden – vård och omsorg"
        )
        services.mandate_goal_revise(
            goal=goals["omsorg"],
            data={"title": "En trygg vård och omsorg med hög kvalitet och kontinuitet"},
            focus_areas=None,
            decision=revision,
            actor=planner,
        )
    return goals


def _draft_period_2022(planner: User, vision: Vision, indicators: dict) -> dict:
    period = services.mandate_period_get_or_create(election_year=2022, actor=planner)
    areas = {area.title: area for area in vision.focus_areas.all()}
    goals = {}
    for position, (key, title, description, area_titles, needed) in enumerate(MANDATE_GOALS_2022, start=1):
        goal = services.mandate_goal_create(
            period=period,
            data={
                "title": title,
                "description": description,
                "position": position,
                "criterion": Criterion.AT_LEAST,
                "criterion_count": needed,
                "criterion_text": "Utfallet för året jämförs med det målvärde KF har satt för samma år.",
            },
            focus_areas=[areas[t] for t in area_titles],
            actor=planner,
        )
        for indicator in indicators[key]:
            baseline = (
                indicator.values.filter(municipality="2260", year=2022)
                .values_list("value", flat=True)
                .first()
            )
            services.goal_indicator_save(
                goal=goal,
                indicator=indicator,
                baseline_year=2022,
                baseline_value=baseline,
                targets=_targets(indicator, range(2024, 2028)),
                actor=planner,
            )
        goals[key] = goal
    return goals


def _seed_period_2026(planner: User, vision: Vision) -> None:
    """An election year's November: the new period's goals are being drafted (R20)."""
    period = services.mandate_period_get_or_create(election_year=2026, actor=planner)
    areas = {area.title: area for area in vision.focus_areas.all()}
    for position, (title, area) in enumerate(MANDATE_GOALS_2026, start=1):
        services.mandate_goal_create(
            period=period,
            data={"title": title, "position": position},
            focus_areas=[areas[area]],
            actor=planner,
        )


def _seed_annual_goals(planner: User, ks: Body, year: int, goals: dict, indicators: dict) -> None:
    day, paragraph, case_number = ANNUAL_GOAL_DECISIONS[year]
    # The goals are drafted in April for KS's May meeting (R10).
    with dated(at(day - datetime.timedelta(days=22), 10, 15), planner):
        _draft_annual_goals(planner, ks, year, goals, indicators)
    with dated(at(day, 15, 30), planner):
        decision = Decision.objects.filter(case_number=case_number).first() or _decision(
            ks, day, paragraph, case_number, f"Kommunstyrelsens mål för {year}"
        )
        services.annual_goals_adopt(year=year, body=ks, decision=decision, actor=planner)


def _draft_annual_goals(planner: User, ks: Body, year: int, goals: dict, indicators: dict) -> None:
    units = {unit.cost_centre: unit for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT)}
    for position, (title, description, key, codes, measured) in enumerate(ANNUAL_GOALS, start=1):
        data = {"title": title, "position": position, "description": description}
        if measured:
            data |= {
                "criterion": Criterion.AT_LEAST,
                "criterion_count": 1,
                "criterion_text": "Måtten följs upp med utfallet för helåret.",
            }
        goal = services.annual_goal_save(
            year=year,
            body=ks,
            data=data,
            mandate_goals=[goals[key]],
            departments=[units[c] for c in codes],
            actor=planner,
        )
        if measured:
            for indicator in indicators[key][:2]:
                services.goal_indicator_save(
                    goal=goal,
                    indicator=indicator,
                    baseline_year=2022,
                    baseline_value=None,
                    targets=_targets(indicator, range(year, year + 1)),
                    actor=planner,
                )
