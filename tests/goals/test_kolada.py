"""The Kolada import: client, service, command, task and panel, against recorded responses.

Kolada itself is never contacted: pytest-httpserver replays the recordings in tests/goals/kolada/
(the same files the command's --file mode reads), with the live host rewritten to the local one.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.urls import include, path, reverse
from werkzeug import Request, Response

from goals.kolada import KoladaClient
from goals.kolada_import import kolada_import, start_kolada_import
from goals.management.commands.import_kolada import Command as ImportKoladaCommand
from goals.models import Indicator, IndicatorValue, KoladaImport
from goals.selectors import kolada_panel_context
from goals.tasks import run_kolada_import
from goals.views import kolada as kolada_views
from insyn.public import is_stamp
from organisation.models import OrgUnit, Role
from tests.factories import OrgUnitFactory

RECORDINGS = Path(__file__).resolve().parent / "kolada"
LIVE_BASE = "https://api.kolada.se/v3"
IDS = ["N00945", "N01951"]
META = "/kpi/N00945,N01951?per_page=5000"
PAGE_1 = "/data/kpi/N00945,N01951/municipality/2260?per_page=5000"
PAGE_2 = "/data/kpi/N00945,N01951/municipality/2260?page=2&per_page=5000"
COUNTRY_PAGE = "/data/kpi/N00945,N01951/municipality/0000?per_page=5000"
DONE, FAILED = KoladaImport.State.DONE, KoladaImport.State.FAILED


def _goals_patterns() -> list:
    """goals.urls with the Kolada views, and a stand-in indicators page, until the lead wires them."""
    from goals import urls as goals_urls

    patterns = list(goals_urls.urlpatterns)
    names = {getattr(pattern, "name", None) for pattern in patterns}
    if "kolada_start" not in names:
        patterns += [
            path("nyckeltal/kolada/", kolada_views.kolada_import_start, name="kolada_start"),
            path("nyckeltal/kolada/status/", kolada_views.kolada_import_status, name="kolada_status"),
        ]
    if "indicators" not in names:
        patterns.append(path("nyckeltal/", lambda request: HttpResponse("Nyckeltal"), name="indicators"))
    return patterns


def _urlpatterns() -> list:
    from styrmodell import urls as root_urls

    others = [p for p in root_urls.urlpatterns if getattr(p, "namespace", None) != "goals"]
    return [path("mal/", include((_goals_patterns(), "goals"))), *others]


urlpatterns = _urlpatterns()


def recording(name: str = "paging_next_url.json") -> dict:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def serve(httpserver, recorded: dict, replace: dict[str, Callable[[Request], Response]] | None = None) -> str:
    """Answer each recorded request from the local server (or a replacing handler); returns the base URL."""
    base = httpserver.url_for("/v3")
    replace = replace or {}
    for key, body in recorded.items():
        if key.startswith("/"):
            where = _expect(httpserver, key)
            if key in replace:
                where.respond_with_handler(replace[key])
            else:
                text = json.dumps(body, ensure_ascii=False).replace(LIVE_BASE, base)
                where.respond_with_data(text, content_type="application/json")
    return base


def _expect(httpserver, key: str, **kwargs):
    route, _, query = key.partition("?")
    return httpserver.expect_request("/v3" + route, query_string=dict(parse_qsl(query)), **kwargs)


def run_import(
    base_url: str,
    *,
    kpi_ids: list[str] | None = IDS,
    year_from: int | None = None,
    code: str = "2260",
    **options,
) -> KoladaImport:
    run = KoladaImport.objects.create(kpi_ids=kpi_ids or [], year_from=year_from)
    options = {"timeout": 5, "sleep": lambda seconds: None, **options}
    with KoladaClient(base_url, **options) as client:
        return kolada_import(
            run=run, client=client, kpi_ids=kpi_ids, year_from=year_from, municipality_code=code
        )


def stored(kpi: str, municipality: str, year: int, gender: str = "T") -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__kolada_id=kpi, municipality=municipality, year=year, gender=gender
    )


def snapshot() -> tuple:
    """Everything an import may write, to compare before and after a failed one."""
    return (
        list(
            Indicator.objects.order_by("kolada_id").values_list(
                "kolada_id", "title", "description", "is_divided_by_gender", "metadata_fetched_at"
            )
        ),
        list(
            IndicatorValue.objects.order_by(
                "indicator__kolada_id", "municipality", "year", "gender"
            ).values_list(
                "indicator__kolada_id",
                "municipality",
                "year",
                "gender",
                "value",
                "kolada_status",
                "fetched_at",
            )
        ),
        Indicator.history.count(),
        IndicatorValue.history.count(),
    )


def requested(httpserver) -> list[str]:
    return [f"{request.path}?{request.query_string.decode()}" for request, _ in httpserver.log]


def municipality(code: str = "2260") -> OrgUnit:
    return OrgUnitFactory(
        name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, parent=None, cost_centre="", kolada_code=code
    )


@pytest.mark.django_db
class TestSuccessfulImport:
    def test_import_follows_next_url_paging(self, httpserver):
        base = serve(httpserver, recording("paging_next_url.json"))
        run = run_import(base)
        assert run.state == DONE, run.message
        assert "/v3/data/kpi/N00945,N01951/municipality/2260?page=2&per_page=5000" in requested(httpserver)
        assert stored("N01951", "2260", 2024).value == Decimal("9312")  # from page 2
        assert run.values_created == IndicatorValue.objects.count() == 12
        assert run.message == "Klart: 12 nya värden, 0 ändrade, 2 nyckeltal uppdaterade."

    def test_import_follows_relative_next_page_paging(self, httpserver):
        base = serve(httpserver, recording("paging_next_page.json"))
        run = run_import(base)
        assert run.state == DONE, run.message
        assert sum("page=2" in r for r in requested(httpserver)) == 2  # the municipality's and the country's
        assert stored("N00945", "0000", 2024, "M").value == Decimal("27.8")  # from the country's page 2
        assert IndicatorValue.objects.count() == 12

    def test_first_pages_ask_for_5000_a_page(self, httpserver):
        run_import(serve(httpserver, recording()))
        first_pages = [r for r in requested(httpserver) if "page=" not in r.replace("per_page", "")]
        assert first_pages
        assert all(r.endswith("?per_page=5000") for r in first_pages)

    def test_values_for_the_municipality_and_the_country(self, httpserver):
        run_import(serve(httpserver, recording()))
        assert stored("N01951", "2260", 2023).value == Decimal("9405")
        assert stored("N01951", "0000", 2024).value == Decimal("10587710")
        assert set(IndicatorValue.objects.values_list("municipality", flat=True)) == {"2260", "0000"}

    def test_gender_splits_are_stored_separately(self, httpserver):
        run_import(serve(httpserver, recording()))
        values = {
            v.gender: v.value
            for v in IndicatorValue.objects.filter(municipality="2260", year=2023).filter(
                indicator__kolada_id="N00945"
            )
        }
        assert values == {"T": Decimal("30.9"), "K": Decimal("32.1"), "M": Decimal("29.8")}

    def test_null_value_is_stored_as_none_with_its_status(self, httpserver):
        run_import(serve(httpserver, recording()))
        women = stored("N00945", "2260", 2024, "K")
        assert women.value is None
        assert women.kolada_status == "B"

    def test_metadata_creates_and_updates_indicators(self, httpserver):
        Indicator.objects.create(
            kolada_id="N01951", title="Gammal titel", unit="antal", higher_is_better=False
        )
        run = run_import(serve(httpserver, recording()))
        existing, created = (
            Indicator.objects.get(kolada_id="N01951"),
            Indicator.objects.get(kolada_id="N00945"),
        )
        assert existing.title == "Invånare totalt, antal"
        assert (existing.unit, existing.higher_is_better) == ("antal", False)  # ours, not Kolada's
        assert created.source == Indicator.Source.KOLADA
        assert created.is_divided_by_gender
        assert not existing.is_divided_by_gender
        assert created.metadata_fetched_at == existing.metadata_fetched_at is not None
        assert stored("N01951", "2260", 2024).fetched_at == existing.metadata_fetched_at
        assert run.indicators_updated == 2

    def test_an_import_that_changes_an_indicator_makes_open_edit_forms_stale(self, httpserver):
        indicator = Indicator.objects.create(kolada_id="N01951", title="Gammal titel", unit="antal")
        run_import(serve(httpserver, recording()))
        indicator.refresh_from_db()
        assert indicator.version == 2  # a planner's form read at version 1 is refused, not saved over it

    def test_year_from_keeps_only_later_years(self, httpserver):
        run = run_import(serve(httpserver, recording()), year_from=2024)
        assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2024}
        assert run.values_created == 8

    def test_second_identical_import_changes_nothing(self, httpserver):
        base = serve(httpserver, recording())
        run_import(base)
        values_before = snapshot()[1]
        history_before = IndicatorValue.history.count(), Indicator.history.count()

        again = run_import(base)

        assert (again.state, again.values_created, again.values_updated, again.indicators_updated) == (
            DONE,
            0,
            0,
            0,
        )
        assert again.message == "Klart: inget nytt eller ändrat i Kolada för 2 nyckeltal."
        assert [row[:6] for row in snapshot()[1]] == [row[:6] for row in values_before]
        assert (IndicatorValue.history.count(), Indicator.history.count()) == history_before
        # The values were confirmed, so their fetch time moves on.
        assert stored("N01951", "2260", 2024).fetched_at > values_before[0][6]

    def test_revised_and_new_values_are_counted(self, httpserver):
        run_import(serve(httpserver, recording()))
        httpserver.clear_all_handlers()
        revised = recording()
        revised[PAGE_2]["values"][0]["values"][0]["value"] = 9320.0
        revised[PAGE_2]["values"].append(
            {
                "kpi": "N01951",
                "municipality": "2260",
                "period": 2025,
                "values": [{"gender": "T", "value": 9300}],
            }
        )
        run = run_import(serve(httpserver, revised))
        assert (run.values_created, run.values_updated, run.indicators_updated) == (1, 1, 0)
        assert run.message == "Klart: 1 nytt värde, 1 ändrat, 0 nyckeltal uppdaterade."
        assert stored("N01951", "2260", 2024).value == Decimal("9320")
        assert stored("N01951", "2260", 2024).history.count() == 2

    def test_without_ids_every_kolada_indicator_in_the_register_is_fetched(self, httpserver):
        Indicator.objects.create(kolada_id="N00945", title="Ett")
        Indicator.objects.create(kolada_id="N01951", title="Två")
        Indicator.objects.create(source=Indicator.Source.INTERNAL, title="Eget nyckeltal")
        run = run_import(serve(httpserver, recording()), kpi_ids=None)
        assert run.state == DONE, run.message
        assert IndicatorValue.objects.count() == 12

    def test_ids_are_asked_for_twenty_at_a_time(self, httpserver):
        ids = [f"N{n:05d}" for n in range(1, 26)]

        def metadata(request: Request) -> Response:
            asked = request.path.rsplit("/", 1)[1].split(",")
            return Response(json.dumps({"values": [{"id": i, "title": f"Nyckeltal {i}"} for i in asked]}))

        httpserver.expect_request(re.compile(r"^/v3/kpi/")).respond_with_handler(metadata)
        httpserver.expect_request(re.compile(r"^/v3/data/")).respond_with_json({"values": []})
        run = run_import(httpserver.url_for("/v3"), kpi_ids=ids)
        assert run.state == DONE, run.message
        asked = [len(request.path.rsplit("/", 3)[-3].split(",")) for request, _ in httpserver.log[2:]]
        assert [len(r.path.rsplit("/", 1)[1].split(",")) for r, _ in httpserver.log[:2]] == [20, 5]
        assert asked == [20, 5, 20, 5]  # the municipality's, then the country's
        assert Indicator.objects.count() == 25


@pytest.fixture
def imported(httpserver, db) -> tuple:
    """A first import done, its handlers cleared; returns what it stored."""
    run = run_import(serve(httpserver, recording()))
    assert run.state == DONE, run.message
    httpserver.clear_all_handlers()
    httpserver.clear_log()
    return snapshot()


def revised_then(change: Callable[[dict], None]) -> dict:
    """The recording with a revised value on the first page, so a partial write would show, then broken."""
    recorded = recording()
    recorded[PAGE_1]["values"][0]["values"][0]["value"] = 9999.0
    change(recorded)
    return recorded


def _delete(key: str, *steps: str | int) -> Callable[[dict], None]:
    def change(recorded: dict) -> None:
        target = recorded[key]
        for step in steps[:-1]:
            target = target[step]
        del target[steps[-1]]

    return change


def _set(key: str, *steps: str | int, to: object) -> Callable[[dict], None]:
    def change(recorded: dict) -> None:
        target = recorded[key]
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = to

    return change


def assert_failed_and_unchanged(run: KoladaImport, before: tuple, fragment: str) -> None:
    assert run.state == FAILED
    assert fragment in run.message
    assert run.message.endswith("Inget ändrades.")
    assert run.finished_at is not None
    assert (run.values_created, run.values_updated, run.indicators_updated) == (0, 0, 0)
    assert snapshot() == before


@pytest.mark.django_db
class TestFailuresChangeNothing:
    @pytest.mark.parametrize(
        ("change", "fragment"),
        [
            (_delete(PAGE_2, "values", 0, "period"), 'fältet "period" saknas i values[0]'),
            (_delete(PAGE_2, "values", 1, "kpi"), 'fältet "kpi" saknas i values[1]'),
            (
                _delete(PAGE_2, "values", 1, "values", 2, "value"),
                'fältet "value" saknas i values[1].values[2]',
            ),
            (_delete(PAGE_2, "values", 1, "values", 0, "gender"), 'fältet "gender" saknas'),
            (_delete(PAGE_2, "values"), 'fältet "values" saknas'),
            (_delete(META, "values", 1, "title"), 'fältet "title" saknas i values[1]'),
            (_delete(META, "values", 0, "id"), 'fältet "id" saknas i values[0]'),
        ],
        ids=["period", "kpi", "value", "gender", "values list", "title", "id"],
    )
    def test_missing_field_changes_nothing(self, httpserver, imported, change, fragment):
        run = run_import(serve(httpserver, revised_then(change)))
        assert_failed_and_unchanged(run, imported, fragment)
        assert fragment.startswith("fältet")
        assert "Ofullständigt svar från Kolada" in run.message

    @pytest.mark.parametrize(
        ("change", "fragment"),
        [
            (_set(PAGE_2, "values", 0, "kpi", to=None), 'fältet "kpi" är tomt (null) i values[0]'),
            (_set(PAGE_2, "values", 0, "period", to=None), 'fältet "period" är tomt (null)'),
            (_set(PAGE_2, "values", 1, "values", to=None), 'fältet "values" är tomt (null) i values[1]'),
            (_set(COUNTRY_PAGE, "values", 0, "municipality", to=None), 'fältet "municipality" är tomt'),
            (_set(META, "values", 0, "title", to=None), 'fältet "title" är tomt (null)'),
            (_set(PAGE_2, "values", to=None), 'fältet "values" är inte en lista'),
        ],
        ids=["kpi", "period", "gender values", "municipality", "title", "values list"],
    )
    def test_null_in_required_field_changes_nothing(self, httpserver, imported, change, fragment):
        run = run_import(serve(httpserver, revised_then(change)))
        assert_failed_and_unchanged(run, imported, fragment)

    @pytest.mark.parametrize(
        ("change", "fragment"),
        [
            (
                _set(PAGE_2, "values", 1, "values", 0, "value", to="31,3"),
                'fältet "value" i values[1].values[0]',
            ),
            (_set(PAGE_2, "values", 1, "values", 0, "gender", to="X"), 'kön "X"'),
            (_set(PAGE_2, "values", 0, "period", to="2024"), 'fältet "period" i values[0] har fel typ'),
            (_set(PAGE_2, "values", 0, "kpi", to="N00097"), "N00097, som inte efterfrågades"),
            (_set(COUNTRY_PAGE, "values", 0, "municipality", to="2260"), "kommunkod 2260 i stället för 0000"),
            (_set(PAGE_2, "values", 0, "values", 0, "value", to=1e15), "är för stort"),
            (_set(PAGE_1, "next_url", to="https://example.org/v3/data?page=2"), "en annan server"),
            (_set(PAGE_2, "next_url", to=LIVE_BASE + PAGE_1), "samma sida igen"),
        ],
        ids=[
            "text value",
            "gender",
            "period as text",
            "other kpi",
            "other municipality",
            "huge",
            "other host",
            "loop",
        ],
    )
    def test_wrong_content_changes_nothing(self, httpserver, imported, change, fragment):
        run = run_import(serve(httpserver, revised_then(change)))
        assert_failed_and_unchanged(run, imported, fragment)

    def test_unknown_kpi_changes_nothing(self, httpserver, imported):
        base = serve(httpserver, recording("unknown_kpi.json"))
        run = run_import(base, kpi_ids=["N01951", "N99999"])
        assert_failed_and_unchanged(run, imported, "Okänt nyckeltal i Kolada: N99999.")
        assert not any("/data/" in r for r in requested(httpserver))  # metadata is checked before values

    def test_invalid_id_is_refused_before_asking_kolada(self, httpserver, imported):
        run = run_import(httpserver.url_for("/v3"), kpi_ids=["N01951", "abc"])
        assert_failed_and_unchanged(run, imported, "Ogiltigt id för nyckeltal: ABC.")
        assert httpserver.log == []

    @pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json"])
    def test_html_error_page_changes_nothing(self, httpserver, imported, content_type):
        page = (RECORDINGS / "error_page.html").read_text(encoding="utf-8")
        replace = {PAGE_2: lambda request: Response(page, status=200, content_type=content_type)}
        run = run_import(serve(httpserver, revised_then(lambda r: None), replace=replace))
        assert_failed_and_unchanged(
            run, imported, "Kolada svarade med en HTML-sida i stället för data (HTTP 200"
        )

    @pytest.mark.parametrize(
        "body", ['{"values": [{"kpi": "N01951", "municip', "Internal error"], ids=["truncated", "text"]
    )
    def test_body_that_is_not_json_changes_nothing(self, httpserver, imported, body):
        replace = {PAGE_2: lambda request: Response(body, content_type="application/json")}
        run = run_import(serve(httpserver, revised_then(lambda r: None), replace=replace))
        assert_failed_and_unchanged(run, imported, "Kolada svarade med något som inte är JSON")

    def test_timeout_is_retried_then_changes_nothing(self, httpserver, imported):
        def slow(request: Request) -> Response:
            time.sleep(0.6)
            return Response("{}", content_type="application/json")

        slept: list[float] = []
        base = serve(httpserver, revised_then(lambda r: None), replace={PAGE_2: slow})
        run = run_import(base, timeout=0.2, max_attempts=2, backoff=0.5, sleep=slept.append)
        assert_failed_and_unchanged(
            run, imported, "Kolada svarade inte inom 0,2 sekunder (2 försök, GET http"
        )
        assert slept == [0.5]

    def test_5xx_then_success_is_retried(self, httpserver, imported):
        slept: list[float] = []
        route, _, query = PAGE_2.partition("?")
        # A one-shot handler answers before the permanent ones: the first try gets 502, the second the page.
        httpserver.expect_oneshot_request(
            "/v3" + route, query_string=dict(parse_qsl(query))
        ).respond_with_data("Bad gateway", status=502)
        base = serve(httpserver, recording())
        run = run_import(base, backoff=0.25, sleep=slept.append)
        assert run.state == DONE, run.message
        assert slept == [0.25]
        assert requested(httpserver).count("/v3" + PAGE_2) == 2
        assert run.values_created == run.values_updated == 0

    def test_persistent_5xx_fails_after_max_attempts_and_changes_nothing(self, httpserver, imported):
        slept: list[float] = []
        replace = {PAGE_2: lambda request: Response("<h1>503 Service Unavailable</h1>", status=503)}
        base = serve(httpserver, revised_then(lambda r: None), replace=replace)
        run = run_import(base, max_attempts=3, backoff=1.0, sleep=slept.append)
        assert_failed_and_unchanged(run, imported, "Kolada svarade med serverfel (HTTP 503) (3 försök, GET")
        assert slept == [1.0, 2.0]  # exponential back-off
        assert requested(httpserver).count("/v3" + PAGE_2) == 3

    def test_4xx_is_not_retried(self, httpserver, imported):
        slept: list[float] = []
        replace = {META: lambda request: Response('{"detail": "Not found"}', status=404)}
        run = run_import(serve(httpserver, recording(), replace=replace), sleep=slept.append)
        assert_failed_and_unchanged(run, imported, "Kolada svarade med fel: HTTP 404")
        assert slept == []
        assert len(httpserver.log) == 1

    def test_connection_error_is_retried_then_changes_nothing(self, imported):
        with socket.socket() as sock:  # a port nobody listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        slept: list[float] = []
        run = run_import(f"http://127.0.0.1:{port}/v3", sleep=slept.append)
        assert_failed_and_unchanged(run, imported, "Kunde inte ansluta till Kolada")
        assert slept == [1.0, 2.0]

    def test_failure_while_saving_rolls_back_everything(self, httpserver, imported, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr("goals.kolada_import.bulk_update_with_history", broken)
        revised = recording()
        revised[META]["values"][1]["title"] = "Ny titel, saved before the values"
        revised[PAGE_1]["values"][0]["values"][0]["value"] = 9999.0
        revised[PAGE_1]["values"].append(
            {"kpi": "N01951", "municipality": "2260", "period": 2025, "values": [{"gender": "T", "value": 1}]}
        )
        run = run_import(serve(httpserver, revised))
        assert run.state == FAILED
        assert run.message.startswith(
            "Importen från Kolada misslyckades av ett oväntat fel och inget ändrades."
        )
        assert snapshot() == imported

    def test_missing_municipality_code_changes_nothing(self, httpserver, imported):
        run = run_import(serve(httpserver, recording()), code="")
        assert_failed_and_unchanged(run, imported, "Kommunens Kolada-kod saknas")
        assert httpserver.log == []


@pytest.mark.django_db
class TestCommand:
    def test_command_imports_from_base_url(self, httpserver):
        municipality()
        out = StringIO()
        base = serve(httpserver, recording())
        call_command("import_kolada", "N01951", "n00945", "--base-url", base, stdout=out)
        assert "Klart: 12 nya värden, 0 ändrade, 2 nyckeltal uppdaterade." in out.getvalue()
        run = KoladaImport.objects.get()
        assert (run.state, run.kpi_ids, run.requested_by) == (DONE, ["N01951", "n00945"], None)

    def test_command_year_from(self, httpserver):
        municipality()
        call_command(
            "import_kolada",
            *IDS,
            "--year-from",
            "2024",
            "--base-url",
            serve(httpserver, recording()),
            stdout=StringIO(),
        )
        assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2024}

    @pytest.mark.parametrize("name", ["paging_next_url.json", "paging_next_page.json"])
    def test_command_with_file_runs_offline(self, name):
        municipality()
        out = StringIO()
        call_command("import_kolada", *IDS, "--file", str(RECORDINGS / name), stdout=out)
        assert "Klart: 12 nya värden" in out.getvalue()
        assert stored("N00945", "2260", 2024, "K").value is None

    def test_command_failure_exits_non_zero_with_the_message(self):
        municipality()
        with pytest.raises(CommandError, match="Okänt nyckeltal i Kolada: N99999") as error:
            call_command(
                "import_kolada",
                "N01951",
                "N99999",
                "--file",
                str(RECORDINGS / "unknown_kpi.json"),
                stdout=StringIO(),
            )
        assert error.value.returncode == 1
        assert not Indicator.objects.exists()
        assert KoladaImport.objects.get().state == FAILED

    def test_file_without_an_answer_says_which_request(self):
        municipality()
        with pytest.raises(CommandError, match="saknar ett svar för GET .*/kpi/N00097"):
            call_command(
                "import_kolada", "N00097", "--file", str(RECORDINGS / "unknown_kpi.json"), stdout=StringIO()
            )

    def test_unreadable_file_is_a_clear_error(self, tmp_path):
        broken = tmp_path / "svar.json"
        broken.write_text("[1, 2", encoding="utf-8")
        with pytest.raises(CommandError, match="innehåller inte giltig JSON"):
            call_command("import_kolada", "--file", str(broken), stdout=StringIO())

    def test_command_without_municipality_code_fails(self, httpserver):
        with pytest.raises(CommandError, match="Kommunens Kolada-kod saknas"):
            call_command(
                "import_kolada", *IDS, "--base-url", serve(httpserver, recording()), stdout=StringIO()
            )

    def test_help_documents_the_file_format(self):
        text = ImportKoladaCommand().create_parser("manage.py", "import_kolada").format_help()
        assert "--file" in text
        assert "/kpi/N01951?per_page=5000" in text
        assert "next_url" in text


@pytest.mark.django_db
class TestTask:
    def test_task_runs_the_queued_import_and_updates_the_run(self, httpserver, settings):
        settings.KOLADA_BASE_URL = serve(httpserver, recording())
        municipality()
        run = KoladaImport.objects.create(kpi_ids=IDS)
        assert run_kolada_import.delay(run.pk).get() == DONE  # eager without REDIS_URL
        run.refresh_from_db()
        assert (run.state, run.values_created, run.progress) == (DONE, 12, "")
        assert run.started_at <= run.finished_at

    def test_start_enqueues_after_commit_with_every_indicator_in_use(
        self, httpserver, settings, planner, django_capture_on_commit_callbacks
    ):
        settings.KOLADA_BASE_URL = serve(httpserver, recording())
        municipality()
        Indicator.objects.create(kolada_id="N00945", title="Ett")
        Indicator.objects.create(kolada_id="N01951", title="Två")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            run = start_kolada_import(kpi_ids=None, year_from=2024, actor=planner)
            assert run.state == KoladaImport.State.QUEUED
        assert len([c for c in callbacks if not is_stamp(c)]) == 1  # not the public side's stamp
        run.refresh_from_db()
        assert (run.state, run.values_created, run.requested_by) == (DONE, 8, planner)
        assert stored("N01951", "2260", 2024).history.get().history_user == planner

    def test_start_returns_the_run_under_way_instead_of_a_second(
        self, planner, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            first = start_kolada_import(kpi_ids=None, year_from=None, actor=planner)
            second = start_kolada_import(kpi_ids=None, year_from=None, actor=planner)
        assert first == second
        assert len([c for c in callbacks if not is_stamp(c)]) == 1  # not the public side's stamp

    def test_task_without_municipality_code_fails_the_run(self, httpserver, settings):
        settings.KOLADA_BASE_URL = serve(httpserver, recording())
        run = KoladaImport.objects.create(kpi_ids=IDS)
        run_kolada_import.delay(run.pk)
        run.refresh_from_db()
        assert run.state == FAILED
        assert "Kommunens Kolada-kod saknas" in run.message

    def test_task_skips_a_run_that_already_finished(self, httpserver, settings):
        settings.KOLADA_BASE_URL = httpserver.url_for("/v3")
        run = KoladaImport.objects.create(kpi_ids=IDS, state=DONE, message="Klart.")
        assert run_kolada_import.delay(run.pk).get() is None
        run.refresh_from_db()
        assert run.message == "Klart."
        assert httpserver.log == []


URLS = "tests.goals.test_kolada"


@pytest.mark.django_db
@pytest.mark.urls(URLS)
class TestStartView:
    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.SYSADMIN])
    def test_other_roles_may_not_start(self, client, users_by_role, role):
        client.force_login(users_by_role[role])
        response = client.post(reverse("goals:kolada_start"))
        assert response.status_code == 403
        assert not KoladaImport.objects.exists()

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.post(reverse("goals:kolada_start"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert not KoladaImport.objects.exists()

    def test_get_is_not_allowed(self, client, planner):
        client.force_login(planner)
        assert client.get(reverse("goals:kolada_start")).status_code == 405

    def test_planner_starts_an_import_and_returns_to_the_indicators_page(self, client, planner):
        client.force_login(planner)
        response = client.post(reverse("goals:kolada_start"))
        assert response.status_code == 302
        assert response.url == reverse("goals:indicators") + "#kolada"
        run = KoladaImport.objects.get()
        assert (run.state, run.requested_by, run.kpi_ids) == (KoladaImport.State.QUEUED, planner, [])

    def test_finance_officer_starts_an_import_that_runs(
        self, client, finance, httpserver, settings, django_capture_on_commit_callbacks
    ):
        settings.KOLADA_BASE_URL = serve(httpserver, recording())
        municipality()
        Indicator.objects.create(kolada_id="N01951", title="Invånare")
        Indicator.objects.create(kolada_id="N00945", title="Andel")
        client.force_login(finance)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("goals:kolada_start"), headers={"HX-Request": "true"})
        assert response.status_code == 200
        run = KoladaImport.objects.get()
        assert (run.state, run.requested_by, run.values_created) == (DONE, finance, 12)
        html = response.content.decode()
        assert 'id="kolada"' in html
        assert "Källa: Kolada" in html

    def test_second_start_while_one_is_under_way_adds_none(self, client, planner):
        client.force_login(planner)
        client.post(reverse("goals:kolada_start"))
        client.post(reverse("goals:kolada_start"))
        assert KoladaImport.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.urls(URLS)
class TestStatusPanel:
    def test_status_partial_shows_source_and_when_fetched(self, client, politician):
        KoladaImport.objects.create(
            state=DONE,
            message="Klart: 3 nya värden, 0 ändrade, 1 nyckeltal uppdaterat.",
            finished_at="2026-03-02T09:15:00+01:00",
            values_created=3,
        )
        client.force_login(politician)
        response = client.get(reverse("goals:kolada_status"), headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Källa: Kolada" in html
        assert '<time datetime="2026-03-02T09:15:00+0100">2026-03-02 09:15</time>' in html
        assert "Klart: 3 nya värden" in html

    def test_panel_polls_only_while_an_import_is_under_way(self, client, politician):
        run = KoladaImport.objects.create(
            state=KoladaImport.State.RUNNING, progress="Hämtar värden för riket"
        )
        client.force_login(politician)
        html = client.get(reverse("goals:kolada_status")).content.decode()
        assert 'data-hx-trigger="every 2s"' in html
        assert f'data-hx-get="{reverse("goals:kolada_status")}"' in html
        assert f'href="{reverse("goals:indicators")}#kolada"' in html  # without JavaScript: reload the page
        assert "Hämtar värden för riket" in html

        run.state = DONE
        run.save()
        html = client.get(reverse("goals:kolada_status")).content.decode()
        assert "hx-trigger" not in html

    def test_only_planners_and_finance_see_the_start_button(self, client, users_by_role):
        for role, user in users_by_role.items():
            client.force_login(user)
            html = client.get(reverse("goals:kolada_status")).content.decode()
            may = role in (Role.PLANNER, Role.FINANCE)
            assert (f'action="{reverse("goals:kolada_start")}"' in html) is may, role

    def test_panel_keeps_to_the_content_security_policy(self, client, planner):
        KoladaImport.objects.create(state=KoladaImport.State.QUEUED)
        client.force_login(planner)
        html = client.get(reverse("goals:kolada_status")).content.decode()
        assert "<script" not in html
        assert "hx-on" not in html
        assert "style=" not in html

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("goals:kolada_status"))
        assert response.status_code == 302

    def test_queries_do_not_grow_with_runs(self, client, planner, django_assert_num_queries):
        client.force_login(planner)
        for _ in range(8):
            KoladaImport.objects.create(state=DONE, requested_by=planner)
        # session, user, recent runs with who started them, last finished run, the user's roles
        with django_assert_num_queries(5):
            client.get(reverse("goals:kolada_status"))

    def test_context_helper_for_the_indicators_page(self, planner):
        run = KoladaImport.objects.create(state=KoladaImport.State.QUEUED)
        context = kolada_panel_context(planner)
        assert context["kolada_active"] == run
        assert context["kolada_runs"] == [run]
        assert context["kolada_may_start"] is True
        assert context["kolada_last_fetch"] is None


def test_recordings_keep_to_the_documented_shape():
    """The recordings are what tests replay, so they must look like Kolada's answers."""
    for name in ["paging_next_url.json", "paging_next_page.json", "unknown_kpi.json"]:
        for key, body in recording(name).items():
            if not key.startswith("/"):
                assert "illustrative" in body.lower()
                continue
            assert isinstance(body["values"], list), (name, key)
            for item in body["values"]:
                assert (
                    {"id", "title"} <= item.keys()
                    if key.startswith("/kpi/")
                    else ({"kpi", "municipality", "period", "values"} <= item.keys())
                )
