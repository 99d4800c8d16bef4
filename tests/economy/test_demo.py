"""The economy's demo: the committed SIE files are the generator's, they parse and add up, and the seed
leaves a full year of rounds with every kind of deviation, once."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from budget.demo import DISTRIBUTION_2026, REVENUE_2026
from budget.models import FrameDistribution
from economy import demo_sie, sie
from economy.figures import round_economy
from economy.models import (
    AreaForecast,
    CompanyReport,
    DeviationFlag,
    FlagKind,
    FlagState,
    ImportStatus,
    InvestmentFollowup,
    OutcomeImport,
    OwnerDirectiveGoal,
)
from followup.models import Report, ReportKind
from organisation.models import Decision

# The module's fixture seeds outside the tests' transactions and empties the database after. The mark
# makes pytest-django set up the test database even when this module runs alone (else the seed would
# run against the configured one), and, as transactional, run the module with the tests that empty the
# database anyway: after every test that relies on what the migrations seed (the account classes).
pytestmark = pytest.mark.django_db(transaction=True)

MODELS = (OutcomeImport, AreaForecast, InvestmentFollowup, CompanyReport, DeviationFlag, OwnerDirectiveGoal)


def test_committed_files_are_the_generators_output():
    generated = demo_sie.files()
    committed = {path.name: path.read_bytes() for path in demo_sie.FOLDER.glob("*.se")}
    assert committed == generated
    assert sorted(generated) == [f"ange-2026-{month:02d}.se" for month in range(1, 11)]
    assert all(len(data) < 200_000 for data in generated.values())


def test_files_are_latin1_without_format_and_psaldo_adds_up_to_res():
    for name, data in demo_sie.files().items():
        books = sie.parse(data)
        assert (books.encoding, books.sie_type, books.source) == ("latin-1", "4", "psaldo"), name
        assert books.organisation == "Ånge kommun"
        assert b"#FORMAT" not in data
        month = int(name[10:12])
        assert books.last_period.month == month
        res = {}
        for line in data.decode("latin-1").splitlines():
            if line.startswith("#RES 0 "):
                _label, _year, account, amount = line.split()
                res[account] = Decimal(amount)
        totals = {account: amount for (account, objects), amount in books.balances.items() if not objects}
        assert res == {account: amount for account, amount in totals.items() if account[0] in "345678"}
        # The {} rows are the sums of the object rows.
        for account, total in totals.items():
            by_object = sum(a for (acc, objects), a in books.balances.items() if acc == account and objects)
            assert by_object == total, (name, account)
        assert books.verifications == 3


def test_the_generator_and_the_budget_agree_on_the_distribution():
    for _code, (name, net, revenue) in demo_sie.DEPARTMENTS.items():
        assert DISTRIBUTION_2026[name] == net
        assert REVENUE_2026[name] == revenue
        assert Decimal("0.10") <= revenue / net <= Decimal("0.25")


def _facts() -> dict:
    ks_rounds = Report.objects.filter(body__short_name="KS", year=2026)
    december = ks_rounds.get(kind=ReportKind.ECONOMY, meeting__date="2026-12-01")
    economy = round_economy(december)
    flags = list(DeviationFlag.objects.filter(year=2026))
    return {
        "in_force": sorted(
            (r.kind, r.meeting.date.isoformat() if r.meeting else "", oi.period_to.month)
            for oi in OutcomeImport.objects.filter(status=ImportStatus.CONFIRMED).select_related(
                "report__meeting"
            )
            for r in [oi.report]
        ),
        "imports": OutcomeImport.objects.count(),
        "flagged_areas": sorted(row.unit.name for row in economy.flagged_areas),
        "total_flagged": economy.total.flagged,
        "december_forecasts": AreaForecast.objects.filter(report=december).count(),
        "december_summary": economy.summary is not None,
        "over_budget": sorted(
            f.project.name
            for f in InvestmentFollowup.objects.filter(report=december).select_related("project")
            if f.forecast > Decimal("18000000") and f.project.name == "Ny förskola i Ånge"
        ),
        "statuses": set(InvestmentFollowup.objects.values_list("status", flat=True)),
        "company_reports": sorted(CompanyReport.objects.values_list("report__kind", "company__cost_centre")),
        "loss": list(CompanyReport.objects.filter(forecast__lt=0).values_list("report__kind", flat=True)),
        "flag_kinds": {f.kind for f in flags},
        "handled": [(f.kind, f.comment != "") for f in flags if f.state == FlagState.HANDLED],
        "reported": [
            (f.kind, f.decision.meeting.body.short_name, f.decision.meeting.date.month, f.decision.title)
            for f in flags
            if f.state == FlagState.REPORTED
        ],
        "distribution": sorted(
            (row.year, row.unit.name, row.revenue > 0)
            for row in FrameDistribution.objects.filter(body__short_name="KS").select_related("unit")
        ),
        "counts": [model.objects.count() for model in MODELS] + [Decision.objects.count()],
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded once (slow), its facts read, seeded again, and the database emptied."""
    private = tmp_path_factory.mktemp("private")
    with override_settings(PRIVATE_MEDIA_ROOT=private), django_db_blocker.unblock():
        try:
            call_command("seed_demo", "--quiet-logins")
            facts = _facts()
            call_command("seed_demo", "--quiet-logins")
            facts["counts_again"] = _facts()["counts"]
        finally:
            call_command("flush", "--no-input", verbosity=0)
    return facts


