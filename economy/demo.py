"""The demo's economy (R25, R29, R30): Ånge kommun's books for 2026 in the rounds, forecasts, investments,
the companies' reports and the deviations KS handled or reported to KF.

Two steps, as seed_demo runs them:

- `seed_reports`, before the follow-up's demo adopts the tertial and interim reports: the outcome of
  April and August imported into them, the investments, the companies' reports and (from the interim
  report on) the forecasts, each entered while the round took input;
- `seed`, last: the economy at every KS meeting whose outcome the demo's books reach (March to
  December: January to October), forecasts from the autumn, finance's summaries, the flags of the
  tertial and interim reports, one flag handled and one reported to KF.

Everything goes through the services with `today=` the day it was done, and the history is dated by
`organisation.demo.dated`. Safe to run again: a step adds nothing once its imports exist. The SIE files
are `economy/demo_files/` (written by `economy.demo_sie`); a person can import them again from a
round's import page.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from budget.models import FrameDistribution
from documents.models import GoverningDocument
from economy import companies, flags, forecasts, imports, investments, mapping
from economy.demo_sie import DEPARTMENTS, FOLDER, PROJECTS, cost_factor, file_name
from economy.models import (
    AreaForecast,
    CompanyReport,
    DeviationFlag,
    EconomySummary,
    FlagKind,
    FlagState,
    ImportStatus,
    InvestmentFollowup,
    InvestmentStatus,
    KeyFigure,
    ObjectMapping,
    OutcomeImport,
    OwnerDirectiveGoal,
)
from followup import rounds
from followup.models import REPORT_KINDS, Report, ReportKind, Verdict
from organisation.demo import MAIL_DOMAIN, at, dated, working_day
from organisation.models import Body, Meeting, OrgUnit, User
from organisation.roles import Role
from organisation.services import decision_record

MKR = Decimal(1_000_000)
THOUSAND = Decimal(1000)
YEAR = 2026
LAST_MONTH = 10  # the books reach October: the KS meeting of 1 December
DIRECTIVE = "Gemensamt ägardirektiv för helägda bolag"
# The second company's reporter (Ångebostäder AB's is the demo user "bolag").
SECOND_REPORTER = ("jonas.eklund", "Jonas", "Eklund", "9200")

# (company's cost centre, position, goal)
OWNER_GOALS = [
    ("9100", 1, "Soliditeten ska uppgå till minst 15 procent."),
    ("9100", 2, "Avkastningen på eget kapital ska vara minst 3 procent per år."),
    ("9100", 3, "Energianvändningen i bolagets fastigheter ska minska med minst 2 procent per år."),
    ("9200", 1, "Resultatet efter finansiella poster ska vara positivt varje år."),
    ("9200", 2, "Uthyrningsgraden ska vara minst 90 procent av uthyrbar yta."),
    ("9200", 3, "Bolaget ska ha en aktuell underhållsplan för samtliga fastigheter."),
]
# Per company and report: result to date and full-year forecast (Mkr), turnover to date (Mkr),
# equity ratio (%), the goals' verdicts and comments, the report's comment.
COMPANY_REPORTS = {
    ("9100", ReportKind.TERTIAL): (
        "2.15",
        "4.5",
        "31.2",
        "18.4",
        [
            (Verdict.ACHIEVED, ""),
            (Verdict.PARTLY, "Avkastningen väntas bli 2,8 procent: räntekostnaderna är högre än budgeterat."),
            (Verdict.NOT_ASSESSABLE, "Energianvändningen följs upp per helår."),
        ],
        "Resultatet följer budget. Vakansgraden är låg och underhållet går enligt plan.",
    ),
    ("9100", ReportKind.INTERIM): (
        "3.4",
        "4.8",
        "62.9",
        "18.9",
        [
            (Verdict.ACHIEVED, ""),
            (Verdict.PARTLY, "Avkastningen väntas bli 2,9 procent för helåret."),
            (
                Verdict.ACHIEVED,
                "Energianvändningen har minskat med 2,6 procent jämfört med samma period 2025.",
            ),
        ],
        "Resultatet är något bättre än budget tack vare lägre uppvärmningskostnader under våren.",
    ),
    ("9200", ReportKind.TERTIAL): (
        "-0.3",
        "0.2",
        "4.1",
        "24.0",
        [
            (Verdict.PARTLY, "Resultatet för helåret väntas bli svagt positivt."),
            (Verdict.PARTLY, "Uthyrningsgraden är 86 procent sedan en hyresgäst sagt upp sina lokaler."),
            (Verdict.ACHIEVED, ""),
        ],
        "En hyresgäst i industrihuset i Fränsta har sagt upp sina lokaler från och med maj.",
    ),
    ("9200", ReportKind.INTERIM): (
        "-1.1",
        "-1.6",
        "7.9",
        "22.7",
        [
            (
                Verdict.NOT_ACHIEVED,
                "Helårsresultatet blir negativt: lokalerna i Fränsta står tomma och taket på verkstadshuset "
                "måste bytas i år. Bolaget marknadsför lokalerna och ser över hyresnivåerna.",
            ),
            (Verdict.NOT_ACHIEVED, "Uthyrningsgraden är 81 procent."),
            (Verdict.ACHIEVED, ""),
        ],
        "Bolaget prognostiserar en förlust på 1,6 Mkr för 2026 och återkommer med en åtgärdsplan till "
        "styrelsen i oktober.",
    ),
}
# The investment follow-up by stage: project code → (forecast in Mkr, status, comment).
ONGOING, FINISHED, POSTPONED, NOT_STARTED = (
    InvestmentStatus.ONGOING,
    InvestmentStatus.FINISHED,
    InvestmentStatus.POSTPONED,
    InvestmentStatus.NOT_STARTED,
)
INVESTMENTS = {
    "tertial": {
        "P01": ("19.0", ONGOING, "Bygget ligger före tidplan; markarbetena blev dyrare än kalkylerat."),
        "P02": ("12.0", ONGOING, ""),
        "P03": ("9.0", ONGOING, ""),
        "P04": ("5.0", ONGOING, ""),
        "P05": ("3.0", ONGOING, ""),
        "P06": ("2.5", ONGOING, ""),
        "P07": ("1.8", NOT_STARTED, "Upphandlingen startar efter sommaren."),
    },
    "interim": {
        "P01": (
            "21.0",
            ONGOING,
            "Stommen och taket är klara. Tidigarelagda arbeten och högre priser på installationer gör att "
            "årets utgifter överstiger budget.",
        ),
        "P02": ("10.5", ONGOING, "Etapp 2 har försenats av tillgången på entreprenörer."),
        "P03": ("9.0", ONGOING, ""),
        "P04": ("5.0", ONGOING, ""),
        "P05": ("2.5", ONGOING, ""),
        "P06": ("2.3", ONGOING, ""),
        "P07": ("0", POSTPONED, "Skjuts till 2027 i väntan på beslut om kökens organisation."),
    },
    "autumn": {
        "P01": (
            "21.5",
            ONGOING,
            "Inflyttning planeras till mars 2027. Överskridandet gäller årets utgifter.",
        ),
        "P02": ("10.0", ONGOING, "Resterande del av etapp 2 genomförs 2027."),
        "P03": ("9.0", ONGOING, ""),
        "P04": ("4.3", FINISHED, "Årets beläggningsprogram är klart."),
        "P05": ("2.2", ONGOING, ""),
        "P06": ("2.3", ONGOING, ""),
        "P07": ("0", POSTPONED, "Skjuts till 2027 i väntan på beslut om kökens organisation."),
    },
}
# Finance's comment on a department's forecast: over budget, or within it.
COMMENTS = {
    "1300": "Hemtjänstens timmar har ökat med 6 procent och korttidsplatserna i särskilt boende är fler än "
    "budgeterat. Åtgärdsplan med översyn av bemanning och planering är beslutad.",
    "1400": "Placeringarna av barn och unga på HVB är fler och dyrare än budgeterat. Fler insatser i "
    "egen regi byggs upp under hösten.",
}
WITHIN = "Verksamheten bedöms hålla sin budget."


def seed_reports(*, stdout=None) -> None:
    """The tertial and interim reports' economy, before the follow-up's demo adopts them."""
    with translation.override(settings.LANGUAGE_CODE):
        done = _seed_reports()
        _date_flags()
    if done and stdout:
        stdout.write("Delårsrapporternas ekonomi (utfall, prognoser, investeringar, bolag) är på plats.")


def seed(*, stdout=None) -> None:
    """The economy at every KS meeting the books reach, and the deviations handled (after the reports)."""
    with translation.override(settings.LANGUAGE_CODE):
        done = _seed_economy_rounds()
        _date_flags()
    if done and stdout:
        stdout.write("Ekonomin till kommunstyrelsens sammanträden 2026 och avvikelserna är på plats.")


def _date_flags() -> None:
    """A flag is raised "now" by the service: the demo dates it on its first history record's day."""
    for flag in DeviationFlag.objects.all():
        first = flag.history.order_by("history_id").values_list("history_date", flat=True).first()
        if first is not None and first != flag.raised_at:
            DeviationFlag.objects.filter(pk=flag.pk).update(raised_at=first)


