"""No silent lost updates beyond goals and planning: the control plan, the register of governing
documents, the budget's sections, KS's distribution of its frame and the annual wheel's steps.

Each scenario as in test_stale_edits.py: two people open the same form and read the version it carries
(a hidden field, named as each form names it); A saves (302); B saves from the stale form and gets the
page back (200) with the shared conflict component, A's saved value beside B's, B's input still in the
form against the version now saved; the database keeps A's value; B saving again replaces it.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from budget import services as budget_services
from budget.models import BudgetFrame, BudgetVersion, FrameDistribution
from calendar_wheel.models import WheelEvent
from documents.models import GoverningDocument
from followup.models import Frequency
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from tests.documents.test_permissions import edit_data as document_data
from tests.factories import (
    ControlFactory,
    GoverningDocumentFactory,
    OrgUnitFactory,
    PlanFactory,
    UserFactory,
    WheelEventFactory,
    adopted_budget,
    body_named,
)
from tests.test_stale_edits import CONFLICT, text

NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)


@pytest.fixture(autouse=True)
def _early_march_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def pair(role: str) -> tuple:
    karin = UserFactory(username="karin", first_name="Karin", role=role)
    bertil = UserFactory(username="bertil", first_name="Bertil", role=role)
    return karin, bertil


def hidden(page: str, key: str) -> str:
    """The value the form carries in its hidden field `key` (empty when it has none)."""
    found = re.search(rf'<input type="hidden" name="{re.escape(key)}"(?: value="([^"]*)")?', page)
    assert found, f"no hidden {key} in the form"
    return found[1] or ""


def conflict_table(page: str) -> str:
    assert 'edit-conflict"' in page, "the conflict component is not shown"
    return page.split('edit-conflict"')[1].split("</div>")[0]


def stale_save(*, karin, bertil, url: str, key: str, data: dict, theirs: dict, mine: dict) -> str:
    """Both open the form; Karin saves `theirs`, Bertil saves `mine` from the stale form.

    Returns Bertil's refused page; asserts the status, the message, who saved and the version now saved.
    """
    first, second = Client(), Client()
    first.force_login(karin)
    second.force_login(bertil)
    read = [hidden(text(c.get(url)), key) for c in (first, second)]
    assert read[0] == read[1]

    assert first.post(url, data | theirs | {key: read[0]}).status_code == 302
    now_saved = hidden(text(first.get(url)), key)
    assert now_saved != read[0]

    refused = second.post(url, data | mine | {key: read[1]})
    assert refused.status_code == 200
    page = text(refused)
    with translation.override("sv"):
        assert gettext(CONFLICT) in page
    assert "Karin" in conflict_table(page)  # who saved meanwhile
    assert hidden(page, key) == now_saved  # saving again is a deliberate choice
    return page


def save_again(*, user, url: str, key: str, data: dict, mine: dict, page: str) -> None:
    """After the refusal, saving the kept input against the version now saved goes through."""
    again = Client()
    again.force_login(user)
    assert again.post(url, data | mine | {key: hidden(page, key)}).status_code == 302


# followup: a control of the internal control plan


@pytest.mark.django_db
class TestControlEdit:
    def data(self, control) -> dict:
        return {
            "process": control.process,
            "risk": control.risk,
            "probability": "2",
            "consequence": "3",
            "control_method": control.control_method,
            "responsible_unit": control.responsible_unit_id,
            "responsible_person": control.responsible_person,
            "frequency": Frequency.HALF_YEARLY,
        }

    def test_a_stale_save_is_refused_and_shows_both_values(self):
        karin, bertil = pair(Role.PLANNER)
        control = ControlFactory(control_method="Stickprov på tio fakturor.")
        url = control.get_absolute_url()
        mine = {"control_method": "Bertils metod", "probability": "4"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            key="version",
            data=self.data(control),
            theirs={"control_method": "Karins metod"},
            mine=mine,
        )
        table = conflict_table(page)
        assert "Karins metod" in table
        assert "Bertils metod" in table
        assert "Bertils metod</textarea>" in page  # still in the form
        control.refresh_from_db()
        assert (control.control_method, control.probability, control.version) == ("Karins metod", 2, 2)

        save_again(user=bertil, url=url, key="version", data=self.data(control), mine=mine, page=page)
        control.refresh_from_db()
        assert (control.control_method, control.probability, control.version) == ("Bertils metod", 4, 3)


# organisation: the register of governing documents


@pytest.mark.django_db
class TestDocumentEdit:
    def test_a_stale_save_is_refused_and_shows_both_values(self):
        karin, bertil = pair(Role.PLANNER)
        document = GoverningDocumentFactory(title="Finanspolicy")
        url = reverse("documents:edit", args=[document.pk])
        data = document_data(document)
        data.pop("version")
        mine = {"title": "Bertils finanspolicy", "case_number": "KS 25/99"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=url,
            key="version",
            data=data,
            theirs={"title": "Karins finanspolicy"},
            mine=mine,
        )
        table = conflict_table(page)
        assert "Karins finanspolicy" in table
        assert "Bertils finanspolicy" in table
        assert document.case_number in table
        assert "KS 25/99" in table
        assert 'value="Bertils finanspolicy"' in page
        document.refresh_from_db()
        assert (document.title, document.version) == ("Karins finanspolicy", 2)

        save_again(user=bertil, url=url, key="version", data=data, mine=mine, page=page)
        document = GoverningDocument.objects.get(pk=document.pk)
        assert (document.title, document.case_number, document.version) == (
            "Bertils finanspolicy",
            "KS 25/99",
            3,
        )

    def test_a_new_pdf_must_be_chosen_again(self, client):
        """A browser cannot keep a chosen file in the form: the refusal says so next to the field."""
        from tests.documents.test_upload import upload
        from tests.factories import minimal_pdf

        planner = UserFactory(role=Role.PLANNER)
        document = GoverningDocumentFactory(title="Finanspolicy")
        client.force_login(planner)
        url = reverse("documents:edit", args=[document.pk])
        stale = document_data(document, title="Mitt förslag")
        assert client.post(url, document_data(document, title="Någon annans")).status_code == 302
        response = client.post(url, {**stale, "pdf": upload(minimal_pdf("Ny"), name="ny.pdf")})
        assert response.status_code == 200
        again = "Choose the PDF again: a browser cannot keep a file in the form."
        with translation.override("sv"):
            assert gettext(again) in text(response)
        document.refresh_from_db()
        assert (document.title, document.file_name) == ("Någon annans", "policy.pdf")


# planning: the budget's sections (the version's revision is the version the forms carry)


@pytest.fixture
def draft_2027(db) -> BudgetVersion:
    body_named("KF")
    body_named("KS")
    return budget_services.budget_create(year=2027, actor=UserFactory(role=Role.FINANCE))


def section_url(section: str) -> str:
    return reverse("budget:version_edit", args=[2027, 1, section])


@pytest.mark.django_db
class TestBudgetSections:
    def test_frames(self, draft_2027):
        karin, bertil = pair(Role.FINANCE)
        ks = body_named("KS")
        key = f"body_{ks.pk}"
        mine = {key: "712 400,5"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=section_url("ramar"),
            key="revision",
            data={},
            theirs={key: "700 000"},
            mine=mine,
        )
        table = conflict_table(page)
        assert ks.name in table
        assert "700\xa0000,0\xa0tkr" in table  # saved
        assert "712\xa0400,5\xa0tkr" in table  # yours
        assert 'value="712 400,5"' in page
        assert BudgetFrame.objects.get(version=draft_2027).amount == 700 * MKR

        save_again(user=bertil, url=section_url("ramar"), key="revision", data={}, mine=mine, page=page)
        assert BudgetFrame.objects.get(version=draft_2027).amount == Decimal("712400500")

    def test_economic_plan(self, draft_2027):
        karin, bertil = pair(Role.FINANCE)
        mine = {"skatteintakter_2027": "612 000"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=section_url("ekonomisk-plan"),
            key="revision",
            data={},
            theirs={"skatteintakter_2027": "610 000"},
            mine=mine,
        )
        table = conflict_table(page)
        assert "2027" in table
        assert "610\xa0000,0\xa0tkr" in table
        assert "612\xa0000,0\xa0tkr" in table
        assert draft_2027.plan_lines.get().amount == 610 * MKR

        save_again(
            user=bertil, url=section_url("ekonomisk-plan"), key="revision", data={}, mine=mine, page=page
        )
        assert draft_2027.plan_lines.get().amount == 612 * MKR

    def test_investments(self, draft_2027):
        karin, bertil = pair(Role.FINANCE)
        data = {"name_0": "Ny förskola"}
        mine = {"amount_0_2028": "15"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=section_url("investeringar"),
            key="revision",
            data=data,
            theirs={"amount_0_2028": "12,5"},
            mine=mine,
        )
        table = conflict_table(page)
        assert "Ny förskola" in table
        assert "2028" in table
        assert "12,5\xa0tkr" in table
        assert "15,0\xa0tkr" in table
        assert 'value="15"' in page
        project = draft_2027.investment_plan.projects.get()
        assert project.amounts.get().amount == 12500

        save_again(
            user=bertil, url=section_url("investeringar"), key="revision", data=data, mine=mine, page=page
        )
        assert project.amounts.get().amount == 15000

    def test_goals(self, draft_2027):
        karin, bertil = pair(Role.FINANCE)
        data = {"geh_code_0": "GEH-1"}
        mine = {"geh_title_0": "Bertils balans"}
        page = stale_save(
            karin=karin,
            bertil=bertil,
            url=section_url("mal"),
            key="revision",
            data=data,
            theirs={"geh_title_0": "Karins balans"},
            mine=mine,
        )
        table = conflict_table(page)
        assert "GEH-1" in table
        assert "Karins balans" in table
        assert "Bertils balans" in table
        assert 'value="Bertils balans"' in page
        assert draft_2027.geh_goals.get().title == "Karins balans"

        save_again(user=bertil, url=section_url("mal"), key="revision", data=data, mine=mine, page=page)
        assert draft_2027.geh_goals.get().title == "Bertils balans"

    def test_a_stale_proposal_is_refused_with_a_message(self, client, draft_2027):
        """The propose button carries the revision too; a stale one is refused, not a server error."""
        finance = UserFactory(role=Role.FINANCE)
        client.force_login(finance)
        url = draft_2027.get_absolute_url()
        response = client.post(url, {"action": "propose", "revision": draft_2027.revision + 1}, follow=True)
        assert response.status_code == 200
        with translation.override("sv"):
            assert gettext(CONFLICT) in text(response)
        draft_2027.refresh_from_db()
        assert draft_2027.status == AdoptionStatus.DRAFT


# planning: KS's frame over its activity areas (the distribution as read is the version)


@pytest.mark.django_db
def test_a_stale_distribution_is_refused_and_shows_both_values():
    karin, bertil = pair(Role.FINANCE)
    adopted_budget(2026, ks_frame=Decimal(500_000_000))
    PlanFactory(year=2026, status="forslag")
    school = OrgUnitFactory(name="Barn- och utbildning", kind=OrgUnit.Kind.DEPARTMENT)
    url = reverse("budget:distribution", args=[2026])
    key = f"unit_{school.pk}"
    mine = {key: "400 000"}
    page = stale_save(
        karin=karin, bertil=bertil, url=url, key="read", data={}, theirs={key: "450 000"}, mine=mine
    )
    table = conflict_table(page)
    assert "Barn- och utbildning" in table
    assert "450\xa0000,0\xa0tkr" in table
    assert "400\xa0000,0\xa0tkr" in table
    assert 'value="400 000"' in page
    assert FrameDistribution.objects.get().amount == 450 * MKR

    save_again(user=bertil, url=url, key="read", data={}, mine=mine, page=page)
    assert FrameDistribution.objects.get().amount == 400 * MKR


# calendar_wheel: a step of the annual wheel (its latest history record is the version)


@pytest.mark.django_db
def test_a_stale_step_is_refused_and_shows_both_values():
    from tests.calendar_wheel.test_event_editing import form_data

    karin, bertil = pair(Role.PLANNER)
    event = WheelEventFactory(title="KS antar planen")
    url = reverse("calendar_wheel:event_edit", args=[event.pk])
    data = form_data(event)
    data.pop("seen")
    mine = {"title": "Bertils steg", "month": 10}
    page = stale_save(
        karin=karin, bertil=bertil, url=url, key="seen", data=data, theirs={"title": "Karins steg"}, mine=mine
    )
    table = conflict_table(page)
    assert "Karins steg" in table
    assert "Bertils steg" in table
    assert 'value="Bertils steg"' in page
    event.refresh_from_db()
    assert (event.title, event.month) == ("Karins steg", 11)

    save_again(user=bertil, url=url, key="seen", data=data, mine=mine, page=page)
    event = WheelEvent.objects.get(pk=event.pk)
    assert (event.title, event.month) == ("Bertils steg", 10)
