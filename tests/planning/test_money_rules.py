"""Amounts in tkr, by the behaviours a mutation sample of planning/money.py let through.

Each class pins one behaviour so that a change to it fails here: half-way rounding, the minus sign,
the point that is never read as a thousands separator, the bounds of the database's amount columns,
NaN and infinity on the budget forms, and the value an amount input shows.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from budget import services as services
from budget.forms import TkrField
from budget.models import AMOUNT, BudgetFrame, EconomicPlanLine, FrameDistribution
from budget.money import (
    MAX_TKR,
    AmountError,
    AmountTooLarge,
    AmountWithPoint,
    format_tkr,
    parse_tkr,
    tkr_input,
)
from organisation.models import OrgUnit
from tests.factories import OrgUnitFactory, PlanFactory, adopted_budget, body_named

NBSP, MINUS, EN_DASH = "\u00a0", "\u2212", "\u2013"
NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)
# The amount columns: 15 digits, 2 of them decimals, so 13 before the point (kronor).
KRONOR_DIGITS = AMOUNT["max_digits"] - AMOUNT["decimal_places"]
LARGEST_KRONOR = Decimal(10**KRONOR_DIGITS - 1)  # whole kronor: the finest amount a tkr text gives
LARGEST_TEXT = "9 999 999 999,999"
NOT_NUMBERS = ["NaN", "nan", "sNaN", "inf", "Infinity", "-inf", "−inf", "-Infinity", "+inf"]


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def field_errors(page: str, name: str) -> str:
    found = re.search(rf'<div class="field__errors" id="id_{name}_error">(.*?)</div>', page, re.S)
    assert found, f"no error next to {name}"
    return found.group(1)


class TestHalfWayRounding:
    """Half a hundred kronor rounds away from zero, as people round: not to the even digit."""

    @pytest.mark.parametrize(
        ("kronor", "shown"),
        [
            (1250, "1,3"),  # banker's rounding would give 1,2
            (1350, "1,4"),
            (1249, "1,2"),
            (1201, "1,2"),  # rounding up, or towards +∞, would give 1,3
            (1251, "1,3"),
            (-1250, f"{MINUS}1,3"),  # symmetric: away from zero, not towards +∞
            (-1350, f"{MINUS}1,4"),
            (-1249, f"{MINUS}1,2"),
            (-1201, f"{MINUS}1,2"),
            (Decimal("1250.00"), "1,3"),
            (Decimal("0.50"), "0,0"),
        ],
    )
    def test_one_decimal(self, kronor, shown):
        assert format_tkr(kronor) == f"{shown}{NBSP}tkr"

    @pytest.mark.parametrize(
        ("kronor", "shown"),
        [(2500, "3"), (1500, "2"), (3500, "4"), (-2500, f"{MINUS}3"), (2499, "2")],
    )
    def test_whole_tkr(self, kronor, shown):
        assert format_tkr(kronor, decimals=0, unit=False) == shown


class TestMinusSign:
    """Negatives are written with the minus sign U+2212; it is read back, as are the en dash and hyphen."""

    def test_format_writes_the_minus_sign_and_nothing_else(self):
        shown = format_tkr(-1250)
        assert shown == f"{MINUS}1,3{NBSP}tkr"
        assert shown[0] == "\u2212"
        assert "-" not in shown
        assert EN_DASH not in shown

    def test_an_amount_rounding_to_zero_has_no_sign(self):
        assert format_tkr(-49) == f"0,0{NBSP}tkr"

    @pytest.mark.parametrize(
        "written", ["−5", "–5", "-5", "− 5", "–\u00a05", "\u22125,0", "\u20135,000"], ids=repr
    )
    def test_parse_reads_minus_sign_en_dash_and_hyphen_as_negative(self, written):
        assert parse_tkr(written) == Decimal("-5000")

    def test_what_format_writes_parse_reads(self):
        for kronor in (Decimal("-1234500"), Decimal("-1"), Decimal("-9999999999999")):
            assert parse_tkr(format_tkr(kronor, decimals=3, unit=False)) == kronor


class TestPointIsNeverASeparator:
    """ "1.234" could be 1 234 tkr or 1,234 tkr: it is refused, with a message saying why."""

    @pytest.mark.parametrize("written", ["1.234", "1.234,5", "1.5", "1 234.5", "−1.234", ".5", "5."])
    def test_parse_refuses_a_point(self, written):
        with pytest.raises(AmountWithPoint):
            parse_tkr(written)

    def test_a_point_is_an_amount_error(self):
        assert issubclass(AmountWithPoint, AmountError)
        assert not issubclass(AmountWithPoint, AmountTooLarge)

    def test_the_field_says_to_use_a_decimal_comma(self):
        with pytest.raises(ValidationError) as refused:
            TkrField().clean("1.234")
        assert refused.value.code == "point"
        assert refused.value.messages == [
            gettext("Write the amount with a decimal comma and without points, like 1 234,5.")
        ]

    @pytest.mark.django_db
    def test_the_frames_form_refuses_it_and_saves_nothing(self, client, finance):
        body_named("KF")
        ks = body_named("KS")
        version = services.budget_create(year=2027, actor=finance)
        client.force_login(finance)
        url = reverse("budget:version_edit", args=[2027, 1, "ramar"])
        response = client.post(url, {"revision": version.revision, f"body_{ks.pk}": "1.234"})
        assert response.status_code == 200
        errors = field_errors(text(response), f"body_{ks.pk}")
        assert gettext("Write the amount with a decimal comma and without points, like 1 234,5.") in errors
        assert not BudgetFrame.objects.exists()  # neither 1 234 kr nor 1 234 000 kr


class TestBounds:
    """The largest amount an amount column holds is accepted, one krona more is refused; either sign."""

    def test_the_bound_is_the_columns_precision(self):
        assert MAX_TKR * 1000 == 10**KRONOR_DIGITS
        assert parse_tkr(LARGEST_TEXT) == LARGEST_KRONOR

    @pytest.mark.parametrize(
        "value",
        [LARGEST_TEXT, "9999999999,999", 9_999_999_999, Decimal("9999999999.999"), "1"],
        ids=repr,
    )
    def test_up_to_the_largest_is_accepted(self, value):
        assert abs(parse_tkr(value)) <= LARGEST_KRONOR

    @pytest.mark.parametrize(
        "value",
        [f"{MINUS}{LARGEST_TEXT}", f"-{LARGEST_TEXT}", -9_999_999_999, Decimal("-9999999999.999")],
        ids=repr,
    )
    def test_down_to_the_most_negative_is_accepted(self, value):
        assert parse_tkr(value) >= -LARGEST_KRONOR

    @pytest.mark.parametrize(
        "value",
        [
            "10 000 000 000",
            "10000000000,000",
            10_000_000_000,
            Decimal("10000000000"),
            pytest.param(10**5000, id="int-of-5001-digits"),
        ],
    )
    def test_one_krona_more_is_too_large(self, value):
        with pytest.raises(AmountTooLarge) as refused:
            parse_tkr(value)
        assert refused.value.negative is False

    @pytest.mark.parametrize(
        "value",
        [
            f"{MINUS}10 000 000 000",
            "-10000000000",
            -10_000_000_000,
            Decimal("-1E+10"),
            pytest.param(-(10**5000), id="negative-int-of-5001-digits"),
        ],
    )
    def test_one_krona_less_than_the_most_negative_is_too_large(self, value):
        with pytest.raises(AmountTooLarge) as refused:
            parse_tkr(value)
        assert refused.value.negative is True

    @pytest.mark.django_db
    def test_the_database_holds_the_largest_and_the_most_negative(self, finance):
        body_named("KF")
        version = services.budget_create(year=2027, actor=finance)
        largest = parse_tkr(LARGEST_TEXT)
        services.frames_set(
            version=version, amounts={body_named("KS"): largest}, expected_revision=None, actor=finance
        )
        costs = EconomicPlanLine.Kind.OPERATING_COSTS
        services.economic_plan_set(
            version=version,
            amounts={(costs, 2027): parse_tkr(f"{MINUS}{LARGEST_TEXT}")},
            expected_revision=None,
            actor=finance,
        )
        assert BudgetFrame.objects.get().amount == LARGEST_KRONOR
        assert EconomicPlanLine.objects.get().amount == -LARGEST_KRONOR

    def test_the_fields_say_which_bound(self):
        with pytest.raises(ValidationError) as too_large:
            TkrField().clean("10 000 000 000")
        assert too_large.value.code == "too_large"
        with pytest.raises(ValidationError) as too_low:
            TkrField().clean(f"{MINUS}10 000 000 000")
        assert too_low.value.code == "too_low"
        assert f"{MINUS}10{NBSP}000{NBSP}000{NBSP}000{NBSP}tkr" in too_low.value.messages[0]
        with pytest.raises(ValidationError) as negative:
            TkrField(negative=False).clean(f"{MINUS}10 000 000 000")
        assert negative.value.code == "negative"
        assert TkrField().clean(f"{MINUS}{LARGEST_TEXT}") == -LARGEST_KRONOR


class TestNotANumber:
    """NaN and infinity, however written, are a field error on the budget forms: never a server error."""

    @pytest.mark.parametrize("written", NOT_NUMBERS)
    def test_parse_refuses(self, written):
        with pytest.raises(AmountError):
            parse_tkr(written)

    @pytest.mark.parametrize(
        "value",
        [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity")],
        ids=repr,
    )
    def test_parse_refuses_them_from_a_spreadsheet_cell(self, value):
        with pytest.raises(AmountError):
            parse_tkr(value)

    @pytest.mark.parametrize("written", ["abc", "1e5", "1E5", "0x10", "1_000", "12kr", "5 %", "--5"])
    def test_parse_refuses_what_is_not_digits_and_a_comma(self, written):
        with pytest.raises(AmountError):
            parse_tkr(written)

    @pytest.mark.parametrize("written", NOT_NUMBERS)
    def test_the_field_refuses(self, written):
        with pytest.raises(ValidationError) as refused:
            TkrField().clean(written)
        assert refused.value.code == "amount"

    @pytest.mark.django_db
    @pytest.mark.parametrize("written", NOT_NUMBERS)
    def test_the_budget_forms_show_a_field_error(self, client, finance, written):
        body_named("KF")
        ks = body_named("KS")
        version = services.budget_create(year=2027, actor=finance)
        client.force_login(finance)
        for section, name in [
            ("ramar", f"body_{ks.pk}"),
            ("ekonomisk-plan", "skatteintakter_2027"),
            ("ekonomisk-plan", "verksamhetens_kostnader_2028"),
            ("investeringar", "amount_0_2029"),
        ]:
            url = reverse("budget:version_edit", args=[2027, 1, section])
            response = client.post(url, {"revision": version.revision, "name_0": "Skola", name: written})
            assert response.status_code == 200, (section, written)
            assert field_errors(text(response), name)
        version.refresh_from_db()
        assert version.revision == 1  # nothing saved

    @pytest.mark.django_db
    @pytest.mark.parametrize("written", NOT_NUMBERS)
    def test_the_distribution_form_shows_a_field_error(self, client, finance, written):
        adopted_budget(2026, ks_frame=500 * MKR)
        PlanFactory(year=2026)
        school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        client.force_login(finance)
        url = reverse("budget:distribution", args=[2026])
        response = client.post(url, {"read": "", f"unit_{school.pk}": written})
        assert response.status_code == 200
        assert field_errors(text(response), f"unit_{school.pk}")
        assert not FrameDistribution.objects.exists()

    @pytest.mark.django_db
    @pytest.mark.parametrize("read", ["{unit}:sNaN", "{unit}:NaN", "{unit}:Infinity", "{unit}:-inf"])
    def test_a_not_a_number_in_the_read_distribution_is_refused(self, client, finance, read):
        """The hidden field carries the distribution as read; a signalling NaN in it would raise."""
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026)
        school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        services.distribution_set(
            body=plan.body, year=plan.year, amounts={school: 100 * MKR}, expected=None, actor=finance
        )
        client.force_login(finance)
        url = reverse("budget:distribution", args=[2026])
        response = client.post(url, {"read": read.format(unit=school.pk), f"unit_{school.pk}": "200 000"})
        assert response.status_code == 200
        assert gettext("Reload the page and try again.") in text(response)
        assert FrameDistribution.objects.get().amount == 100 * MKR


class TestInputValue:
    """An amount input shows tkr with a decimal comma, no grouping and no trailing zeros."""

    @pytest.mark.parametrize(
        ("kronor", "shown"),
        [
            (Decimal("1250000"), "1250"),
            (Decimal("1250500"), "1250,5"),
            (Decimal("1250000.00"), "1250"),  # as the database gives it back
            (Decimal("1250500.00"), "1250,5"),
            (Decimal("100000"), "100"),  # not "1E+2"
            (Decimal("1"), "0,001"),
            (Decimal("0"), "0"),
            (Decimal("0.00"), "0"),
            (Decimal("-1250500"), "-1250,5"),
            (LARGEST_KRONOR, "9999999999,999"),
            (None, ""),
        ],
    )
    def test_tkr_input(self, kronor, shown):
        assert tkr_input(kronor) == shown

    @pytest.mark.parametrize(
        "kronor", [Decimal("1250500.00"), Decimal("-7"), Decimal("0.00"), LARGEST_KRONOR]
    )
    def test_what_the_input_shows_is_read_back(self, kronor):
        assert parse_tkr(tkr_input(kronor)) == kronor

    @pytest.mark.django_db
    def test_the_frames_form_shows_the_saved_amount(self, client, finance):
        body_named("KF")
        ks = body_named("KS")
        version = services.budget_create(year=2027, actor=finance)
        services.frames_set(
            version=version, amounts={ks: Decimal("1250500")}, expected_revision=None, actor=finance
        )
        client.force_login(finance)
        page = text(client.get(reverse("budget:version_edit", args=[2027, 1, "ramar"])))
        assert re.search(rf'name="body_{ks.pk}" value="1250,5"', page)
