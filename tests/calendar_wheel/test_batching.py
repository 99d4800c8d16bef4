"""The reminder job and the wheel's generation cost a fixed number of queries per run, not one or ten per
reminder or deadline (issue 18): the same count for 3 and for 30 deadlines or recipients, and the same
outcome as one row at a time gave: who gets which reminder, each once, every send recorded."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_wheel import sending, services
from calendar_wheel.models import Deadline, ReminderLog, Timing, WheelEvent
from organisation.models import Role, User
from tests.calendar_wheel.conftest import DEADLINE
from tests.factories import DeadlineFactory, UserFactory, WheelEventFactory

pytestmark = pytest.mark.django_db

SIZES = [(3, 3), (30, 3), (3, 30)]  # (deadlines, officials); KS's chair and vice chair come on top


def build(deadlines: int, officials: int) -> set[tuple[int, str]]:
    """`deadlines` steps of KS on DEADLINE, each reminding KS's presidium and the planners, and
    `officials` planners; returns every (deadline, e-mail) a reminder is due for."""
    planners = [UserFactory(role=Role.PLANNER) for _ in range(officials)]
    steps = [
        DeadlineFactory(date=DEADLINE, event=WheelEventFactory(remind_role=Role.PLANNER))
        for _ in range(deadlines)
    ]
    emails = {"ny@example.org", "vice@example.org"} | {user.email for user in planners}
    return {(step.pk, email) for step in steps for email in emails}


def clear() -> None:
    """No steps, deadlines, reminders or planners: the next size starts from KS's presidium alone."""
    ReminderLog.objects.all().delete()
    Deadline.objects.all().delete()
    WheelEvent.objects.all().delete()
    User.objects.filter(groups__name=Role.PLANNER).delete()


def run(day: datetime.date, django_capture_on_commit_callbacks) -> tuple[int, list[sending.Planned]]:
    """The daily job for a day, its sends run after commit as without Redis: (queries, planned)."""
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        planned = sending.send_due_reminders(day)
    return len(queries.captured_queries), planned


