"""Reminders of the wheel's deadlines, each sent exactly once.

For a day, the job finds the deadlines `REMINDER_OFFSETS_DAYS` ahead (28, 7 and 0 by default) and their
recipients, and writes one `ReminderLog` row per deadline, recipient and offset in one transaction. The
row's unique constraint decides: a second run, a concurrent run on another worker, a retry or a run for
a past day finds the row already there and sends nothing. Only the rows a run created are handed to
`send_reminder_batch` after the transaction commits; that task sends the e-mails, marks the rows sent, and
on a failure records the error on its row and retries the failed rows with back-off, so nothing is
dropped silently or sent twice.

A run costs a fixed number of queries, not a number per reminder: the rows already written are read in
one query and the new ones written in one insert; the rows are sent in batches of `SEND_BATCH`, each read
and locked in one query, its messages built in a fixed number of queries and sent over one mail
connection, and its outcome written in one update for the sent rows and one for the failed ones.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass

from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calendar_wheel import audience, services
from calendar_wheel.models import Deadline, ReminderLog
from styrmodell import queueing
from styrmodell.validation import one_line

logger = logging.getLogger(__name__)

# A subject stays readable in a mail client's list; an overlong title is cut with an ellipsis.
SUBJECT_TITLE_LENGTH = 120
SUBJECT_LENGTH = 200
# The rows one send task takes: one lock, one mail connection and one outcome update each. Bounded, so
# that a batch's rows are not locked for long and a worker lost mid-batch leaves few rows to send again.
SEND_BATCH = 200


@dataclass
class Planned:
    deadline: Deadline
    email: str
    name: str
    days_before: int
    new: bool

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.deadline.pk, self.email, self.days_before)


def _due(day: datetime.date) -> list[tuple[Deadline, int]]:
    offsets = sorted(set(settings.REMINDER_OFFSETS_DAYS))
    dates = {day + datetime.timedelta(days=n): n for n in offsets}
    deadlines = (
        Deadline.objects.filter(date__in=list(dates))
        .real()
        .filter(event__retired=False)
        .select_related("event", "event__body", "meeting")
        .order_by("date", "event__title")
    )
    return [(deadline, dates[deadline.date]) for deadline in deadlines]


def send_due_reminders(day: datetime.date, *, dry_run: bool = False) -> list[Planned]:
    """Plan (and unless dry_run, log and queue) the reminders due on `day`; returns what it found."""
    due = _due(day)
    recipients = audience.recipients_for([deadline for deadline, _n in due])
    planned: list[Planned] = []
    for deadline, days_before in due:
        for recipient in recipients.get(deadline.pk, []):
            planned.append(Planned(deadline, recipient.email, recipient.name, days_before, new=False))
    existing = set(
        ReminderLog.objects.filter(deadline__in=[d for d, _n in due]).values_list(
            "deadline_id", "email", "days_before"
        )
    )
    for item in planned:
        item.new = item.key not in existing
    if dry_run:
        return planned
    created = _log_new([item for item in planned if item.new])
    for item in planned:
        item.new = item.key in created
    requeue_stalled()
    return planned


def _log_new(items: list[Planned]) -> set[tuple[int, str, int]]:
    """Write the rows of reminders not logged yet, in one insert; returns the keys of the rows this run
    wrote. Those rows are queued for sending after commit."""
    if not items:
        return set()
    rows = [
        ReminderLog(deadline=i.deadline, email=i.email, days_before=i.days_before, recipient_name=i.name)
        for i in items
    ]
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(rows)
        except IntegrityError:
            # Another run wrote some of them between our look and our insert: then each row decides
            # alone, as its unique constraint says, and the rows the other run wrote are its to send.
            rows = [row for row in rows if _create_once(row)]
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: queue_rows(_send_task(), ids))
    return {(row.deadline_id, row.email, row.days_before) for row in rows}


def _create_once(row: ReminderLog) -> bool:
    """Write one row unless it exists; True when this call wrote it (its pk is then set)."""
    try:
        with transaction.atomic():
            found, created = ReminderLog.objects.get_or_create(
                deadline=row.deadline,
                email=row.email,
                days_before=row.days_before,
                defaults={"recipient_name": row.recipient_name},
            )
    except IntegrityError:
        return False
    row.pk = found.pk
    return created


def _send_task():
    from calendar_wheel.tasks import send_reminder_batch

    return send_reminder_batch


STALLED_AFTER = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 6


def requeue_stalled(now: datetime.datetime | None = None) -> int:
    """Queue again, in batches, the wheel's reminders that never went (see `stalled_rows`)."""
    stalled = stalled_rows(ReminderLog, now)
    if stalled:
        transaction.on_commit(lambda: queue_rows(_send_task(), stalled))
    return len(stalled)


