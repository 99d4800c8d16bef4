"""From the books to the follow-up (R25): account classes, objects to units and projects, signs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from economy.books import category_of, totals_from_sie
from economy.models import AccountClass, Category, ObjectMapping
from economy.sie import parse
from tests.economy.sie_files import psaldo_file, trans_file
from tests.factories import OrgUnitFactory

D = Decimal


class TestCategoryOf:
    CLASSES = [("3", "intakter"), ("8", "finansiellt"), ("85", "kostnader"), ("851", "ej")]

    @pytest.mark.parametrize(
        ("account", "category"),
        [
            ("3010", "intakter"),
            ("8010", "finansiellt"),
            ("8500", "kostnader"),
            ("8512", "ej"),
            ("9999", None),
        ],
    )
    def test_r25_longest_prefix_wins(self, account, category):
        assert category_of(account, self.CLASSES) == category
        assert category_of(account, list(reversed(self.CLASSES))) == category


@pytest.mark.django_db
class TestTotals:
    @pytest.fixture
    def units(self):
        return {
            "400": OrgUnitFactory(name="Barn och utbildning", cost_centre="400"),
            "410": OrgUnitFactory(name="Äldreomsorg", cost_centre="410"),
        }

    def test_r25_signs_flipped_once_revenue_and_costs_positive(self, units):
        books = parse(
            psaldo_file(
                [
                    ("3010", {1: "400"}, "-1200.00"),
                    ("4010", {1: "400"}, "5000.00"),
                    ("4010", {1: "410"}, "700.00"),
                    ("8010", {1: "410"}, "-90.00"),
                ]
            )
        )
        totals = totals_from_sie(books)
        bou, aldre = units["400"].pk, units["410"].pk
        assert totals.outcomes == {
            (bou, Category.REVENUE): D("1200.00"),
            (bou, Category.COSTS): D("5000.00"),
            (aldre, Category.COSTS): D("700.00"),
            (aldre, Category.FINANCIAL): D("90.00"),
        }
        assert totals.without_object == {}
        assert totals.unmapped == {}
        assert totals.period_to == datetime.date(2026, 10, 31)

    def test_r25_object_mapping_beats_the_cost_centre(self, units):
        other = OrgUnitFactory(name="Kultur", cost_centre="420")
        ObjectMapping.objects.create(dimension=1, code="400", unit=other)
        totals = totals_from_sie(parse(psaldo_file([("4010", {1: "400"}, "10.00")])))
        assert totals.outcomes == {(other.pk, Category.COSTS): D("10.00")}

    def test_r25_the_remainder_of_the_total_is_without_object(self, units):
        books = parse(
            psaldo_file(
                [
                    ("4010", {1: "400"}, "100.00"),
                    ("4010", {}, "130.00"),  # the account's total row: 30 not on any area
                    ("5410", {}, "8.00"),  # only a total: all of it without object
                    ("3010", {}, "-4.00"),
                ]
            )
        )
        # psaldo_file adds no {} row for accounts written with {} only; 4010 has two {} rows now: the
        # test's and the builder's (100.00), together 230.00.
        totals = totals_from_sie(books)
        assert totals.outcomes == {(units["400"].pk, Category.COSTS): D("100.00")}
        assert totals.without_object == {Category.COSTS: D("138.00"), Category.REVENUE: D("4.00")}

    def test_r25_unmapped_objects_and_unclassified_accounts_noted(self, units):
        AccountClass.objects.filter(prefix="7").delete()
        books = parse(
            psaldo_file(
                [
                    ("4010", {1: "999"}, "50.00"),
                    ("3010", {1: "999"}, "-20.00"),
                    ("7010", {1: "400"}, "3.00"),
                    ("4010", {6: "P99"}, "11.00"),
                ]
            )
        )
        totals = totals_from_sie(books)
        assert totals.unmapped["1 999"] == D("30.00")  # net, in the accounting sign
        assert totals.unmapped["6 P99"] == D("11.00")
        unclassified = [key for key in totals.unmapped if "7010" in key]
        assert len(unclassified) == 1
        assert totals.unmapped[unclassified[0]] == D("3.00")
        assert totals.outcomes == {}

    def test_r25_projects_sum_every_account_in_the_accounting_sign(self, units):
        ObjectMapping.objects.create(dimension=6, code="P12", project="Förskola Åkervägen")
        books = parse(
            trans_file(
                [
                    [("1290", {6: "P12"}, "900000.00"), ("1930", {}, "-900000.00")],
                    [("4010", {1: "400", 6: "P12"}, "2500.00"), ("1930", {}, "-2500.00")],
                    [("3010", {6: "P12"}, "-500.00"), ("1930", {}, "500.00")],
                ]
            )
        )
        totals = totals_from_sie(books)
        assert totals.projects == {"Förskola Åkervägen": D("902000.00")}
        # Balance sheet accounts count for projects, never for areas.
        assert totals.outcomes == {(units["400"].pk, Category.COSTS): D("2500.00")}
        assert totals.without_object == {Category.REVENUE: D("500.00")}
        assert totals.unmapped == {}

    def test_balance_sheet_accounts_are_not_counted_for_areas(self, units):
        totals = totals_from_sie(parse(psaldo_file([("1930", {1: "400"}, "-75.00"), ("1930", {}, "9.00")])))
        assert totals.outcomes == {}
        assert totals.without_object == {}
        assert totals.unmapped == {}

    def test_an_account_without_a_total_row_has_no_remainder(self, units):
        books = parse(psaldo_file([("4010", {1: "400"}, "10.00"), ("4010", {1: "410"}, "5.00")]))
        books.balances.pop(("4010", ()))
        totals = totals_from_sie(books)
        assert totals.without_object == {}
        assert sum(totals.outcomes.values()) == D("15.00")

    def test_constant_queries(self, units, django_assert_num_queries):
        few = parse(psaldo_file([("4010", {1: "400"}, "10.00")]))
        rows = [
            (f"4{n:03}", {1: code, 6: f"P{n}"}, "1.00") for n in range(200) for code in ("400", "410", "9")
        ]
        many = parse(psaldo_file(rows))
        for books in (few, many):
            with django_assert_num_queries(3):  # account classes, object mappings, units' cost centres
                totals_from_sie(books)
