"""Finance's start page: the next KS meeting's economy round, its import, the open deviations (R25, R30)."""

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from economy import summaries
from economy.models import DeviationFlag, FlagKind, ImportStatus, OutcomeImport
from followup.models import ReportKind
from followup.rounds import ensure_rounds
from organisation.models import Meeting
from tests.factories import body_named

NOW = datetime.datetime(2026, 9, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _september_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def meetings(*dates):
    ks = body_named("KS")
    for day in dates:
        Meeting.objects.get_or_create(body=ks, date=day)
    return ensure_rounds(ks, 2026)


def economy_round(rounds, day):
    return next(r for r in rounds if r.kind == ReportKind.ECONOMY and r.meeting.date == day)


def flag(report, n: int) -> DeviationFlag:
    return DeviationFlag.objects.create(
        year=2026,
        kind=FlagKind.AREA_DEFICIT,
        subject=f"unit:{n}",
        title=f"Avvikelse {n}",
        amount=Decimal("900000"),
        first_report=report,
        latest_report=report,
    )


def imported(report, finance, status, name="huvudbok.se"):
    return OutcomeImport.objects.create(
        report=report,
        source="sie",
        status=status,
        file_name=name,
        sha256="0" * 64,
        period_to=datetime.date(2026, 7, 31),
        imported_by=finance,
    )


@pytest.mark.django_db
class TestSelection:
    def test_r25_the_next_meeting_is_today_or_later(self, finance):
        rounds = meetings(datetime.date(2026, 8, 31), datetime.date(2026, 9, 10), datetime.date(2026, 10, 12))
        home = summaries.finance_home(finance, datetime.date(2026, 9, 10))
        assert home.report == economy_round(rounds, datetime.date(2026, 9, 10))
        assert home.dates.cut_off == datetime.date(2026, 7, 31)

    def test_r25_after_the_years_last_meeting_the_next_years_first(self, finance):
        meetings(datetime.date(2026, 3, 1))
        ks = body_named("KS")
        Meeting.objects.create(body=ks, date=datetime.date(2027, 1, 25))
        home = summaries.finance_home(finance, datetime.date(2026, 9, 10))
        assert home.report.meeting.date == datetime.date(2027, 1, 25)

    def test_no_meeting_ahead(self, finance):
        body_named("KS")
        home = summaries.finance_home(finance, datetime.date(2026, 9, 10))
        assert home.report is None
        assert home.open_flags == 0

    def test_the_import_in_force_and_a_preview(self, finance):
        rounds = meetings(datetime.date(2026, 10, 12))
        report = economy_round(rounds, datetime.date(2026, 10, 12))
        imported(report, finance, ImportStatus.REPLACED, "gammal.se")
        in_force = imported(report, finance, ImportStatus.CONFIRMED, "augusti.se")
        preview = imported(report, finance, ImportStatus.PREVIEW, "ny.se")
        home = summaries.finance_home(finance, datetime.date(2026, 9, 10))
        assert (home.in_force, home.pending) == (in_force, preview)

    def test_other_roles_get_none(self, planner, politician):
        meetings(datetime.date(2026, 10, 12))
        assert summaries.finance_home(planner, datetime.date(2026, 9, 10)) is None
        assert summaries.finance_home(politician, datetime.date(2026, 9, 10)) is None


@pytest.mark.django_db
class TestHome:
    def test_r30_finance_sees_the_economy_section(self, client, finance):
        rounds = meetings(datetime.date(2026, 10, 12))
        report = economy_round(rounds, datetime.date(2026, 10, 12))
        imported(report, finance, ImportStatus.CONFIRMED, "augusti.se")
        flag(report, 1)
        flag(report, 2)
        client.force_login(finance)
        page = text(client.get(reverse("home")))
        assert 'id="economy-heading"' in page
        assert "augusti.se" in page
        assert reverse("economy:import", args=[2026, report.slug]) in page
        assert reverse("economy:round", args=[2026, report.slug]) in page
        assert reverse("economy:flags", args=[2026]) in page
        assert "2 öppna avvikelser" in page or "2 open deviations" in page

    def test_others_do_not_see_it(self, client, planner):
        meetings(datetime.date(2026, 10, 12))
        client.force_login(planner)
        assert 'id="economy-heading"' not in text(client.get(reverse("home")))

    def test_r30_the_home_page_runs_a_constant_number_of_queries(
        self, client, finance, django_assert_num_queries
    ):
        rounds = meetings(datetime.date(2026, 10, 12))
        report = economy_round(rounds, datetime.date(2026, 10, 12))
        imported(report, finance, ImportStatus.CONFIRMED)
        flag(report, 0)
        client.force_login(finance)
        client.get(reverse("home"))
        # session, user, roles; assignments; your deadlines; over the frame: distributions, budget
        # versions (2); the economy: KS, the year's meetings and rounds (2), the round's imports, the open
        # deviations; the municipality's name
        with django_assert_num_queries(13) as small:
            client.get(reverse("home"))
        for n in range(1, 11):
            flag(report, n)
            imported(report, finance, ImportStatus.REPLACED, f"gammal-{n}.se")
        meetings(*(datetime.date(2026, 11, d) for d in range(2, 12)))
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(reverse("home"))
