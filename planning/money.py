"""Kronor shown and read as Swedish budget documents write them: thousands (tkr), decimal comma."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

THOUSAND = Decimal(1000)
NBSP = "\u00a0"  # no-break space: between digit groups and before "tkr"
MINUS = "\u2212"  # the typographic minus sign
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
MAX_TKR_DECIMALS = 3  # whole kronor


def format_tkr(kronor: Decimal | int | None, *, decimals: int = 1, unit: bool = True) -> str:
    """1234500 kronor → "1 234,5 tkr" (no-break spaces, decimal comma, minus sign for negatives)."""
    if kronor is None:
        return "–"
    tkr = (Decimal(kronor) / THOUSAND).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
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


def parse_tkr(value: object) -> Decimal:
    """An amount in tkr as a person or a spreadsheet writes it → kronor.

    Accepts "1 234,5", "-12", "−12", "1234" and numbers from xlsx cells; refuses "1.234,5" and the
    like rather than guessing. At most three decimals (whole kronor).
    """
    if isinstance(value, bool):
        raise AmountError(value)
    if isinstance(value, int | float | Decimal):
        try:
            tkr = Decimal(str(value))
        except InvalidOperation as error:
            raise AmountError(value) from error
    else:
        text = _SPACES.sub("", str(value or "")).replace(MINUS, "-").replace("\u2013", "-")
        if not _NUMBER.match(text):
            raise AmountError(value)
        tkr = Decimal(text.replace(",", "."))
    if not tkr.is_finite():
        raise AmountError(value)
    if -tkr.as_tuple().exponent > MAX_TKR_DECIMALS and tkr != tkr.quantize(Decimal("0.001")):
        raise AmountError(value)
    kronor = (tkr * THOUSAND).quantize(Decimal("0.01"))
    if abs(kronor) >= Decimal(10) ** 13:
        raise AmountError(value)
    return kronor


def tkr_input(kronor: Decimal | None) -> str:
    """The value an input shows for an amount: tkr with a decimal comma and no grouping."""
    if kronor is None:
        return ""
    tkr = (Decimal(kronor) / THOUSAND).normalize()
    return f"{tkr:f}".replace(".", ",")
