"""Every form a superuser is shown, posted back with hostile values in one to three of its fields (the
rest as the page gave them): never a 500, and whatever the page shows back is escaped.

The forms are found by crawling the app from the start page over a small world made by factories (the
demo-seeded sweep with fixed values is tests/hardening/test_hostile_input.py); hypothesis draws the form,
the fields and the values.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from organisation.models import Role
from tests.crawling import FormSpec, crawl, url_name
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    ControlFactory,
    DeviationFlagFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    UserFactory,
    WheelEventFactory,
    adopted_budget,
    body_named,
)
from tests.hostile.escaping import active_content
from tests.hostile.strategies import SCRIPT, hostile_value, sweep

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 20, 9, tzinfo=datetime.UTC)


class Sender:
    def __init__(self, client):
        self.client = client

    def send(self, method: str, url: str, data: dict | None = None, note: str = "") -> object:
        return getattr(self.client, method)(url, data or {})


@pytest.fixture
def forms(client) -> list[FormSpec]:
    """The forms of the pages a superuser reaches, one per address and set of fields."""
    ks = body_named("KS")
    goal = AnnualGoalFactory(year=2026, body=ks)
    ActivityFactory(annual_goal=goal)
    IndicatorFactory()
    GoverningDocumentFactory()
    ControlFactory()
    WheelEventFactory(body=ks, month=11)
    DeviationFlagFactory()
    adopted_budget(2026)
    client.force_login(UserFactory(role=Role.PLANNER, is_superuser=True, is_staff=True))
    client.raise_request_exception = False
    with time_machine.travel(NOW, tick=False):
        _pages, found = crawl(Sender(client), per_url_name=1)
    chosen = {}
    for form in found:
        key = (form.method, url_name(urlsplit(form.action).path), tuple(sorted(form.fields)))
        if form.editable:
            chosen.setdefault(key, form)
    assert len(chosen) > 20, "the crawl reaches the app's forms"
    return list(chosen.values())


@settings(sweep, max_examples=80, phases=[Phase.explicit, Phase.generate])
@given(data=st.data())
def test_hostile_values_posted_through_the_pages(client, forms, data):
    form = data.draw(st.sampled_from(forms), label="form")
    names = data.draw(st.lists(st.sampled_from(form.editable), min_size=1, max_size=3, unique=True))
    payload = dict(form.fields)
    for name in names:
        value = data.draw(hostile_value(), label=name)
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value if isinstance(value, list) else [value]
    with time_machine.travel(NOW, tick=False):
        response = getattr(client, form.method)(form.action, payload)
    note = f"{form.method.upper()} {form.action} {names}"
    assert response.status_code < 500, note
    if "text/html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert SCRIPT not in html, note
        assert active_content(html) == [], note
