"""Kronor shown and read as Swedish budget documents write them: thousands (tkr), decimal comma."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

THOUSAND = Decimal(1000)
NBSP = "\u00a0"  # no-break space: between digit groups and before "tkr"
MINUS = "\u2212"  # the typographic minus sign
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
MAX_TKR_DECIMALS = 3  # whole kronor
# The amount columns hold 15 digits, 2 of them decimals: every amount is below 10¹³ kronor, 10¹⁰ tkr.
MAX_TKR_DIGITS = 10
MAX_TKR = Decimal(10) ** MAX_TKR_DIGITS
# Beyond this an amount cannot come from the database; it is shown as missing rather than spelt out.
_MAX_SHOWN_DIGITS = 40


def format_tkr(kronor: Decimal | int | None, *, decimals: int = 1, unit: bool = True) -> str:
    """1234500 kronor → "1 234,5 tkr" (no-break spaces, decimal comma, minus sign for negatives).

    Never raises: what is not a finite amount of a size the database holds is shown as a dash.
    """
    try:
        amount = Decimal(str(kronor)) if isinstance(kronor, float) else Decimal(kronor)
    except (InvalidOperation, TypeError, ValueError):
        return "–"
    if not amount.is_finite() or (amount and amount.adjusted() > _MAX_SHOWN_DIGITS):
        return "–"
    with localcontext(prec=_MAX_SHOWN_DIGITS + decimals + 5):
        tkr = (amount / THOUSAND).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = MINUS if tkr < 0 else ""
    whole, _, fraction = f"{abs(tkr):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NBSP.join(groups) + ("," + fraction if fraction else "")
    return text + (NBSP + "tkr" if unit else "")


class AmountError(ValueError):
    """The text is not an amount in thousands of kronor."""


class AmountTooLarge(AmountError):
    """The amount is beyond what the database holds (10 000 000 000 tkr or more, either sign)."""

    def __init__(self, value: object, *, negative: bool = False) -> None:
        super().__init__(value)
        self.negative = negative


class AmountWithPoint(AmountError):
    """The text has a point: "1.234" may mean 1 234 or 1,234 tkr, so it is read as neither."""


MAX_TKR_TEXT = format_tkr(MAX_TKR * THOUSAND, decimals=0)  # "10 000 000 000 tkr", for messages
MIN_TKR_TEXT = format_tkr(-MAX_TKR * THOUSAND, decimals=0)  # "−10 000 000 000 tkr"


def parse_tkr(value: object) -> Decimal:
    """An amount in tkr as a person or a spreadsheet writes it → kronor.

    Accepts "1 234,5", "-12", "−12", "–12", "1234" and numbers from xlsx cells; refuses "1.234" and
    "1.234,5" (AmountWithPoint) rather than guessing. At most three decimals (whole kronor). The
    magnitude is checked before any arithmetic, so no input can raise anything but AmountError.
    """
    if isinstance(value, bool):
        raise AmountError(value)
    if isinstance(value, int) and abs(value) >= MAX_TKR:
        # Before str(): an int of thousands of digits cannot become one.
        raise AmountTooLarge(value, negative=value < 0)
    if isinstance(value, int | float | Decimal):
        try:
            tkr = Decimal(str(value))
        except (InvalidOperation, ValueError) as error:
            raise AmountError(value) from error
    else:
        text = _SPACES.sub("", str(value or "")).replace(MINUS, "-").replace("\u2013", "-")
        if "." in text:
            raise AmountWithPoint(value)
        if not _NUMBER.match(text):
            raise AmountError(value)
        tkr = Decimal(text.replace(",", "."))
    if not tkr.is_finite():
        raise AmountError(value)
    if not tkr:
        return Decimal("0.00")  # also "0E+999999999", whose exponent no arithmetic should meet
    if tkr.adjusted() >= MAX_TKR_DIGITS:
        raise AmountTooLarge(value, negative=tkr < 0)
    # Now below 10¹⁰: rounding to three decimals and to öre stays far inside the context's 28 digits.
    if -tkr.as_tuple().exponent > MAX_TKR_DECIMALS and tkr != tkr.quantize(Decimal("0.001")):
        raise AmountError(value)
    return tkr.quantize(Decimal("0.001")).scaleb(3).quantize(Decimal("0.01"))


def tkr_input(kronor: Decimal | None) -> str:
    """The value an input shows for an amount: tkr with a decimal comma and no grouping."""
    if kronor is None:
        return ""
    tkr = (Decimal(kronor) / THOUSAND).normalize()
    return f"{tkr:f}".replace(".", ",")
