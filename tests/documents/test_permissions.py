"""Who writes the register: planners register and edit documents; everybody else reads. Nobody
overwrites somebody else's change unseen."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from documents.models import GoverningDocument
from organisation.models import Role
from organisation.roles import ROLE_PERMISSIONS
from tests.documents.test_upload import form_data, upload
from tests.factories import GoverningDocumentFactory, minimal_pdf

CREATE = reverse("documents:create")


def edit_url(document: GoverningDocument) -> str:
    return reverse("documents:edit", args=[document.pk])


def edit_data(document: GoverningDocument, **overrides) -> dict:
    current = {
        "kind": document.kind_id,
        "title": document.title,
        "case_number": document.case_number,
        "adopting_body": document.adopting_body_id,
        "decided_on": document.decided_on.isoformat(),
        "responsible_unit": document.responsible_unit_id or "",
        "version": document.version,
    }
    return form_data(**{**current, **overrides})


@pytest.mark.django_db
class TestWriteDenied:
    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN])
    def test_only_planners_register_documents(self, client, writers_denied, role):
        client.force_login(writers_denied[role])
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {**form_data(), "pdf": upload(minimal_pdf())}).status_code == 403
        assert not GoverningDocument.objects.exists()

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN])
    def test_only_planners_edit_documents(self, client, writers_denied, role):
        document = GoverningDocumentFactory(title="Finanspolicy")
        client.force_login(writers_denied[role])
        assert client.get(edit_url(document)).status_code == 403
        assert client.post(edit_url(document), edit_data(document, title="Ändrad")).status_code == 403
        document.refresh_from_db()
        assert document.title == "Finanspolicy"

    def test_readers_see_no_edit_links(self, client, politician):
        document = GoverningDocumentFactory()
        client.force_login(politician)
        assertNotContains(client.get(reverse("documents:list")), CREATE)
        assertNotContains(client.get(document.get_absolute_url()), edit_url(document))

    def test_anonymous_users_are_sent_to_sign_in(self, client, db):
        document = GoverningDocumentFactory()
        for url in (reverse("documents:list"), document.get_absolute_url(), CREATE, edit_url(document)):
            response = client.get(url)
            assert response.status_code == 302
            assert reverse("login") in response["Location"]
        assert client.post(CREATE, form_data()).status_code == 302
        assert GoverningDocument.objects.count() == 1

    def test_unknown_ids_give_404(self, client, planner):
        client.force_login(planner)
        assert client.get(reverse("documents:edit", args=[424242])).status_code == 404
        assert client.post(reverse("documents:edit", args=[424242]), form_data()).status_code == 404

    def test_entries_of_adopted_plans_are_kept_by_the_adoption_not_edited(self, client, planner):
        document = GoverningDocumentFactory(source_key="planning.operationalplan:1", source_url="/x/")
        client.force_login(planner)
        assert client.get(edit_url(document)).status_code == 404

    def test_role_permissions(self):
        for role, perms in ROLE_PERMISSIONS.items():
            assert "documents.view_governingdocument" in perms
            assert "documents.view_documentkind" in perms
            assert not any(p.startswith("organisation.delete_") for p in perms)
            assert ("documents.change_governingdocument" in perms) == (role == Role.PLANNER)
            assert ("documents.change_documentkind" in perms) == (role == Role.SYSADMIN)

    def test_the_groups_hold_the_permissions_after_migrate(self, db):
        planner = Group.objects.get(name=Role.PLANNER)
        codenames = set(planner.permissions.values_list("codename", flat=True))
        assert {"add_governingdocument", "change_governingdocument"} <= codenames
        sysadmin = Group.objects.get(name=Role.SYSADMIN)
        assert "change_documentkind" in set(sysadmin.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
class TestEdit:
    def test_a_planner_edits_and_the_history_shows_it(self, client, planner):
        document = GoverningDocumentFactory(title="Finanspolicy")
        client.force_login(planner)
        response = client.post(edit_url(document), edit_data(document, title="Finanspolicy för Ånge kommun"))
        assertRedirects(response, document.get_absolute_url(), fetch_redirect_response=False)
        document.refresh_from_db()
        assert (document.title, document.version) == ("Finanspolicy för Ånge kommun", 2)
        page = client.get(document.get_absolute_url())
        assertContains(page, "Finanspolicy för Ånge kommun")
        assertContains(page, 'id="history-heading"')
        assertContains(page, "<del>Finanspolicy</del>", html=False)

    def test_a_new_pdf_replaces_the_file_and_the_old_one_is_kept(self, client, planner):
        document = GoverningDocumentFactory()
        old_name = document.file.name
        client.force_login(planner)
        client.post(
            edit_url(document), {**edit_data(document), "pdf": upload(minimal_pdf("Ny"), name="ny.pdf")}
        )
        document.refresh_from_db()
        assert document.file.name != old_name
        assert document.file_name == "ny.pdf"
        assert document.file.storage.exists(old_name)

    def test_an_edit_never_overwrites_a_change_made_meanwhile(self, client, planner):
        document = GoverningDocumentFactory(title="Finanspolicy")
        stale = edit_data(document, title="Mitt förslag")
        client.force_login(planner)
        client.post(edit_url(document), edit_data(document, title="Någon annans ändring"))
        response = client.post(edit_url(document), stale)
        assert response.status_code == 200
        document.refresh_from_db()
        assert document.title == "Någon annans ändring"
        with translation.override("sv"):
            assertContains(response, gettext("Somebody else saved this while you were editing."))
        assertContains(response, "Någon annans ändring")
        assertContains(response, 'value="Mitt förslag"')
        version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
        # Having seen the other change, a second save goes through.
        client.post(edit_url(document), {**stale, "version": version})
        document.refresh_from_db()
        assert document.title == "Mitt förslag"

    def test_a_replaced_document_names_its_successor_and_stays_readable(self, client, planner, politician):
        new = GoverningDocumentFactory(title="Kommunikationspolicy")
        old = GoverningDocumentFactory(title="Kommunikationspolicy (2017)")
        client.force_login(planner)
        client.post(
            edit_url(old), edit_data(old, status=GoverningDocument.Status.REPLACED, replaced_by=new.pk)
        )
        old.refresh_from_db()
        assert (old.status, old.replaced_by) == (GoverningDocument.Status.REPLACED, new)
        client.force_login(politician)
        page = client.get(old.get_absolute_url())
        assertContains(page, f'href="{new.get_absolute_url()}"')
        assertContains(page, f'href="{old.get_file_url()}"')
        assertContains(client.get(new.get_absolute_url()), f'href="{old.get_absolute_url()}"')

    def test_only_a_replaced_document_names_a_successor(self, client, planner):
        new = GoverningDocumentFactory()
        old = GoverningDocumentFactory(title="Gammal")
        client.force_login(planner)
        response = client.post(edit_url(old), edit_data(old, replaced_by=new.pk))
        assert response.status_code == 200
        old.refresh_from_db()
        assert old.replaced_by is None
