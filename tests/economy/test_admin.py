"""The companies' key figures are reference data: the system administrator keeps them in the admin,
nobody deletes them (a figure no longer asked for is made inactive), and other roles have no admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from economy.models import KeyFigure

pytestmark = pytest.mark.django_db


def test_the_system_administrator_adds_a_key_figure_and_retires_one(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("admin:economy_keyfigure_changelist")).status_code == 200
    response = client.post(
        reverse("admin:economy_keyfigure_add"),
        {"name": "Avkastning på eget kapital", "unit_label": "%", "position": 4, "active": "on"},
    )
    assert response.status_code == 302
    figure = KeyFigure.objects.get(name="Avkastning på eget kapital")
    assert figure.history.get().history_user == sysadmin
    turnover = KeyFigure.objects.get(name="Omsättning")
    response = client.post(
        reverse("admin:economy_keyfigure_change", args=[turnover.pk]),
        {"name": "Omsättning", "unit_label": "tkr", "position": 1},  # "active" unticked
    )
    assert response.status_code == 302
    assert not KeyFigure.objects.get(pk=turnover.pk).active
    assert client.get(reverse("admin:economy_keyfigure_delete", args=[turnover.pk])).status_code == 403


def test_finance_has_no_admin(client, finance):
    client.force_login(finance)
    assert client.get(reverse("admin:economy_keyfigure_changelist")).status_code in (302, 403)
