"""/aktiviteter/: filters, sorting, paging, the units' inline follow-up without overwrites, Excel export."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape as html_text

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from planning.models import Activity
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    OrgUnitFactory,
    PlanFactory,
    UserFactory,
    body_named,
    ks_decision,
)

TODAY = datetime.date(2026, 11, 26)
LIST = reverse("planning:activities")
EXPORT = reverse("planning:activity_export")
HTMX = {"HX-Request": "true"}
RESULTS = {**HTMX, "HX-Target": "activity-results"}
ROW_ID = re.compile(r'<tr id="aktivitet-(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@pytest.fixture(autouse=True)
def _today():
    """A late-November day in 2026: the 2026 plan is adopted and being followed up."""
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def plan(db):
    return PlanFactory(
        year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 4))
    )


@pytest.fixture
def goal(plan):
    return AnnualGoalFactory(
        year=2026,
        body=plan.body,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(),
        title="Trygg skola",
    )


@pytest.fixture
def department(db):
    return OrgUnitFactory(name="Barn och utbildning", kind=OrgUnit.Kind.DEPARTMENT)


@pytest.fixture
def sub_unit(department):
    return OrgUnitFactory(name="Förskolan", parent=department)


@pytest.fixture
def other_unit(db):
    return OrgUnitFactory(name="Tekniska enheten")


@pytest.fixture
def own_admin(administrator, department):
    """An administrator (handläggare) writing for the department, and so for its sub-units."""
    administrator.units.add(department)
    return administrator


def activity(plan, goal, unit, **kwargs) -> Activity:
    return ActivityFactory(plan=plan, annual_goal=goal, responsible_unit=unit, **kwargs)


def row_ids(response) -> list[int]:
    return [int(pk) for pk in ROW_ID.findall(response.content.decode())]


def follow_up_url(pk: int) -> str:
    return reverse("planning:activity_follow_up", args=[pk])


@pytest.mark.django_db
class TestActivityList:
    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(LIST)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]

    def test_drafts_are_the_planners(self, client, politician, planner, plan, goal, department):
        adopted = activity(plan, goal, department)
        draft_plan = PlanFactory(year=2027, status=AdoptionStatus.DRAFT)
        draft = activity(draft_plan, AnnualGoalFactory(year=2027), department)
        client.force_login(politician)
        assert row_ids(client.get(LIST, {"ar": ""})) == [adopted.pk]
        client.force_login(planner)
        assert set(row_ids(client.get(LIST, {"ar": ""}))) == {adopted.pk, draft.pk}

    def test_a_row_shows_what_the_issue_asks_for(self, client, politician, plan, goal, sub_unit):
        late = activity(plan, goal, sub_unit, title="Läsfrämjande", kind=Activity.Kind.INITIATIVE)
        client.force_login(politician)
        response = client.get(LIST)
        assertContains(response, f'href="{late.get_absolute_url()}"')
        for text in ["Läsfrämjande", "Trygg skola", "Förskolan", "2026-10-31"]:
            assertContains(response, text)
        with translation.override("sv"):
            assertContains(response, str(Activity.Kind.INITIATIVE.label))
            assertContains(response, str(Activity.Status.NOT_STARTED.label))
            assertContains(response, gettext("The plan's activity"))
            # Late is a symbol and a word, never colour alone.
            assertContains(response, f'<span aria-hidden="true">⚠</span> {gettext("Late")}', html=False)

    def test_opens_on_this_years_plan_and_all_years_is_a_choice(
        self, client, politician, plan, goal, department
    ):
        this_year = activity(plan, goal, department)
        last_plan = PlanFactory(year=2025, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        last_year = activity(last_plan, AnnualGoalFactory(year=2025), department)
        client.force_login(politician)
        assert row_ids(client.get(LIST)) == [this_year.pk]
        assert row_ids(client.get(LIST, {"ar": "2025"})) == [last_year.pk]
        assert set(row_ids(client.get(LIST, {"ar": ""}))) == {this_year.pk, last_year.pk}

    def test_filter_by_ks_goal(self, client, politician, plan, goal, department):
        other_goal = AnnualGoalFactory(year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        wanted = activity(plan, goal, department)
        activity(plan, other_goal, department)
        client.force_login(politician)
        assert row_ids(client.get(LIST, {"mal": goal.pk})) == [wanted.pk]

    def test_the_ks_goal_filter_lists_only_the_chosen_years_goals(self, client, politician, plan, goal):
        """The years' goals often share titles: a list of both years' goals repeats every title."""
        last_year = AnnualGoalFactory(
            year=2025,
            body=plan.body,
            status=AdoptionStatus.ADOPTED,
            decision=ks_decision(datetime.date(2024, 5, 20)),
            title="Trygg skola",
        )
        client.force_login(politician)

        def goal_options(response) -> list[int]:
            select = re.search(r'<select name="mal".*?</select>', response.content.decode(), re.DOTALL)
            return [int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(0))]

        assert goal_options(client.get(LIST)) == [goal.pk]
        assert goal_options(client.get(LIST, {"ar": "2025"})) == [last_year.pk]
        every_year = client.get(LIST, {"ar": ""})
        assert sorted(goal_options(every_year)) == sorted([goal.pk, last_year.pk])
        assertContains(every_year, '<optgroup label="2025">', html=False)
        # htmx fetches only the results when the year changes; the goal filter comes along, swapped in.
        results = client.get(LIST, {"ar": "2025"}, headers=RESULTS)
        assert 'data-hx-swap-oob="true"' in results.content.decode()
        assert goal_options(results) == [last_year.pk]

    @pytest.mark.parametrize("year", ["²", "1" * 26, "-1", " 2026 "])
    def test_an_odd_year_gives_the_list_not_a_server_error(self, client, politician, plan, goal, year):
        """ "²" is a digit to str.isdigit but not to int(); 26 digits are beyond any column."""
        client.force_login(politician)
        assert client.get(LIST, {"ar": year}).status_code == 200

    def test_a_goal_of_another_year_is_dropped_when_the_year_changes(
        self, client, politician, plan, goal, department
    ):
        last_plan = PlanFactory(year=2025, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        last_year = activity(last_plan, AnnualGoalFactory(year=2025, body=plan.body), department)
        client.force_login(politician)
        response = client.get(LIST, {"ar": "2025", "mal": goal.pk})
        assert row_ids(response) == [last_year.pk]
        assertNotContains(response, "field--error")

    def test_the_kind_and_late_filters_read_as_a_handlaggare_writes_them(self, client, politician, plan):
        client.force_login(politician)
        page = client.get(LIST).content.decode()

        def options(name: str) -> list[str]:
            select = re.search(rf'<select name="{name}".*?</select>', page, re.DOTALL).group(0)
            return [html_text(t) for t in re.findall(r"<option[^>]*>([^<]*)</option>", select)]

        assert options("typ")[0] == gettext("All kinds")
        assert options("forsenad") == [gettext("All"), gettext("Late only"), gettext("Not late")]

    def test_filter_by_unit_includes_sub_units(
        self, client, politician, plan, goal, department, sub_unit, other_unit
    ):
        at_department = activity(plan, goal, department)
        below = activity(plan, goal, sub_unit)
        activity(plan, goal, other_unit)
        client.force_login(politician)
        assert set(row_ids(client.get(LIST, {"enhet": department.pk}))) == {at_department.pk, below.pk}
        assert row_ids(client.get(LIST, {"enhet": sub_unit.pk})) == [below.pk]

    def test_filter_by_status_and_kind(self, client, politician, plan, goal, department):
        going = activity(
            plan, goal, department, status=Activity.Status.IN_PROGRESS, kind=Activity.Kind.PROJECT
        )
        activity(plan, goal, department, status=Activity.Status.NOT_STARTED, kind=Activity.Kind.PROJECT)
        assignment = activity(plan, goal, department, kind=Activity.Kind.ASSIGNMENT)
        client.force_login(politician)
        assert row_ids(client.get(LIST, {"status": "pagar"})) == [going.pk]
        assert row_ids(client.get(LIST, {"typ": "uppdrag"})) == [assignment.pk]

    def test_late_is_derived_from_dates_and_status(self, client, politician, plan, goal, department):
        july = datetime.date(2026, 7, 1)
        not_started_past_end = activity(plan, goal, department, planned_end=july)
        done_late = activity(
            plan, goal, department, planned_end=july, status="klar", completed_on=datetime.date(2026, 8, 1)
        )
        done_on_time = activity(
            plan, goal, department, planned_end=july, status="klar", completed_on=datetime.date(2026, 6, 1)
        )
        going_not_due = activity(
            plan, goal, department, planned_end=datetime.date(2026, 12, 31), status="pagar"
        )
        cancelled_past_end = activity(plan, goal, department, planned_end=july, status="avbruten")
        client.force_login(politician)
        assert set(row_ids(client.get(LIST, {"forsenad": "ja"}))) == {not_started_past_end.pk, done_late.pk}
        assert set(row_ids(client.get(LIST, {"forsenad": "nej"}))) == {
            done_on_time.pk,
            going_not_due.pk,
            cancelled_past_end.pk,
        }

    def test_filter_plan_or_unit_activity(self, client, politician, plan, goal, department):
        planned = activity(plan, goal, department)
        units_own = activity(plan, None, department, is_plan_activity=False, geh_code="GEH-1")
        client.force_login(politician)
        assert row_ids(client.get(LIST, {"slag": "plan"})) == [planned.pk]
        response = client.get(LIST, {"slag": "enhet"})
        assert row_ids(response) == [units_own.pk]
        assertContains(response, "GEH-1")

    def test_an_invalid_filter_value_is_shown_and_ignored(self, client, politician, plan, goal, department):
        shown = activity(plan, goal, department)
        client.force_login(politician)
        response = client.get(LIST, {"status": "påhittad", "sort": "pk; drop table"})
        assert response.status_code == 200
        assert row_ids(response) == [shown.pk]
        assertContains(response, "field--error")

    def test_sort_by_title_is_swedish(self, client, politician, plan, goal, department):
        titles = ["Ödla", "apa", "Ärende", "Zebra", "Åtgärd", "Äpple"]
        by_title = {t: activity(plan, goal, department, title=t).pk for t in titles}
        swedish = ["apa", "Zebra", "Åtgärd", "Äpple", "Ärende", "Ödla"]
        client.force_login(politician)
        assert row_ids(client.get(LIST, {"sort": "titel"})) == [by_title[t] for t in swedish]
        assert row_ids(client.get(LIST, {"sort": "-titel"})) == [by_title[t] for t in reversed(swedish)]

    def test_sort_by_planned_end_status_and_unit(
        self, client, politician, plan, goal, department, other_unit
    ):
        late_autumn = activity(
            plan, goal, other_unit, planned_end=datetime.date(2026, 11, 30), status="pagar"
        )
        spring = activity(plan, goal, department, planned_end=datetime.date(2026, 4, 30), status="avbruten")
        summer = activity(
            plan, goal, other_unit, planned_end=datetime.date(2026, 6, 30), status="klar", completed_on=TODAY
        )
        client.force_login(politician)
        assert row_ids(client.get(LIST)) == [spring.pk, summer.pk, late_autumn.pk]
        assert row_ids(client.get(LIST, {"sort": "-slutdatum"})) == [late_autumn.pk, summer.pk, spring.pk]
        assert row_ids(client.get(LIST, {"sort": "status"})) == [late_autumn.pk, summer.pk, spring.pk]
        # "Barn och utbildning" before "Tekniska enheten"; the planned end orders within a unit.
        assert row_ids(client.get(LIST, {"sort": "enhet"})) == [spring.pk, summer.pk, late_autumn.pk]
        assert row_ids(client.get(LIST, {"sort": "-enhet"})) == [late_autumn.pk, summer.pk, spring.pk]

    def test_sort_headers_say_which_way_and_keep_the_filters(
        self, client, politician, plan, goal, department
    ):
        activity(plan, goal, department)
        client.force_login(politician)
        response = client.get(LIST, {"sort": "titel", "status": "ej_paborjad"})
        assertContains(response, 'aria-sort="ascending"')
        assertContains(response, "sort=-titel")
        assertContains(response, "?sort=-titel&amp;status=ej_paborjad")

    def test_fifty_a_page(self, client, politician, plan, goal, department):
        made = [activity(plan, goal, department, title=f"Aktivitet {n:02d}") for n in range(51)]
        client.force_login(politician)
        first = client.get(LIST, {"sort": "titel"})
        assert row_ids(first) == [a.pk for a in made[:50]]
        assertContains(first, "sida=2")
        assert row_ids(client.get(LIST, {"sort": "titel", "sida": 2})) == [made[50].pk]

    def test_htmx_gets_only_the_results_with_the_count(self, client, politician, plan, goal, department):
        shown = activity(plan, goal, department)
        client.force_login(politician)
        response = client.get(LIST, {"status": "ej_paborjad"}, headers=RESULTS)
        assertNotContains(response, "<html")
        assertNotContains(response, "<form")
        assert row_ids(response) == [shown.pk]
        assertContains(response, 'id="activity-count"')
        assertContains(response, 'data-hx-swap-oob="innerHTML"')
        assert "HX-Request" in response["Vary"]

    def test_update_control_only_on_own_units_rows(
        self, client, own_admin, plan, goal, department, sub_unit, other_unit
    ):
        mine = activity(plan, goal, department)
        below = activity(plan, goal, sub_unit)
        theirs = activity(plan, goal, other_unit)
        client.force_login(own_admin)
        response = client.get(LIST)
        assertContains(response, f'href="{follow_up_url(mine.pk)}?next=')
        assertContains(response, f'data-hx-get="{follow_up_url(below.pk)}?next=')
        assertNotContains(response, follow_up_url(theirs.pk))

    def test_no_update_control_for_other_roles(self, client, users_by_role, plan, goal, department):
        shown = activity(plan, goal, department)
        for role in (Role.POLITICIAN, Role.PLANNER, Role.FINANCE, Role.SYSADMIN):
            client.force_login(users_by_role[role])
            assertNotContains(client.get(LIST), follow_up_url(shown.pk))

    def test_queries_do_not_grow_with_activities(
        self, client, own_admin, plan, goal, department, sub_unit, django_assert_num_queries
    ):
        def make(count):
            for n in range(count):
                activity(plan, goal, sub_unit if n % 2 else department)
                activity(plan, None, OrgUnitFactory(), is_plan_activity=False, geh_code="GEH-2")

        make(2)
        client.force_login(own_admin)
        # session, user, the user's roles, plan years, KS goals, units (filters), count, the page's
        # activities with goal and unit, the administrator's units, every unit's parent (sub-units),
        # which of the page's activities the administrator follows up, municipality name (header)
        with django_assert_num_queries(12):
            assert client.get(LIST, {"enhet": department.pk, "forsenad": "ja"}).status_code == 200
        make(30)
        with django_assert_num_queries(12):
            client.get(LIST, {"enhet": department.pk, "forsenad": "ja"})

    def test_politician_queries_do_not_grow_either(
        self, client, politician, plan, goal, department, django_assert_num_queries
    ):
        activity(plan, goal, department)
        client.force_login(politician)
        # session, user, roles, plan years, KS goals, units, count, activities, municipality name
        with django_assert_num_queries(9):
            client.get(LIST)
        for _ in range(60):
            activity(plan, goal, OrgUnitFactory())
        with django_assert_num_queries(9):
            client.get(LIST)


@pytest.mark.django_db
class TestFollowUp:
    def post(
        self, client, pk, *, version, status="pagar", comment="", completed_on="", headers=None, **extra
    ):
        data = {
            "status": status,
            "progress_comment": comment,
            "completed_on": completed_on,
            "version": version,
        }
        return client.post(follow_up_url(pk), {**data, **extra}, headers=headers or {})

    def test_the_form_without_javascript_is_a_page(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = client.get(follow_up_url(followed.pk), {"next": f"{LIST}?status=pagar"})
        assertContains(response, "<html")
        assertContains(response, 'type="date"')
        assertContains(response, f'name="version" value="{followed.version}"')
        assertContains(response, 'name="next" value="/aktiviteter/?status=pagar"')
        # With JavaScript on, the page still posts normally: there is no table row for htmx to swap.
        assertNotContains(response, "hx-post")

    def test_htmx_gets_the_form_as_a_table_row(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = client.get(follow_up_url(followed.pk), headers=HTMX)
        assertNotContains(response, "<html")
        assertContains(response, f'<tr id="aktivitet-{followed.pk}"')
        assertContains(response, f'data-hx-post="{follow_up_url(followed.pk)}"')

    def test_own_unit_saves_and_history_records_who(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        back = f"{LIST}?status=ej_paborjad&sort=titel"
        response = self.post(
            client,
            followed.pk,
            version=1,
            status="klar",
            comment="Genomfört i alla skolor.",
            completed_on="2026-10-15",
            next=back,
        )
        assertRedirects(response, back, fetch_redirect_response=False)
        followed.refresh_from_db()
        assert (followed.status, followed.progress_comment, followed.completed_on) == (
            "klar",
            "Genomfört i alla skolor.",
            datetime.date(2026, 10, 15),
        )
        assert followed.version == 2
        assert followed.history.first().history_user == own_admin

    def test_a_sub_unit_saves_too(self, client, own_admin, plan, goal, sub_unit):
        followed = activity(plan, goal, sub_unit)
        client.force_login(own_admin)
        assert self.post(client, followed.pk, version=1, comment="Startat").status_code == 302
        followed.refresh_from_db()
        assert (followed.status, followed.progress_comment) == ("pagar", "Startat")

    def test_htmx_save_returns_the_updated_row(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = self.post(client, followed.pk, version=1, comment="Pågår", headers=HTMX)
        assert response.status_code == 200
        assertNotContains(response, "<form")
        assertContains(response, f'<tr id="aktivitet-{followed.pk}"')
        with translation.override("sv"):
            assertContains(response, str(Activity.Status.IN_PROGRESS.label))

    def test_htmx_cancel_returns_the_row(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = client.get(follow_up_url(followed.pk), {"visa": "rad"}, headers=HTMX)
        assertNotContains(response, "<form")
        assertContains(response, f'<tr id="aktivitet-{followed.pk}"')

    def test_another_units_activity_is_not_found(self, client, own_admin, plan, goal, other_unit):
        theirs = activity(plan, goal, other_unit)
        client.force_login(own_admin)
        assert client.get(follow_up_url(theirs.pk)).status_code == 404
        assert self.post(client, theirs.pk, version=1, comment="Gissad").status_code == 404
        theirs.refresh_from_db()
        assert (theirs.progress_comment, theirs.version) == ("", 1)

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.PLANNER, Role.FINANCE, Role.SYSADMIN])
    def test_other_roles_are_refused(self, client, users_by_role, role, plan, goal, department):
        followed = activity(plan, goal, department)
        users_by_role[role].units.add(department)
        client.force_login(users_by_role[role])
        assert client.get(follow_up_url(followed.pk)).status_code == 403
        assert self.post(client, followed.pk, version=1).status_code == 403

    def test_done_without_a_date_is_refused_on_the_field(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = self.post(client, followed.pk, version=1, status="klar", headers=HTMX)
        assert response.status_code == 200
        with translation.override("sv"):
            assertContains(response, gettext("A finished activity needs the date it was completed."))
        assertContains(response, f'id="uppfoljning-{followed.pk}-completed_on_error"')
        followed.refresh_from_db()
        assert followed.status == "ej_paborjad"

    def test_a_foreign_next_is_not_followed(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        response = self.post(client, followed.pk, version=1, next="https://evil.example/")
        assertRedirects(response, LIST, fetch_redirect_response=False)

    def test_a_concurrent_save_is_refused_and_nothing_is_lost(self, own_admin, department, plan, goal):
        followed = activity(plan, goal, department, progress_comment="Planerad")
        colleague = UserFactory(username="kollega", first_name="Karl", role=Role.ADMINISTRATOR)
        colleague.units.add(department)
        first, second = Client(), Client()
        first.force_login(colleague)
        second.force_login(own_admin)
        opened = [
            int(VERSION.search(c.get(follow_up_url(followed.pk)).content.decode())[1])
            for c in (first, second)
        ]
        assert opened == [1, 1]

        assert (
            self.post(first, followed.pk, version=1, status="pagar", comment="Karls kommentar").status_code
            == 302
        )

        mine = {"status": "klar", "comment": "Helenas kommentar", "completed_on": "2026-11-20"}
        refused = self.post(second, followed.pk, version=1, **mine)
        assert refused.status_code == 200
        page = refused.content.decode()
        with translation.override("sv"):
            assert gettext("Somebody else saved this while you were editing.") in page
            assert str(Activity.Status.IN_PROGRESS.label) in page  # saved
            assert str(Activity.Status.DONE.label) in page  # yours
        assert "Karls kommentar" in page
        assert "Karl" in page  # who saved
        # What the user typed is still in the form, now against the saved version.
        assert "Helenas kommentar</textarea>" in page
        assert 'value="2026-11-20"' in page
        assert VERSION.search(page)[1] == "2"
        followed.refresh_from_db()
        assert (followed.status, followed.progress_comment, followed.version) == (
            "pagar",
            "Karls kommentar",
            2,
        )

        assert self.post(second, followed.pk, version=2, **mine).status_code == 302
        followed.refresh_from_db()
        assert (followed.status, followed.progress_comment, followed.completed_on, followed.version) == (
            "klar",
            "Helenas kommentar",
            datetime.date(2026, 11, 20),
            3,
        )
        assert followed.history.first().history_user == own_admin

    def test_htmx_conflict_keeps_the_form_in_the_row(self, client, own_admin, plan, goal, department):
        followed = activity(plan, goal, department)
        client.force_login(own_admin)
        assert self.post(client, followed.pk, version=1, comment="Först").status_code == 302
        response = self.post(client, followed.pk, version=1, comment="Sedan", headers=HTMX)
        assert response.status_code == 200
        assertContains(response, f'<tr id="aktivitet-{followed.pk}"')
        assertContains(response, 'role="alert"')
        assertContains(response, 'name="version" value="2"')


@pytest.mark.django_db
class TestExport:
    def workbook(self, response):
        return load_workbook(io.BytesIO(response.content))

    def test_swedish_headers_real_dates_and_the_filter(self, client, politician, plan, goal, department):
        done = activity(
            plan,
            goal,
            department,
            title='=HYPERLINK("http://evil")',
            status="klar",
            planned_end=datetime.date(2026, 6, 30),
            completed_on=datetime.date(2026, 7, 10),
            progress_comment="Klart men sent.",
        )
        activity(plan, goal, department, status="pagar")
        client.force_login(politician)
        response = client.get(EXPORT, {"status": "klar"})
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-2026.xlsx"'
        sheet = self.workbook(response).active
        rows = list(sheet.iter_rows(values_only=True))
        with translation.override("sv"):
            headers = [
                gettext(h)
                for h in [
                    "Title",
                    "Kind",
                    "KS goal",
                    "Responsible unit",
                    "Responsible person",
                    "Start",
                    "Planned end",
                    "Status",
                    "Completed on",
                    "Late",
                    "Days late",
                    "Plan or unit activity",
                    "Progress comment",
                ]
            ]
            assert list(rows[0]) == headers
            assert "KS-mål" in headers
            assert rows[1][7] == str(Activity.Status.DONE.label)
            assert rows[1][9] == gettext("Yes")
        assert len(rows) == 2  # the header and the one done activity
        assert rows[1][0] == done.title  # text, not a formula
        assert sheet["A2"].data_type == "s"
        assert isinstance(rows[1][6], datetime.datetime)  # a real date cell, not text
        assert rows[1][6].date() == datetime.date(2026, 6, 30)
        assert sheet["G2"].number_format == "yyyy-mm-dd"
        assert rows[1][8].date() == datetime.date(2026, 7, 10)
        assert rows[1][10] == 10
        assert sheet["K2"].data_type == "n"
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.auto_filter.ref == "A1:M2"
        assert sheet.column_dimensions["A"].width > 20

    def test_all_years_and_the_sort_order(self, client, politician, plan, goal, department):
        b = activity(plan, goal, department, title="Bära")
        a = activity(plan, goal, department, title="Åka")
        client.force_login(politician)
        response = client.get(EXPORT, {"ar": "", "sort": "-titel"})
        assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-2026-11-26.xlsx"'
        titles = [row[0] for row in self.workbook(response).active.iter_rows(min_row=2, values_only=True)]
        assert titles == [a.title, b.title]

    def test_only_what_the_user_may_see(self, client, politician, department):
        draft = PlanFactory(year=2026, status=AdoptionStatus.DRAFT)
        activity(draft, AnnualGoalFactory(year=2026, body=body_named("KS")), department)
        client.force_login(politician)
        sheet = self.workbook(client.get(EXPORT, {"ar": ""})).active
        assert sheet.max_row == 1

    def test_queries_do_not_grow_with_activities(
        self, client, finance, plan, goal, department, django_assert_num_queries
    ):
        activity(plan, goal, department)
        client.force_login(finance)
        # session, user, roles, plan years, KS goals, units (filters), the activities with goal and unit
        with django_assert_num_queries(7):
            assert client.get(EXPORT).status_code == 200
        for _ in range(40):
            activity(plan, goal, OrgUnitFactory())
        with django_assert_num_queries(7):
            client.get(EXPORT)

    def test_at_two_sizes_the_same_queries_and_every_row_reads_back(
        self, client, finance, plan, goal, department, django_assert_num_queries
    ):
        """The export streams its rows (issue 18): more activities, the same seven queries, and each
        activity still comes back as its own row, sorted, with real dates and the late days."""
        client.force_login(finance)
        for size in (3, 60):
            for n in range(size - Activity.objects.count()):
                activity(
                    plan,
                    goal,
                    OrgUnitFactory() if n % 2 else department,
                    title=f"Aktivitet {n:03}",
                    start=datetime.date(2026, 1, 1),
                    planned_end=datetime.date(2026, 1 + n % 12, 10),
                    progress_comment=f"Kommentar {n}\npå två rader",
                )
            # session, user, roles, plan years, KS goals, units (filters), the activities with goal and unit
            with django_assert_num_queries(7):
                response = client.get(EXPORT, {"ar": "", "sort": "titel"})
            sheet = self.workbook(response).active
            rows = list(sheet.iter_rows(min_row=2, values_only=True))
            expected = list(Activity.objects.order_by("title"))
            assert [row[0] for row in rows] == [a.title for a in expected]
            assert [row[6].date() for row in rows] == [a.planned_end for a in expected]
            assert [row[10] for row in rows] == [
                (TODAY - a.planned_end).days if a.is_late(TODAY) else None for a in expected
            ]
            assert rows[0][12] == expected[0].progress_comment
            assert sheet.auto_filter.ref == f"A1:M{size + 1}"
            assert sheet[f"G{size + 1}"].number_format == "yyyy-mm-dd"
            assert sheet[f"M{size + 1}"].alignment.wrap_text

    @pytest.mark.parametrize("text", ["=1+1", "+46 70 123", "-1+2", "@SUMMA(A1)", "\tindrag"])
    def test_a_formula_looking_title_and_comment_come_back_as_text(
        self, client, politician, plan, goal, department, text
    ):
        activity(plan, goal, department, title=f"{text} titel", progress_comment=f"{text} kommentar")
        client.force_login(politician)
        sheet = self.workbook(client.get(EXPORT, {"ar": ""})).active
        for cell in (sheet["A2"], sheet["M2"]):
            assert cell.data_type == "s"
            assert cell.quotePrefix
        assert sheet["A2"].value == f"{text} titel"
        assert sheet["M2"].value == f"{text} kommentar"