def test_r25_every_round_the_books_reach_has_its_outcome_in_force(seeded):
    months = {(kind, meeting): month for kind, meeting, month in seeded["in_force"]}
    assert months[ReportKind.TERTIAL, ""] == 4
    assert months[ReportKind.INTERIM, ""] == 8
    # KS's meetings from March (January's books) to December (October's).
    economy = sorted(
        (meeting, month) for (kind, meeting), month in months.items() if kind == ReportKind.ECONOMY
    )
    assert economy[0] == ("2026-03-03", 1)
    assert economy[-1] == ("2026-12-01", 10)
    assert len(economy) == 9
    assert seeded["imports"] == 11


def test_r25_r30_two_areas_and_ks_run_a_deficit_in_the_latest_round(seeded):
    assert seeded["flagged_areas"] == ["Individ- och familjeomsorgen", "Vård- och omsorgsavdelningen"]
    assert seeded["total_flagged"] is True
    assert seeded["december_forecasts"] == 5
    assert seeded["december_summary"] is True
    assert seeded["over_budget"] == ["Ny förskola i Ånge"]
    assert seeded["statuses"] == {"ej_startad", "pagar", "klar", "uppskjuten"}


def test_r29_companies_report_in_the_tertial_and_interim_reports(seeded):
    assert seeded["company_reports"] == [
        ("delar", "9100"),
        ("delar", "9200"),
        ("tertial", "9100"),
        ("tertial", "9200"),
    ]
    assert seeded["loss"] == ["delar"]


def test_r30_flags_of_every_kind_one_handled_and_one_reported_to_kf(seeded):
    assert seeded["flag_kinds"] == set(FlagKind.values)
    assert seeded["handled"] == [(FlagKind.INVESTMENT_OVER, True)]
    assert seeded["reported"] == [
        (FlagKind.AREA_DEFICIT, "KF", 10, "Information om prognostiserat underskott")
    ]


def test_the_distribution_has_revenue_for_2026_and_2027(seeded):
    years = {(year, has_revenue) for year, _name, has_revenue in seeded["distribution"]}
    assert years == {(2026, True), (2027, True)}
    assert len(seeded["distribution"]) == 10


def test_seeding_twice_adds_nothing(seeded):
    assert seeded["counts_again"] == seeded["counts"]