# Who does it


def _finance() -> User:
    return User.objects.get(username=Role.FINANCE)


def _ready() -> bool:
    ks = Body.objects.filter(short_name="KS").first()
    return ks is not None and FrameDistribution.objects.filter(body=ks, year=YEAR).exists()


def _reference(finance: User) -> None:
    """The project objects' mappings, the owner directive's goals and the second company's reporter."""
    with dated(at(datetime.date(2026, 1, 15), 9), finance):
        for code, name, _spending in PROJECTS:
            if not ObjectMapping.objects.filter(
                dimension=settings.ECONOMY_PROJECT_DIMENSION, code=code
            ).exists():
                mapping.object_mapping_save(
                    mapping_id=None,
                    dimension=settings.ECONOMY_PROJECT_DIMENSION,
                    code=code,
                    unit=None,
                    project=name,
                    expected_version=None,
                    actor=finance,
                )
    planner = User.objects.get(username=Role.PLANNER)
    directive = GoverningDocument.objects.filter(title=DIRECTIVE).order_by("-pk").first()
    units = {u.cost_centre: u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY)}
    with dated(at(datetime.date(2026, 1, 20), 10), planner):
        for code, position, text in OWNER_GOALS:
            company = units[code]
            if OwnerDirectiveGoal.objects.filter(company=company, position=position).exists():
                continue
            companies.directive_goal_save(
                goal_id=None,
                company=company,
                directive=directive,
                position=position,
                text=text,
                active=True,
                expected_version=None,
                actor=planner,
            )
    username, first, last, code = SECOND_REPORTER
    if not User.objects.filter(username=username).exists():
        with dated(at(datetime.date(2026, 1, 19), 9), User.objects.get(username="admin")):
            user = User.objects.create(
                username=username, first_name=first, last_name=last, email=f"{username}@{MAIL_DOMAIN}"
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=Role.COMPANY_REPORTER))
            user.units.add(units[code])


