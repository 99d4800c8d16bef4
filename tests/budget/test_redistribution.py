"""KS moves money between its activity areas within its frame (R30), with history."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.models import FrameDistribution, Redistribution
from budget.redistribution import redistribute
from organisation.models import OrgUnit
from tests.factories import (
    FrameDistributionFactory,
    OrgUnitFactory,
    PlanFactory,
    adopted_budget,
    body_named,
    ks_decision,
)

MILLION = Decimal("1000000")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def areas(db):
    adopted_budget(2026, ks_frame=100 * MILLION)
    ks = body_named("KS")
    school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    social = OrgUnitFactory(name="Socialavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    FrameDistributionFactory(body=ks, unit=school, amount=60 * MILLION)
    FrameDistributionFactory(body=ks, unit=social, amount=40 * MILLION)
    return school, social


def move(areas, actor, amount=MILLION, **kwargs):
    school, social = areas
    data = {"from_unit": school, "to_unit": social, "reason": "Ökade placeringskostnader.", "decision": None}
    return redistribute(body=body_named("KS"), year=2026, amount=amount, actor=actor, **(data | kwargs))


def amounts() -> dict[str, Decimal]:
    return {row.unit.name: row.amount for row in FrameDistribution.objects.select_related("unit")}


@pytest.mark.django_db
class TestService:
    def test_r30_moves_the_amount_within_the_frame(self, areas, finance):
        entry = move(areas, finance, Decimal("2500000"))
        assert amounts() == {
            "Barn- och utbildningsavdelningen": Decimal("57500000"),
            "Socialavdelningen": Decimal("42500000"),
        }
        assert sum(amounts().values()) == 100 * MILLION
        assert (entry.amount, entry.made_by) == (Decimal("2500000"), finance)

    def test_r30_the_distributions_history_keeps_before_and_after(self, areas, finance):
        school, _social = areas
        move(areas, finance)
        records = list(FrameDistribution.history.filter(unit_id=school.pk).order_by("history_date"))
        assert [r.amount for r in records] == [60 * MILLION, 59 * MILLION]
        assert records[-1].history_user == finance
        assert Redistribution.history.get().history_user == finance

    def test_r30_the_whole_amount_may_be_moved_but_not_more(self, areas, finance):
        with pytest.raises(ValidationError) as error:
            move(areas, finance, 60 * MILLION + Decimal("0.01"))
        assert "amount" in error.value.error_dict
        assert Redistribution.objects.count() == 0
        move(areas, finance, 60 * MILLION)
        assert amounts()["Barn- och utbildningsavdelningen"] == 0

    def test_r30_the_same_area_is_refused(self, areas, finance):
        school, _social = areas
        with pytest.raises(ValidationError) as error:
            move(areas, finance, to_unit=school)
        assert "to_unit" in error.value.error_dict

    @pytest.mark.parametrize("amount", [Decimal(0), Decimal(-5)])
    def test_a_positive_amount(self, areas, finance, amount):
        with pytest.raises(ValidationError):
            move(areas, finance, amount)

    def test_an_area_outside_the_distribution_is_refused(self, areas, finance):
        other = OrgUnitFactory(name="Kulturavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        with pytest.raises(ValidationError) as error:
            move(areas, finance, to_unit=other)
        assert "to_unit" in error.value.error_dict

    def test_r30_a_distribution_above_the_frame_in_force_is_refused(self, areas, finance):
        school, _social = areas
        FrameDistribution.objects.filter(unit=school).update(amount=61 * MILLION)
        with pytest.raises(ValidationError):
            move(areas, finance)

    def test_r30_only_finance_redistributes(self, areas, planner, politician):
        for user in (planner, politician):
            with pytest.raises(PermissionDenied):
                move(areas, user)


def url(year: int = 2026) -> str:
    return reverse("budget:redistribution", args=[year])


@pytest.mark.django_db
class TestPage:
    def test_r30_finance_moves_money_on_the_page(self, client, areas, finance):
        school, social = areas
        decision = ks_decision(datetime.date(2026, 9, 1))
        client.force_login(finance)
        page = text(client.get(url()))
        assert "får inte strida mot fullmäktiges mål" in page or "may not conflict" in page
        response = client.post(
            url(),
            {
                "from_unit": school.pk,
                "to_unit": social.pk,
                "amount": "1 500",
                "reason": "Omprioritering.",
                "decision": decision.pk,
            },
        )
        assert response.status_code == 302
        entry = Redistribution.objects.get()
        assert (entry.amount, entry.decision) == (Decimal("1500000"), decision)
        page = text(client.get(url()))
        assert "Omprioritering." in page

    def test_an_amount_above_the_area_is_told_next_to_the_field(self, client, areas, finance):
        school, social = areas
        client.force_login(finance)
        response = client.post(
            url(), {"from_unit": school.pk, "to_unit": social.pk, "amount": "70 000", "reason": "För mycket."}
        )
        assert response.status_code == 200
        assert 'id="omfordelning-amount_error"' in text(response)
        assert Redistribution.objects.count() == 0

    @pytest.mark.parametrize("role", ["politician", "administrator", "planner", "sysadmin"])
    def test_r30_others_are_refused(self, client, areas, request, role):
        school, social = areas
        client.force_login(request.getfixturevalue(role))
        assert client.get(url()).status_code == 403
        response = client.post(
            url(), {"from_unit": school.pk, "to_unit": social.pk, "amount": "1", "reason": "Nej."}
        )
        assert response.status_code == 403
        assert Redistribution.objects.count() == 0

    def test_the_distribution_page_links_here(self, client, areas, finance):
        PlanFactory(year=2026, status="forslag")
        client.force_login(finance)
        assert url() in text(client.get(reverse("budget:distribution", args=[2026])))
