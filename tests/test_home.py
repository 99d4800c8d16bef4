"""The start page greets each user by role and lists what is theirs."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from organisation.models import Assignment
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    OrgUnitFactory,
    PersonFactory,
    UserFactory,
)


@pytest.mark.django_db
class TestHome:
    @pytest.mark.parametrize(
        ("fixture", "role_word", "duty"),
        [
            ("politician", "förtroendevald", "Ta del av mål"),
            ("administrator", "handläggare", "Uppdatera dina enheters aktiviteter"),
            ("planner", "planerare", "registrera besluten i KF och KS"),
            ("finance", "ekonom", "Lägg in budget"),
            ("sysadmin", "systemadministratör", "Håll organisation, användare"),
        ],
    )
    def test_greets_by_role(self, client, request, fixture, role_word, duty):
        user = request.getfixturevalue(fixture)
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert f"Välkommen, {user.first_name}" in html
        assert f"<strong>{role_word}</strong>" in html
        assert duty in html
        heading = gettext("Your deadlines in the next %(upcoming_days)s days")
        assert heading.split("%(upcoming_days)s")[0] in html

    def test_user_without_role_is_told_so(self, client):
        client.force_login(UserFactory())
        assert "Ditt konto har ingen roll ännu" in client.get(reverse("home")).content.decode()

    @time_machine.travel(datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC))
    def test_politician_sees_own_assignments_and_meetings_of_own_bodies(self, client, politician):
        ks, other = BodyFactory(name="Kommunstyrelsen", short_name="KS"), BodyFactory(name="Annan nämnd")
        AssignmentFactory(
            person=PersonFactory(user=politician),
            body=ks,
            role=Assignment.Role.CHAIR,
            start=datetime.date(2026, 10, 15),
            end=datetime.date(2030, 10, 14),
        )
        MeetingFactory(body=ks, date=datetime.date(2026, 12, 1))
        MeetingFactory(body=other, date=datetime.date(2026, 12, 2))
        MeetingFactory(body=ks, date=datetime.date(2027, 6, 1))  # beyond 60 days
        client.force_login(politician)
        html = client.get(reverse("home")).content.decode()
        assert "Ordförande, <a" in html
        assert 'datetime="2026-12-01"' in html
        assert 'datetime="2026-12-02"' not in html
        assert 'datetime="2027-06-01"' not in html

    def test_administrator_sees_own_units(self, client, administrator):
        administrator.units.add(OrgUnitFactory(name="Hemtjänsten"))
        client.force_login(administrator)
        assert "Hemtjänsten" in client.get(reverse("home")).content.decode()

    def test_area_pages_say_they_are_coming(self, client, politician):
        client.force_login(politician)
        response = client.get("/rapporter/")
        assert response.status_code == 200
        assert "håller på att byggas" in response.content.decode()


@pytest.mark.django_db
class TestListQueries:
    def test_unit_tree_queries_do_not_grow_with_units(self, client, politician, django_assert_num_queries):
        root = OrgUnitFactory(kind="kommun", parent=None, cost_centre="")
        client.force_login(politician)
        OrgUnitFactory.create_batch(3, parent=root)
        # session, user, roles (styrmodell.middleware), units in force (one query for the whole
        # tree), municipality name
        with django_assert_num_queries(5):
            client.get(reverse("organisation:units"))
        for parent in OrgUnitFactory.create_batch(10, parent=root):
            OrgUnitFactory.create_batch(5, parent=parent)
        with django_assert_num_queries(5):
            client.get(reverse("organisation:units"))

    def test_decision_list_queries_do_not_grow(self, client, planner, django_assert_num_queries):

        DecisionFactory.create_batch(2)
        client.force_login(planner)
        # session, user, roles, municipality name, bodies for the filter, count, page of decisions
        # with meeting and body, meetings for the form's choices
        with django_assert_num_queries(8):
            client.get(reverse("organisation:decisions"))
        DecisionFactory.create_batch(40)
        with django_assert_num_queries(8):
            client.get(reverse("organisation:decisions"))
