"""The outcome import of a round (R25): upload, background read, preview, confirm; SIE and the
spreadsheet layout, all or nothing; the pages and who may use them."""

import csv
import datetime
import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from budget.money import format_tkr
from economy import imports
from economy.imports import import_confirm, import_discard, import_upload, read_import
from economy.models import (
    AreaForecast,
    Category,
    ImportSource,
    ImportStatus,
    ObjectMapping,
    Outcome,
    OutcomeImport,
    ProjectOutcome,
)
from followup.models import InputOverride, Report, ReportKind
from insyn.public import is_stamp
from organisation.models import OrgUnit, Role
from tests.economy.sie_files import compose, header, psaldo_file, psaldo_records
from tests.factories import FrameDistributionFactory, OrgUnitFactory, UserFactory, ks_round

# 10 May 2026: the tertial round (cut-off 30 April) is open; the wheel has no KS meeting, so it stays open.
# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 10)


def text(response) -> str:
    return html.unescape(response.content.decode())


def areas(count: int = 2, *, start: int = 0) -> list[OrgUnit]:
    """Activity areas of KS's distribution for 2026, with cost centres 400, 410, ..."""
    made = []
    for number in range(start, start + count):
        unit = OrgUnitFactory(
            name=f"Område {number:03}", kind=OrgUnit.Kind.DEPARTMENT, cost_centre=str(400 + 10 * number)
        )
        FrameDistributionFactory(unit=unit, amount=Decimal("1000000"), revenue=Decimal("100000"))
        made.append(unit)
    return made


GOOD_ROWS = [
    ("3010", {1: "400"}, "-1200.00"),
    ("4010", {1: "400"}, "5000.00"),
    ("4010", {1: "410"}, "2500.50"),
    ("8010", {}, "-90000.00"),
]


