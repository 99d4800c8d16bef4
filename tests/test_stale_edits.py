"""No silent lost updates: every edit form of a shared object refuses a stale save and shows both values.

Each scenario: two planners open the same form and read its hidden version; A saves (302); B saves
from the stale form and gets the page back (200) with A's saved value beside B's, B's input still in
the form and the version now saved; the database keeps A's value; B saving again replaces it.
"""

import datetime
import html
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from budget.models import FrameDistribution
from goals.models import AnnualGoal, Indicator, MandateGoalVersion, Vision
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from planning.models import Activity, OperationalPlan
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    FocusAreaFactory,
    IndicatorFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    VisionFactory,
    adopted_budget,
    body_named,
    kf_decision,
)

NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
CONFLICT = "Somebody else saved this while you were editing."


@pytest.fixture(autouse=True)
def _early_march_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def karin(db):
    return UserFactory(username="karin", first_name="Karin", role=Role.PLANNER)


@pytest.fixture
def bertil(db):
    return UserFactory(username="bertil", first_name="Bertil", role=Role.PLANNER)


def version_in(page: str, prefix: str = "") -> int:
    name = f"{prefix}-version" if prefix else "version"
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', page)
    assert found, f"no hidden {name} in the form"
    return int(found[1])


def text(response) -> str:
    return html.unescape(response.content.decode())


def stale_save(
    *, karin, bertil, url: str, data: dict, theirs: dict, mine: dict, prefix: str = "", page_url=None
) -> str:
    """Both open the form; Karin saves `theirs`, Bertil saves `mine` from the stale version.

    Returns Bertil's refused page; asserts the status, the message, both values and the new version.
    """
    first, second = Client(), Client()
    first.force_login(karin)
    second.force_login(bertil)
    key = f"{prefix}-version" if prefix else "version"
    opened = [version_in(c.get(page_url or url).content.decode(), prefix) for c in (first, second)]
    assert opened[0] == opened[1]
    read = opened[0]

    assert first.post(url, data | theirs | {key: read}).status_code == 302

    refused = second.post(url, data | mine | {key: read})
    assert refused.status_code == 200
    page = text(refused)
    with translation.override("sv"):
        assert gettext(CONFLICT) in page
    assert "Karin" in page  # who saved meanwhile
    assert version_in(page, prefix) == read + 1  # saving again is a deliberate choice
    return page


def save_again(*, user, url: str, data: dict, mine: dict, prefix: str = "", page: str) -> None:
    """After the refusal, saving the kept input against the version now saved goes through."""
    again = Client()
    again.force_login(user)
    key = f"{prefix}-version" if prefix else "version"
    assert again.post(url, data | mine | {key: version_in(page, prefix)}).status_code == 302


# planning


def make_plan() -> OperationalPlan:
    return PlanFactory(year=2026, mission="Uppdraget.", model_summary="Styrmodellen i korthet.")


def ks_goal(**kwargs) -> AnnualGoal:
    return AnnualGoalFactory(year=2026, body=body_named("KS"), **kwargs)


