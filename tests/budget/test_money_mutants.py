"""budget.money's edges, pinned so that a mutated rule fails (`make mutation`, docs/mutation.md)."""

from decimal import Decimal

import pytest

from budget.money import (
    MAX_TKR_TEXT,
    MIN_TKR_TEXT,
    AmountError,
    AmountTooLarge,
    AmountWithPoint,
    format_tkr,
    parse_tkr,
    tkr_input,
)

NBSP, MINUS = "\u00a0", "\u2212"


class TestFormatEdges:
    @pytest.mark.parametrize(
        ("kronor", "options", "shown"),
        [
            (Decimal("1234567"), {"decimals": 0}, f"1{NBSP}235{NBSP}tkr"),
            (Decimal("1234567"), {"decimals": 2}, f"1{NBSP}234,57{NBSP}tkr"),
            (Decimal("1234567"), {"decimals": 3, "unit": False}, f"1{NBSP}234,567"),
            (Decimal("1234567"), {"unit": False}, f"1{NBSP}234,6"),
            (Decimal("1250"), {}, f"1,3{NBSP}tkr"),  # half up, not half even
            (Decimal("-1250"), {}, f"{MINUS}1,3{NBSP}tkr"),
            (Decimal("-50"), {}, f"{MINUS}0,1{NBSP}tkr"),
            (Decimal("100000"), {"decimals": 0}, f"100{NBSP}tkr"),
            (Decimal("123456789000"), {"decimals": 0}, f"123{NBSP}456{NBSP}789{NBSP}tkr"),
            (Decimal("1000"), {"decimals": 0}, f"1{NBSP}tkr"),
            (1500.0, {}, f"1,5{NBSP}tkr"),
            (0.1, {"decimals": 4}, f"0,0001{NBSP}tkr"),  # via str(): 0.1, not 0.1000000000000000055…
            (2500, {"decimals": 0}, f"3{NBSP}tkr"),
        ],
    )
    def test_shown(self, kronor, options, shown):
        assert format_tkr(kronor, **options) == shown

    @pytest.mark.parametrize(
        "kronor",
        ["abc", object(), [1], Decimal("NaN"), Decimal("Infinity"), float("inf"), Decimal("1e42"), 10**42],
    )
    def test_not_an_amount_is_a_dash(self, kronor):
        assert format_tkr(kronor) == "–"

    def test_the_largest_shown_size(self):
        # 10^40 kronor is still spelt out; one digit more is not.
        assert format_tkr(Decimal("1e40"), decimals=0, unit=False).replace(NBSP, "") == "1" + "0" * 37
        assert format_tkr(Decimal("9e40"), decimals=0, unit=False).replace(NBSP, "") == "9" + "0" * 37
        assert format_tkr(Decimal("1e41")) == "–"

    def test_limits_for_messages(self):
        assert f"10{NBSP}000{NBSP}000{NBSP}000{NBSP}tkr" == MAX_TKR_TEXT
        assert f"{MINUS}10{NBSP}000{NBSP}000{NBSP}000{NBSP}tkr" == MIN_TKR_TEXT


class TestFormatPrecision:
    def test_a_float_is_read_as_it_is_written(self):
        # 0.15 as a binary float is a little below 0.15: read exactly it would round down.
        assert format_tkr(0.15, decimals=4) == f"0,0002{NBSP}tkr"

    def test_whatever_decimal_takes(self):
        assert format_tkr((1, (1, 2, 3, 4, 5, 0, 0), 0)) == f"{MINUS}1{NBSP}234,5{NBSP}tkr"

    def test_the_largest_shown_amount_with_many_decimals_does_not_raise(self):
        assert format_tkr(Decimal(10) ** 40, decimals=4) != "–"

    def test_digits_beyond_the_precision_are_rounded_before_the_decimals(self):
        # 47 significant digits; the context keeps 46 (40 + 1 decimal + 5), so 0.0499…9 tkr is 0.05 first.
        assert format_tkr(Decimal("49." + "9" * 45)) == f"0,1{NBSP}tkr"


class TestParseEdges:
    @pytest.mark.parametrize(
        ("value", "kronor"),
        [
            ("\u201312", Decimal("-12000")),  # en dash as minus
            (f"{MINUS}0,5", Decimal("-500")),
            ("1,2340", Decimal("1234")),  # a fourth decimal that is zero is whole kronor
            ("0", Decimal("0")),
            ("-0", Decimal("0")),
            ("0,000", Decimal("0")),
            (0, Decimal("0")),
            (Decimal("0E+999999999"), Decimal("0")),
            (Decimal("2.5"), Decimal("2500")),
            (-3, Decimal("-3000")),
            ("9 999 999 999,999", Decimal("9999999999999")),
            (9_999_999_999, Decimal("9999999999000")),
            ("1\t2", Decimal("12000")),
        ],
    )
    def test_read(self, value, kronor):
        result = parse_tkr(value)
        assert result == kronor
        assert result.as_tuple().exponent == -2  # kronor and öre, as the columns hold them

    def test_zero_is_in_oere(self):
        assert str(parse_tkr("0")) == "0.00"

    @pytest.mark.parametrize("value", ["1.234", "1.234,5", "1.5", "."])
    def test_a_point_is_refused_as_such(self, value):
        with pytest.raises(AmountWithPoint) as refused:
            parse_tkr(value)
        assert refused.value.args == (value,)

    @pytest.mark.parametrize(
        "value",
        [
            "abc",
            "",
            None,
            "1,",
            ",5",
            "--1",
            "1-",
            "12,3456",
            "1e5",
            True,
            False,
            Decimal("NaN"),
            float("nan"),
        ],
    )
    def test_refused_naming_the_value(self, value):
        with pytest.raises(AmountError) as refused:
            parse_tkr(value)
        assert type(refused.value) is AmountError
        assert refused.value.args == (value,)

    @pytest.mark.parametrize(
        ("value", "negative"),
        [
            (10**10, False),
            (-(10**10), True),
            ("10 000 000 000", False),
            ("-10 000 000 000", True),
            (Decimal("1e10"), False),
            (Decimal("-1e10"), True),
            (1e10, False),
            (-1e10, True),
        ],
    )
    def test_too_large_tells_the_sign(self, value, negative):
        with pytest.raises(AmountTooLarge) as refused:
            parse_tkr(value)
        assert refused.value.negative is negative
        assert refused.value.args == (value,)

    def test_too_large_defaults_to_positive(self):
        error = AmountTooLarge("x")
        assert (error.negative, error.args) == (False, ("x",))

    @pytest.mark.parametrize("value", [Decimal("0.0001"), "0,0001", 0.0005])
    def test_below_a_krona_refused(self, value):
        with pytest.raises(AmountError) as refused:
            parse_tkr(value)
        assert refused.value.args == (value,)

    def test_an_unreadable_number_is_an_amount_error(self):
        class Odd(float):
            def __str__(self):
                return "not a number"

        odd = Odd(1)
        with pytest.raises(AmountError) as refused:
            parse_tkr(odd)
        assert refused.value.args == (odd,)
        assert isinstance(refused.value.__cause__, Exception)


class TestInput:
    @pytest.mark.parametrize(
        ("kronor", "shown"),
        [
            (None, ""),
            (Decimal("1234500"), "1234,5"),
            (Decimal("1000"), "1"),
            (Decimal("1200000"), "1200"),
            (Decimal("-500.00"), "-0,5"),
            (Decimal("1"), "0,001"),
            (Decimal("0"), "0"),
            (12000, "12"),
        ],
    )
    def test_shown_in_an_input(self, kronor, shown):
        assert tkr_input(kronor) == shown
