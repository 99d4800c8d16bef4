"""Amounts in tkr: shown as "1 234,5 tkr" and read as Swedish spreadsheets and people write them."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from budget.money import AmountError, AmountTooLarge, format_tkr, parse_tkr

NBSP, MINUS = "\u00a0", "\u2212"


class TestFormat:
    @pytest.mark.parametrize(
        ("kronor", "shown"),
        [
            (Decimal("1234500"), f"1{NBSP}234,5{NBSP}tkr"),
            (Decimal("-1234500"), f"{MINUS}1{NBSP}234,5{NBSP}tkr"),
            (Decimal("600000000"), f"600{NBSP}000,0{NBSP}tkr"),
            (Decimal("999"), f"1,0{NBSP}tkr"),
            (0, f"0,0{NBSP}tkr"),
            (Decimal("-40"), f"0,0{NBSP}tkr"),  # rounds to zero: no minus sign on nothing
        ],
    )
    def test_thousands_with_decimal_comma_and_minus_sign(self, kronor, shown):
        assert format_tkr(kronor) == shown

    def test_missing_amount_is_a_dash(self):
        assert format_tkr(None) == "–"

    def test_template_filters(self):
        rendered = Template("{% load money %}{{ a|tkr }}|{{ a|tkr_number }}").render(
            Context({"a": Decimal("-1234500")})
        )
        assert rendered == f"{MINUS}1{NBSP}234,5{NBSP}tkr|{MINUS}1{NBSP}234,5"


class TestParse:
    @pytest.mark.parametrize(
        ("text", "kronor"),
        [
            ("1 234,5", Decimal("1234500")),
            (f"1{NBSP}234,5", Decimal("1234500")),
            ("1\u202f234", Decimal("1234000")),
            ("-12", Decimal("-12000")),
            (f"{MINUS}12,25", Decimal("-12250")),
            ("0,001", Decimal("1")),
            (1.5, Decimal("1500")),
            (12, Decimal("12000")),
        ],
    )
    def test_swedish_forms(self, text, kronor):
        assert parse_tkr(text) == kronor

    @pytest.mark.parametrize("text", ["1.234,5", "12,3456", "abc", "", "1,2,3", "1e5", True])
    def test_refuses_rather_than_guesses(self, text):
        with pytest.raises(AmountError):
            parse_tkr(text)


class TestMagnitude:
    """Input is hostile until bounded: the magnitude is checked before any arithmetic (issue 9)."""

    @pytest.mark.parametrize(
        "value",
        [
            "12345678901234567890123456",  # 26 digits
            "12 345 678 901 234 567 890 123 456",
            "10 000 000 000",  # the first amount the database cannot hold
            pytest.param("9" * 10_000, id="10000-nines"),
            12345678901234567890123456,
            pytest.param(10**5000, id="int-of-5001-digits"),  # more digits than int → str allows
            1e30,
            1e300,
            Decimal("1e30"),
            Decimal("1E+30"),
            Decimal("1e999999999"),
            Decimal("-1e999999999"),
        ],
    )
    def test_an_amount_beyond_the_bound_is_refused_as_too_large(self, value):
        with pytest.raises(AmountTooLarge):
            parse_tkr(value)

    @pytest.mark.parametrize(
        "value",
        [
            "1e30",
            "1E+30",
            "1e999999999",
            "inf",
            "NaN",
            float("inf"),
            float("-inf"),
            float("nan"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("1e-999999999"),
            pytest.param("0," + "0" * 10_000 + "1", id="10000-decimals"),
        ],
    )
    def test_a_non_amount_is_refused_without_an_arithmetic_error(self, value):
        with pytest.raises(AmountError):
            parse_tkr(value)

    def test_the_largest_amount_the_database_holds_is_accepted(self):
        assert parse_tkr("9 999 999 999,999") == Decimal("9999999999999")
        assert parse_tkr(-9_999_999_999) == Decimal("-9999999999000")
        assert parse_tkr(Decimal("0E+999999999")) == 0

    @pytest.mark.parametrize(
        "kronor",
        [
            Decimal("1e30"),
            Decimal("1e999999999"),
            Decimal("-1e-999999999"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            1e30,
            float("nan"),
            10**40,
            "not a number",
        ],
    )
    def test_format_never_raises(self, kronor):
        assert isinstance(format_tkr(kronor), str)

    def test_format_shows_the_largest_stored_amount(self):
        assert format_tkr(Decimal("9999999999999.99")) == f"10{NBSP}000{NBSP}000{NBSP}000,0{NBSP}tkr"
        assert (
            format_tkr(Decimal("1e20"), decimals=0)
            == f"100{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}tkr"
        )