def _reporter(company: OrgUnit) -> User:
    return User.objects.filter(groups__name=Role.COMPANY_REPORTER, units=company).order_by("pk").first()


# The steps


def _seed_reports() -> bool:
    if not _ready():
        return False
    ks = Body.objects.get(short_name="KS")
    reports = {r.kind: r for r in rounds.ensure_rounds(ks, YEAR) if r.kind in REPORT_KINDS}
    tertial, interim = reports[ReportKind.TERTIAL], reports[ReportKind.INTERIM]
    if OutcomeImport.objects.filter(report__in=[tertial, interim]).exists() or tertial.is_adopted:
        return False
    finance = _finance()
    _reference(finance)
    year_dates = rounds.report_dates(YEAR)
    for report, stage in ((tertial, "tertial"), (interim, "interim")):
        dates = year_dates[report.kind]
        day = _import(report, dates, finance)
        day = _next(day, dates)
        _investments(report, stage, day, finance)
        if stage == "interim":
            _forecasts(report, Decimal("0.85"), day, finance)
            _summary(report, day, finance, _interim_summary())
        _company_reports(report, _next(day, dates, 2))
    return True


def _seed_economy_rounds() -> bool:
    if not _ready():
        return False
    ks = Body.objects.get(short_name="KS")
    economy_rounds = [
        r for r in rounds.ensure_rounds(ks, YEAR) if r.kind == ReportKind.ECONOMY and r.meeting is not None
    ]
    economy_rounds.sort(key=lambda r: r.meeting.date)
    if OutcomeImport.objects.filter(report__in=economy_rounds).exists():
        return False
    finance = _finance()
    _reference(finance)
    reported = False
    for report in economy_rounds:
        dates = rounds.dates_of(report)
        if dates.cut_off.year != YEAR or dates.cut_off.month > LAST_MONTH:
            continue
        day = _import(report, dates, finance)
        if dates.cut_off.month >= 8:
            day = _next(day, dates)
            _forecasts(report, Decimal(1), day, finance)
            _investments(report, "autumn" if dates.cut_off.month >= 9 else "interim", day, finance)
        if dates.cut_off.month >= 9:
            _summary(report, day, finance, _autumn_summary(dates.cut_off))
        if not reported and report.meeting.date >= datetime.date(2026, 11, 1):
            # KF's October meeting was told of the deficit; the investment's overrun was handled.
            _handle_flags(ks, finance, day)
            reported = True
    return True


