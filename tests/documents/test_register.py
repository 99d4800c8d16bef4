"""/styrdokument/: the register with filters, Swedish-aware search and order, pages, the documents due
for revision, and a query count that does not grow with the register."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import GoverningDocument
from organisation.models import OrgUnit
from tests.factories import GoverningDocumentFactory, OrgUnitFactory, body_named, document_kind

LIST = reverse("documents:list")
ROW = re.compile(r'<tr id="styrdokument-(\d+)"')
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, tzinfo=datetime.UTC), tick=False):
        yield


def rows(response) -> list[int]:
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def titles(response) -> list[str]:
    by_pk = dict(GoverningDocument.objects.values_list("pk", "title"))
    return [by_pk[pk] for pk in rows(response)]


@pytest.mark.django_db
class TestRegisterList:
    def test_r3_the_kinds_are_seeded_as_reference_data(self):
        from documents.models import DocumentKind

        names = list(DocumentKind.objects.values_list("name", flat=True))
        assert names[:5] == ["Mål", "Plan", "Riktlinje", "Policy", "Regel"]
        assert {"Reglemente", "Bolagsordning", "Ägardirektiv", "Budget"} <= set(names)
        assert all(DocumentKind.objects.values_list("description", flat=True))

    def test_r3_a_row_shows_kind_case_number_body_dates_and_unit(self, client, politician):
        unit = OrgUnitFactory(name="Ekonomienheten")
        document = GoverningDocumentFactory(
            title="Finanspolicy",
            kind=document_kind("policy"),
            case_number="KS 23/145",
            decided_on=datetime.date(2023, 4, 24),
            next_revision=datetime.date(2027, 4, 30),
            responsible_unit=unit,
        )
        client.force_login(politician)
        response = client.get(LIST)
        assertContains(response, f'href="{document.get_absolute_url()}"')
        for text in [
            "Finanspolicy",
            "Policy",
            "KS 23/145",
            "KF",
            "2023-04-24",
            "2027-04-30",
            "Ekonomienheten",
        ]:
            assertContains(response, text)

    def test_in_force_by_default_and_the_others_by_status(self, client, politician):
        in_force = GoverningDocumentFactory(title="Gällande")
        replaced = GoverningDocumentFactory(title="Ersatt", status=GoverningDocument.Status.REPLACED)
        repealed = GoverningDocumentFactory(title="Upphävt", status=GoverningDocument.Status.REPEALED)
        client.force_login(politician)
        assert rows(client.get(LIST)) == [in_force.pk]
        assert rows(client.get(LIST, {"status": "ersatt"})) == [replaced.pk]
        assert rows(client.get(LIST, {"status": "upphavt"})) == [repealed.pk]
        assert set(rows(client.get(LIST, {"status": "alla"}))) == {in_force.pk, replaced.pk, repealed.pk}

    def test_filters_by_kind_body_and_unit(self, client, politician):
        unit = OrgUnitFactory(name="Kansliet")
        policy = GoverningDocumentFactory(kind=document_kind("policy"))
        rule = GoverningDocumentFactory(kind=document_kind("regel"), adopting_body=body_named("KS"))
        unit_doc = GoverningDocumentFactory(kind=document_kind("riktlinje"), responsible_unit=unit)
        client.force_login(politician)
        assert rows(client.get(LIST, {"slag": document_kind("policy").pk})) == [policy.pk]
        assert rows(client.get(LIST, {"organ": body_named("KS").pk})) == [rule.pk]
        assert rows(client.get(LIST, {"enhet": unit.pk})) == [unit_doc.pk]

    def test_bad_filter_values_do_not_break_the_page(self, client, politician):
        GoverningDocumentFactory()
        client.force_login(politician)
        response = client.get(LIST, {"slag": "x", "organ": "999", "status": "nej", "sida": "abc"})
        assert response.status_code == 200

    def test_search_in_title_and_case_number_is_swedish_aware(self, client, politician):
        owner = GoverningDocumentFactory(title="Ägardirektiv för Ångebostäder AB", case_number="KS 21/57")
        rules = GoverningDocumentFactory(title="Regler för borgensåtagande", case_number="KS 19/340")
        client.force_login(politician)
        assert rows(client.get(LIST, {"q": "ägardirektiv"})) == [owner.pk]
        assert rows(client.get(LIST, {"q": "ÅNGEBOSTÄDER"})) == [owner.pk]
        assert rows(client.get(LIST, {"q": "ÅTAGANDE"})) == [rules.pk]
        assert rows(client.get(LIST, {"q": "ks 19/3"})) == [rules.pk]
        assert rows(client.get(LIST, {"q": "agardirektiv"})) == []

    def test_order_is_swedish(self, client, politician):
        for title in [
            "Översiktsplan",
            "Ägardirektiv",
            "Zonplan",
            "Avfallsplan",
            "Åtgärdsplan",
            "ärendepolicy",
        ]:
            GoverningDocumentFactory(title=title)
        client.force_login(politician)
        assert titles(client.get(LIST)) == [
            "Avfallsplan",
            "Zonplan",
            "Åtgärdsplan",
            "Ägardirektiv",
            "ärendepolicy",
            "Översiktsplan",
        ]

    def test_pages(self, client, politician):
        GoverningDocumentFactory.create_batch(30)
        client.force_login(politician)
        first, second = client.get(LIST), client.get(LIST, {"sida": 2})
        assert len(rows(first)) == 25
        assert len(rows(second)) == 5
        assert not set(rows(first)) & set(rows(second))

    def test_htmx_gets_only_the_results(self, client, politician):
        GoverningDocumentFactory(title="Finanspolicy")
        client.force_login(politician)
        response = client.get(LIST, {"q": "finans"}, headers={"HX-Request": "true"})
        assertContains(response, "Finanspolicy")
        assertNotContains(response, "<form")

    def test_due_for_revision(self, client, politician):
        passed = GoverningDocumentFactory(title="Passerad", next_revision=datetime.date(2026, 9, 30))
        soon = GoverningDocumentFactory(title="Snart", next_revision=datetime.date(2027, 1, 31))
        GoverningDocumentFactory(title="Senare", next_revision=datetime.date(2028, 4, 30))
        GoverningDocumentFactory(title="Utan datum", next_revision=None)
        GoverningDocumentFactory(
            title="Upphävd", next_revision=datetime.date(2025, 1, 1), status=GoverningDocument.Status.REPEALED
        )
        client.force_login(politician)
        assert rows(client.get(LIST, {"revidering": "on"})) == [passed.pk, soon.pk]
        page = client.get(LIST)
        assertContains(page, "?revidering=on")
        # Revision state is said in words, not only by colour.
        assertContains(page, "badge--overdue")
        assertContains(page, "badge--draft")

    def test_queries_do_not_grow_with_the_register(self, client, politician, django_assert_num_queries):
        units = OrgUnitFactory.create_batch(3, kind=OrgUnit.Kind.UNIT)
        for unit in units:
            GoverningDocumentFactory(responsible_unit=unit)
        client.force_login(politician)
        # session, user, roles, count, the page's documents with kind/body/unit, count due for revision,
        # municipality name (header), and the filter choices: kinds, bodies, units
        with django_assert_num_queries(10):
            client.get(LIST)
        for index in range(60):
            GoverningDocumentFactory(
                responsible_unit=units[index % 3],
                kind=document_kind(["policy", "regel", "riktlinje"][index % 3]),
                adopting_body=body_named(["KF", "KS"][index % 2]),
                next_revision=datetime.date(2026, 12, 1),
            )
        with django_assert_num_queries(10):
            client.get(LIST)
        with django_assert_num_queries(10):
            client.get(LIST, {"revidering": "on", "sida": 2})

    def test_the_detail_page_runs_a_constant_number_of_queries(
        self, client, politician, planner, django_assert_num_queries
    ):
        document = GoverningDocumentFactory(title="Finanspolicy")

        def edit(numbers: range) -> None:
            client.force_login(planner)
            for number in numbers:
                client.post(
                    reverse("documents:edit", args=[document.pk]),
                    {
                        "kind": document.kind_id,
                        "title": f"Finanspolicy {number}",
                        "case_number": document.case_number,
                        "adopting_body": document.adopting_body_id,
                        "decided_on": "2024-04-29",
                        "status": "gallande",
                        "version": number + 1,
                    },
                )
            client.force_login(politician)

        edit(range(2))
        # session, user, roles, document with kind/body/unit/decision/successor, documents it replaces,
        # municipality name, history records with users, the units the changes name (one per model)
        with django_assert_num_queries(8):
            client.get(document.get_absolute_url())
        edit(range(2, 20))
        with django_assert_num_queries(8):
            response = client.get(document.get_absolute_url())
        assertContains(response, "Finanspolicy 19")
