"""Who may reach what: each role's denials, and the querysets that decide access."""

import datetime

import pytest
from django.urls import reverse

from organisation.models import Decision, Meeting, OrgUnit, Role
from tests.factories import BodyFactory, MeetingFactory, OrgUnitFactory

READ_PAGES = [
    "home",
    "organisation:units",
    "organisation:bodies",
    "organisation:meetings",
    "organisation:decisions",
]


@pytest.mark.django_db
class TestAnonymous:
    @pytest.mark.parametrize("name", READ_PAGES)
    def test_anonymous_is_sent_to_sign_in(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_anonymous_cannot_record_a_decision(self, client):
        meeting = MeetingFactory()
        client.post(reverse("organisation:decisions"), {"meeting": meeting.pk, "paragraph": 1})
        assert not Decision.objects.exists()


@pytest.mark.django_db
class TestEveryRoleReads:
    @pytest.mark.parametrize("name", READ_PAGES)
    def test_each_role_reads_the_organisation(self, client, users_by_role, name):
        for user in users_by_role.values():
            client.force_login(user)
            assert client.get(reverse(name)).status_code == 200, (user.username, name)


@pytest.mark.django_db
class TestDecisionsArePlannersToRecord:
    def _post(self, client, meeting):
        data = {
            "meeting": meeting.pk,
            "paragraph": 12,
            "case_number": "KS 26/1",
            "title": "Test",
            "outcome": "beslutat",
        }
        return client.post(reverse("organisation:decisions"), data)

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN])
    def test_other_roles_are_refused(self, client, users_by_role, role):
        meeting = MeetingFactory()
        client.force_login(users_by_role[role])
        response = self._post(client, meeting)
        assert response.status_code == 403
        assert "Ingen behörighet" in response.content.decode()
        assert not Decision.objects.exists()

    def test_planner_records_a_decision_with_history(self, client, planner):
        meeting = MeetingFactory()
        client.force_login(planner)
        response = self._post(client, meeting)
        assert response.status_code == 302
        decision = Decision.objects.get()
        assert decision.history.get().history_user == planner

    def test_the_form_is_shown_only_to_planners(self, client, politician, planner):
        client.force_login(politician)
        assert "Registrera beslut" not in client.get(reverse("organisation:decisions")).content.decode()
        client.force_login(planner)
        assert "Registrera beslut" in client.get(reverse("organisation:decisions")).content.decode()

    def test_duplicate_paragraph_is_refused_in_swedish_and_changes_nothing(self, client, planner):
        meeting = MeetingFactory()
        client.force_login(planner)
        self._post(client, meeting)
        response = self._post(client, meeting)
        assert response.status_code == 200
        assert "redan ett beslut med den paragrafen" in response.content.decode()
        assert Decision.objects.count() == 1

    def test_htmx_invalid_form_returns_only_the_form(self, client, planner):
        client.force_login(planner)
        response = client.post(
            reverse("organisation:decisions"), {"paragraph": "x"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith("<form")
        assert "Detta fält måste fyllas i." in html


@pytest.mark.django_db
class TestMeetingsArePlannersToEnter:
    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN])
    def test_other_roles_are_refused(self, client, users_by_role, role):
        body = BodyFactory()
        client.force_login(users_by_role[role])
        response = client.post(reverse("organisation:meetings"), {"body": body.pk, "date": "2027-03-01"})
        assert response.status_code == 403
        assert not Meeting.objects.exists()

    def test_planner_enters_a_meeting(self, client, planner):
        body = BodyFactory()
        client.force_login(planner)
        response = client.post(reverse("organisation:meetings"), {"body": body.pk, "date": "2027-03-01"})
        assert response.status_code == 302
        assert Meeting.objects.get().date == datetime.date(2027, 3, 1)

    def test_bad_date_is_explained_in_swedish(self, client, planner):
        body = BodyFactory()
        client.force_login(planner)
        response = client.post(reverse("organisation:meetings"), {"body": body.pk, "date": "31/2"})
        assert "Fyll i ett giltigt datum." in response.content.decode()
        assert not Meeting.objects.exists()


@pytest.mark.django_db
class TestAdminSite:
    def test_politician_cannot_reach_the_admin(self, client, politician):
        client.force_login(politician)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_planner_cannot_change_users(self, client, planner):
        client.force_login(planner)
        assert client.get("/admin/organisation/user/", follow=True).status_code == 403

    def test_sysadmin_keeps_units_but_cannot_delete_them(self, client, sysadmin):
        unit = OrgUnitFactory()
        client.force_login(sysadmin)
        assert client.get(f"/admin/organisation/orgunit/{unit.pk}/change/").status_code == 200
        assert client.get(f"/admin/organisation/orgunit/{unit.pk}/delete/").status_code == 403


@pytest.mark.django_db
class TestUnitAccess:
    def test_administrator_writes_own_units_and_their_sub_units_only(self, administrator):
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        unit = OrgUnitFactory(parent=department)
        sub_unit = OrgUnitFactory(parent=unit)
        other = OrgUnitFactory()
        administrator.units.add(unit)
        writable = set(OrgUnit.objects.writable_for_administrator(administrator))
        assert writable == {unit, sub_unit}
        assert department not in writable
        assert other not in writable

    def test_other_roles_write_no_units_as_administrators(self, planner):
        planner.units.add(OrgUnitFactory())
        assert not OrgUnit.objects.writable_for_administrator(planner).exists()

    def test_only_sysadmin_edits_units(self, users_by_role):
        OrgUnitFactory()
        for role, user in users_by_role.items():
            assert OrgUnit.objects.editable_by(user).exists() == (role == Role.SYSADMIN)

    def test_deactivated_user_sees_nothing(self, politician):
        OrgUnitFactory()
        politician.is_active = False
        assert not OrgUnit.objects.for_user(politician).exists()
