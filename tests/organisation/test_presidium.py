"""A body's presidium at a date is derived from the assignments (terms change on 15 October)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisation.models import Assignment
from organisation.tasks import presidium_names
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory

OLD_TERM = (datetime.date(2022, 10, 15), datetime.date(2026, 10, 14))
NEW_TERM = (datetime.date(2026, 10, 15), datetime.date(2030, 10, 14))


@pytest.fixture
def ks():
    body = BodyFactory(name="Kommunstyrelsen", short_name="KS")
    old_chair = PersonFactory(name="Gunnel Åkerlund")
    new_chair = PersonFactory(name="Hans Wallin")
    vice = PersonFactory(name="Karin Holm")
    AssignmentFactory(
        person=old_chair, body=body, role=Assignment.Role.CHAIR, start=OLD_TERM[0], end=OLD_TERM[1]
    )
    AssignmentFactory(
        person=new_chair, body=body, role=Assignment.Role.CHAIR, start=NEW_TERM[0], end=NEW_TERM[1]
    )
    for term in (OLD_TERM, NEW_TERM):
        AssignmentFactory(
            person=vice, body=body, role=Assignment.Role.FIRST_VICE_CHAIR, start=term[0], end=term[1]
        )
        AssignmentFactory(
            person=new_chair, body=body, role=Assignment.Role.MEMBER, start=term[0], end=term[1]
        )
    return body


@pytest.mark.django_db
class TestPresidium:
    def test_presidium_on_last_day_of_old_term(self, ks):
        names = [a.person.name for a in Assignment.objects.presidium(ks.pk, datetime.date(2026, 10, 14))]
        assert names == ["Gunnel Åkerlund", "Karin Holm"]

    def test_presidium_changes_on_15_october_after_election(self, ks):
        names = [a.person.name for a in Assignment.objects.presidium(ks.pk, datetime.date(2026, 10, 15))]
        assert names == ["Hans Wallin", "Karin Holm"]

    def test_members_are_not_in_the_presidium(self, ks):
        roles = {a.role for a in Assignment.objects.presidium(ks.pk, datetime.date(2027, 1, 1))}
        assert roles <= set(Assignment.PRESIDIUM_ROLES)

    def test_no_presidium_before_any_term(self, ks):
        assert not Assignment.objects.presidium(ks.pk, datetime.date(2020, 1, 1)).exists()

    def test_body_page_shows_presidium_at_chosen_date(self, client, politician, ks):
        client.force_login(politician)
        html = client.get(reverse("organisation:body", args=[ks.pk]), {"date": "2026-10-14"}).content.decode()
        assert "Ordförande:</strong> Gunnel Åkerlund" in html
        html = client.get(reverse("organisation:body", args=[ks.pk]), {"date": "2026-10-15"}).content.decode()
        assert "Ordförande:</strong> Hans Wallin" in html

    def test_bad_date_on_body_page_falls_back_to_today_with_a_message(self, client, politician, ks):
        client.force_login(politician)
        response = client.get(reverse("organisation:body", args=[ks.pk]), {"date": "inte-ett-datum"})
        assert response.status_code == 200
        assert "Fyll i ett giltigt datum." in response.content.decode()

    def test_group_leader_needs_a_party(self, ks):
        assignment = Assignment(
            person=PersonFactory(), body=ks, role=Assignment.Role.GROUP_LEADER, start=NEW_TERM[0]
        )
        with pytest.raises(ValidationError, match="välj parti"):
            assignment.full_clean()

    def test_assignment_cannot_end_before_it_starts(self, ks):
        assignment = Assignment(
            person=PersonFactory(), body=ks, role=Assignment.Role.MEMBER, start=NEW_TERM[0], end=OLD_TERM[0]
        )
        with pytest.raises(ValidationError, match="sluta innan det har börjat"):
            assignment.full_clean()


@pytest.mark.django_db(transaction=True)
class TestCeleryRoundTrip:
    def test_task_travels_through_redis_to_a_worker_and_back(self, redis_url, ks):
        """A real worker thread consumes from Redis and stores the result there; dates go in as arguments."""
        from celery.contrib.testing.worker import start_worker

        from styrmodell.celery import app

        was_eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                result = presidium_names.delay(ks.pk, "2026-10-15")
                assert result.get(timeout=30) == [
                    "Ordförande: Hans Wallin",
                    "Förste vice ordförande: Karin Holm",
                ]
                assert app.conf.broker_url.startswith("redis://")
        finally:
            app.conf.task_always_eager = was_eager
