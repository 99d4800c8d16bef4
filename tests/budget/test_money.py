"""Amounts in tkr: shown as "1 234,5 tkr" and read as Swedish spreadsheets and people write them."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from planning.money import AmountError, format_tkr, parse_tkr

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
