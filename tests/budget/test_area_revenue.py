"""KS's distribution carries each area's budgeted revenue: the economy's follow-up compares revenue and
costs with the outcome (R25), while the distribution's amount stays the net cost checked against the
frame (R5)."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget import services
from budget.models import FrameDistribution
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from styrmodell.concurrency import EditConflict
from tests.factories import OrgUnitFactory, PlanFactory, adopted_budget, ks_decision

MKR = Decimal(1_000_000)
pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    adopted_budget(2026, ks_frame=500 * MKR)
    plan = PlanFactory(
        year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
    )
    school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    care = OrgUnitFactory(name="Vård- och omsorgsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    return plan, school, care


def test_r25_the_area_keeps_its_revenue_and_its_costs_are_net_plus_revenue(areas, finance):
    plan, school, care = areas
    services.distribution_set(
        body=plan.body,
        year=2026,
        amounts={school: 300 * MKR, care: 200 * MKR},
        revenues={school: 40 * MKR, care: None},
        expected=None,
        actor=finance,
    )
    row = FrameDistribution.objects.get(unit=school)
    assert (row.amount, row.revenue, row.costs) == (300 * MKR, 40 * MKR, 340 * MKR)
    assert FrameDistribution.objects.get(unit=care).revenue == 0
    # A save of amounts only keeps the revenue as it was.
    services.distribution_set(
        body=plan.body, year=2026, amounts={school: 290 * MKR}, expected=None, actor=finance
    )
    assert FrameDistribution.objects.get(unit=school).revenue == 40 * MKR


def test_r25_revenue_without_an_amount_is_refused(areas, finance):
    plan, school, _care = areas
    with pytest.raises(ValidationError):
        services.distribution_set(
            body=plan.body,
            year=2026,
            amounts={school: None},
            revenues={school: 10 * MKR},
            expected=None,
            actor=finance,
        )


def test_r25_a_stale_revenue_is_a_conflict(areas, finance):
    plan, school, _care = areas
    services.distribution_set(
        body=plan.body,
        year=2026,
        amounts={school: 300 * MKR},
        revenues={school: 40 * MKR},
        expected=None,
        actor=finance,
    )
    with pytest.raises(EditConflict):
        services.distribution_set(
            body=plan.body,
            year=2026,
            amounts={school: 300 * MKR},
            revenues={school: 50 * MKR},
            expected={school.pk: 300 * MKR},
            expected_revenues={},  # read before the revenue was entered
            actor=finance,
        )
    assert FrameDistribution.objects.get(unit=school).revenue == 40 * MKR


def test_r25_the_distribution_page_takes_the_revenue(areas, client, finance):
    _plan, school, care = areas
    client.force_login(finance)
    url = reverse("budget:distribution", args=[2026])
    page = html.unescape(client.get(url).content.decode())
    assert f'name="revenue_{school.pk}"' in page
    read = services.fingerprint({})
    data = {"read": read, f"unit_{school.pk}": "300 000", f"revenue_{school.pk}": "45 000,5"}
    assert client.post(url, data).status_code == 302
    row = FrameDistribution.objects.get(unit=school)
    assert (row.amount, row.revenue) == (300 * MKR, Decimal("45000500"))
    # The form read after the save carries the revenue in its version: a second save from it passes.
    form_read = services.fingerprint({school.pk: row.amount}, {school.pk: row.revenue})
    data = {"read": form_read, f"unit_{school.pk}": "300 000", f"revenue_{school.pk}": "46 000"}
    assert client.post(url, data).status_code == 302
    data[f"revenue_{school.pk}"] = "-1"
    page = html.unescape(client.post(url, data).content.decode())
    assert FrameDistribution.objects.get(unit=school).revenue == 46 * MKR
    assert care.pk  # the other area untouched
    assert "revenue_" in page
