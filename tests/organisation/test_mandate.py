"""Access follows the mandate (organisation.mandate): an elected member reads from the first day of an
assignment through the last, a handläggare's units follow the placements, and every grant and lapse is
on record. Issue 17; the assembly's term runs 15 October to 14 October four years later (R8)."""

import datetime
from zoneinfo import ZoneInfo

import factory
import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from organisation import demo as organisation_demo
from organisation.admin import PLACEMENT_HELP, UserAdmin
from organisation.mandate import apply_roles, reconcile_all, reconcile_user
from organisation.models import AccessChange, Assignment, OrgUnit, Placement, Role, User
from organisation.tasks import reconcile_access
from tests.factories import AssignmentFactory, OrgUnitFactory, PersonFactory, UserFactory, body_named

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TERM = (datetime.date(2022, 10, 15), datetime.date(2026, 10, 14))
NEXT_TERM = (datetime.date(2026, 10, 15), datetime.date(2030, 10, 14))
PASSWORD = "ett-bra-losenord-123"  # tests.factories.UserFactory's
NO_ROLE_MESSAGE = "Ditt konto har ingen roll ännu"
POLITICIAN_PAGE = "organisation:bodies"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    start = datetime.date(2024, 1, 1)
    end = None


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of the day in the municipality's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def member(term: tuple[datetime.date, datetime.date], *, role: str | None = Role.POLITICIAN, **user_fields):
    """A user linked to a person who sits in KF for the term."""
    user = UserFactory(role=role, **user_fields)
    AssignmentFactory(person=PersonFactory(user=user), body=body_named("KF"), start=term[0], end=term[1])
    return user