@pytest.mark.django_db
class TestActivityEdit:
    def data(self, activity: Activity) -> dict:
        return {
            "title": activity.title,
            "description": "",
            "kind": activity.kind,
            "annual_goal": activity.annual_goal_id,
            "responsible_unit": activity.responsible_unit_id,
            "responsible": "",
            "start": "2026-02-01",
            "planned_end": "2026-10-31",
        }

    def test_a_stale_save_is_refused_and_shows_both_values(self, karin, bertil):
        plan = make_plan()
        activity = ActivityFactory(plan=plan, annual_goal=ks_goal(), title="Gammal titel")
        url = activity.get_absolute_url()
        person = PersonFactory(name="Bertil B")
        mine = {"title": "Bertils titel", "responsible": person.pk}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            data=self.data(activity),
            theirs={"title": "Karins titel"},
            mine=mine,
        )
        assert "Karins titel" in page  # saved
        assert 'value="Bertils titel"' in page  # yours, still in the form
        assert f'<option value="{person.pk}" selected>Bertil B</option>' in page
        activity.refresh_from_db()
        assert (activity.title, activity.responsible, activity.version) == ("Karins titel", None, 2)

        save_again(user=bertil, url=url, data=self.data(activity), mine=mine, page=page)
        activity.refresh_from_db()
        assert (activity.title, activity.responsible, activity.version) == ("Bertils titel", person, 3)

    def test_a_follow_up_meanwhile_makes_the_content_form_stale(self, karin, bertil, administrator):
        """The follow-up raises the same version: the edit form cannot silently undo it either."""
        plan = make_plan()
        activity = ActivityFactory(plan=plan, annual_goal=ks_goal())
        client = Client()
        client.force_login(karin)
        read = version_in(client.get(activity.get_absolute_url()).content.decode())
        Activity.objects.filter(pk=activity.pk).update(version=read + 1)
        response = client.post(activity.get_absolute_url(), self.data(activity) | {"version": read})
        assert response.status_code == 200
        with translation.override("sv"):
            assert gettext(CONFLICT) in text(response)

    def test_htmx_gets_the_form_with_the_conflict(self, karin, bertil):
        plan = make_plan()
        activity = ActivityFactory(plan=plan, annual_goal=ks_goal(), title="Gammal titel")
        client = Client()
        client.force_login(karin)
        url = activity.get_absolute_url()
        assert client.post(url, self.data(activity) | {"title": "Först", "version": 1}).status_code == 302
        response = client.post(
            url, self.data(activity) | {"title": "Sedan", "version": 1}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        body = text(response).strip()
        assert body.startswith("<form")
        assert 'role="alert"' in body
        assert 'name="version" value="2"' in body
        assert "Först" in body
        assert 'value="Sedan"' in body


@pytest.mark.django_db
class TestPlanTexts:
    DATA = {"action": "texts", "texts-model_summary": "Styrmodellen i korthet.", "texts-budget_text": ""}

    def test_a_stale_save_is_refused_and_shows_both_values(self, karin, bertil):
        plan = make_plan()
        url = plan.get_absolute_url()
        mine = {"texts-mission": "Bertils uppdrag"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            prefix="texts",
            data=self.DATA,
            theirs={"texts-mission": "Karins uppdrag"},
            mine=mine,
        )
        assert "Karins uppdrag" in page
        assert "Bertils uppdrag</textarea>" in page
        plan.refresh_from_db()
        assert plan.mission == "Karins uppdrag"

        save_again(user=bertil, url=url, data=self.DATA, mine=mine, prefix="texts", page=page)
        plan.refresh_from_db()
        assert plan.mission == "Bertils uppdrag"

    def test_every_change_to_the_plan_raises_its_version(self, karin):
        plan = make_plan()
        client = Client()
        client.force_login(karin)
        before = OperationalPlan.objects.get(pk=plan.pk).version
        assert client.post(plan.get_absolute_url(), {"action": "propose"}).status_code == 302
        assert OperationalPlan.objects.get(pk=plan.pk).version == before + 1


# goals


def draft_ks_goal() -> tuple[AnnualGoal, OrgUnit]:
    period = MandatePeriodFactory(election_year=2022, status=AdoptionStatus.ADOPTED, decision=kf_decision())
    kf_goal = MandateGoalFactory(period=period, version__valid_from=2024)
    department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
    goal = ks_goal(title="Gammalt KS-mål", mandate_goals=[kf_goal], departments=[department])
    return goal, department


@pytest.mark.django_db
class TestAnnualGoalEdit:
    def data(self, goal: AnnualGoal, department: OrgUnit) -> dict:
        return {
            "title": goal.title,
            "description": "",
            "position": goal.position,
            "criterion": "",
            "criterion_count": "",
            "criterion_text": "",
            "mandate_goals": [m.pk for m in goal.mandate_goals.all()],
            "departments": [department.pk],
        }

    def test_a_stale_save_is_refused_and_shows_both_values(self, karin, bertil):
        goal, department = draft_ks_goal()
        other = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, name="Samhällsbyggnad")
        url = reverse("goals:annual_goal_edit", args=[goal.pk])
        mine = {"title": "Bertils KS-mål", "departments": [department.pk, other.pk]}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            data=self.data(goal, department),
            theirs={"title": "Karins KS-mål"},
            mine=mine,
        )
        assert "Karins KS-mål" in page
        assert 'value="Bertils KS-mål"' in page
        conflict = page.split('edit-conflict"')[1].split("</table>")[0]
        assert "Samhällsbyggnad" in conflict  # the departments differ
        goal.refresh_from_db()
        assert goal.title == "Karins KS-mål"
        assert list(goal.departments.all()) == [department]

        save_again(user=bertil, url=url, data=self.data(goal, department), mine=mine, page=page)
        goal.refresh_from_db()
        assert goal.title == "Bertils KS-mål"
        assert set(goal.departments.all()) == {department, other}


@pytest.mark.django_db
class TestMandateGoalEdit:
    DATA = {"description": "", "criterion": "flertalet", "criterion_count": "", "criterion_text": ""}

    def test_a_stale_save_of_the_draft_is_refused_and_shows_both_values(self, karin, bertil):
        goal = MandateGoalFactory(
            period=MandatePeriodFactory(election_year=2026), version__title="Gammalt", position=1
        )
        url = reverse("goals:mandate_goal_edit", args=[goal.pk])
        mine = {"title": "Bertils KF-mål", "position": 7}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            data=self.DATA | {"position": goal.position},
            theirs={"title": "Karins KF-mål"},
            mine=mine,
        )
        assert "Karins KF-mål" in page
        assert 'value="Bertils KF-mål"' in page
        assert 'value="7"' in page
        draft = MandateGoalVersion.objects.get(goal=goal)
        assert draft.title == "Karins KF-mål"
        goal.refresh_from_db()
        assert goal.position != 7

        save_again(user=bertil, url=url, data=self.DATA, mine=mine, page=page)
        draft.refresh_from_db()
        goal.refresh_from_db()
        assert (draft.title, goal.position) == ("Bertils KF-mål", 7)


