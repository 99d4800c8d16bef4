"""Amounts in templates: {{ amount|tkr }} → "1 234,5 tkr"; {{ amount|tkr_number }} without the unit."""

from __future__ import annotations

from decimal import Decimal

from django import template

from budget.money import format_tkr

register = template.Library()


@register.filter
def tkr(kronor: Decimal | int | None) -> str:
    return format_tkr(kronor)


@register.filter
def tkr_number(kronor: Decimal | int | None) -> str:
    return format_tkr(kronor, unit=False)
