"""Who a deadline's reminder goes to: the people its step names, as they are on the deadline's date (the
presidium from the assignments that day, group leaders, committee chairs, officials by role)."""

from __future__ import annotations

import datetime

import pytest

from calendar_wheel import audience
from calendar_wheel.models import Deadline, Timing
from organisation.models import Role
from tests.calendar_wheel.reminder_people import ks_people, signed_in_person
from tests.factories import DeadlineFactory, PersonFactory, UserFactory, WheelEventFactory, body_named

BEFORE_CHANGE = datetime.date(2026, 10, 1)
AFTER_CHANGE = datetime.date(2026, 11, 24)


@pytest.fixture
def people(db):
    return ks_people()


def emails(deadline) -> set[str]:
    return {r.email for r in audience.recipients_for([deadline])[deadline.pk]}


class TestPresidiumAtTheDeadlinesDate:
    def test_presidium_before_the_term_change(self, people):
        deadline = DeadlineFactory(date=BEFORE_CHANGE)
        assert emails(deadline) == {"olle@example.org", "vera@example.org"}

    def test_presidium_after_the_term_change(self, people):
        deadline = DeadlineFactory(date=AFTER_CHANGE)
        assert emails(deadline) == {"nina@example.org"}

    def test_on_the_last_day_of_the_old_term(self, people):
        deadline = DeadlineFactory(date=datetime.date(2026, 10, 14))
        assert emails(deadline) == {"olle@example.org", "vera@example.org"}

    def test_members_are_not_reminded(self, people):
        assert "lena@example.org" not in emails(DeadlineFactory(date=AFTER_CHANGE))

    def test_another_bodys_presidium_is_not_reminded(self, people):
        event = WheelEventFactory(body=body_named("KF"))
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == set()

    def test_step_that_does_not_name_the_presidium(self, people):
        event = WheelEventFactory(remind_presidium=False)
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == set()


class TestOtherRecipients:
    def test_group_leaders_when_the_step_names_them(self, people):
        event = WheelEventFactory(remind_presidium=False, remind_group_leaders=True)
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == {"gustav@example.org"}

    def test_committee_chairs_when_the_step_names_them(self, people):
        event = WheelEventFactory(remind_presidium=False, remind_committee_chairs=True)
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == {"ulla@example.org"}

    def test_officials_with_the_role(self, people, planner, finance):
        event = WheelEventFactory(remind_presidium=False, remind_role=Role.PLANNER)
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == {planner.email}

    def test_inactive_officials_are_not_reminded(self, people):
        UserFactory(username="slutat", role=Role.PLANNER, is_active=False)
        event = WheelEventFactory(remind_presidium=False, remind_role=Role.PLANNER)
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == set()

    def test_all_named_groups_together(self, people, planner):
        event = WheelEventFactory(
            remind_group_leaders=True, remind_committee_chairs=True, remind_role=Role.PLANNER
        )
        assert emails(DeadlineFactory(event=event, date=AFTER_CHANGE)) == {
            "nina@example.org",
            "gustav@example.org",
            "ulla@example.org",
            planner.email,
        }

    def test_cut_off_dates_remind_nobody(self, people):
        event = WheelEventFactory(timing=Timing.CUT_OFF, month=4, day=30, remind_role=Role.PLANNER)
        deadline = DeadlineFactory(event=event, date=datetime.date(2026, 4, 30))
        assert audience.recipients_for([deadline]).get(deadline.pk, []) == []


class TestEmailAddresses:
    def test_deduplicated_by_email(self, people):
        """The chair who is also a planner, with the same address on person and user: one reminder."""
        signed_in_person(people.new_chair, username="nina", email="NINA@example.org", role=Role.PLANNER)
        event = WheelEventFactory(remind_role=Role.PLANNER)
        recipients = audience.recipients_for([DeadlineFactory(event=event, date=AFTER_CHANGE)])
        assert [r.email for r in next(iter(recipients.values()))] == ["nina@example.org"]

    def test_the_users_address_when_the_person_has_none(self, people):
        people.new_chair.email = ""
        people.new_chair.save()
        signed_in_person(people.new_chair, username="nina", email="nina.ny@example.org")
        assert emails(DeadlineFactory(date=AFTER_CHANGE)) == {"nina.ny@example.org"}

    def test_people_without_any_address_are_skipped(self, people):
        people.new_chair.email = ""
        people.new_chair.save()
        assert emails(DeadlineFactory(date=AFTER_CHANGE)) == set()


