"""The audit trail: who changed what and when, shown in Swedish; the third-party parts work on Django 6.1."""

import datetime
import re
from decimal import Decimal

import django
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from budget.models import BudgetVersion
from goals.models import Indicator
from organisation import services
from organisation.models import OrgUnit
from styrmodell.templatetags.audit import history_entries
from tests.factories import IndicatorFactory, OrgUnitFactory, body_named


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
        # session, user, unit with its parent, the user's roles, the units below it (one walk), the
        # activities with their plans, goals and units, the KS goals it contributes to, municipality
        # name (header), children, bodies, history records with their users
        with django_assert_num_queries(11):
            client.get(url)
        for day in range(1, 20):
            services.orgunit_close(unit=unit, on=datetime.date(2030, 1, day), actor=sysadmin)
        with django_assert_num_queries(11):
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


def history_section(response) -> str:
    """The page's history list, as HTML."""
    page = response.content.decode()
    return page[page.index('id="history-heading"') :]


@pytest.mark.django_db
class TestHistoryShowsWhatAPersonChanged:
    """Issue 11, point 11: no bookkeeping, no empty entries, a version's own history, one date format."""

    def budget_in_november(self, finance):
        from budget import services as budget_services
        from tests.factories import adopted_budget

        june = adopted_budget(2026)
        november = budget_services.version_recalculate(version=june, label="November 2025", actor=finance)
        return budget_services, june, november

    def test_the_optimistic_lock_counter_is_left_out(self, finance):
        budget_services, _june, november = self.budget_in_november(finance)
        budget_services.version_update(
            version=november, label="November", expected_revision=november.revision, actor=finance
        )
        entries = history_entries(november.history.all())
        changed = [str(change.field) for entry in entries for change in entry.changes]
        assert changed == [str(BudgetVersion._meta.get_field("label").verbose_name)]
        assert str(BudgetVersion._meta.get_field("revision").verbose_name) not in changed

    def test_a_change_of_bookkeeping_alone_is_no_entry(self, finance):
        budget_services, _june, november = self.budget_in_november(finance)
        # New frames change the version's row only in its lock counter: nothing to show in its history.
        budget_services.frames_set(
            version=november, amounts={body_named("KS"): Decimal(1)}, expected_revision=None, actor=finance
        )
        assert november.history.count() == 2
        assert [entry.kind for entry in history_entries(november.history.all())] == [gettext("Created")]

    def test_the_concurrency_version_and_fetch_time_are_left_out(self, planner):
        indicator = IndicatorFactory()
        indicator.version += 1
        indicator.metadata_fetched_at = timezone.now()
        indicator._history_user = planner
        indicator.save()
        indicator.title = "Ny titel"
        indicator.version += 1
        indicator.save()
        entries = history_entries(indicator.history.all())
        assert [entry.kind for entry in entries] == [gettext("Changed"), gettext("Created")]
        assert [(str(c.field), c.new) for c in entries[0].changes] == [
            (str(Indicator._meta.get_field("title").verbose_name), "Ny titel")
        ]

    def test_a_budget_versions_history_starts_at_its_creation(self, client, finance):
        _services, june, november = self.budget_in_november(finance)
        assert june.history.exists()
        client.force_login(finance)
        response = client.get(november.get_absolute_url())
        history = history_section(response)
        assert history.count("<li>") == 1  # its creation, nothing copied from June's version
        assert gettext("Created") in history
        assert gettext("Adopted") not in history

    def test_each_record_is_compared_with_the_same_objects_previous_one(self, sysadmin):
        first = OrgUnitFactory(name="Första")
        OrgUnitFactory(name="Andra")  # its records fall between the first unit's
        services.orgunit_close(unit=first, on=datetime.date(2024, 12, 31), actor=sysadmin)
        entries = history_entries(OrgUnit.history.all())
        changed = [entry for entry in entries if entry.changes]
        assert len(changed) == 1
        assert [str(c.field) for c in changed[0].changes] == [
            str(OrgUnit._meta.get_field("valid_to").verbose_name)
        ]

    def test_one_date_format_in_history_lists(self, client, politician, sysadmin):
        with time_machine.travel(datetime.datetime(2026, 3, 3, 13, 5, tzinfo=datetime.UTC), tick=False):
            unit = OrgUnitFactory(name="Integrationsenheten")
            services.orgunit_close(unit=unit, on=datetime.date(2024, 12, 31), actor=sysadmin)
        client.force_login(politician)
        history = history_section(client.get(reverse("organisation:unit", args=[unit.pk])))
        # Stockholm is an hour ahead of UTC in March; the date and the time in Swedish, like the value.
        assert "3 mars 2026 14:05" in history
        assert "31 december 2024" in history
        assert not re.search(r"\d{4}-\d{2}-\d{2}(?!T)", history.replace('datetime="', "")), history