@pytest.mark.django_db
class TestVisionEdit:
    def test_a_stale_save_of_the_text_is_refused_and_shows_both_values(self, karin, bertil):
        vision = VisionFactory(text="Gammal vision")
        FocusAreaFactory(vision=vision)
        url = reverse("goals:vision_edit", args=[vision.pk])
        mine = {"text": "Bertils vision"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            data={"action": "text"},
            theirs={"text": "Karins vision"},
            mine=mine,
        )
        assert "Karins vision" in page
        assert "Bertils vision</textarea>" in page
        vision.refresh_from_db()
        assert vision.text == "Karins vision"

        save_again(user=bertil, url=url, data={"action": "text"}, mine=mine, page=page)
        vision.refresh_from_db()
        assert vision.text == "Bertils vision"


@pytest.mark.django_db
class TestIndicatorEdit:
    def test_a_stale_save_is_refused_and_shows_both_values(self, karin, bertil):
        indicator = IndicatorFactory(title="Nöjdhet", unit="procent", higher_is_better=True)
        url = reverse("goals:indicator", args=[indicator.pk])
        data = {"action": "edit", "title": "Nöjdhet", "description": ""}
        mine = {"unit": "andel", "higher_is_better": ""}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            data=data,
            theirs={"unit": "kronor", "higher_is_better": "on"},
            mine=mine,
        )
        assert "kronor" in page
        assert 'value="andel"' in page
        indicator.refresh_from_db()
        assert (indicator.unit, indicator.higher_is_better) == ("kronor", True)

        save_again(user=bertil, url=url, data=data, mine=mine, page=page)
        indicator.refresh_from_db()
        assert (indicator.unit, indicator.higher_is_better) == ("andel", False)


# KS's distribution of its frame carries the amounts as read (both values: test_stale_edits_other_apps.py)


@pytest.mark.django_db
def test_a_stale_distribution_is_refused_and_keeps_the_input(finance):
    """The distribution refuses a stale save and keeps the input."""
    adopted_budget(2026, ks_frame=Decimal(500_000_000))
    PlanFactory(year=2026, status="forslag")
    school = OrgUnitFactory(name="Barn- och utbildning", kind=OrgUnit.Kind.DEPARTMENT)
    url = reverse("budget:distribution", args=[2026])
    first, second = Client(), Client()
    first.force_login(finance)
    second.force_login(UserFactory(username="ekonom2", role=Role.FINANCE))
    pages = [c.get(url).content.decode() for c in (first, second)]
    read = [re.search(r'name="read"(?: value="([^"]*)")?', page)[1] or "" for page in pages]
    assert first.post(url, {"read": read[0], f"unit_{school.pk}": "450 000"}).status_code == 302
    refused = second.post(url, {"read": read[1], f"unit_{school.pk}": "400 000"})
    assert refused.status_code == 200
    assert 'value="400 000"' in text(refused)
    assert FrameDistribution.objects.get().amount == Decimal(450_000_000)


# The shared helper: the row lock


@pytest.mark.django_db(transaction=True)
class TestRowLock:
    def test_two_concurrent_saves_of_the_same_version_cannot_both_pass(self):
        """Two threads save the same read version at once: exactly one succeeds, the other conflicts."""
        if connection.vendor != "postgresql":
            pytest.skip("SQLite has no row locks; run with DATABASE_URL=postgres://… to test them")
        from styrmodell.concurrency import EditConflict, locked_for_edit

        indicator = IndicatorFactory(title="Före", unit="")
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def save(unit: str) -> None:
            from django.db import connections, transaction

            try:
                barrier.wait(timeout=10)
                with transaction.atomic():
                    current = locked_for_edit(
                        Indicator.objects.all(), pk=indicator.pk, expected_version=1, mine={"unit": unit}
                    )
                    current.unit = unit
                    current.version += 1
                    current.save()
                outcomes.append("saved")
            except EditConflict:
                outcomes.append("conflict")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(unit,)) for unit in ("procent", "kronor")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["conflict", "saved"]
        indicator.refresh_from_db()
        assert indicator.version == 2
        assert indicator.unit in {"procent", "kronor"}


@pytest.mark.django_db
def test_an_edit_without_the_version_it_was_read_at_saves_nothing(planner):
    """A post that leaves out the version is refused too: there is no way around the check."""
    vision = VisionFactory(text="Orörd")
    client = Client()
    client.force_login(planner)
    response = client.post(reverse("goals:vision_edit", args=[vision.pk]), {"action": "text", "text": "Ny"})
    assert response.status_code == 200
    assert Vision.objects.get(pk=vision.pk).text == "Orörd"
