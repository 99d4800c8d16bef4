"""The mapping from the books to the follow-up (R25): the account classes and the object mappings,
read by everyone signed in and changed by finance, with their history."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from economy.mapping import account_classes_set, object_mapping_remove, object_mapping_save
from economy.models import AccountClass, Category, ObjectMapping
from organisation.models import Role
from styrmodell.concurrency import EditConflict, latest_record
from tests.factories import OrgUnitFactory, UserFactory

CLASSES = reverse("economy:account_classes")
OBJECTS = reverse("economy:objects")


def text(response) -> str:
    return html.unescape(response.content.decode())


def formset_data(rows: list[dict], *, version: int) -> dict:
    """The account classes' formset as posted: the rows, then the empty extra ones."""
    data = {
        "version": str(version),
        "klass-TOTAL_FORMS": str(len(rows)),
        "klass-INITIAL_FORMS": str(sum(1 for r in rows if r.get("pk"))),
        "klass-MIN_NUM_FORMS": "0",
        "klass-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name in ("pk", "prefix", "category", "note"):
            data[f"klass-{index}-{name}"] = str(row.get(name, "") or "")
        if row.get("delete"):
            data[f"klass-{index}-delete"] = "on"
    return data


def current_rows() -> list[dict]:
    return [
        {"pk": c.pk, "prefix": c.prefix, "category": c.category, "note": c.note}
        for c in AccountClass.objects.all()
    ]


@pytest.mark.django_db
class TestAccountClasses:
    def test_r25_the_kommun_bas_classes_are_there_and_everyone_reads_them(self, client, users_by_role):
        assert AccountClass.objects.get(prefix="3").category == Category.REVENUE
        for user in users_by_role.values():
            client.force_login(user)
            page = text(client.get(CLASSES))
            assert 'id="account-classes"' in page
            assert ('id="account-classes-form"' in page) == (user.has_role(Role.FINANCE))

    def test_finance_adds_changes_and_removes_rows_with_history(self, client, finance):
        client.force_login(finance)
        rows = current_rows()
        for row in rows:
            if row["prefix"] == "7":
                row["delete"] = True
            if row["prefix"] == "8":
                row["note"] = "Skatter och finansiella poster"
        rows.append({"prefix": "85", "category": Category.FINANCIAL, "note": "Finansiella intäkter"})
        response = client.post(CLASSES, formset_data(rows, version=latest_record(AccountClass)))
        assert response.status_code == 302
        assert not AccountClass.objects.filter(prefix="7").exists()
        assert AccountClass.objects.get(prefix="85").category == Category.FINANCIAL
        assert AccountClass.objects.get(prefix="8").note == "Skatter och finansiella poster"
        assert {h.history_user for h in AccountClass.history.all()} == {finance}
        assert {h.history_type for h in AccountClass.history.all()} == {"+", "~", "-"}
        page = text(client.get(CLASSES))
        assert "Finansiella intäkter" in page
        assert 'class="history"' in page

    def test_a_duplicate_prefix_and_non_digits_are_named_next_to_the_field(self, client, finance):
        client.force_login(finance)
        rows = [
            *current_rows(),
            {"prefix": "3", "category": Category.COSTS},
            {"prefix": "8a", "category": "ej"},
        ]
        response = client.post(CLASSES, formset_data(rows, version=latest_record(AccountClass)))
        assert response.status_code == 200
        page = text(response)
        assert 'id="id_klass-8-prefix_error"' in page
        assert 'id="id_klass-9-prefix_error"' in page
        assert AccountClass.objects.count() == 8
        assert not AccountClass.history.exists()

    def test_a_stale_table_is_refused(self, client, finance):
        client.force_login(finance)
        rows = current_rows()
        version = latest_record(AccountClass)
        account_classes_set(
            rows=[*rows, {"prefix": "9", "category": "ej"}], expected_version=version, actor=finance
        )
        response = client.post(
            CLASSES, formset_data([*rows, {"prefix": "99", "category": "ej"}], version=version)
        )
        assert response.status_code == 200
        assert not AccountClass.objects.filter(prefix="99").exists()

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.SYSADMIN])
    def test_other_roles_may_not_change_them(self, client, role):
        client.force_login(UserFactory(role=role))
        rows = [*current_rows(), {"prefix": "99", "category": "ej"}]
        assert client.post(CLASSES, formset_data(rows, version=0)).status_code == 403
        assert not AccountClass.objects.filter(prefix="99").exists()
        with pytest.raises(ValidationError):
            account_classes_set(rows=rows, expected_version=0, actor=UserFactory(role=role))

    def test_a_visitor_is_sent_to_sign_in(self, client):
        assert client.get(CLASSES).status_code == 302
        assert client.get(OBJECTS).status_code == 302