# The send-once mechanism, for any log model with `status` (its `Status` has PENDING, SENT and FAILED),
# `attempts`, `last_error`, `created_at` and `sent_at`, and a unique constraint that names one message:
# the wheel's `ReminderLog` here, the follow-up's `RoundReminder` (followup.reminders).


def log_once(model: type[models.Model], queue: Callable[[int], None], *, defaults: dict, **unique) -> bool:
    """Write the row `unique` names; False when it exists (sent, queued or failed before). The new row
    is handed to `queue` after commit."""
    try:
        with transaction.atomic():
            row, created = model.objects.get_or_create(**unique, defaults=defaults)
            if created:
                transaction.on_commit(lambda: queue(row.pk))
    except IntegrityError:
        # Another worker wrote the same row between our look and our insert: it sends, we don't.
        return False
    return created


def stalled_rows(model: type[models.Model], now: datetime.datetime | None = None) -> list[int]:
    """The rows that never went: waiting rows whose task was lost (the broker was away at commit) and
    failed rows with attempts left. `deliver_row` and `deliver_rows` lock the rows and skip sent ones,
    so each e-mail still goes once; nothing is dropped silently."""
    now = now or timezone.now()
    return list(
        model.objects.filter(created_at__lt=now - STALLED_AFTER)
        .filter(Q(status=model.Status.PENDING) | Q(status=model.Status.FAILED, attempts__lt=MAX_ATTEMPTS))
        .values_list("pk", flat=True)
    )


def requeue_stalled_rows(
    model: type[models.Model], queue: Callable[[int], None], now: datetime.datetime | None = None
) -> int:
    """Queue again, one task per row, the rows that never went (see `stalled_rows`)."""
    stalled = stalled_rows(model, now)
    for row_id in stalled:
        transaction.on_commit(lambda row_id=row_id: queue(row_id))
    return len(stalled)


def queue_row(task, row_id: int) -> None:
    """Hand one row to its send task; whatever goes wrong stays with that row and stops no other.

    With the broker away the row stays waiting and `requeue_stalled_rows` queues it on a later run.
    Without Redis the task runs here: a failed send is recorded on its row by `deliver_row` and its retry
    is raised to us instead of scheduled, so a later run queues the row again, as it does a row whose
    task was lost. Either way the run goes on with the next row.
    """
    try:
        queueing.enqueue(task, row_id)
    except queueing.QueueUnavailable as error:
        logger.warning("Reminder %s (%s) stays waiting, the broker is away: %s", row_id, task.name, error)
    except (Retry, SendFailed) as error:
        logger.warning("Reminder %s (%s) failed and is tried again later: %s", row_id, task.name, error)
    except Exception:  # noqa: BLE001 - one reminder's failure must not stop the others
        logger.exception("Reminder %s (%s) failed", row_id, task.name)


def queue_rows(task, row_ids: list[int]) -> None:
    """Hand rows to their batch send task, `SEND_BATCH` at a time, each batch as `queue_row` hands one."""
    for start in range(0, len(row_ids), SEND_BATCH):
        queue_row(task, row_ids[start : start + SEND_BATCH])