class TestConstantQueries:
    def test_recipients_of_many_deadlines_in_the_same_queries(
        self, people, planner, django_assert_num_queries
    ):
        def deadlines(n: int, start: int) -> list:
            events = [
                WheelEventFactory(
                    remind_group_leaders=True, remind_committee_chairs=True, remind_role=Role.PLANNER
                )
                for _ in range(n)
            ]
            pks = [
                DeadlineFactory(
                    event=e, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=start + 30 * i)
                ).pk
                for i, e in enumerate(events)
            ]
            return list(Deadline.objects.filter(pk__in=pks).select_related("event"))

        few, many = deadlines(1, 0), deadlines(8, 5)
        with django_assert_num_queries(3) as few_queries:
            audience.recipients_for(few)
        with django_assert_num_queries(len(few_queries.captured_queries)):
            result = audience.recipients_for(many)
        assert all(result[d.pk] for d in many)


class TestDeadlinesConcerning:
    def test_the_chair_sees_the_deadlines_of_their_presidium(self, people):
        user = signed_in_person(people.new_chair, username="nina", role=Role.POLITICIAN)
        ks_step = DeadlineFactory(date=AFTER_CHANGE)
        DeadlineFactory(event=WheelEventFactory(body=body_named("KF")), date=AFTER_CHANGE)
        found = audience.deadlines_concerning(user, datetime.date(2026, 11, 1), datetime.date(2026, 12, 31))
        assert found == [ks_step]

    def test_the_old_chair_no_longer_sees_them_after_the_term(self, people):
        user = signed_in_person(people.old_chair, username="olle", role=Role.POLITICIAN)
        early = DeadlineFactory(date=BEFORE_CHANGE)
        DeadlineFactory(date=AFTER_CHANGE)
        assert audience.deadlines_concerning(
            user, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        ) == [early]

    def test_officials_see_the_deadlines_of_their_role(self, people, planner, finance):
        planners = DeadlineFactory(event=WheelEventFactory(remind_presidium=False, remind_role=Role.PLANNER))
        DeadlineFactory(event=WheelEventFactory(remind_presidium=False, remind_role=Role.FINANCE))
        found = audience.deadlines_concerning(planner, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        assert found == [planners]

    def test_a_user_the_wheel_does_not_name_sees_nothing(self, people, politician):
        DeadlineFactory(date=AFTER_CHANGE)
        assert (
            audience.deadlines_concerning(politician, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            == []
        )

    def test_outside_the_period_and_cut_off_dates_are_left_out(self, people, planner):
        event = WheelEventFactory(remind_presidium=False, remind_role=Role.PLANNER)
        DeadlineFactory(event=event, date=datetime.date(2027, 11, 24))
        cut_off = WheelEventFactory(timing=Timing.CUT_OFF, month=4, day=30, remind_role=Role.PLANNER)
        DeadlineFactory(event=cut_off, date=datetime.date(2026, 4, 30))
        assert (
            audience.deadlines_concerning(planner, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            == []
        )

    def test_constant_queries(self, people, planner, django_assert_num_queries):
        PersonFactory()
        DeadlineFactory(event=WheelEventFactory(remind_role=Role.PLANNER))
        with django_assert_num_queries(4) as first:
            audience.deadlines_concerning(planner, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        for month in range(1, 12):
            DeadlineFactory(
                event=WheelEventFactory(remind_role=Role.PLANNER, remind_group_leaders=True),
                date=datetime.date(2026, month, 10),
            )
        with django_assert_num_queries(len(first.captured_queries)):
            found = audience.deadlines_concerning(
                planner, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
            )
        assert len(found) == 12