# The entries


def _next(day: datetime.date, dates: rounds.RoundDates, days: int = 1) -> datetime.date:
    """A working day `days` days later, within the round's input window."""
    later = working_day(day + datetime.timedelta(days=days))
    return min(later, dates.input_closes) if dates.input_closes else later


def _import(report: Report, dates: rounds.RoundDates, finance: User) -> datetime.date:
    """Import the month's file, read it and confirm it: the books are closed about a week after the month."""
    day = _next(dates.cut_off, dates, 8)
    month = dates.cut_off.month
    data = (FOLDER / file_name(month)).read_bytes()
    with dated(at(day, 8, 40), finance):
        outcome_import = imports.import_upload(
            report=report, data=data, file_name=file_name(month), actor=finance, today=day
        )
        # The demo needs no worker: the reading is the job's work, done here (idempotent).
        outcome_import = imports.read_import(outcome_import.pk)
    if outcome_import.status != ImportStatus.PREVIEW:
        raise RuntimeError(f"{file_name(month)}: {outcome_import.problems}")
    with dated(at(day, 9, 5), finance):
        imports.import_confirm(outcome_import=outcome_import, actor=finance, today=day)
    OutcomeImport.objects.filter(pk=outcome_import.pk).update(
        imported_at=at(day, 8, 40), confirmed_at=at(day, 9, 5)
    )
    return day


def _forecasts(report: Report, share: Decimal, day: datetime.date, finance: User) -> None:
    """Each department's full-year forecast: its costs at the level they run at (`share` of the
    overrun seen so far), its revenue as budgeted."""
    codes = {name: code for code, (name, _net, _revenue) in DEPARTMENTS.items()}
    rows = FrameDistribution.objects.filter(body=report.body, year=report.year).select_related("unit")
    with dated(at(day, 10, 30), finance):
        for row in rows.order_by("unit__cost_centre"):
            code = codes.get(row.unit.name)
            factor = 1 + (cost_factor(code) - 1) * share if code else Decimal(1)
            costs = (row.costs * factor / THOUSAND).quantize(Decimal(1)) * THOUSAND
            forecasts.forecast_save(
                report=report,
                unit=row.unit,
                revenue=row.revenue,
                costs=costs,
                comment=COMMENTS.get(code, WITHIN),
                expected_version=None,  # a round's first forecasts: the seed runs once per round
                actor=finance,
                today=day,
            )
    AreaForecast.objects.filter(report=report).update(entered_at=at(day, 10, 30))


def _summary(report: Report, day: datetime.date, finance: User, text: str) -> None:
    with dated(at(day, 15), finance):
        forecasts.summary_save(report=report, text=text, expected_version=None, actor=finance, today=day)
    EconomySummary.objects.filter(report=report).update(entered_at=at(day, 15))


def _interim_summary() -> str:
    return (
        "Kommunstyrelsens verksamheter prognostiserar ett underskott mot budget. Vård- och "
        "omsorgsavdelningen och Individ- och familjeomsorgen ligger över sina ramar, främst på grund av "
        "hemtjänstens timmar och placeringar av barn och unga. Övriga avdelningar bedöms hålla budget."
    )


def _autumn_summary(cut_off: datetime.date) -> str:
    return (
        f"Utfallet till och med {cut_off.day} {_MONTHS[cut_off.month]} bekräftar prognosen från "
        "delårsrapporten: underskottet ligger kvar på Vård- och omsorgsavdelningen och Individ- och "
        "familjeomsorgen. Åtgärdsplanerna följs upp vid varje sammanträde. Investeringen i den nya "
        "förskolan överskrider årets budget men bedöms rymmas inom projektets totala kalkyl."
    )


_MONTHS = {8: "augusti", 9: "september", 10: "oktober"}


