"""The server errors the issue names, each now a Swedish field error or a 404 (issue 9, item 3)."""

import pytest
from django.urls import reverse

from goals.models import MandateGoal
from tests.factories import MandateGoalFactory, MandatePeriodFactory


@pytest.mark.django_db
def test_a_nul_in_the_calendar_feed_address_is_not_found(client):
    """Anonymous `GET /arshjul/%00.ics` was a DataError on PostgreSQL before any lookup could fail."""
    assert client.get("/arshjul/%00.ics").status_code == 404
    assert client.get("/arshjul/token%00.ics").status_code == 404


@pytest.mark.django_db
def test_a_goal_number_beyond_its_column_is_a_field_error(client, planner):
    """`position=2147483648` on the KF goal form was `DataError: smallint out of range`."""
    goal = MandateGoalFactory(period=MandatePeriodFactory(election_year=2026), position=1)
    client.force_login(planner)
    url = reverse("goals:mandate_goal_edit", args=[goal.pk])
    version = client.get(url).content.decode().split('name="version" value="')[1].split('"')[0]
    response = client.post(
        url,
        {"title": "Mål", "criterion": "flertalet", "position": "2147483648", "version": version},
    )
    assert response.status_code == 200
    assert "Kontrollera att detta värde är mindre än eller lika med 32767" in response.content.decode()
    assert MandateGoal.objects.get(pk=goal.pk).position == 1
