"""The open data API (/api/v1/): only what is adopted, paginated and filtered, as JSON and CSV, throttled,
conditional by the generation, off with the switch, without any employee's name, and in a number of
queries that does not grow with the data."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insyn.api import renderers
from tests.insyn import api_data

pytestmark = pytest.mark.django_db

RESOURCES = [
    ("kf-goals", "kf_goal"),
    ("goals", "goal"),
    ("plans", "plan"),
    ("activities", "activity"),
    ("budget-versions", "budget_version"),
    ("rounds", "round"),
    ("wheel", "step"),
    ("meetings", "meeting"),
    ("documents", "public_document"),
    ("reports", "report_pdf"),
]
HIDDEN = ["plans", "activities", "goals", "rounds", "documents", "reports", "budget-versions"]


@pytest.fixture(autouse=True)
def _nothing_counted():
    """The throttle counts in the cache: each test starts with none counted (tests/conftest.py sets a
    rate no other test meets; the throttle's own tests set theirs)."""
    cache.clear()


@pytest.fixture
def data():
    return api_data.seed()


def listing(client, name: str, **params):
    return client.get(reverse(f"api:{name}-list"), params)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestRoot:
    def test_lists_every_resource_the_schema_and_the_dcat_description(self, client):
        body = client.get(reverse("api:root")).json()
        assert body["resources"]["goals"]["url"] == "http://testserver/api/v1/goals/"
        assert len(body["resources"]) == 11
        assert body["schema"] == "http://testserver/api/v1/openapi.json"
        assert body["dcat"] == "http://testserver/api/v1/dcat.rdf"


class TestOnlyAdopted:
    @pytest.mark.parametrize(("name", "attribute"), RESOURCES)
    def test_the_adopted_thing_is_listed_and_found_by_its_id(self, client, data, name, attribute):
        thing = getattr(data, attribute)
        assert thing.pk in ids(listing(client, name))
        detail = client.get(reverse(f"api:{name}-detail", args=[thing.pk]))
        assert detail.status_code == 200
        assert detail.json()["id"] == thing.pk

    @pytest.mark.parametrize("name", HIDDEN)
    def test_what_is_not_adopted_is_neither_listed_nor_found(self, client, data, name):
        hidden = data.hidden[name]
        assert hidden.pk not in ids(listing(client, name))
        assert client.get(reverse(f"api:{name}-detail", args=[hidden.pk])).status_code == 404

    def test_an_unadopted_rounds_assessment_is_no_goals_status(self, client, data):
        [goal] = listing(client, "goals", year=2026).json()["results"]
        assert goal["status"] == {
            "verdict": "delvis",
            "verdict_label": "Delvis uppfyllt",
            "round": data.round.pk,
            "round_name": "Tertialrapport 2026",
        }
        assert "oantagna" not in listing(client, "rounds").content.decode()

    def test_the_indicators_are_those_of_public_goals(self, client, data):
        listed = ids(listing(client, "indicators"))
        chosen = [link.indicator_id for link in data.goal.goal_indicators.all()]
        chosen += [link.indicator_id for link in data.kf_goal.goal_indicators.all()]
        assert sorted(listed) == sorted(chosen)

    def test_only_a_pdf_marked_public_has_its_address(self, client, data):
        rows = {row["id"]: row for row in listing(client, "documents").json()["results"]}
        assert rows[data.private_document.pk]["pdf"] is None
        pdf = client.get(rows[data.public_document.pk]["pdf"])
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"

    def test_a_final_report_links_its_pdf(self, client, data):
        [row] = listing(client, "reports").json()["results"]
        pdf = client.get(row["pdf"])
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"


class TestNoPersonalData:
    def test_an_activity_names_its_unit_never_its_responsible_person_or_comment(self, client, data):
        for response in (
            listing(client, "activities"),
            listing(client, "activities", format="csv"),
            client.get(reverse("api:activities-detail", args=[data.activity.pk])),
        ):
            text = response.content.decode("utf-8-sig")
            assert data.activity.responsible_unit.name in text
            assert api_data.EMPLOYEE not in text
            assert api_data.SECRET_COMMENT not in text

    def test_the_activity_carries_no_field_of_the_person_or_the_live_status(self, client, data):
        [row] = listing(client, "activities", year=2026).json()["results"]
        assert not {"responsible", "progress_comment", "status", "completed_on"} & set(row)


class TestFilters:
    def test_the_goals_of_a_year(self, client, data):
        assert ids(listing(client, "goals", year=2026)) == [data.goal.pk]
        assert ids(listing(client, "goals", year=2027)) == []

    def test_the_kf_goals_applying_in_a_year_in_their_wording_then(self, client, data):
        [goal] = listing(client, "kf-goals", year=2026).json()["results"]
        assert goal["title"] == "Barn och unga ges goda förutsättningar"
        assert goal["valid_from"] == 2024
        assert goal["indicators"][0]["targets"] == [{"year": 2026, "value": 55.0}]
        assert ids(listing(client, "kf-goals", year=2029)) == []

    def test_activities_by_plan_goal_and_kind(self, client, data):
        assert ids(listing(client, "activities", goal=data.goal.pk, kind="projekt")) == [data.activity.pk]
        assert ids(listing(client, "activities", plan=data.plan.pk + 999)) == []

    @pytest.mark.parametrize(
        "params",
        [
            {"year": "tjugo"},
            {"year": "1999"},
            {"year": "2101"},
            {"year": ""},
            {"kind": "okänd"},
            {"kind": ""},
            {"body": "K;S"},
        ],
        ids=[
            "not-a-number",
            "too-early",
            "too-late",
            "empty-year",
            "unknown-kind",
            "empty-kind",
            "not-a-short-name",
        ],
    )
    def test_a_filter_outside_what_the_schema_allows_answers_400(self, client, data, params):
        response = listing(client, "activities" if "kind" in params else "goals", **params)
        assert response.status_code == 400
        assert set(response.json()) == set(params)


class TestPagination:
    def test_pages_with_the_total_and_the_next_address_in_the_body_and_the_link_header(self, client, data):
        api_data.more(2)
        first = listing(client, "goals", page_size=2)
        body = first.json()
        assert body["count"] == 3
        assert len(body["results"]) == 2
        assert body["next"] == "http://testserver/api/v1/goals/?page=2&page_size=2"
        assert first["Link"] == '<http://testserver/api/v1/goals/?page=2&page_size=2>; rel="next"'
        second = client.get(body["next"]).json()
        assert len(second["results"]) == 1
        assert set(ids(first)).isdisjoint(ids(client.get(body["next"])))

    @pytest.mark.parametrize("page", ["2", "0", "", "första"])
    def test_a_page_that_is_not_there_answers_404(self, client, data, page):
        assert listing(client, "goals", page=page).status_code == 404

    @pytest.mark.parametrize("size", ["0", "501", "tio", "-1"])
    def test_a_page_size_outside_1_to_500_answers_400(self, client, data, size):
        response = listing(client, "goals", page_size=size)
        assert response.status_code == 400
        assert list(response.json()) == ["page_size"]


class TestCsv:
    def test_format_csv_is_a_semicolon_table_in_utf8_with_bom_as_swedish_excel_opens_it(self, client, data):
        response = listing(client, "budget-versions", format="csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 1
        assert rows[0]["id"] == str(data.budget_version.pk)
        assert rows[0]["decision.body"] == "KF"
        assert rows[0]["title"] == "Budget 2026 med plan för 2027–2028"
        assert '"amount": 700000000.0' in rows[0]["frames"]  # a nested list stays JSON text in its cell

    def test_amounts_in_columns_have_a_decimal_comma_and_in_json_cells_a_point(self, client, data):
        response = client.get(reverse("api:rounds-detail", args=[data.round.pk]), {"format": "csv"})
        [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        assert row["economy.total.budget.costs"] == "100000000,00"
        assert row["economy.total.deviation"] == "0,00"
        assert '"costs": 100000000.0' in row["economy.areas"]

    def test_accept_text_csv_is_the_same_as_format_csv(self, client, data):
        response = client.get(reverse("api:goals-list"), headers={"Accept": "text/csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content == listing(client, "goals", format="csv").content

    def test_an_empty_page_still_has_its_header_row(self, client, data):
        text = listing(client, "goals", year=2001, format="csv").content.decode("utf-8-sig")
        assert text.splitlines() == [text.splitlines()[0]]
        assert text.startswith("id;year;body.id;body.name;body.short_name;")
        assert "status.verdict;status.verdict_label;status.round;status.round_name" in text

    def test_a_text_excel_would_run_as_a_formula_is_written_as_text_and_numbers_stay_numbers(self):
        assert renderers.cell('=HYPERLINK("https://example.org")') == '\'=HYPERLINK("https://example.org")'
        assert renderers.cell("-1 fler elever") == "'-1 fler elever"
        assert renderers.cell("@SUM(A1)") == "'@SUM(A1)"
        assert renderers.cell(Decimal("-5.50")) == "-5,50"
        assert renderers.cell(-3) == "-3"
        assert renderers.cell("Fler elever") == "Fler elever"

    def test_an_error_in_csv_is_its_message_in_a_table(self, client, data):
        response = listing(client, "goals", year="x", format="csv")
        assert response.status_code == 400
        assert response.content.decode("utf-8-sig").splitlines()[0] == "year"


class TestKept:
    def test_asked_again_the_answer_costs_no_query_until_something_changes(
        self, client, data, django_assert_num_queries, django_capture_on_commit_callbacks
    ):
        first = listing(client, "goals", year=2026)
        with django_assert_num_queries(0):
            again = listing(client, "goals", year=2026)
        assert again.json() == first.json()
        with django_capture_on_commit_callbacks(execute=True):
            api_data.ks_goal(data.kf_goal, "Ett nytt antaget KS-mål")
        assert len(ids(listing(client, "goals", year=2026))) == 2

    def test_a_kept_page_keeps_its_link_header(self, client, data):
        api_data.more(1)
        first = listing(client, "goals", page_size=1)
        assert listing(client, "goals", page_size=1)["Link"] == first["Link"]


class TestHttp:
    def test_throttled_past_the_rate_with_retry_after(self, client, data, settings):
        settings.PUBLIC_API_RATE = "2/min"
        assert listing(client, "goals").status_code == 200
        assert listing(client, "plans").status_code == 200
        response = listing(client, "goals")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0

    def test_clients_are_counted_apart(self, client, data, settings):
        settings.PUBLIC_API_RATE = "1/min"
        assert client.get(reverse("api:goals-list"), REMOTE_ADDR="10.0.0.1").status_code == 200
        assert client.get(reverse("api:goals-list"), REMOTE_ADDR="10.0.0.2").status_code == 200
        assert client.get(reverse("api:goals-list"), REMOTE_ADDR="10.0.0.1").status_code == 429

    def test_the_etag_answers_304_when_nothing_was_adopted_since(self, client, data):
        etag = listing(client, "goals", year=2026)["ETag"]
        again = client.get(reverse("api:goals-list"), {"year": 2026}, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""

    def test_any_website_may_read_it(self, client, data):
        response = client.get(reverse("api:goals-list"), headers={"Origin": "https://www.ange.se"})
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_a_browsers_preflight_is_answered_with_the_headers_it_may_send(self, client, data):
        response = client.options(
            reverse("api:goals-list"),
            headers={"Origin": "https://www.ange.se", "Access-Control-Request-Headers": "if-none-match"},
        )
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]
        assert response.json()["name"] == "KS-mål"

    def test_writing_is_not_allowed(self, client, data):
        response = client.post(reverse("api:goals-list"), {})
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        for name in ("api:root", "api:schema", "api:dcat"):
            assert client.post(reverse(name)).status_code == 405, name

    def test_the_switch_turns_it_all_off(self, client, data, settings):
        settings.PUBLIC_SITE_ENABLED = False
        for url in (
            reverse("api:root"),
            reverse("api:goals-list"),
            reverse("api:goals-detail", args=[data.goal.pk]),
            reverse("api:schema"),
            reverse("api:dcat"),
        ):
            assert client.get(url).status_code == 404, url


class TestRound:
    def test_one_round_has_its_economy_per_area(self, client, data):
        body = client.get(reverse("api:rounds-detail", args=[data.round.pk])).json()
        [area] = body["economy"]["areas"]
        assert area["unit"]["id"] == data.activity.responsible_unit_id
        assert area["budget"] == {"revenue": 0.0, "costs": 100000000.0, "net": 100000000.0}
        assert area["forecast_is_proposed"] is True
        assert body["economy"]["total"]["deviation"] == 0.0
        assert body["assessments"] == [
            {
                "goal": data.goal.pk,
                "kf_goal": None,
                "verdict": "delvis",
                "verdict_label": "Delvis uppfyllt",
                "analysis": "Arbetet pågår enligt plan.",
            }
        ]

    def test_the_list_has_no_economy(self, client, data):
        [row] = listing(client, "rounds").json()["results"]
        assert "economy" not in row


class TestQueries:
    """Every list runs the same queries at the seeded size and at ten times it: count, page, and the
    page's prefetches (goals: KF goals, departments, indicators, targets, values, latest verdicts)."""

    def test_no_list_grows_with_the_data(self, client, data, django_capture_on_commit_callbacks):
        names = [name for name, _attribute in RESOURCES] + ["indicators"]
        before = {name: self._queries(client, name) for name in names}
        with django_capture_on_commit_callbacks(execute=True):  # a new generation: nothing kept is served
            api_data.more(9)
        after = {name: self._queries(client, name) for name in names}
        assert after == before
        assert (
            before["goals"] == 8
        )  # count, goals, KF goals, departments, indicators, targets, values, verdicts

    @staticmethod
    def _queries(client, name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = listing(client, name, page_size=500)
        assert response.status_code == 200
        return len(queries)
