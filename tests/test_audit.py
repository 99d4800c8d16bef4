"""The audit trail: who changed what and when, shown in Swedish; the third-party parts work on Django 6.1."""

import datetime

import django
import pytest
from django.urls import reverse

from organisation import services
from organisation.models import OrgUnit
from tests.factories import OrgUnitFactory


@pytest.mark.django_db
class TestAuditTrail:
    def test_service_records_who_changed_what(self, sysadmin):
        unit = OrgUnitFactory(name="Integrationsenheten")
        services.orgunit_close(unit=unit, on=datetime.date(2024, 12, 31), actor=sysadmin)
        latest = unit.history.latest()
        assert latest.history_user == sysadmin
        assert latest.history_type == "~"
        assert latest.valid_to == datetime.date(2024, 12, 31)

    def test_unit_page_shows_history_in_swedish(self, client, politician, sysadmin):
        parent = OrgUnitFactory(name="Socialavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        unit = OrgUnitFactory(name="Integrationsenheten", parent=parent)
        services.orgunit_close(unit=unit, on=datetime.date(2024, 12, 31), actor=sysadmin)
        client.force_login(politician)
        html = client.get(reverse("organisation:unit", args=[unit.pk])).content.decode()
        assert "Historik" in html
        assert "Ändrad" in html
        assert "av Adam" in html
        assert "Gäller till" in html or "gäller till" in html.lower()
        assert "2024-12-31" in html
        assert "Skapad" in html

    def test_history_queries_do_not_grow_with_changes(
        self, client, politician, sysadmin, django_assert_num_queries
    ):
        unit = OrgUnitFactory()
        client.force_login(politician)
        url = reverse("organisation:unit", args=[unit.pk])
        client.get(url)
        # session, user, unit with its parent, the user's roles, the unit's activities with their
        # plans and goals, the KS goals it contributes to, municipality name (header), children,
        # bodies, history records with their users
        with django_assert_num_queries(10):
            client.get(url)
        for day in range(1, 20):
            services.orgunit_close(unit=unit, on=datetime.date(2030, 1, day), actor=sysadmin)
        with django_assert_num_queries(10):
            client.get(url)

    def test_users_are_deactivated_not_deleted(self, politician, sysadmin):
        services.user_deactivate(user=politician, actor=sysadmin)
        politician.refresh_from_db()
        assert politician.is_active is False
        assert politician.history.latest().history_user == sysadmin


class TestThirdPartyOnDjango61:
    """django-simple-history and django-axes declare support up to Django 6.0: prove they work on 6.1."""

    def test_running_on_django_6_1(self):
        assert django.VERSION[:2] == (6, 1)

    @pytest.mark.django_db
    def test_simple_history_records_create_change_and_diff(self, sysadmin):
        unit = OrgUnitFactory(name="Före")
        unit.name = "Efter"
        unit._history_user = sysadmin
        unit.save()
        new, old = unit.history.all()[:2]
        delta = new.diff_against(old)
        assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "Före", "Efter")]
        assert new.history_user == sysadmin

    @pytest.mark.django_db
    def test_axes_records_failures_and_locks(self, client, politician):
        from axes.models import AccessAttempt

        for _ in range(5):
            client.post(reverse("login"), {"username": "politiker", "password": "fel"})
        attempt = AccessAttempt.objects.get(username="politiker")
        assert attempt.failures_since_start == 5
