"""Finance's start page: the next KS meeting's economy round, its import, the open deviations (R25, R30)."""

import datetime
import html

import pytest
from django.urls import reverse

from economy import summaries
from economy.models import ImportStatus
from followup.models import ReportKind
from followup.rounds import ensure_rounds
from organisation.models import Meeting
from tests.factories import DeviationFlagFactory, OutcomeImportFactory, body_named, ks_round

# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 9, 10, 9, tzinfo=datetime.UTC)


def text(response) -> str:
    return html.unescape(response.content.decode())


def meetings(*dates) -> None:
    """KS's meetings on these days of 2026, with their economy rounds."""
    ks = body_named("KS")
    for day in dates:
        Meeting.objects.get_or_create(body=ks, date=day)
    ensure_rounds(ks, 2026)


def imported(report, finance, status, name="huvudbok.se"):
    return OutcomeImportFactory(
        report=report,
        status=status,
        file_name=name,
        period_to=datetime.date(2026, 7, 31),
        imported_by=finance,
    )


@pytest.mark.django_db
class TestSelection:
    def test_r25_the_next_meeting_is_today_or_later(self, finance):
        meetings(datetime.date(2026, 8, 31), datetime.date(2026, 9, 10), datetime.date(2026, 10, 12))
        home = summaries.finance_home(finance, datetime.date(2026, 9, 10))
        assert home.report == ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 9, 10))
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
        meetings(datetime.date(2026, 10, 12))
        report = ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 10, 12))
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
        meetings(datetime.date(2026, 10, 12))
        report = ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 10, 12))
        imported(report, finance, ImportStatus.CONFIRMED, "augusti.se")
        DeviationFlagFactory(first_report=report)
        DeviationFlagFactory(first_report=report)
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
        meetings(datetime.date(2026, 10, 12))
        report = ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 10, 12))
        imported(report, finance, ImportStatus.CONFIRMED)
        DeviationFlagFactory(first_report=report)
        client.force_login(finance)
        client.get(reverse("home"))
        # session, user, roles; assignments; your deadlines; over the frame: distributions, budget
        # versions (2); the economy: KS, the year's meetings and rounds (2), the round's imports, the open
        # deviations; the municipality's name
        with django_assert_num_queries(13) as small:
            client.get(reverse("home"))
        for n in range(1, 11):
            DeviationFlagFactory(first_report=report)
            imported(report, finance, ImportStatus.REPLACED, f"gammal-{n}.se")
        meetings(*(datetime.date(2026, 11, d) for d in range(2, 12)))
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(reverse("home"))