def deliver_row(
    queryset: models.QuerySet, row_id: int, message: Callable[[models.Model], EmailMessage]
) -> bool:
    """Send one logged row's message unless it went already; True when it was sent now.

    The row is locked while the message goes, so two workers never send the same row. A failure is
    recorded on the row (outside the rolled-back transaction) and raised for the task to retry.
    """
    model = queryset.model
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).get(pk=row_id)
        if row.status == model.Status.SENT:
            return False
        try:
            message(row).send()
        except Exception as error:  # noqa: BLE001 - building or sending: recorded on the row and retried
            failure = error
        else:
            model.objects.filter(pk=row_id).update(
                status=model.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
            return True
    model.objects.filter(pk=row_id).exclude(status=model.Status.SENT).update(
        status=model.Status.FAILED,
        attempts=F("attempts") + 1,
        last_error=f"{failure.__class__.__name__}: {failure}"[:2000],
    )
    raise SendFailed(str(failure)) from failure


def deliver_rows(
    queryset: models.QuerySet,
    row_ids: Iterable[int],
    messages: Callable[[list[models.Model]], Callable[[models.Model], EmailMessage]],
) -> tuple[list[int], dict[int, str]]:
    """Send the logged rows' messages that have not gone yet, over one mail connection; returns the
    rows sent now and the failed rows with their errors.

    The rows are read and locked in one query while their messages go, so two workers never send the
    same row. `messages(rows)` loads what the rows' messages share and returns the builder of one. A row
    whose message fails to build or send is recorded on its row and stops no other.
    """
    model = queryset.model
    sent: list[int] = []
    failed: dict[int, str] = {}
    with transaction.atomic():
        rows = list(
            queryset.select_for_update(of=("self",))
            .filter(pk__in=list(row_ids))
            .exclude(status=model.Status.SENT)
            .order_by("pk")
        )
        if not rows:
            return sent, failed
        message = messages(rows)
        mailer = mail.mailers.default
        with suppress(OSError):  # the server is away: each send below tries again and records its failure
            mailer.open()
        for row in rows:
            try:
                mailer.send_messages([message(row)])
            except Exception as error:  # noqa: BLE001 - building or sending: recorded on the row, retried
                failed[row.pk] = f"{error.__class__.__name__}: {error}"[:2000]
                _reconnect(mailer)
            else:
                sent.append(row.pk)
        with suppress(OSError):
            mailer.close()
        if sent:
            model.objects.filter(pk__in=sent).update(
                status=model.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
        if failed:
            model.objects.filter(pk__in=list(failed)).update(
                status=model.Status.FAILED,
                attempts=F("attempts") + 1,
                last_error=Case(*(When(pk=pk, then=Value(text)) for pk, text in failed.items())),
            )
    return sent, failed


def _reconnect(mailer) -> None:
    """After a failure the mail session may be broken (the server hung up): start a new one."""
    with suppress(OSError):
        mailer.close()
    with suppress(OSError):
        mailer.open()


def retry_later(task, error: SendFailed):
    """The send task's retry with exponential back-off (settings.REMINDER_RETRY_SECONDS, doubling)."""
    countdown = settings.REMINDER_RETRY_SECONDS * 2**task.request.retries
    return task.retry(exc=error, countdown=countdown)


def reminder_message(log: ReminderLog, state: services.State | None = None) -> EmailMessage:
    """The reminder's e-mail; `state` is the deadline's state today, worked out here when not given."""
    deadline = log.deadline
    if state is None:
        state = services.deadline_states([deadline], timezone.localdate())[deadline.pk]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "log": log,
            "deadline": deadline,
            "event": deadline.event,
            "state": state,
            "link": settings.SITE_URL + deadline.get_absolute_url(),
        }
        # Whatever the title holds (a line break stored before titles were validated), the subject is
        # one line: a line break in a header makes the message unsendable.
        title = one_line(deadline.event.title, max_length=SUBJECT_TITLE_LENGTH)
        if log.days_before:
            subject = _("Reminder: %(title)s in %(days)s days (%(date)s)") % {
                "title": title,
                "days": log.days_before,
                "date": deadline.date.isoformat(),
            }
        else:
            subject = _("Reminder: %(title)s today") % {"title": title}
        body = render_to_string("calendar_wheel/email/reminder.txt", context)
    return EmailMessage(subject=one_line(subject, max_length=SUBJECT_LENGTH), body=body, to=[log.email])


RELATED = ("deadline", "deadline__event", "deadline__event__body", "deadline__meeting__body")


def deliver(log_id: int) -> bool:
    """Send one logged reminder of the wheel unless it went already; True when it was sent now."""
    # Looked up at each call, so that the message builder can be replaced (tests make it fail).
    return deliver_row(
        ReminderLog.objects.select_related(*RELATED), log_id, lambda log: reminder_message(log)
    )


def deliver_many(log_ids: Iterable[int]) -> tuple[list[int], dict[int, str]]:
    """Send the logged reminders of the wheel that have not gone yet, in a fixed number of queries;
    returns the rows sent now and the failed rows with their errors (see `deliver_rows`)."""

    def messages(logs: list[ReminderLog]) -> Callable[[ReminderLog], EmailMessage]:
        deadlines = {log.deadline_id: log.deadline for log in logs}
        states = services.deadline_states(deadlines.values(), timezone.localdate())
        # Looked up at each call, so that the message builder can be replaced (tests make it fail).
        return lambda log: reminder_message(log, state=states[log.deadline_id])

    return deliver_rows(ReminderLog.objects.select_related(*RELATED), log_ids, messages)


class SendFailed(Exception):
    """The mail server refused or failed; the row records it and the task retries."""
