"""An activity's responsible person is one of the organisation's people, so that reminders reach them."""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import load_workbook

from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import Activity
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    ks_decision,
)

NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
PLAN = reverse("planning:plan", args=[2026])
LIST = reverse("planning:activities")
EXPORT = reverse("planning:activity_export")


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def options(page: str, name: str) -> list[tuple[str, str]]:
    """A select's options (value, label), in the page's order."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    return [(value, label.strip()) for value, label in found]


def draft_plan():
    plan = PlanFactory(year=2026, status=AdoptionStatus.DRAFT)
    goal = AnnualGoalFactory(year=2026, body=plan.body)
    return plan, goal


def adopted_plan():
    plan = PlanFactory(
        year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
    )
    goal = AnnualGoalFactory(year=2026, body=plan.body, status=AdoptionStatus.ADOPTED, decision=ks_decision())
    return plan, goal


def activity_data(goal, unit, **overrides) -> dict:
    data = {
        "title": "Införa digital ansökan om föreningsbidrag",
        "description": "",
        "kind": Activity.Kind.PROJECT,
        "annual_goal": goal.pk,
        "responsible_unit": unit.pk,
        "responsible": "",
        "start": "2026-03-01",
        "planned_end": "2026-09-30",
    } | overrides
    return {f"activity-{key}": value for key, value in data.items()} | {"action": "activity"}


@pytest.mark.django_db
class TestChosenFromPeople:
    def test_the_plans_form_offers_the_people_in_swedish_order_labelled_in_swedish(self, client, planner):
        draft_plan()
        for name in ["Örjan Ek", "Anna Berg", "Åsa Holm", "Zara Lind", "Ärla Sten"]:
            PersonFactory(name=name)
        client.force_login(planner)
        page = text(client.get(PLAN))
        # Empty first: nobody need be named; then Swedish order, Å Ä Ö after Z.
        empty, *names = options(page, "activity-responsible")
        assert empty == ("", gettext("- Select an option -"))  # nobody need be named
        assert [label for _value, label in names] == [
            "Anna Berg",
            "Zara Lind",
            "Åsa Holm",
            "Ärla Sten",
            "Örjan Ek",
        ]
        with translation.override("sv"):
            label = capfirst(gettext("responsible person"))
        assert re.search(rf'<label for="id_activity-responsible">{label}', page)
        assert 'name="activity-responsible_person"' not in page

    def test_a_units_own_activity_names_a_person_too(self, client, administrator):
        plan, goal = adopted_plan()
        unit = OrgUnitFactory(kind=OrgUnit.Kind.UNIT)
        administrator.units.add(unit)
        person = PersonFactory(name="Helena Berg")
        client.force_login(administrator)
        assert (str(person.pk), "Helena Berg") in options(text(client.get(PLAN)), "unit-responsible")
        data = {
            "action": "unit_activity",
            "unit-title": "Egen aktivitet",
            "unit-description": "",
            "unit-kind": Activity.Kind.PROJECT,
            "unit-annual_goal": goal.pk,
            "unit-geh_code": "",
            "unit-responsible_unit": unit.pk,
            "unit-responsible": person.pk,
            "unit-start": "2026-12-01",
            "unit-planned_end": "2026-12-20",
        }
        assert client.post(PLAN, data).status_code == 302
        assert plan.activities.get(is_plan_activity=False).responsible == person

    def test_a_person_is_saved_and_no_one_is_allowed(self, client, planner):
        plan, goal = draft_plan()
        unit, person = OrgUnitFactory(), PersonFactory(name="Anna Berg")
        client.force_login(planner)
        assert client.post(PLAN, activity_data(goal, unit, responsible=person.pk)).status_code == 302
        assert client.post(PLAN, activity_data(goal, unit, title="Utan ansvarig")).status_code == 302
        saved = dict(plan.activities.values_list("title", "responsible"))
        assert saved == {"Införa digital ansökan om föreningsbidrag": person.pk, "Utan ansvarig": None}

    def test_a_name_typed_or_an_unknown_person_is_refused_next_to_the_field(self, client, planner):
        plan, goal = draft_plan()
        unit = OrgUnitFactory()
        client.force_login(planner)
        for hostile in ["Anna Berg", "999999", "-1"]:
            response = client.post(PLAN, activity_data(goal, unit, responsible=hostile))
            assert response.status_code == 200
            assert 'id="id_activity-responsible_error"' in response.content.decode()
        assert not plan.activities.exists()

    def test_the_edit_changes_the_person_and_the_history_says_who(self, client, planner):
        plan, goal = draft_plan()
        before, after = PersonFactory(name="Anna Berg"), PersonFactory(name="Bo Ek")
        activity = ActivityFactory(plan=plan, annual_goal=goal, responsible=before)
        client.force_login(planner)
        page = text(client.get(activity.get_absolute_url()))
        assert f'<option value="{before.pk}" selected>Anna Berg</option>' in page
        data = {
            "title": activity.title,
            "description": "",
            "kind": activity.kind,
            "annual_goal": goal.pk,
            "responsible_unit": activity.responsible_unit_id,
            "responsible": after.pk,
            "start": "2026-02-01",
            "planned_end": "2026-10-31",
            "version": activity.version,
        }
        assert client.post(activity.get_absolute_url(), data).status_code == 302
        activity.refresh_from_db()
        assert activity.responsible == after
        record = activity.history.first()
        assert (record.responsible_id, record.history_user) == (after.pk, planner)


@pytest.mark.django_db
class TestShownByName:
    def test_the_activitys_page_and_the_plan_show_the_name(self, client, politician):
        plan, goal = adopted_plan()
        named = ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory(name="Gunilla Frisk"))
        ActivityFactory(plan=plan, annual_goal=goal, title="Utan ansvarig")
        client.force_login(politician)
        detail = text(client.get(named.get_absolute_url()))
        assert re.search(r"<dt>[^<]+</dt><dd>Gunilla Frisk</dd>", detail)
        table = text(client.get(PLAN)).split('id="activity-plan"')[1]
        assert '<span class="meta">Gunilla Frisk</span>' in table

    def test_the_list_shows_the_name_in_a_constant_number_of_queries(
        self, client, politician, django_assert_num_queries
    ):
        plan, goal = adopted_plan()
        ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory(name="Gunilla Frisk"))
        client.force_login(politician)
        # session, user, roles, plan years, KS goals, units, count, activities with goal, unit and
        # person, municipality name
        with django_assert_num_queries(9):
            assert '<span class="meta">Gunilla Frisk</span>' in text(client.get(LIST))
        for _ in range(30):
            ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory())
        with django_assert_num_queries(9):
            client.get(LIST)

    def test_the_goals_page_shows_the_names_in_a_constant_number_of_queries(self, client, politician):
        plan, goal = adopted_plan()
        ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory(name="Gunilla Frisk"))
        ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False, responsible=PersonFactory())
        client.force_login(politician)
        url = goal.get_absolute_url()
        with CaptureQueriesContext(connection) as few:
            assert '<span class="meta">Gunilla Frisk</span>' in text(client.get(url))
        for _ in range(5):
            ActivityFactory(plan=plan, annual_goal=goal, responsible=PersonFactory())
            ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False, responsible=PersonFactory())
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        # the plan's activities and the units' come with their people, not one query per person
        assert len(many) == len(few)

    def test_the_export_has_the_name_in_the_responsible_person_column(self, client, politician):
        plan, goal = adopted_plan()
        ActivityFactory(
            plan=plan, annual_goal=goal, title="Med", responsible=PersonFactory(name="Gunilla Frisk")
        )
        ActivityFactory(plan=plan, annual_goal=goal, title="Utan")
        client.force_login(politician)
        sheet = load_workbook(io.BytesIO(client.get(EXPORT).content)).active
        header, *rows = list(sheet.iter_rows(values_only=True))
        with translation.override("sv"):
            column = header.index(gettext("Responsible person"))
        assert {row[0]: row[column] for row in rows} == {"Med": "Gunilla Frisk", "Utan": None}