def sie_file(rows=GOOD_ROWS, *, period: str = "202604", **kw) -> bytes:
    return psaldo_file(rows, period=period, **kw)


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload a file and run the reading queued on commit; the import as it is after the reading."""

    def upload(report, data, actor, *, name="utfall.se", through=None) -> OutcomeImport:
        with django_capture_on_commit_callbacks(execute=True):
            created = import_upload(
                report=report, data=data, file_name=name, actor=actor, today=TODAY, through=through
            )
        created.refresh_from_db()
        return created

    return upload


def preview_url(outcome_import: OutcomeImport) -> str:
    report = outcome_import.report
    return reverse("economy:import_preview", args=[report.year, report.slug, outcome_import.pk])


def import_url(report: Report) -> str:
    return reverse("economy:import", args=[report.year, report.slug])


def sheet_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(imports.LAYOUT)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sheet_xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(imports.LAYOUT)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
class TestTheService:
    def test_r25_a_sie_file_is_read_through_celery_into_a_preview(self, finance, upload):
        first, second = areas(2)
        ObjectMapping.objects.create(dimension=6, code="P12", project="Förskola Åkervägen")
        rows = [*GOOD_ROWS, ("1290", {1: "400", 6: "P12"}, "300000.00")]
        created = upload(ks_round(), sie_file(rows), finance)
        assert created.status == ImportStatus.PREVIEW
        assert created.source == ImportSource.SIE
        assert created.progress == 100
        assert created.period_to == datetime.date(2026, 4, 30)
        assert created.fiscal_year_start == datetime.date(2026, 1, 1)
        assert created.organisation == "Ånge kommun"
        assert created.sie_type == "3"
        assert created.lines_read > 0
        assert len(created.sha256) == 64
        outcomes = {(o.unit_id, o.category): o.amount for o in Outcome.objects.filter(outcome_import=created)}
        assert outcomes[(first.pk, Category.REVENUE)] == Decimal("1200.00")
        assert outcomes[(first.pk, Category.COSTS)] == Decimal("5000.00")
        assert outcomes[(second.pk, Category.COSTS)] == Decimal("2500.50")
        assert ProjectOutcome.objects.get(outcome_import=created).amount == Decimal("300000.00")
        # Tax revenue booked without an area object is told, not lost.
        assert any(w["kind"] == "without_object" for w in created.warnings)

    def test_the_task_runs_only_after_the_upload_is_committed(
        self, finance, django_capture_on_commit_callbacks
    ):
        areas(1)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            created = import_upload(
                report=ks_round(), data=sie_file(), file_name="a.se", actor=finance, today=TODAY
            )
        created.refresh_from_db()
        assert created.status == ImportStatus.READING
        tasks = [callback for callback in callbacks if not is_stamp(callback)]  # not the public stamp
        assert len(tasks) == 1
        tasks[0]()
        created.refresh_from_db()
        assert created.status == ImportStatus.PREVIEW

    def test_the_import_is_refused_in_a_locked_round(self, finance, upload):
        report = ks_round()
        Report.objects.filter(pk=report.pk).update(input_override=InputOverride.CLOSED)
        report.refresh_from_db()
        with pytest.raises(ValidationError, match="låst|locked"):
            upload(report, sie_file(), finance)
        assert not OutcomeImport.objects.exists()

    def test_the_import_is_refused_before_the_cut_off(self, finance):
        with pytest.raises(ValidationError):
            import_upload(
                report=ks_round(),
                data=sie_file(),
                file_name="a.se",
                actor=finance,
                today=datetime.date(2026, 4, 1),
            )

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.SYSADMIN])
    def test_only_finance_imports(self, role):
        with pytest.raises(ValidationError):
            import_upload(
                report=ks_round(),
                data=sie_file(),
                file_name="a.se",
                actor=UserFactory(role=role),
                today=TODAY,
            )

    @override_settings(ECONOMY_IMPORT_MAX_BYTES=100)
    def test_a_file_over_the_bound_is_refused_unread(self, finance):
        with pytest.raises(ValidationError) as refused:
            import_upload(report=ks_round(), data=sie_file(), file_name="a.se", actor=finance, today=TODAY)
        assert "file" in refused.value.message_dict
        assert not OutcomeImport.objects.exists()

    def test_all_or_nothing_one_bad_line_writes_no_outcome(self, finance, upload):
        areas(2)
        records = header(sie_type="3") + psaldo_records(GOOD_ROWS, period="202604")
        bad_line = len(records) + 1
        records.append('#PSALDO 0 202604 4010 {1 "400"} 12,3,4 0')
        created = upload(ks_round(), compose(records), finance)
        assert created.status == ImportStatus.REFUSED
        assert not Outcome.objects.exists()
        assert not ProjectOutcome.objects.exists()
        assert any(p["line"] == bad_line and p["tag"] == "#PSALDO" for p in created.problems), (
            created.problems
        )

    def test_a_file_of_another_year_is_refused(self, finance, upload):
        areas(1)
        created = upload(ks_round(), sie_file(period="202504", year=2025), finance)
        assert created.status == ImportStatus.REFUSED
        assert created.problems[0]["tag"] == "#RAR"
        assert "2026" in created.problems[0]["message"]
        assert not Outcome.objects.exists()

    def test_an_outcome_past_the_cut_off_is_a_warning_not_a_refusal(self, finance, upload):
        areas(2)
        created = upload(ks_round(), sie_file(period="202606"), finance)
        assert created.status == ImportStatus.PREVIEW
        assert any(w["kind"] == "past_cut_off" for w in created.warnings)

    def test_an_unmapped_object_is_a_warning_with_its_amount(self, finance, upload):
        areas(1)
        rows = [("4010", {1: "999"}, "700.00")]
        created = upload(ks_round(), sie_file(rows), finance)
        assert created.status == ImportStatus.PREVIEW
        unmapped = [w for w in created.warnings if w["kind"] == "unmapped"]
        assert unmapped == [{"kind": "unmapped", "object": "1 999", "amount": "700.00"}]
        assert "1 999" in imports.warning_text(unmapped[0])

    def test_r25_preview_then_confirm_replaces_the_earlier_import_and_keeps_the_forecast(
        self, finance, upload
    ):
        first, _second = areas(2)
        report = ks_round()
        forecast = AreaForecast.objects.create(
            report=report, unit=first, revenue=Decimal("100"), costs=Decimal("200"), entered_by=finance
        )
        earlier = upload(report, sie_file(), finance)
        import_confirm(outcome_import=earlier, actor=finance, today=TODAY)
        later = upload(report, sie_file(GOOD_ROWS[:2]), finance)
        import_confirm(outcome_import=later, actor=finance, today=TODAY)
        earlier.refresh_from_db()
        later.refresh_from_db()
        assert earlier.status == ImportStatus.REPLACED
        assert later.status == ImportStatus.CONFIRMED
        assert later.confirmed_by == finance
        assert later.confirmed_at is not None
        assert later.history.first().history_user == finance
        # The forecast is never touched by an import.
        kept = AreaForecast.objects.get(pk=forecast.pk)
        assert (kept.revenue, kept.costs, kept.version) == (Decimal("100"), Decimal("200"), forecast.version)

    def test_only_a_preview_is_confirmed_or_discarded(self, finance, upload):
        areas(1)
        created = upload(ks_round(), sie_file(), finance)
        import_discard(outcome_import=created, actor=finance)
        created.refresh_from_db()
        assert created.status == ImportStatus.DISCARDED
        with pytest.raises(ValidationError):
            import_confirm(outcome_import=created, actor=finance, today=TODAY)
        with pytest.raises(ValidationError):
            import_discard(outcome_import=created, actor=finance)

    def test_confirm_is_refused_in_a_locked_round(self, finance, upload):
        areas(1)
        report = ks_round()
        created = upload(report, sie_file(), finance)
        Report.objects.filter(pk=report.pk).update(input_override=InputOverride.CLOSED)
        with pytest.raises(ValidationError):
            import_confirm(outcome_import=created, actor=finance, today=TODAY)
        created.refresh_from_db()
        assert created.status == ImportStatus.PREVIEW

    def test_reading_twice_writes_once(self, finance, upload):
        areas(1)
        created = upload(ks_round(), sie_file(), finance)
        count = Outcome.objects.count()
        read_import(created.pk)
        assert Outcome.objects.count() == count


@pytest.mark.django_db
class TestTheSpreadsheetLayout:
    def test_r25_a_csv_file_is_read_with_the_month_given(self, finance, upload):
        first, second = areas(2)
        ObjectMapping.objects.create(dimension=6, code="P12", project="Förskola Åkervägen")
        data = sheet_csv(
            [["400", "3010", "", "-1 200,00"], ["400", "4010", "", "5000"], ["410", "4010", "P12", "2500,50"]]
        )
        created = upload(ks_round(), data, finance, name="utfall.csv", through=datetime.date(2026, 4, 30))
        assert created.status == ImportStatus.PREVIEW, created.problems
        assert created.source == ImportSource.SPREADSHEET
        assert created.period_to == datetime.date(2026, 4, 30)
        outcomes = {(o.unit_id, o.category): o.amount for o in Outcome.objects.filter(outcome_import=created)}
        assert outcomes == {
            (first.pk, Category.REVENUE): Decimal("1200.00"),
            (first.pk, Category.COSTS): Decimal("5000"),
            (second.pk, Category.COSTS): Decimal("2500.50"),
        }
        assert ProjectOutcome.objects.get(outcome_import=created).amount == Decimal("2500.50")

    def test_a_csv_bad_cell_is_named_by_row_and_column_and_nothing_is_written(self, finance, upload):
        areas(2)
        data = sheet_csv(
            [["400", "4010", "", "5000"], ["410", "40x0", "", "12"], ["410", "4010", "", "tolv"]]
        )
        created = upload(ks_round(), data, finance, name="u.csv", through=datetime.date(2026, 4, 30))
        assert created.status == ImportStatus.REFUSED
        assert not Outcome.objects.exists()
        named = {(p["line"], p["tag"]) for p in created.problems}
        assert (3, "B (Konto)") in named
        assert (4, "D (Belopp (kr))") in named

    def test_an_xlsx_bad_cell_is_named_by_row_and_column(self, finance, upload):
        areas(1)
        data = sheet_xlsx([["400", 4010, None, 5000.5], ["400", 4010, None, "fem"]])
        created = upload(ks_round(), data, finance, name="u.xlsx", through=datetime.date(2026, 4, 30))
        assert created.status == ImportStatus.REFUSED
        assert [(p["line"], p["tag"]) for p in created.problems] == [(3, "D (Belopp (kr))")]
        assert not Outcome.objects.exists()

    def test_an_xlsx_file_is_read(self, finance, upload):
        (first,) = areas(1)
        data = sheet_xlsx([[400, 4010, None, 5000.5], ["400", "3010", "", -100]])
        created = upload(ks_round(), data, finance, name="u.xlsx", through=datetime.date(2026, 3, 31))
        assert created.status == ImportStatus.PREVIEW, created.problems
        outcomes = {(o.unit_id, o.category): o.amount for o in Outcome.objects.filter(outcome_import=created)}
        assert outcomes == {
            (first.pk, Category.COSTS): Decimal("5000.5"),
            (first.pk, Category.REVENUE): Decimal("100"),
        }

    def test_a_missing_column_is_named(self, finance, upload):
        data = b"Ansvar;Konto\n400;4010\n"
        created = upload(ks_round(), data, finance, name="u.csv", through=datetime.date(2026, 4, 30))
        assert created.status == ImportStatus.REFUSED
        assert "Belopp (kr)" in created.problems[0]["message"]

    def test_a_spreadsheet_needs_the_month(self, finance):
        with pytest.raises(ValidationError) as refused:
            import_upload(
                report=ks_round(),
                data=sheet_csv([["400", "4010", "", "1"]]),
                file_name="u.csv",
                actor=finance,
                today=TODAY,
            )
        assert "through" in refused.value.message_dict


@pytest.mark.django_db
class TestTheUploadPage:
    def test_finance_uploads_and_is_taken_to_the_preview(
        self, client, finance, django_capture_on_commit_callbacks
    ):
        areas(2)
        report = ks_round()
        client.force_login(finance)
        assert client.get(import_url(report)).status_code == 200
        upload_file = io.BytesIO(sie_file())
        upload_file.name = "utfall.se"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(import_url(report), {"file": upload_file, "through": ""})
        created = OutcomeImport.objects.get()
        assert response.status_code == 302
        assert response.url == preview_url(created)
        page = text(client.get(response.url))
        assert "Område 000" in page
        assert 'value="confirm"' in page
        # The area's row shows its revenue, costs and net cost as the import's rows give them.
        first = OrgUnit.objects.get(name="Område 000")
        amounts = {row.category: row.amount for row in Outcome.objects.filter(unit=first)}
        revenue, costs = amounts.get(Category.REVENUE, 0), amounts.get(Category.COSTS, 0)
        assert costs  # the file has costs on the area
        row = re.search(r'<th scope="row">Område 000</th>(.*?)</tr>', page, re.S).group(1)
        assert [format_tkr(revenue), format_tkr(costs), format_tkr(costs - revenue)] == re.findall(
            r'<td class="num">(.*?)</td>', row
        )
        response = client.post(preview_url(created), {"action": "confirm"})
        assert response.status_code == 302
        assert response.url == reverse("economy:round", args=[report.year, report.slug])
        created.refresh_from_db()
        assert created.status == ImportStatus.CONFIRMED
        assert "utfall.se" in text(client.get(import_url(report)))

    def test_a_refused_file_lists_every_problem(self, client, finance, upload):
        report = ks_round()
        created = upload(report, compose([*header(sie_type="3"), "#PSALDO 0 202604 4010 {} tolv 0"]), finance)
        client.force_login(finance)
        page = text(client.get(preview_url(created)))
        assert 'id="import-problems"' in page
        assert "#PSALDO" in page
        assert 'value="confirm"' not in page

    def test_a_file_being_read_polls_and_falls_back_to_a_refresh(self, client, finance):
        report = ks_round()
        with time_machine.travel(NOW):
            created = import_upload(
                report=report, data=sie_file(), file_name="a.se", actor=finance, today=TODAY
            )
        client.force_login(finance)
        page = text(client.get(preview_url(created)))
        assert 'data-hx-trigger="every 1s"' in page
        assert 'aria-live="polite"' in page
        assert 'http-equiv="refresh"' in page
        partial = client.get(preview_url(created), headers={"HX-Request": "true"})
        assert "<html" not in text(partial)
        read_import(created.pk)
        done = client.get(preview_url(created), headers={"HX-Request": "true"})
        assert done.headers.get("HX-Refresh") == "true"

    def test_the_form_shows_the_services_refusal_next_to_the_field(self, client, finance):
        client.force_login(finance)
        upload_file = io.BytesIO(sheet_csv([["400", "4010", "", "1"]]))
        upload_file.name = "u.csv"
        response = client.post(import_url(ks_round()), {"file": upload_file, "through": ""})
        assert response.status_code == 200
        assert 'id="import-through_error"' in text(response)
        assert not OutcomeImport.objects.exists()

    def test_a_locked_round_shows_no_upload_form(self, client, finance):
        report = ks_round()
        Report.objects.filter(pk=report.pk).update(input_override=InputOverride.CLOSED)
        client.force_login(finance)
        page = text(client.get(import_url(report)))
        assert 'id="import-form"' not in page

    @pytest.mark.parametrize(
        "role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.SYSADMIN, Role.COMPANY_REPORTER]
    )
    def test_other_roles_are_refused_both_pages(self, client, role, finance, upload):
        areas(1)
        report = ks_round()
        created = upload(report, sie_file(), finance)
        client.force_login(UserFactory(role=role))
        for url in (import_url(report), preview_url(created)):
            assert client.get(url).status_code in (403, 404)
            assert client.post(url, {"action": "confirm"}).status_code in (403, 404)
        created.refresh_from_db()
        assert created.status == ImportStatus.PREVIEW

    def test_a_planner_reads_but_may_not_upload_or_confirm(self, client, planner, finance, upload):
        areas(1)
        report = ks_round()
        created = upload(report, sie_file(), finance)
        client.force_login(planner)
        page = text(client.get(import_url(report)))
        assert "utfall.se" in page
        assert 'id="import-form"' not in page
        assert 'value="confirm"' not in text(client.get(preview_url(created)))
        assert client.post(import_url(report), {}).status_code == 403
        assert client.post(preview_url(created), {"action": "confirm"}).status_code == 403
        created.refresh_from_db()
        assert created.status == ImportStatus.PREVIEW

    def test_an_import_of_another_round_is_not_found(self, client, finance, upload):
        areas(1)
        created = upload(ks_round(), sie_file(), finance)
        other = ks_round(ReportKind.INTERIM)
        client.force_login(finance)
        url = reverse("economy:import_preview", args=[other.year, other.slug, created.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "confirm"}).status_code == 404

    def test_the_template_is_a_workbook_of_the_layout(self, client, finance):
        client.force_login(finance)
        report = ks_round()
        response = client.get(reverse("economy:import_template", args=[report.year, report.slug]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == imports.LAYOUT

    def test_the_preview_runs_a_constant_number_of_queries(
        self, client, finance, django_assert_num_queries, upload
    ):
        report = ks_round()
        client.force_login(finance)
        for count, start in ((2, 0), (20, 2)):  # 1× and 10× the activity areas
            made = areas(count, start=start)
            rows = [("4010", {1: u.cost_centre}, "100.00") for u in made]
            created = upload(report, sie_file(rows), finance)
            # The round: its body's report and time zone reads, session, user, roles, KS, meetings, the
            # year's rounds, the wheel's dates; the page: the import, the unit tree, the year's areas,
            # the outcome rows, the project rows, the import in force; the base template's municipality.
            with django_assert_num_queries(15):
                assert client.get(preview_url(created)).status_code == 200