def _investments(report: Report, stage: str, day: datetime.date, finance: User) -> None:
    _budget, _version, plan = investments.plan_in_force(report)
    if plan is None:
        return
    by_name = {investments.name_key(p.name): p for p in investments.plan_projects(plan, report.year)}
    with dated(at(day, 13, 30), finance):
        for code, name, _spending in PROJECTS:
            project = by_name.get(investments.name_key(name))
            if project is None:
                continue
            forecast, status, comment = INVESTMENTS[stage][code]
            investments.investment_save(
                report=report,
                project=project,
                forecast=(Decimal(forecast) * MKR).quantize(Decimal("0.01")),
                status=status,
                comment=comment,
                expected_version=None,  # a round's first follow-up: the seed runs once per round
                actor=finance,
                today=day,
            )
    InvestmentFollowup.objects.filter(report=report).update(entered_at=at(day, 13, 30))


def _company_reports(report: Report, day: datetime.date) -> None:
    key_figures = {kf.name: kf.pk for kf in KeyFigure.objects.filter(active=True)}
    for company in OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).order_by("cost_centre"):
        spec = COMPANY_REPORTS.get((company.cost_centre, report.kind))
        reporter = _reporter(company)
        if spec is None or reporter is None:
            continue
        result, forecast, turnover, equity, verdicts, comment = spec
        goals = list(OwnerDirectiveGoal.objects.filter(company=company, active=True).order_by("position"))
        figures = {
            key_figures[name]: value
            for name, value in (
                ("Omsättning", Decimal(turnover) * MKR),
                ("Resultat efter finansiella poster", Decimal(result) * MKR),
                ("Soliditet", Decimal(equity)),
            )
            if name in key_figures
        }
        with dated(at(day, 11), reporter):
            companies.company_report_save(
                report=report,
                company=company,
                result_to_date=Decimal(result) * MKR,
                forecast=Decimal(forecast) * MKR,
                comment=comment,
                figures=figures,
                assessments={goal.pk: verdict for goal, verdict in zip(goals, verdicts, strict=False)},
                expected_version=None,
                actor=reporter,
                today=day,
            )
    CompanyReport.objects.filter(report=report).update(entered_at=at(day, 11))


def _handle_flags(ks: Body, finance: User, day: datetime.date) -> None:
    """KF's October meeting was informed of the care department's deficit (reported to KF); the
    preschool's overrun was handled by postponing the kitchens' equipment (handled)."""
    kf = Body.objects.get(short_name="KF")
    meeting = Meeting.objects.filter(body=kf, date__year=YEAR, date__month=10, extraordinary=False).first()
    care = OrgUnit.objects.filter(name="Vård- och omsorgsavdelningen").first()
    area_flag = DeviationFlag.objects.filter(
        year=YEAR, kind=FlagKind.AREA_DEFICIT, subject=f"unit:{care.pk}" if care else "", state=FlagState.OPEN
    ).first()
    if meeting is not None and area_flag is not None:
        planner = User.objects.get(username=Role.PLANNER)
        with dated(at(meeting.date, 15, 30), planner):
            decision = decision_record(
                meeting=meeting,
                paragraph=max(meeting.decisions.values_list("paragraph", flat=True), default=110) + 1,
                case_number="KS 26/214",
                title="Information om prognostiserat underskott",
                actor=planner,
            )
        reported_on = working_day(meeting.date + datetime.timedelta(days=1))
        with dated(at(reported_on, 9, 30), finance):
            flags.flag_handle(
                flag_id=area_flag.pk,
                year=YEAR,
                expected_version=area_flag.version,
                state=FlagState.REPORTED,
                comment="Kommunfullmäktige informerades om underskottet och åtgärdsplanen i oktober.",
                decision=decision,
                actor=finance,
            )
        DeviationFlag.objects.filter(pk=area_flag.pk).update(handled_at=at(reported_on, 9, 30))
    investment_flag = DeviationFlag.objects.filter(
        year=YEAR, kind=FlagKind.INVESTMENT_OVER, state=FlagState.OPEN
    ).first()
    if investment_flag is not None:
        with dated(at(day, 14), finance):
            flags.flag_handle(
                flag_id=investment_flag.pk,
                year=YEAR,
                expected_version=investment_flag.version,
                state=FlagState.HANDLED,
                comment=(
                    "Kommunstyrelsen har beslutat att skjuta upp storköksutrustningen till 2027; dess "
                    "budget täcker förskolans högre utgifter i år. Projektets totala kalkyl håller."
                ),
                decision=None,
                actor=finance,
            )
        DeviationFlag.objects.filter(pk=investment_flag.pk).update(handled_at=at(day, 14))