class TestReminderJob:
    @pytest.mark.parametrize(("deadlines", "officials"), SIZES)
    def test_every_reminder_goes_once_and_is_recorded(
        self, ks_presidium, deadlines, officials, django_capture_on_commit_callbacks
    ):
        due = build(deadlines, officials)
        _queries, planned = run(DEADLINE, django_capture_on_commit_callbacks)
        assert {(p.deadline.pk, p.email) for p in planned} == due
        assert all(p.new and p.days_before == 0 for p in planned)
        assert len(mail.outbox) == len(due)
        assert {(m.to[0], m.subject) for m in mail.outbox} == {
            (email, f"Påminnelse: {Deadline.objects.get(pk=pk).event.title} i dag") for pk, email in due
        }
        logs = ReminderLog.objects.all()
        assert {(log.deadline_id, log.email) for log in logs} == due
        assert {(log.status, log.attempts, log.last_error) for log in logs} == {
            (ReminderLog.Status.SENT, 1, "")
        }
        assert all(log.sent_at and log.recipient_name for log in logs)
        # Run again: nothing new, nothing sent twice.
        _queries, again = run(DEADLINE, django_capture_on_commit_callbacks)
        assert len(again) == len(due)
        assert not any(p.new for p in again)
        assert len(mail.outbox) == len(due)

    def test_the_queries_do_not_grow_with_deadlines_or_recipients(
        self, ks_presidium, django_capture_on_commit_callbacks
    ):
        counts = {}
        for deadlines, officials in SIZES:
            clear()
            due = build(deadlines, officials)
            counts[deadlines, officials], planned = run(DEADLINE, django_capture_on_commit_callbacks)
            assert sum(p.new for p in planned) == len(due)
        # The due deadlines, the presidium and group leaders, the officials and their roles, the rows
        # already written, one insert (in a savepoint), the stalled rows; then the batch: the rows read
        # and locked, one update for the sent ones (in a transaction).
        assert len(set(counts.values())) == 1, counts

    def test_a_second_run_reads_and_sends_nothing_more_for_more_rows(
        self, ks_presidium, django_capture_on_commit_callbacks
    ):
        counts = []
        for deadlines in (3, 30):
            clear()
            build(deadlines, 3)
            run(DEADLINE, django_capture_on_commit_callbacks)
            sent = len(mail.outbox)
            queries, _planned = run(DEADLINE, django_capture_on_commit_callbacks)
            counts.append(queries)
            assert len(mail.outbox) == sent
        assert counts[0] == counts[1]

    def test_rows_beyond_a_batch_go_in_more_batches_each_once(
        self, ks_presidium, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(sending, "SEND_BATCH", 4)
        due = build(5, 3)  # 25 reminders: 7 batches
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            sending.send_due_reminders(DEADLINE)
        assert len(callbacks) >= 1
        assert sorted((m.to[0]) for m in mail.outbox) == sorted(email for _pk, email in due)
        assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == len(due)

    def test_a_batch_sends_over_one_mail_connection(
        self, ks_presidium, monkeypatch, django_capture_on_commit_callbacks
    ):
        opened = []
        real = type(mail.mailers.default)
        original_open = real.open

        def counting_open(self):
            opened.append(self)
            return original_open(self)

        monkeypatch.setattr(real, "open", counting_open)
        due = build(3, 3)
        run(DEADLINE, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == len(due)
        assert len(opened) == 1

    def test_a_stalled_row_is_sent_by_a_later_run_in_its_batch(
        self, ks_presidium, django_capture_on_commit_callbacks
    ):
        due = build(3, 3)
        sending.send_due_reminders(DEADLINE)  # the commit's callbacks never run: the batch was lost
        assert ReminderLog.objects.filter(status=ReminderLog.Status.PENDING).count() == len(due)
        ReminderLog.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        _queries, planned = run(DEADLINE, django_capture_on_commit_callbacks)
        assert not any(p.new for p in planned)
        assert len(mail.outbox) == len(due)
        assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT, attempts=1).count() == len(due)


def steps(count: int) -> list[WheelEvent]:
    """`count` steps of KS from January to November: fixed days (some on a weekend, moved), months and
    periods."""
    made = []
    for n in range(count):
        kind = n % 3
        if kind == 0:
            made.append(WheelEventFactory(timing=Timing.FIXED_DAY, month=1 + n % 11, day=1 + n % 28))
        elif kind == 1:
            made.append(WheelEventFactory(timing=Timing.MONTH, month=1 + n % 11))
        else:
            made.append(WheelEventFactory(timing=Timing.WINDOW, month=3, day=1, end_month=4, end_day=15))
    return made


def generated(year: int) -> dict[int, tuple]:
    return {d.event_id: (d.date, d.end_date, d.meeting_id) for d in Deadline.objects.filter(year=year)}


class TestGenerateWheel:
    @pytest.mark.parametrize("count", [3, 30])
    def test_each_step_is_dated_as_place_says_and_a_second_run_changes_nothing(self, count):
        made = steps(count)
        result = services.generate_wheel(2027)
        assert (result.created, result.updated, result.unchanged, result.removed) == (count, 0, 0, 0)
        expected = {}
        for event in made:
            placement = services.place(event, 2027)
            expected[event.pk] = (placement.date, placement.end_date, placement.meeting_id)
        assert generated(2027) == expected
        assert all(d.generated_at for d in Deadline.objects.filter(year=2027))
        again = services.generate_wheel(2027)
        assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, count, 0)

    def test_the_queries_do_not_grow_with_the_steps(self):
        counts: dict[str, list[int]] = {"create": [], "move": [], "remove": [], "unchanged": []}
        for count in (3, 30):
            Deadline.objects.all().delete()
            WheelEvent.objects.all().delete()
            made = steps(count)
            with CaptureQueriesContext(connection) as create:
                assert services.generate_wheel(2027).created == count
            with CaptureQueriesContext(connection) as unchanged:
                assert services.generate_wheel(2027).unchanged == count
            WheelEvent.objects.filter(pk__in=[e.pk for e in made]).update(
                month=12, day=5, end_month=12, end_day=20
            )
            with CaptureQueriesContext(connection) as move:
                result = services.generate_wheel(2027)
            assert result.updated == count
            WheelEvent.objects.filter(pk__in=[e.pk for e in made]).update(retired=True)
            with CaptureQueriesContext(connection) as remove:
                assert services.generate_wheel(2027).removed == count
            for name, captured in (
                ("create", create),
                ("unchanged", unchanged),
                ("move", move),
                ("remove", remove),
            ):
                counts[name].append(len(captured.captured_queries))
        for name, (small, large) in counts.items():
            assert small == large, (name, counts)

    def test_a_moved_deadline_is_dated_again_and_stamped(self):
        (event,) = steps(1)
        services.generate_wheel(2027)
        before = Deadline.objects.get(event=event, year=2027)
        WheelEvent.objects.filter(pk=event.pk).update(month=6, day=10)
        result = services.generate_wheel(2027)
        after = Deadline.objects.get(event=event, year=2027)
        assert result.updated == 1
        assert after.pk == before.pk
        assert after.date == datetime.date(2027, 6, 10)
        assert after.generated_at > before.generated_at

    def test_a_retired_step_with_sent_reminders_is_kept_the_others_removed(self, ks_presidium):
        reminded, quiet = steps(2)
        services.generate_wheel(2027)
        deadline = Deadline.objects.get(event=reminded, year=2027)
        ReminderLog.objects.create(deadline=deadline, email="ny@example.org", days_before=7)
        WheelEvent.objects.filter(pk__in=[reminded.pk, quiet.pk]).update(retired=True)
        result = services.generate_wheel(2027)
        assert (result.removed, result.kept) == (1, [reminded.code])
        assert list(Deadline.objects.filter(year=2027).values_list("event_id", flat=True)) == [reminded.pk]
