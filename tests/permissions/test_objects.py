"""The matrix's object level (issue 18): unit A's handläggare reaches unit A's activities, reports and
controls and gets 404 for unit B's; a company reporter reaches company A's report, not company B's;
neither reaches the economy's uploads. A refused POST changes nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from economy.models import CompanyReport
from followup.models import ActivityReport, ControlResult
from planning.models import Activity
from tests.factories import ControlFactory
from tests.permissions.test_matrix import NOW
from tests.permissions.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def _round(world: World) -> list:
    return [world.round.year, world.round.slug]


def _status(client, method: str, url: str) -> int:
    return (client.get(url) if method == "GET" else client.post(url, {})).status_code


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_unit_a_administrator_reaches_unit_a_objects_only(client, world: World, method):
    client.force_login(world.users["administrator"])
    before = (Activity.history.count(), ActivityReport.objects.count(), ControlResult.objects.count())
    pages = {
        "planning:activity_follow_up": lambda obj: [obj.pk],
        "followup:activity_report": lambda obj: [*_round(world), obj.pk],
    }
    with time_machine.travel(NOW, tick=False):
        for name, args in pages.items():
            own, other = (
                reverse(name, args=args(world.activity_a)),
                reverse(name, args=args(world.activity_b)),
            )
            assert _status(client, method, own) == 200, own
            assert _status(client, method, other) == 404, other
        for name, args in {
            "followup:premises_part": [world.round.year, world.unit_b.pk],
            "followup:control_result": [
                *_round(world),
                ControlFactory(plan=world.control.plan, responsible_unit=world.unit_b).pk,
            ],
        }.items():
            assert _status(client, method, reverse(name, args=args)) == 404, name
        upload = reverse("economy:import_preview", args=[*_round(world), world.upload.pk])
        assert _status(client, method, upload) in (403, 404)
    if method == "POST":
        # An empty POST to one's own activity is a form with errors; to unit B's, nothing at all.
        after = (Activity.history.count(), ActivityReport.objects.count(), ControlResult.objects.count())
        assert after == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_company_reporter_reaches_their_company_only(client, world: World, method):
    client.force_login(world.users["company"])
    own = reverse("economy:company", args=[*_round(world), world.company_a.pk])
    other = reverse("economy:company", args=[*_round(world), world.company_b.pk])
    before = CompanyReport.objects.count()
    with time_machine.travel(NOW, tick=False):
        assert _status(client, method, own) == 200
        assert _status(client, method, other) == 404
        upload = reverse("economy:import_preview", args=[*_round(world), world.upload.pk])
        assert _status(client, method, upload) in (403, 404)
        for name in ("planning:activity_follow_up",):
            assert _status(client, method, reverse(name, args=[world.activity_a.pk])) in (403, 404)
    if method == "POST":
        assert CompanyReport.objects.count() == before