@pytest.mark.django_db
class TestObjectMappings:
    def test_finance_maps_an_object_to_a_unit_changes_and_removes_it(self, client, finance):
        unit = OrgUnitFactory(name="Kultur", cost_centre="620")
        other = OrgUnitFactory(name="Fritid", cost_centre="")
        client.force_login(finance)
        response = client.post(OBJECTS, {"dimension": "1", "code": "621", "unit": unit.pk, "project": ""})
        assert response.status_code == 302
        mapping = ObjectMapping.objects.get()
        assert (mapping.dimension, mapping.code, mapping.unit) == (1, "621", unit)
        response = client.post(
            OBJECTS + f"?andra={mapping.pk}",
            {
                "pk": mapping.pk,
                "dimension": "1",
                "code": "621",
                "unit": other.pk,
                "project": "",
                "version": latest_record(mapping),
            },
        )
        assert response.status_code == 302
        mapping.refresh_from_db()
        assert mapping.unit == other
        response = client.post(
            OBJECTS, {"action": "remove", "pk": mapping.pk, "version": latest_record(mapping)}
        )
        assert response.status_code == 302
        assert not ObjectMapping.objects.exists()
        assert [h.history_type for h in ObjectMapping.history.order_by("history_id")] == ["+", "~", "-"]
        page = text(client.get(OBJECTS))
        # The unit's own cost centre, for orientation.
        assert "620" in page
        assert "Kultur" in page
        assert 'class="history"' in page

    def test_a_project_mapping_and_the_errors_in_swedish(self, client, finance):
        client.force_login(finance)
        response = client.post(OBJECTS, {"dimension": "6", "code": "P12", "unit": "", "project": "Förskola"})
        assert response.status_code == 302
        response = client.post(OBJECTS, {"dimension": "6", "code": "P12", "unit": "", "project": "Annat"})
        assert response.status_code == 200
        assert 'id="objekt-code_error"' in text(response)  # the object is already mapped
        response = client.post(OBJECTS, {"dimension": "6", "code": "P13", "unit": "", "project": ""})
        assert response.status_code == 200
        assert 'id="objekt-unit_error"' in text(response)
        assert ObjectMapping.objects.count() == 1

    def test_a_stale_change_is_refused(self, finance):
        unit = OrgUnitFactory()
        mapping = object_mapping_save(
            mapping_id=None,
            dimension=1,
            code="1",
            unit=unit,
            project="",
            expected_version=None,
            actor=finance,
        )
        version = latest_record(mapping)
        object_mapping_save(
            mapping_id=mapping.pk,
            dimension=1,
            code="2",
            unit=unit,
            project="",
            expected_version=version,
            actor=finance,
        )
        with pytest.raises(EditConflict):
            object_mapping_remove(mapping_id=mapping.pk, expected_version=version, actor=finance)
        assert ObjectMapping.objects.filter(code="2").exists()

    def test_a_stale_change_shows_the_saved_values_beside_the_users(self, client, finance):
        unit = OrgUnitFactory(name="Kultur")
        other = OrgUnitFactory(name="Fritid")
        mapping = object_mapping_save(
            mapping_id=None,
            dimension=1,
            code="621",
            unit=unit,
            project="",
            expected_version=None,
            actor=finance,
        )
        read = latest_record(mapping)
        object_mapping_save(
            mapping_id=mapping.pk,
            dimension=1,
            code="622",
            unit=unit,
            project="",
            expected_version=read,
            actor=finance,
        )
        client.force_login(finance)
        data = {"pk": mapping.pk, "dimension": "1", "code": "623", "unit": other.pk, "project": ""}
        response = client.post(OBJECTS + f"?andra={mapping.pk}", data | {"version": read})
        assert response.status_code == 200
        page = text(response)
        conflict = page.split('edit-conflict"')[1].split("</table>")[0]
        for value in ("622", "623", "Kultur", "Fritid"):  # saved now, and the user's
            assert value in conflict
        mapping.refresh_from_db()
        assert (mapping.code, mapping.unit) == ("622", unit)
        # The form now carries the version saved: saving again replaces the other change.
        assert f'name="version" value="{latest_record(mapping)}"' in page
        response = client.post(OBJECTS + f"?andra={mapping.pk}", data | {"version": latest_record(mapping)})
        assert response.status_code == 302
        mapping.refresh_from_db()
        assert (mapping.code, mapping.unit) == ("623", other)

    def test_a_change_without_its_version_is_refused(self, client, finance):
        unit = OrgUnitFactory()
        mapping = ObjectMapping.objects.create(dimension=1, code="77", unit=unit)
        client.force_login(finance)
        data = {"pk": mapping.pk, "dimension": "1", "code": "78", "unit": unit.pk, "project": ""}
        assert client.post(OBJECTS + f"?andra={mapping.pk}", data).status_code == 200
        assert client.post(OBJECTS, {"action": "remove", "pk": mapping.pk}).status_code == 302
        assert ObjectMapping.objects.get().code == "77"

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.SYSADMIN])
    def test_other_roles_read_but_may_not_change(self, client, role):
        unit = OrgUnitFactory()
        mapping = ObjectMapping.objects.create(dimension=1, code="77", unit=unit)
        client.force_login(UserFactory(role=role))
        page = text(client.get(OBJECTS))
        assert "77" in page
        assert 'id="mapping-form"' not in page
        assert client.post(OBJECTS, {"dimension": "1", "code": "78", "unit": unit.pk}).status_code == 403
        assert client.post(OBJECTS, {"action": "remove", "pk": mapping.pk, "version": "0"}).status_code == 403
        assert ObjectMapping.objects.count() == 1

    def test_the_list_runs_a_constant_number_of_queries(self, client, finance, django_assert_num_queries):
        client.force_login(finance)
        for count in (3, 30):
            for _ in range(count):
                object_mapping_save(
                    mapping_id=None,
                    dimension=1,
                    code=f"x{ObjectMapping.objects.count()}",
                    unit=OrgUnitFactory(),
                    project="",
                    expected_version=None,
                    actor=finance,
                )
            # session, user, roles; the mappings with their units, their versions, the units' cost
            # centres, the history with its users; the base template's municipality
            with django_assert_num_queries(9):
                assert client.get(OBJECTS).status_code == 200