def sign_in(client, user: User) -> None:
    """Through the sign-in page, as a person does (Django's user_logged_in is sent there)."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def roles_of(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def units_of(user: User) -> set[OrgUnit]:
    return set(User.objects.get(pk=user.pk).units.all())


@pytest.mark.django_db
class TestTheTermEnds:
    def test_r8_politician_reads_on_14_october_and_not_on_the_15th(self, client):
        user = member(TERM)
        with time_machine.travel(moment(TERM[1], 23, 30), tick=False) as traveller:
            sign_in(client, user)
            assert client.get(reverse(POLITICIAN_PAGE)).status_code == 200
            traveller.move_to(moment(TERM[1] + datetime.timedelta(days=1), 0, 5))
            assert reconcile_access.delay().get() == 1
            response = client.get(reverse(POLITICIAN_PAGE))
        assert response.status_code == 403
        assert NO_ROLE_MESSAGE in response.content.decode()

    def test_r8_signing_in_on_the_15th_before_the_nightly_job_is_refused_too(self, client):
        user = member(TERM)
        with time_machine.travel(moment(TERM[1] + datetime.timedelta(days=1), 0, 1), tick=False):
            sign_in(client, user)
            response = client.get(reverse(POLITICIAN_PAGE))
        assert response.status_code == 403
        assert NO_ROLE_MESSAGE in response.content.decode()
        assert roles_of(user) == set()

    def test_r8_newly_elected_member_reads_from_the_first_day(self, client):
        user = member(NEXT_TERM, role=None)
        with time_machine.travel(moment(NEXT_TERM[0] - datetime.timedelta(days=1), 23, 30), tick=False) as t:
            sign_in(client, user)
            assert client.get(reverse(POLITICIAN_PAGE)).status_code == 403
            t.move_to(moment(NEXT_TERM[0], 0, 5))
            reconcile_access.delay()
            assert client.get(reverse(POLITICIAN_PAGE)).status_code == 200

    def test_r8_newly_elected_member_signing_in_on_the_first_day_reads(self, client):
        user = member(NEXT_TERM, role=None)
        with time_machine.travel(moment(NEXT_TERM[0], 8), tick=False):
            sign_in(client, user)
            assert client.get(reverse(POLITICIAN_PAGE)).status_code == 200
        assert roles_of(user) == {Role.POLITICIAN}


@pytest.mark.django_db
class TestAssignments:
    def test_a_closed_assignment_lapses_the_day_after_its_last(self):
        user = member((datetime.date(2026, 10, 15), None))
        assignment = Assignment.objects.get(person__user=user)
        assignment.end = datetime.date(2027, 3, 10)  # resigned from KF
        assignment.save()
        assert reconcile_user(user=user, on=datetime.date(2027, 3, 10)) == []
        [lapse] = reconcile_user(user=user, on=datetime.date(2027, 3, 11))
        assert (lapse.kind, lapse.role, lapse.assignment, lapse.on) == (
            AccessChange.Kind.LAPSED,
            Role.POLITICIAN,
            assignment,
            datetime.date(2027, 3, 11),
        )
        assert roles_of(user) == set()

    def test_an_assignment_without_an_end_never_lapses(self):
        user = member((datetime.date(2026, 10, 15), None))
        assert reconcile_user(user=user, on=datetime.date(2040, 1, 1)) == []
        assert roles_of(user) == {Role.POLITICIAN}

    def test_the_role_stays_while_any_assignment_is_active(self):
        user = member(TERM)
        AssignmentFactory(
            person=user.person, body=body_named("KS"), start=datetime.date(2026, 10, 15), end=NEXT_TERM[1]
        )
        assert reconcile_user(user=user, on=datetime.date(2026, 10, 15)) == []
        assert roles_of(user) == {Role.POLITICIAN}

    def test_a_role_given_by_hand_before_the_first_day_lapses_until_then(self):
        user = member(NEXT_TERM)
        [lapse] = reconcile_user(user=user, on=datetime.date(2026, 10, 1))
        assert (lapse.kind, lapse.assignment) == (AccessChange.Kind.LAPSED, None)  # none had ended
        [grant] = reconcile_user(user=user, on=NEXT_TERM[0])
        assert (grant.kind, grant.assignment.start) == (AccessChange.Kind.GRANTED, NEXT_TERM[0])

    def test_other_roles_are_left_alone(self):
        user = member(TERM)
        user.groups.add(Group.objects.get(name=Role.PLANNER))
        reconcile_user(user=user, on=NEXT_TERM[0])
        assert roles_of(user) == {Role.PLANNER}

    def test_a_second_run_changes_nothing(self):
        member(TERM)
        member(NEXT_TERM, role=None)
        assert reconcile_all(on=NEXT_TERM[0]) == 2
        assert reconcile_all(on=NEXT_TERM[0]) == 0
        assert AccessChange.objects.count() == 2

    def test_the_grant_and_the_lapse_are_on_record(self):
        leaving = member(TERM)
        arriving = member(NEXT_TERM, role=None)
        reconcile_all(on=NEXT_TERM[0])
        rows = {
            row.user: (row.kind, row.role, row.unit, row.source, row.assignment, row.actor, row.on)
            for row in AccessChange.objects.all()
        }
        assert rows == {
            leaving: (
                AccessChange.Kind.LAPSED,
                Role.POLITICIAN,
                None,
                AccessChange.Source.ASSIGNMENT,
                Assignment.objects.get(person__user=leaving),
                None,
                NEXT_TERM[0],
            ),
            arriving: (
                AccessChange.Kind.GRANTED,
                Role.POLITICIAN,
                None,
                AccessChange.Source.ASSIGNMENT,
                Assignment.objects.get(person__user=arriving),
                None,
                NEXT_TERM[0],
            ),
        }


@pytest.mark.django_db
class TestPlacements:
    def test_a_placement_moves_the_units_on_the_day_of_the_move(self):
        user = UserFactory(role=Role.ADMINISTRATOR)
        person = PersonFactory(user=user)
        old = PlacementFactory(person=person, end=datetime.date(2026, 11, 30))
        new = PlacementFactory(person=person, start=datetime.date(2026, 12, 1))
        user.units.add(old.unit)
        assert reconcile_user(user=user, on=datetime.date(2026, 11, 30)) == []
        changes = reconcile_user(user=user, on=datetime.date(2026, 12, 1))
        assert units_of(user) == {new.unit}
        assert {(c.kind, c.unit, c.placement, c.source, c.on) for c in changes} == {
            (
                AccessChange.Kind.GRANTED,
                new.unit,
                new,
                AccessChange.Source.PLACEMENT,
                datetime.date(2026, 12, 1),
            ),
            (
                AccessChange.Kind.LAPSED,
                old.unit,
                old,
                AccessChange.Source.PLACEMENT,
                datetime.date(2026, 12, 1),
            ),
        }

    def test_units_given_outside_the_placements_lapse(self):
        user = UserFactory(role=Role.ADMINISTRATOR)
        placement = PlacementFactory(person=PersonFactory(user=user))
        elsewhere = OrgUnitFactory()
        user.units.add(elsewhere)
        [grant, lapse] = reconcile_user(user=user, on=datetime.date(2026, 12, 2))
        assert (grant.kind, grant.unit, lapse.kind, lapse.unit, lapse.placement) == (
            AccessChange.Kind.GRANTED,
            placement.unit,
            AccessChange.Kind.LAPSED,
            elsewhere,
            None,
        )
        assert units_of(user) == {placement.unit}

    def test_the_role_is_not_a_placements_business(self):
        user = UserFactory(role=Role.ADMINISTRATOR)
        PlacementFactory(person=PersonFactory(user=user), end=datetime.date(2025, 1, 1))
        reconcile_user(user=user, on=datetime.date(2026, 12, 2))
        assert roles_of(user) == {Role.ADMINISTRATOR}
        assert units_of(user) == set()


@pytest.mark.django_db
class TestUntouched:
    def test_users_without_assignments_or_placements_stay_as_they_are(self):
        unit = OrgUnitFactory()
        breakglass = UserFactory(role=Role.SYSADMIN)  # no person
        not_registered = UserFactory(role=Role.POLITICIAN)  # a person without assignments yet
        PersonFactory(user=not_registered)
        handlaggare = UserFactory(role=Role.ADMINISTRATOR)  # placements not entered yet
        handlaggare.units.add(unit)
        elected_staff = member(TERM)  # assignments, no placements: the units are left alone
        elected_staff.units.add(unit)
        PersonFactory(name="Utan konto")  # a person without a user
        AssignmentFactory(person__name="Utan konto heller")

        assert reconcile_all(on=NEXT_TERM[0]) == 1  # elected_staff's role, nothing else
        assert roles_of(breakglass) == {Role.SYSADMIN}
        assert roles_of(not_registered) == {Role.POLITICIAN}
        assert units_of(handlaggare) == {unit}
        assert units_of(elected_staff) == {unit}
        assert roles_of(elected_staff) == set()

    def test_signing_in_without_a_person_changes_nothing(self, client, planner):
        client.force_login(planner)
        assert roles_of(planner) == {Role.PLANNER}
        assert not AccessChange.objects.exists()


@pytest.mark.django_db
class TestApplyRoles:
    MANAGED = {Role.PLANNER, Role.FINANCE, Role.ADMINISTRATOR}

    def test_the_managed_roles_become_the_wanted_ones_and_the_rest_stay(self, sysadmin):
        user = UserFactory(role=Role.PLANNER)
        user.groups.add(Group.objects.get(name=Role.SYSADMIN))
        changes = apply_roles(
            user=user,
            wanted={Role.FINANCE, Role.POLITICIAN},  # the politician role is not the provider's to give
            managed=self.MANAGED,
            source=AccessChange.Source.PROVIDER,
            on=datetime.date(2026, 12, 2),
        )
        assert roles_of(user) == {Role.FINANCE, Role.SYSADMIN}
        assert {(c.kind, c.role, c.source, c.actor, c.on) for c in changes} == {
            (
                AccessChange.Kind.GRANTED,
                Role.FINANCE,
                AccessChange.Source.PROVIDER,
                None,
                datetime.date(2026, 12, 2),
            ),
            (
                AccessChange.Kind.LAPSED,
                Role.PLANNER,
                AccessChange.Source.PROVIDER,
                None,
                datetime.date(2026, 12, 2),
            ),
        }
        assert AccessChange.objects.count() == 2

    def test_nothing_to_change_writes_nothing(self):
        user = UserFactory(role=Role.FINANCE)
        kwargs = {"managed": self.MANAGED, "source": AccessChange.Source.PROVIDER}
        assert apply_roles(user=user, wanted={Role.FINANCE}, **kwargs) == []
        assert not AccessChange.objects.exists()

    def test_the_actor_is_on_record(self, sysadmin):
        user = UserFactory()
        [grant] = apply_roles(
            user=user,
            wanted={Role.PLANNER},
            managed={Role.PLANNER},
            source=AccessChange.Source.ADMINISTRATOR,
            actor=sysadmin,
        )
        assert (grant.actor, grant.source) == (sysadmin, AccessChange.Source.ADMINISTRATOR)
        assert user.has_role(Role.PLANNER)  # the instance forgets the roles it had read

    def test_a_name_that_is_no_role_is_refused(self):
        with pytest.raises(ValueError, match="Not roles"):
            apply_roles(user=UserFactory(), wanted={"admins"}, managed={"admins"}, source="inloggningstjanst")


@pytest.mark.django_db
class TestNightlyJob:
    def test_the_job_runs_through_celery_for_a_given_day(self):
        member(TERM)
        assert reconcile_access.delay(NEXT_TERM[0].isoformat()).get() == 1
        assert AccessChange.objects.get().on == NEXT_TERM[0]

    def test_the_job_runs_just_after_midnight_in_stockholm(self):
        entry = settings.CELERY_BEAT_SCHEDULE["organisation-reconcile-access"]
        assert entry["task"] == reconcile_access.name
        assert entry["schedule"] == crontab(hour=0, minute=5)
        assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "Europe/Stockholm"

    def test_reconcile_all_reads_in_constant_queries(self, django_assert_max_num_queries):
        def people(count: int) -> None:
            for _ in range(count):
                member(NEXT_TERM, role=None)
                user = UserFactory(role=Role.ADMINISTRATOR)
                PlacementFactory(person=PersonFactory(user=user))

        people(3)
        # Reading: savepoint, the people with their users, their assignments, their placements, which of
        # them hold the role, their units, release. Writing, whoever changes: the role's group, the new
        # role links, the new unit links, the changes on record.
        with django_assert_max_num_queries(7 + 4):
            assert reconcile_all(on=NEXT_TERM[0]) == 6
        with django_assert_max_num_queries(7):
            assert reconcile_all(on=NEXT_TERM[0]) == 0
        people(27)
        with django_assert_max_num_queries(7 + 4):
            assert reconcile_all(on=NEXT_TERM[0]) == 54
        with django_assert_max_num_queries(7):
            assert reconcile_all(on=NEXT_TERM[0]) == 0


@pytest.mark.django_db
class TestAdmin:
    def _change_form(self, user: User, **changes) -> dict:
        data = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
            "units": [str(pk) for pk in user.units.values_list("pk", flat=True)],
            "access_changes-TOTAL_FORMS": "0",
            "access_changes-INITIAL_FORMS": "0",
            "access_changes-MIN_NUM_FORMS": "0",
            "access_changes-MAX_NUM_FORMS": "1000",
        }
        return data | changes

    def test_a_manual_change_is_on_record_with_its_actor(self, client, sysadmin):
        user = UserFactory(role=Role.PLANNER)
        unit = OrgUnitFactory()
        finance = Group.objects.get(name=Role.FINANCE)
        client.force_login(sysadmin)
        response = client.post(
            reverse("admin:organisation_user_change", args=[user.pk]),
            self._change_form(user, groups=[str(finance.pk)], units=[str(unit.pk)]),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert roles_of(user) == {Role.FINANCE}
        rows = {(c.kind, c.role, c.unit, c.source, c.actor) for c in AccessChange.objects.filter(user=user)}
        manual = AccessChange.Source.ADMINISTRATOR
        assert rows == {
            (AccessChange.Kind.GRANTED, Role.FINANCE, None, manual, sysadmin),
            (AccessChange.Kind.LAPSED, Role.PLANNER, None, manual, sysadmin),
            (AccessChange.Kind.GRANTED, "", unit, manual, sysadmin),
        }

    def test_a_user_with_changes_on_record_can_still_be_saved(self, client, sysadmin):
        user = member(TERM)
        [row] = reconcile_user(user=user, on=NEXT_TERM[0])
        client.force_login(sysadmin)
        data = self._change_form(user, first_name="Petra") | {
            "access_changes-TOTAL_FORMS": "1",
            "access_changes-INITIAL_FORMS": "1",
            "access_changes-0-id": str(row.pk),
            "access_changes-0-user": str(user.pk),
        }
        response = client.post(reverse("admin:organisation_user_change", args=[user.pk]), data)
        assert response.status_code == 302
        assert User.objects.get(pk=user.pk).first_name == "Petra"
        assert AccessChange.objects.get() == row  # the trail is only shown, never posted back

    def test_the_user_page_lists_the_changes_and_says_what_the_system_sets(self, client, sysadmin):
        user = member(TERM)
        reconcile_user(user=user, on=NEXT_TERM[0])
        client.force_login(sysadmin)
        html = client.get(reverse("admin:organisation_user_change", args=[user.pk])).content.decode()
        assert "access_changes-0" in html  # the inline's row
        with translation.override("sv"):
            for text in UserAdmin.help_texts.values():
                assert str(text) in html  # the admin shows help texts as they are

    def test_the_sysadmin_reads_the_trail_and_adds_placements(self, client, sysadmin):
        reconcile_user(user=member(TERM), on=NEXT_TERM[0])
        client.force_login(sysadmin)
        assert client.get(reverse("admin:organisation_accesschange_changelist")).status_code == 200
        row = AccessChange.objects.get()
        assert client.get(reverse("admin:organisation_accesschange_change", args=[row.pk])).status_code == 200
        html = client.get(reverse("admin:organisation_placement_add")).content.decode()
        with translation.override("sv"):
            assert str(PLACEMENT_HELP["end"]) in html

    def test_the_sysadmin_places_a_person_from_the_persons_page(self, client, sysadmin):
        person = PersonFactory(name="Helena Berg")
        unit = OrgUnitFactory()
        client.force_login(sysadmin)
        url = reverse("admin:organisation_person_change", args=[person.pk])
        assert "placements-TOTAL_FORMS" in client.get(url).content.decode()
        data = {
            "name": person.name,
            "email": person.email,
            "placements-TOTAL_FORMS": "1",
            "placements-INITIAL_FORMS": "0",
            "placements-MIN_NUM_FORMS": "0",
            "placements-MAX_NUM_FORMS": "1000",
            "placements-0-unit": str(unit.pk),
            "placements-0-start": "2026-12-01",
            "placements-0-end": "2026-11-30",
        }
        response = client.post(url, data)
        assert response.status_code == 200  # refused: it ends before it starts
        assert not Placement.objects.exists()
        response = client.post(url, data | {"placements-0-end": ""})
        assert response.status_code == 302
        assert Placement.objects.get().unit == unit

    def test_nobody_adds_changes_or_deletes_a_row_of_the_trail(self, client, sysadmin):
        reconcile_user(user=member(TERM), on=NEXT_TERM[0])
        row = AccessChange.objects.get()
        client.force_login(sysadmin)
        assert client.get(reverse("admin:organisation_accesschange_add")).status_code == 403
        client.post(reverse("admin:organisation_accesschange_change", args=[row.pk]), {"on": "2030-01-01"})
        assert (
            client.post(reverse("admin:organisation_accesschange_delete", args=[row.pk])).status_code == 403
        )
        assert AccessChange.objects.get().on == NEXT_TERM[0]

    @pytest.mark.parametrize(
        "role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.FINANCE, Role.COMPANY_REPORTER]
    )
    def test_other_roles_reach_neither_the_trail_nor_the_placements(self, client, role):
        client.force_login(UserFactory(role=role, is_staff=True))
        for name in ("admin:organisation_accesschange_changelist", "admin:organisation_placement_add"):
            response = client.get(reverse(name), follow=True)
            assert response.status_code == 403, name
            assert 'id="site-name"' not in response.content.decode()

    def test_the_trail_is_the_system_administrators_to_read_alone(self):
        readers = Group.objects.filter(permissions__codename="view_accesschange")
        assert set(readers.values_list("name", flat=True)) == {Role.SYSADMIN}
        for role in Role:
            assert Group.objects.get(name=role).permissions.filter(codename="view_placement").exists()


@pytest.mark.django_db
class TestDemo:
    @pytest.mark.parametrize(
        "day",
        [
            datetime.date(2021, 6, 1),  # before the demo's terms
            datetime.date(2026, 10, 15),  # the first day of the second
            datetime.date(2031, 3, 3),  # after them
        ],
    )
    def test_the_demo_is_right_whatever_day_it_is_seeded(self, day):
        with time_machine.travel(moment(day, 9), tick=False):
            organisation_demo.seed()
            organisation_demo.seed()  # a second run adds nothing either
            assert reconcile_all() == 0
        expected_units = {Role.ADMINISTRATOR: "1200", "bolag": "9100"}
        for username, code in expected_units.items():
            user = User.objects.get(username=username)
            assert {unit.cost_centre for unit in units_of(user)} == {code}
            assert Placement.objects.filter(person__user=user).exists()
        for username in ("politiker", "presidium"):
            person = User.objects.get(username=username).person
            assert Assignment.objects.active_on(day).filter(person=person).exists()
