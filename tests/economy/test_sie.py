"""Reading SIE files (R25: the outcome from the accounting system): files composed to the SIE 4B
specification in `tests.economy.sie_files`, good and malformed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from economy.sie import MAX_PROBLEMS, SieRefused, parse
from tests.economy.sie_files import compose, header, psaldo_file, psaldo_records, trans_file, ver_records

HEAD = len(header())  # the lines before the records a test adds


def refused(data: bytes) -> SieRefused:
    with pytest.raises(SieRefused) as caught:
        parse(data)
    return caught.value


def where(error: SieRefused) -> list[tuple[int, str]]:
    return [(problem.line, problem.tag) for problem in error.problems]


class TestPsaldo:
    def test_r25_period_balances_summed_per_account_and_object(self):
        rows = [("3010", {1: "400"}, "-1200.00"), ("3010", {1: "410"}, "-300.50"), ("4010", {}, "99.00")]
        records = header(sie_type="3") + psaldo_records(rows, period="202609") + psaldo_records(rows)
        books = parse(compose(records))
        assert books.source == "psaldo"
        assert books.sie_type == "3"
        assert books.balances[("3010", ((1, "400"),))] == Decimal("-2400.00")
        assert books.balances[("3010", ((1, "410"),))] == Decimal("-601.00")
        assert books.balances[("3010", ())] == Decimal("-3001.00")  # the {} rows the file gives
        assert books.balances[("4010", ())] == Decimal("198.00")
        assert books.last_period == datetime.date(2026, 10, 31)
        assert (books.year_start, books.year_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

    def test_other_years_periods_are_not_summed(self):
        records = header(sie_type="3") + [
            '#PSALDO -1 202510 3010 {1 "400"} -999.00 0',
            '#PSALDO 0 202603 3010 {1 "400"} -5.00 0',
        ]
        books = parse(compose(records))
        assert books.balances == {("3010", ((1, "400"),)): Decimal("-5.00")}
        assert books.last_period == datetime.date(2026, 3, 31)

    def test_psaldo_wins_over_trans_in_a_type_4_file(self):
        records = (
            header()
            + psaldo_records([("4010", {1: "400"}, "10.00")], period="202602")
            + ver_records([[("4010", {1: "400"}, "7.00"), ("1930", {}, "-7.00")]])
        )
        books = parse(compose(records))
        assert books.source == "psaldo"
        assert books.balances[("4010", ())] == Decimal("10.00")
        assert books.last_period == datetime.date(2026, 2, 28)

    def test_header_read(self):
        books = parse(psaldo_file([("3010", {1: "400"}, "-1.00")]))
        assert books.program == "Ekonomisystemet 7.1"
        assert books.generated == datetime.date(2026, 11, 5)
        assert books.organisation == "Ånge kommun"
        assert books.dimensions == {1: "Ansvar", 6: "Projekt"}
        assert books.accounts["4010"] == "Löner månadsavlönade"
        assert books.lines == HEAD + 2


class TestTrans:
    def test_r25_rows_of_year_0_summed_with_the_total_across_objects(self):
        data = trans_file(
            [
                [("4010", {1: "400", 6: "P12"}, "1250.00"), ("1930", {}, "-1250.00")],
                [("3010", {1: "410"}, "-80.00"), ("1930", {}, "80.00")],
                [("4010", {1: "410"}, "0.50"), ("1930", {}, "-0.50")],
            ],
            date="20260315",
        )
        books = parse(data)
        assert books.source == "trans"
        assert books.balances[("4010", ((1, "400"), (6, "P12")))] == Decimal("1250.00")
        assert books.balances[("4010", ())] == Decimal("1250.50")
        assert books.balances[("1930", ())] == Decimal("-1170.50")
        assert books.last_period == datetime.date(2026, 3, 31)
        assert (books.verifications, books.transactions) == (3, 6)

    def test_verifications_of_another_year_are_checked_not_summed(self):
        records = header() + ver_records([[("4010", {}, "5.00"), ("1930", {}, "-5.00")]], date="20251231")
        records += ver_records([[("4010", {}, "2.00"), ("1930", {}, "-2.00")]], date="20260201")
        books = parse(compose(records))
        assert books.balances == {("4010", ()): Decimal("2.00"), ("1930", ()): Decimal("-2.00")}
        assert books.last_period == datetime.date(2026, 2, 28)

    def test_rtrans_counts_once_and_btrans_not_at_all(self):
        records = header() + [
            '#VER A 1 20260410 "Rättad"',
            "{",
            '#TRANS 4010 {1 "400"} 100.00',
            '#BTRANS 4010 {1 "400"} 100.00 20260410 "" 0 "Eva"',
            "#TRANS 1930 {} -100.00",
            '#RTRANS 4010 {1 "410"} 40.00',
            '#TRANS 4010 {1 "410"} 40.00',
            "#TRANS 1930 {} -40.00",
            "}",
        ]
        books = parse(compose(records))
        assert books.balances[("4010", ((1, "410"),))] == Decimal("40.00")
        assert books.balances[("4010", ())] == Decimal("140.00")
        assert (books.added_rows, books.removed_rows, books.transactions) == (1, 1, 4)
        assert any("#RTRANS" in note for note in books.notes)

    def test_a_trans_after_rtrans_that_differs_counts(self):
        records = header() + [
            '#VER A 1 20260410 ""',
            "{",
            '#RTRANS 4010 {1 "410"} 40.00',
            '#TRANS 4010 {1 "400"} 60.00',
            "#TRANS 1930 {} -100.00",
            "}",
        ]
        assert parse(compose(records)).balances[("4010", ())] == Decimal("100.00")

    def test_r25_unbalanced_verification_refused_naming_it(self):
        records = header() + [
            '#VER A 12 20260315 "Felaktig"',
            "{",
            '#TRANS 4010 {1 "400"} 1250.00',
            "#TRANS 1930 {} -1240.00",
            "}",
        ]
        error = refused(compose(records))
        assert where(error) == [(HEAD + 1, "#VER")]
        assert "A 12" in error.problems[0].message
        assert "10,00" in error.problems[0].message


class TestEncodings:
    NAMES = {(1, "400"): "Barn och utbildning", (1, "410"): "Äldreomsorg, hälsa och vård"}
    ACCOUNTS = {"5410": "Förbrukningsinventarier åt skolor"}

    def read(self, encoding: str, *, pc8: bool = False):
        records = header(
            sie_type="3",
            pc8=pc8,
            organisation="Ödeshögs kommun",
            object_names=self.NAMES,
            accounts=self.ACCOUNTS,
        ) + psaldo_records([("5410", {1: "410"}, "1.00")])
        return parse(compose(records, encoding=encoding))

    def check(self, books) -> None:
        assert books.organisation == "Ödeshögs kommun"
        assert books.objects[(1, "410")] == "Äldreomsorg, hälsa och vård"
        assert books.accounts["5410"] == "Förbrukningsinventarier åt skolor"

    def test_latin_1(self):
        books = self.read("latin-1")
        assert books.encoding == "latin-1"
        self.check(books)

    def test_pc8_is_cp437(self):
        books = self.read("cp437", pc8=True)
        assert books.encoding == "cp437"
        self.check(books)

    def test_utf_8_with_and_without_bom(self):
        books = self.read("utf-8")
        assert books.encoding == "utf-8"
        self.check(books)
        records = header(sie_type="3", organisation="Ödeshögs kommun", object_names=self.NAMES)
        books = parse(
            b"\xef\xbb\xbf"
            + compose(records + psaldo_records([("5410", {1: "410"}, "1.00")]), encoding="utf-8")
        )
        assert books.encoding == "utf-8"
        assert books.organisation == "Ödeshögs kommun"

    def test_pc8_label_wins_over_utf_8_bytes(self):
        books = self.read("utf-8", pc8=True)
        assert books.encoding == "cp437"
        assert books.organisation == "Ödeshögs kommun".encode().decode("cp437")

    def test_quoted_fields_with_escaped_quotes_and_tabs(self):
        records = header(sie_type="3") + [
            '#OBJEKT\t1\t420\t"Kultur \\"och\\" fritid"',
            '#PSALDO 0 202601 3010 {1 420 6 "P 7"} -3.00',
        ]
        books = parse(compose(records))
        assert books.objects[(1, "420")] == 'Kultur "och" fritid'
        assert books.balances[("3010", ((1, "420"), (6, "P 7")))] == Decimal("-3.00")


# Each malformed kind: the records after the header, and the (line offset, tag) of its problem.
MALFORMED = {
    "amount with a comma": (['#PSALDO 0 202601 3010 {1 "400"} -12,50 0'], [(1, "#PSALDO")]),
    "amount not a number": (['#PSALDO 0 202601 3010 {1 "400"} tolv 0'], [(1, "#PSALDO")]),
    "amount missing": (['#PSALDO 0 202601 3010 {1 "400"}'], [(1, "#PSALDO")]),
    "period not a month": (['#PSALDO 0 202613 3010 {1 "400"} 1.00'], [(1, "#PSALDO")]),
    "period outside year 0": (['#PSALDO 0 202512 3010 {1 "400"} 1.00'], [(1, "#PSALDO")]),
    "object list not closed": (['#PSALDO 0 202601 3010 {1 "400" 1.00'], [(1, "#PSALDO")]),
    "object list missing": (["#PSALDO 0 202601 3010 1.00"], [(1, "#PSALDO")]),
    "object list odd": (['#PSALDO 0 202601 3010 {1 "400" 6} 1.00'], [(1, "#PSALDO")]),
    "object list with a dimension twice": (
        ['#PSALDO 0 202601 3010 {1 "400" 1 "410"} 1.00'],
        [(1, "#PSALDO")],
    ),
    "quote never closed": (['#KONTO 3010 "Taxor'], [(1, "#KONTO")]),
    "account missing": (["#KONTO"], [(1, "#KONTO")]),
    "bad date in a verification": (['#VER A 1 20260230 ""', "{", "}"], [(1, "#VER")]),
    "bad transaction date": (
        ['#VER A 1 20260201 ""', "{", "#TRANS 4010 {} 1.00 2026-02-01", "#TRANS 1930 {} -1.00", "}"],
        [(3, "#TRANS")],
    ),
    "trans outside a verification": (["#TRANS 4010 {} 1.00"], [(1, "#TRANS")]),
    "verification block not closed at end": (
        ['#VER A 1 20260201 ""', "{", "#TRANS 4010 {} 0.00"],
        [(1, "#VER")],
    ),
    "verification block not closed before the next": (
        ['#VER A 1 20260201 ""', "{", '#VER A 2 20260201 ""', "{", "}"],
        [(1, "#VER")],
    ),
    "closing brace without a block": (["}"], [(1, "}")]),
    "not a record": (["Saldo 3010 12.00"], [(1, "")]),
    "line too long": (['#KONTO 3010 "' + "x" * 10_001 + '"'], [(1, "")]),
    "bad year": (["#RES noll 3010 1.00"], [(1, "#RES")]),
}


@pytest.mark.parametrize(("records", "expected"), MALFORMED.values(), ids=MALFORMED.keys())
def test_r25_every_malformed_kind_refused_with_line_and_tag(records, expected):
    error = refused(compose(header() + records))
    assert where(error) == [(HEAD + offset, tag) for offset, tag in expected]
    assert all(problem.message for problem in error.problems)


class TestRefused:
    def test_r25_psaldo_total_disagreeing_with_res_names_the_res_line(self):
        records = header(sie_type="3") + [
            '#PSALDO 0 202601 3010 {1 "400"} -100.00 0',
            "#PSALDO 0 202601 3010 {} -100.00 0",
            "#PSALDO 0 202602 3010 {} -50.00 0",
            "#RES 0 3010 -160.00",
            "#RES 0 4010 -160.00",  # no PSALDO: nothing to compare
            "#RES -1 3010 -1.00",
        ]
        error = refused(compose(records))
        assert where(error) == [(HEAD + 4, "#RES")]
        assert "3010" in error.problems[0].message
        assert "150,00" in error.problems[0].message

    def test_psaldo_agreeing_with_res_is_read(self):
        records = header(sie_type="3") + ["#PSALDO 0 202601 3010 {} -100.00 0", "#RES 0 3010 -100.00"]
        assert parse(compose(records)).balances[("3010", ())] == Decimal("-100.00")

    def test_r25_without_rar_0_refused(self):
        records = [r for r in header() if not r.startswith("#RAR 0")]
        assert where(refused(compose(records))) == [(0, "#RAR")]

    def test_rar_0_after_the_balances_refused(self):
        records = [r for r in header() if not r.startswith("#RAR 0")]
        records += ["#PSALDO 0 202601 3010 {} 1.00", "#RAR 0 20260101 20261231"]
        assert where(refused(compose(records))) == [(len(records) - 1, "#PSALDO")]

    def test_without_sietyp_refused(self):
        records = [r for r in header() if not r.startswith("#SIETYP")]
        assert where(refused(compose(records))) == [(0, "#SIETYP")]

    @pytest.mark.parametrize("sie_type", ["1", "2"])
    def test_r25_types_without_objects_refused(self, sie_type):
        records = header(sie_type=sie_type) + ["#PSALDO 0 202601 3010 {} 1.00"]
        error = refused(compose(records))
        assert where(error) == [(4, "#SIETYP")]
        assert "4" in error.problems[0].message

    def test_too_large_refused_before_reading(self, settings):
        settings.ECONOMY_IMPORT_MAX_BYTES = 100
        error = refused(psaldo_file([("3010", {1: "400"}, "1.00")]))
        assert where(error) == [(0, "")]

    def test_invalid_utf_8_after_a_bom_refused(self):
        assert where(refused(b'\xef\xbb\xbf#FLAGGA 0\r\n#FNAMN "\xe5"\r\n')) == [(0, "")]

    def test_r25_every_problem_collected_in_one_pass_capped(self):
        bad = ['#PSALDO 0 202601 3010 {1 "400"} 1,00'] * (MAX_PROBLEMS + 5)
        error = refused(compose(header() + bad))
        assert len(error.problems) == MAX_PROBLEMS
        assert error.more == 5
        assert [p.line for p in error.problems] == list(range(HEAD + 1, HEAD + 1 + MAX_PROBLEMS))

    def test_unknown_records_ignored_and_counted(self):
        records = header(sie_type="3") + [
            "#NYPOST 1 2 3",
            "#NYPOST 4",
            "#KSUMMA 123",
            "#PBUDGET 0 202601 3010 {} 1.00",
        ]
        books = parse(compose(records + ["#PSALDO 0 202601 3010 {} 1.00"]))
        assert books.unknown_records == 2
        assert any("#NYPOST" in note for note in books.notes)
