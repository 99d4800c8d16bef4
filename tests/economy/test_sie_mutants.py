"""economy.sie's every message and edge, pinned so that a mutated reader fails (`make mutation`).

The messages are read in English (their msgids); the Swedish catalogue translates them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from economy.sie import SieRefused, parse
from tests.economy.sie_files import compose, header

HEAD = len(header())


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data: bytes) -> SieRefused:
    with pytest.raises(SieRefused) as caught:
        parse(data)
    return caught.value


def problems(records: list[str], **header_options) -> list[tuple[int, str, str]]:
    """Each problem of the header followed by `records`: (line after the header, tag, message)."""
    error = refused(compose(header(**header_options) + records))
    return [(p.line - HEAD, p.tag, p.message) for p in error.problems]


def test_refused_holds_its_problems_and_counts_none_more_by_default():
    error = SieRefused([])
    assert (error.problems, error.more, error.args) == ([], 0, ([],))


# Each malformed line: the records after the header and every problem, word for word.
MESSAGES = {
    "sietyp missing": (["#SIETYP"], [(1, "#SIETYP", "The field “type” is missing.")]),
    "sietyp empty": (['#SIETYP ""'], [(1, "#SIETYP", "The field “type” is empty.")]),
    "sietyp unknown": (["#SIETYP 5"], [(1, "#SIETYP", "“5” is not an SIE type (1, 2, 3 or 4).")]),
    "rar year missing": (["#RAR"], [(1, "#RAR", "The field “year” is missing.")]),
    "rar start bad": (
        ["#RAR 1 2026x101 20261231"],
        [(1, "#RAR", "“2026x101” is not a date written YYYYMMDD (start).")],
    ),
    "rar end bad": (
        ["#RAR 1 20260101 20261232"],
        [(1, "#RAR", "“20261232” is not a date written YYYYMMDD (end).")],
    ),
    "rar end before start": (
        ["#RAR 1 20260102 20260101"],
        [(1, "#RAR", "The financial year ends before it starts.")],
    ),
    "konto missing name": (["#KONTO 3010"], [(1, "#KONTO", "The field “name” is missing.")]),
    "konto object list": (
        ["#KONTO {} x"],
        [(1, "#KONTO", "An object list stands where the field “account” belongs.")],
    ),
    "dim not a number": (['#DIM x "Ansvar"'], [(1, "#DIM", "“x” is not a whole number (dimension).")]),
    "dim missing name": (["#DIM 1"], [(1, "#DIM", "The field “name” is missing.")]),
    "objekt empty id": (['#OBJEKT 1 "" "Namn"'], [(1, "#OBJEKT", "The field “object” is empty.")]),
    "objekt missing name": (['#OBJEKT 1 "400"'], [(1, "#OBJEKT", "The field “name” is missing.")]),
    "objekt bad dimension": (
        ['#OBJEKT x "400" "Namn"'],
        [(1, "#OBJEKT", "“x” is not a whole number (dimension).")],
    ),
    "ib bad year": (["#IB x 3010 1.00"], [(1, "#IB", "“x” is not a whole number (year).")]),
    "ib missing account": (["#IB 0"], [(1, "#IB", "The field “account” is missing.")]),
    "ub bad amount": (
        ["#UB 0 3010 1,5"],
        [(1, "#UB", "The amount “1,5” has a decimal comma; SIE writes amounts with a decimal point.")],
    ),
    "res missing account": (["#RES 0"], [(1, "#RES", "The field “account” is missing.")]),
    "res bad amount": (["#RES 0 3010 x"], [(1, "#RES", "“x” is not an amount.")]),
    "psaldo year": (["#PSALDO x 202601 3010 {} 1.00"], [(1, "#PSALDO", "“x” is not a whole number (year).")]),
    "psaldo period": (
        ["#PSALDO 0 202613 3010 {} 1.00"],
        [(1, "#PSALDO", "“202613” is not a period written YYYYMM.")],
    ),
    "psaldo period zero": (
        ["#PSALDO 0 202600 3010 {} 1.00"],
        [(1, "#PSALDO", "“202600” is not a period written YYYYMM.")],
    ),
    "psaldo period short": (
        ["#PSALDO 0 20261 3010 {} 1.00"],
        [(1, "#PSALDO", "“20261” is not a period written YYYYMM.")],
    ),
    "psaldo account": (['#PSALDO 0 202601 "" {} 1.00'], [(1, "#PSALDO", "The field “account” is empty.")]),
    "psaldo outside": (
        ["#PSALDO 0 202701 3010 {} 1.00"],
        [(1, "#PSALDO", "The period 202701 lies outside the financial year 2026-01-01–2026-12-31.")],
    ),
    "object list opened inside": (
        ["#PSALDO 0 202601 3010 {1 {} 1.00"],
        [(1, "#PSALDO", "An object list is opened inside another.")],
    ),
    "object list closed never opened": (
        ["#PSALDO 0 202601 3010 } 1.00"],
        [(1, "#PSALDO", "An object list is closed that was never opened.")],
    ),
    "object list not closed": (
        ['#PSALDO 0 202601 3010 {1 "400" 1.00'],
        [(1, "#PSALDO", "An object list is not closed (the } is missing).")],
    ),
    "object list missing": (
        ["#PSALDO 0 202601 3010"],
        [(1, "#PSALDO", "The object list (in braces, {} when empty) is missing.")],
    ),
    "object odd": (
        ["#PSALDO 0 202601 3010 {1} 1.00"],
        [(1, "#PSALDO", "The object list must hold pairs of dimension and object.")],
    ),
    "object dim bad": (
        ['#PSALDO 0 202601 3010 {x "400"} 1.00'],
        [(1, "#PSALDO", "“x” is not a dimension number.")],
    ),
    "object dim negative": (
        ['#PSALDO 0 202601 3010 {-1 "400"} 1.00'],
        [(1, "#PSALDO", "“-1” is not a dimension number.")],
    ),
    "object empty": (
        ['#PSALDO 0 202601 3010 {1 ""} 1.00'],
        [(1, "#PSALDO", "An object in the object list is empty.")],
    ),
    "object dim twice": (
        ['#PSALDO 0 202601 3010 {1 "400" 1 "410"} 1.00'],
        [(1, "#PSALDO", "The object list names dimension 1 twice.")],
    ),
    "quote": (['#KONTO 3010 "Taxor'], [(1, "#KONTO", "A quotation mark is never closed.")]),
    "ver no fields": (
        ["#VER", "{", "#TRANS 4010 {} 10.00", "}"],
        [
            (1, "#VER", "The field “series” is missing."),
            (1, "#VER", "The verification  does not balance: its rows sum to 10,00."),
        ],
    ),
    "ver no number": (["#VER A", "{", "}"], [(1, "#VER", "The field “number” is missing.")]),
    "ver bad date": (
        ["#VER A 1 2026", "{", "}"],
        [(1, "#VER", "“2026” is not a date written YYYYMMDD (date).")],
    ),
    "ver unbalanced negative": (
        ['#VER A 1 20260201 ""', "{", "#TRANS 4010 {} -10.00", "}"],
        [(1, "#VER", "The verification A 1 does not balance: its rows sum to −10,00.")],
    ),
    "ver unclosed at end": (
        ['#VER A 7 20260201 ""', "{", "#TRANS 4010 {} 0.00"],
        [(1, "#VER", "The verification A 7 is never closed with }.")],
    ),
    "ver unclosed then row": (
        ['#VER A 7 20260201 ""', "{", "#TRANS 4010 {} 0.00", '#KONTO 3010 "x"', "#TRANS 4010 {} 0.00"],
        [
            (1, "#VER", "The verification A 7 is never closed with }."),
            (5, "#TRANS", "A transaction row outside a verification's { } block."),
        ],
    ),
    "open brace alone": (["{"], [(1, "{", "A { that does not open a verification's rows.")]),
    "open brace twice": (
        ['#VER A 1 20260201 ""', "{", "{", "}"],
        [(3, "{", "A { that does not open a verification's rows.")],
    ),
    "close brace alone": (["}"], [(1, "}", "A } that closes no verification.")]),
    "trans outside": (
        ["#TRANS 4010 {} 1.00"],
        [(1, "#TRANS", "A transaction row outside a verification's { } block.")],
    ),
    "trans no account": (
        ['#VER A 1 20260201 ""', "{", "#TRANS", "}"],
        [(3, "#TRANS", "The field “account” is missing.")],
    ),
    "trans bad date": (
        ['#VER A 1 20260201 ""', "{", "#TRANS 4010 {} 0.00 2026", "}"],
        [(3, "#TRANS", "“2026” is not a date written YYYYMMDD (transaction date).")],
    ),
    "gen bad": (["#GEN 2026"], [(1, "#GEN", "“2026” is not a date written YYYYMMDD (date).")]),
    "program missing": (["#PROGRAM"], [(1, "#PROGRAM", "The field “program” is missing.")]),
    "flagga": (["#FLAGGA x"], [(1, "#FLAGGA", "“x” is not a whole number (flag).")]),
    "fnamn missing": (["#FNAMN"], [(1, "#FNAMN", "The field “name” is missing.")]),
    "orgnr missing": (["#ORGNR"], [(1, "#ORGNR", "The field “organisation number” is missing.")]),
    "not a record": (
        ["Saldo"],
        [(1, "", "The line is not a record: records begin with a label such as #TRANS.")],
    ),
    "too long": (
        ['#KONTO 3010 "' + "x" * 10_001 + '"'],
        [(1, "", "The line is longer than 10\xa0000 characters.")],
    ),
    "konto empty account": (['#KONTO "" "Namn"'], [(1, "#KONTO", "The field “account” is empty.")]),
    "objekt missing dimension": (["#OBJEKT"], [(1, "#OBJEKT", "The field “dimension” is missing.")]),
    "res bad year": (["#RES x 3010 1.00"], [(1, "#RES", "“x” is not a whole number (year).")]),
    "psaldo amount missing": (
        ["#PSALDO 0 202601 3010 {}"],
        [(1, "#PSALDO", "The field “amount” is missing.")],
    ),
    "psaldo period missing": (["#PSALDO 0"], [(1, "#PSALDO", "The field “period” is missing.")]),
    "ver date missing": (["#VER A 1", "{", "}"], [(1, "#VER", "The field “date” is missing.")]),
    "trans amount missing": (
        ['#VER A 1 20260201 ""', "{", "#TRANS 4010 {}", "}"],
        [(3, "#TRANS", "The field “amount” is missing.")],
    ),
}


@pytest.mark.parametrize(("records", "expected"), MESSAGES.values(), ids=MESSAGES.keys())
def test_every_problem_word_for_word(records, expected):
    assert problems(records) == expected


def trans(*rows: str, date: str = "20260201", name: str = "A 1") -> list[str]:
    return [f'#VER {name} {date} ""', "{", *rows, "}"]


class TestFileLevel:
    def test_without_sietyp_and_rar_0(self):
        records = [r for r in header() if not r.startswith(("#SIETYP", "#RAR 0"))]
        error = refused(compose(records))
        assert [(p.line, p.tag, p.message) for p in error.problems] == [
            (0, "#SIETYP", "The file has no #SIETYP: its type cannot be known."),
            (0, "#RAR", "The file has no #RAR 0, so its financial year is unknown."),
        ]

    def test_rar_0_after_a_balance_is_named_once(self):
        records = [r for r in header() if not r.startswith("#RAR 0")]
        records += [
            "#PSALDO 0 202601 3010 {} 1.00",
            "#PSALDO 0 202602 3010 {} 1.00",
            "#RAR 0 20260101 20261231",
        ]
        error = refused(compose(records))
        assert [(p.tag, p.message) for p in error.problems] == [
            ("#PSALDO", "The file's #RAR 0 must come before its balances and verifications.")
        ]

    @pytest.mark.parametrize("sie_type", ["1", "2"])
    def test_types_without_objects(self, sie_type):
        assert problems([], sie_type=sie_type) == [
            (
                4 - HEAD,
                "#SIETYP",
                f"The file is SIE type {sie_type}, which has no balances per object, so the outcome "
                "cannot be divided between the activity areas. Export SIE type 4 (or 3) from the "
                "accounting system.",
            )
        ]

    def test_too_large(self, settings):
        settings.ECONOMY_IMPORT_MAX_BYTES = 1536 * 1024
        error = refused(b"x" * (1536 * 1024 + 1))
        assert [(p.line, p.tag, p.message) for p in error.problems] == [
            (0, "", "The file is larger than 1,5 MB, the most the import reads.")
        ]

    def test_exactly_the_largest_size_is_read(self, settings):
        data = compose(header(sie_type="3") + ["#PSALDO 0 202601 3010 {} 1.00"])
        settings.ECONOMY_IMPORT_MAX_BYTES = len(data)
        assert parse(data).balances[("3010", ())] == Decimal("1.00")

    def test_not_utf_8_after_a_bom(self):
        error = refused(b'\xef\xbb\xbf#FLAGGA 0\r\n#FNAMN "\xe5"\r\n')
        assert [p.message for p in error.problems] == [
            "The file begins as UTF-8 but is not valid UTF-8 text."
        ]

    def test_res_disagreeing_with_the_periods(self):
        records = [
            "#PSALDO 0 202601 3010 {} -100.00 0",
            "#PSALDO 0 202602 3010 {} -50.00 0",
            "#RES 0 3010 10.00",
        ]
        assert problems(records, sie_type="3") == [
            (
                3,
                "#RES",
                "The periods of account 3010 sum to −150,00, but #RES gives 10,00: "
                "the file's total does not agree with its periods.",
            )
        ]

    def test_res_is_compared_only_with_an_accounts_total_row(self):
        records = ['#PSALDO 0 202601 3010 {1 "400"} -100.00 0', "#RES 0 3010 10.00"]
        books = parse(compose(header(sie_type="3") + records))
        assert books.balances == {("3010", ((1, "400"),)): Decimal("-100.00")}

    def test_res_problems_in_line_order(self):
        records = [
            "#PSALDO 0 202601 4010 {} 1.00 0",
            "#PSALDO 0 202601 3010 {} 1.00 0",
            "#RES 0 4010 2.00",
            "#RES 0 3010 2.00",
        ]
        assert [line for line, _, _ in problems(records, sie_type="3")] == [3, 4]


class TestPeriods:
    def test_december_and_the_years_first_month_are_in_the_year(self):
        records = ["#PSALDO 0 202601 3010 {} 1.00", "#PSALDO 0 202612 3010 {} 2.00"]
        books = parse(compose(header(sie_type="3") + records))
        assert books.balances[("3010", ())] == Decimal("3.00")
        assert books.last_period == datetime.date(2026, 12, 31)

    def test_a_zero_amount_does_not_move_the_last_period(self):
        records = [
            "#PSALDO 0 202603 3010 {} 1.00",
            "#PSALDO 0 202605 3010 {} 0.00",
            "#PSALDO 0 202602 3010 {} 1.00",
        ]
        assert parse(compose(header(sie_type="3") + records)).last_period == datetime.date(2026, 3, 31)

    def test_only_zero_amounts_have_no_last_period(self):
        books = parse(compose(header(sie_type="3") + ["#PSALDO 0 202603 3010 {} 0.00"]))
        assert (books.source, books.last_period) == ("psaldo", None)

    def test_other_years_periods_are_checked_not_summed(self):
        books = parse(
            compose(
                header(sie_type="3") + ["#PSALDO -1 202503 3010 {} 5.00", "#PSALDO 0 202601 3010 {} 1.00"]
            )
        )
        assert books.balances == {("3010", ()): Decimal("1.00")}
        assert books.last_period == datetime.date(2026, 1, 31)

    def test_res_of_another_year_is_not_compared(self):
        records = ["#PSALDO 0 202601 3010 {} 1.00", "#RES -1 3010 7.00"]
        assert parse(compose(header(sie_type="3") + records)).balances == {("3010", ()): Decimal("1.00")}


class TestVerifications:
    def test_the_years_first_and_last_day_count(self):
        records = trans("#TRANS 4010 {} 1.00", "#TRANS 1930 {} -1.00", date="20260101") + trans(
            "#TRANS 4010 {} 2.00", "#TRANS 1930 {} -2.00", date="20261231", name="A 2"
        )
        books = parse(compose(header() + records))
        assert books.balances[("4010", ())] == Decimal("3.00")
        assert books.last_period == datetime.date(2026, 12, 31)

    def test_the_latest_verification_gives_the_last_period(self):
        records = trans("#TRANS 4010 {} 1.00", "#TRANS 1930 {} -1.00", date="20260715") + trans(
            "#TRANS 4010 {} 2.00", "#TRANS 1930 {} -2.00", date="20260301", name="A 2"
        )
        books = parse(compose(header() + records))
        assert (books.source, books.last_period) == ("trans", datetime.date(2026, 7, 31))

    def test_no_rows_no_last_period(self):
        books = parse(compose(header()))
        assert (books.source, books.last_period, books.balances) == ("trans", None, {})

    def test_rows_with_objects_also_count_in_the_accounts_total(self):
        records = trans('#TRANS 4010 {1 "400"} 5.00', "#TRANS 4010 {} 1.00", "#TRANS 1930 {} -6.00")
        books = parse(compose(header() + records))
        assert books.balances == {
            ("4010", ((1, "400"),)): Decimal("5.00"),
            ("4010", ()): Decimal("6.00"),
            ("1930", ()): Decimal("-6.00"),
        }

    def test_each_added_row_counts_and_each_removed_row_does_not(self):
        records = trans(
            "#RTRANS 4010 {} 1.00",
            "#RTRANS 4010 {} 1.00",
            "#BTRANS 4010 {} 9.00",
            "#BTRANS 4010 {} 9.00",
            "#TRANS 1930 {} -2.00",
        )
        books = parse(compose(header() + records))
        assert (books.added_rows, books.removed_rows, books.transactions) == (2, 2, 3)
        assert books.balances[("4010", ())] == Decimal("2.00")
        assert books.notes == ["Rows added afterwards: 2; rows removed afterwards: 2 (#RTRANS, #BTRANS)."]

    def test_only_removed_rows_are_noted(self):
        records = trans("#BTRANS 4010 {} 9.00", "#TRANS 4010 {} 1.00", "#TRANS 1930 {} -1.00")
        books = parse(compose(header() + records))
        assert books.notes == ["Rows added afterwards: 0; rows removed afterwards: 1 (#RTRANS, #BTRANS)."]

    def test_the_trans_after_an_rtrans_is_skipped_once(self):
        records = trans(
            '#RTRANS 4010 {} 1.00 20260201 ""',
            '#TRANS 4010 {} 1.00 20260201 ""',
            '#TRANS 4010 {} 1.00 20260201 ""',
            "#TRANS 1930 {} -2.00",
        )
        books = parse(compose(header() + records))
        assert (books.transactions, books.balances[("4010", ())]) == (3, Decimal("2.00"))

    def test_a_verification_of_another_year_is_counted_not_summed(self):
        records = trans("#TRANS 4010 {} 1.00", "#TRANS 1930 {} -1.00", date="20251231")
        books = parse(compose(header() + records))
        assert (books.verifications, books.transactions, books.balances) == (1, 2, {})

    def test_a_bad_row_does_not_also_unbalance_its_verification(self):
        records = trans("#TRANS 4010 {} 1,00", "#TRANS 1930 {} -1.00")
        assert problems(records) == [
            (3, "#TRANS", "The amount “1,00” has a decimal comma; SIE writes amounts with a decimal point.")
        ]

    def test_the_next_verification_is_judged_on_its_own(self):
        records = trans("#TRANS 4010 {} 1,00", "#TRANS 1930 {} -1.00") + trans(
            "#TRANS 4010 {} 3.00", name="A 2"
        )
        assert [message for _, _, message in problems(records)][-1] == (
            "The verification A 2 does not balance: its rows sum to 3,00."
        )

    def test_an_unclosed_verification_before_the_next_is_named_with_its_own_line(self):
        records = [
            '#VER "B" 4 20260201 ""',
            "{",
            "#TRANS 4010 {} 0.00",
            *trans("#TRANS 4010 {} 0.00", name="A 5"),
        ]
        assert problems(records) == [(1, "#VER", "The verification B 4 is never closed with }.")]

    def test_a_header_never_opened_is_named_when_the_next_comes(self):
        records = ['#VER A 4 20260201 ""', *trans("#TRANS 4010 {} 0.00", name="A 5")]
        assert problems(records) == [(1, "#VER", "The verification A 4 is never closed with }.")]

    def test_reading_resumes_after_an_unclosed_verification(self):
        records = ['#VER A 4 20260201 ""', "{", "#TRANS 4010 {} 1.00", '#KONTO 3010 "x"', "}"]
        assert problems(records) == [
            (1, "#VER", "The verification A 4 is never closed with }."),
            (5, "}", "A } that closes no verification."),
        ]

    def test_the_header_and_counts(self):
        records = [*trans("#TRANS 4010 {} 1.00", "#TRANS 1930 {} -1.00"), "#NYTT 1", "#NYTT 2", "#ANNAT"]
        books = parse(compose(header() + records))
        assert books.notes == ["3 records the import does not know were ignored (#ANNAT, #NYTT)."]
        assert (books.unknown_records, books.verifications, books.lines) == (3, 1, HEAD + 8)
        assert books.program == "Ekonomisystemet 7.1"
        assert books.generated == datetime.date(2026, 11, 5)
        assert (books.year_start, books.year_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

    def test_one_unknown_record(self):
        assert parse(compose(header() + ["#NYTT 1"])).notes == [
            "1 record the import does not know was ignored (#NYTT)."
        ]

    def test_a_program_without_a_version(self):
        records = [r for r in header() if not r.startswith("#PROGRAM")] + ['#PROGRAM "Eget"']
        assert parse(compose(records)).program == "Eget"

    def test_a_program_whose_version_is_an_object_list(self):
        records = [r for r in header() if not r.startswith("#PROGRAM")] + ['#PROGRAM "Eget" {}']
        assert parse(compose(records)).program == "Eget"


def test_dimension_0_is_a_dimension_number():
    books = parse(compose(header(sie_type="3") + ['#PSALDO 0 202601 3010 {0 "X"} 1.00']))
    assert books.balances == {("3010", ((0, "X"),)): Decimal("1.00")}


@pytest.mark.parametrize(
    ("written", "read"), [("4E", "4E"), ("4e", "4E"), ("4I", "4I"), ("4i", "4I"), ("3", "3")]
)
def test_sie_types_in_either_case(written, read):
    records = [f"#SIETYP {written}" if r.startswith("#SIETYP") else r for r in header()]
    assert parse(compose(records)).sie_type == read


def test_a_file_without_program_name_or_date_reads_them_as_empty():
    records = [r for r in header() if not r.startswith(("#PROGRAM", "#FNAMN", "#GEN"))]
    books = parse(compose(records))
    assert (books.program, books.organisation, books.generated) == ("", "", None)


class TestLines:
    def test_a_one_day_financial_year(self):
        records = [r for r in header(sie_type="3") if not r.startswith("#RAR")] + ["#RAR 0 20260101 20260101"]
        books = parse(compose(records))
        assert (books.year_start, books.year_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))

    def test_res_problems_sorted_by_line_whatever_the_amounts(self):
        records = [
            "#PSALDO 0 202601 4010 {} 1.00 0",
            "#PSALDO 0 202601 3010 {} 1.00 0",
            "#RES 0 4010 5.00",
            "#RES 0 3010 2.00",
            '#KONTO 9999 "Sist"',
        ]
        assert [(line, tag) for line, tag, _ in problems(records, sie_type="3")] == [(3, "#RES"), (4, "#RES")]

    def test_old_mac_line_endings(self):
        books = parse(compose(header(sie_type="3") + ["#PSALDO 0 202601 3010 {} 1.00"], newline="\r"))
        assert books.balances == {("3010", ()): Decimal("1.00")}

    def test_a_line_of_exactly_the_longest_length_is_read(self):
        record = '#KONTO 3010 "' + "x" * (10_000 - 14) + '"'
        assert len(record) == 10_000
        assert parse(compose(header() + [record])).accounts["3010"] == "x" * 9_986

    def test_trailing_spaces_count_in_the_length(self):
        record = '#KONTO 3010 "' + "x" * (10_000 - 14) + '" '
        assert problems([record]) == [(1, "", "The line is longer than 10\xa0000 characters.")]

    def test_a_name_ending_in_x(self):
        assert parse(compose(header() + ["#KONTO 3010 NAMNX"])).accounts["3010"] == "NAMNX"

    def test_reading_goes_on_after_a_long_line_a_blank_line_and_a_non_record(self):
        records = [
            '#KONTO 3010 "' + "x" * 10_001 + '"',
            "",
            "Saldo",
            "#FLAGGA x",
            "#PSALDO 0 202601 3010 {} 1.00",
        ]
        assert [(line, tag) for line, tag, _ in problems(records)] == [(1, ""), (3, ""), (4, "#FLAGGA")]

    def test_a_blank_line_between_records(self):
        books = parse(compose(header(sie_type="3") + ["", "#PSALDO 0 202601 3010 {} 1.00"]))
        assert books.balances == {("3010", ()): Decimal("1.00")}


def test_an_opening_balance_without_its_account():
    assert problems(['#IB 0 "" 1.00']) == [(1, "#IB", "The field “account” is empty.")]
