"""Finance's entries in a round's economy (R25): the full-year forecast per activity area, and the
summary for KS. The one write of each; the figures they feed are read from `economy.figures`.

Only finance enters them, only while the round takes input, and a save over somebody else's (or a
first save that races another first save) is a conflict, never an overwrite. An import of the outcome
never changes a forecast: until finance enters one the round shows a proposal instead.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.models import FrameDistribution
from economy import flags
from economy.models import AreaForecast, EconomySummary
from followup import rounds
from followup.entries import save_entry
from followup.models import Report
from organisation.models import OrgUnit, User
from organisation.roles import is_finance


def may_enter(user: User) -> bool:
    """Finance enters the forecasts and the summary; every other role reads them."""
    return is_finance(user)


def is_area(report: Report, unit_id: int) -> bool:
    """Whether the unit is one of the activity areas KS distributes its frame over in the round's year."""
    areas = FrameDistribution.objects.filter(body_id=report.body_id, year=report.year)
    return areas.filter(unit_id=unit_id).exists()


def _open_round(report: Report, actor: User, today: datetime.date | None) -> Report:
    if not may_enter(actor):
        raise ValidationError(_("Only finance staff enter the economy of a round."))
    current, _dates = rounds.lock_for_input(report.pk, today)
    return current


def _amount(value: Decimal | None, field: str) -> Decimal:
    if value is None:
        raise ValidationError({field: _("Give the amount in thousands of kronor.")})
    if value < 0:
        raise ValidationError({field: _("Revenue and costs are entered as positive amounts.")})
    return value


@transaction.atomic
def forecast_save(
    *,
    report: Report,
    unit: OrgUnit,
    revenue: Decimal | None,
    costs: Decimal | None,
    comment: str,
    expected_version: int | None,
    actor: User,
    today: datetime.date | None = None,
) -> AreaForecast:
    """Enter or change an activity area's full-year forecast in the round (kronor, both positive).

    `expected_version` is None for the round's first forecast of the area. Refused for any role but
    finance, while the round takes no input, for a unit that is not one of the year's activity areas,
    and over somebody else's save (`EditConflict`). The year's deviations are refreshed after it.
    """
    current = _open_round(report, actor, today)
    if not is_area(current, unit.pk):
        raise ValidationError(_("The unit is not one of the year's activity areas."))
    mine = {
        "revenue": _amount(revenue, "revenue"),
        "costs": _amount(costs, "costs"),
        "comment": (comment or "").strip(),
    }
    entry = save_entry(
        AreaForecast.objects.all(),
        actor,
        lookup={"report": current, "unit": unit},
        mine=mine,
        expected_version=expected_version,
        exclude={"report"},
    )
    flags.refresh(current, flags.Source.ECONOMY, actor=actor)
    return entry


@transaction.atomic
def summary_save(
    *,
    report: Report,
    text: str,
    expected_version: int | None,
    actor: User,
    today: datetime.date | None = None,
) -> EconomySummary:
    """Enter or change finance's summary of the round's economy for KS; refused like a forecast."""
    current = _open_round(report, actor, today)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the summary for KS.")})
    return save_entry(
        EconomySummary.objects.all(),
        actor,
        lookup={"report": current},
        mine={"text": text},
        expected_version=expected_version,
        exclude={"report"},
    )
