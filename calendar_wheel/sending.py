"""Reminders of the wheel's deadlines, each sent exactly once.

For a day, the job finds the deadlines `REMINDER_OFFSETS_DAYS` ahead (28, 7 and 0 by default) and their
recipients, and writes one `ReminderLog` row per deadline, recipient and offset in one transaction. The
row's unique constraint decides: a second run, a concurrent run on another worker, a retry or a run for
a past day finds the row already there and sends nothing. Only the rows a run created are handed to
`send_reminder` after the transaction commits; that task sends the e-mail, marks the row sent, and on a
failure records the error and retries with back-off, so nothing is dropped silently or sent twice.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from celery.exceptions import Retry
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
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


@dataclass
class Planned:
    deadline: Deadline
    email: str
    name: str
    days_before: int
    new: bool


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
    if dry_run:
        existing = set(
            ReminderLog.objects.filter(deadline__in=[d for d, _n in due]).values_list(
                "deadline_id", "email", "days_before"
            )
        )
        for item in planned:
            item.new = (item.deadline.pk, item.email, item.days_before) not in existing
        return planned
    for item in planned:
        item.new = _log_once(item)
    requeue_stalled()
    return planned


STALLED_AFTER = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 6


def requeue_stalled(now: datetime.datetime | None = None) -> int:
    """Queue again the reminders that never went: waiting rows whose task was lost (the broker was
    away at commit) and failed rows with attempts left. `deliver` locks the row and skips sent ones,
    so each e-mail still goes once; nothing is dropped silently."""
    now = now or timezone.now()
    stalled = list(
        ReminderLog.objects.filter(created_at__lt=now - STALLED_AFTER)
        .filter(
            Q(status=ReminderLog.Status.PENDING)
            | Q(status=ReminderLog.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        )
        .values_list("pk", flat=True)
    )
    for log_id in stalled:
        transaction.on_commit(lambda log_id=log_id: _queue(log_id))
    return len(stalled)


def _log_once(item: Planned) -> bool:
    """Write the reminder's row; False when it exists (sent, queued or failed before). Sent after commit."""
    try:
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(
                deadline=item.deadline,
                email=item.email,
                days_before=item.days_before,
                defaults={"recipient_name": item.name},
            )
            if created:
                transaction.on_commit(lambda: _queue(log.pk))
    except IntegrityError:
        # Another worker wrote the same row between our look and our insert: it sends, we don't.
        return False
    return created


def _queue(log_id: int) -> None:
    """Hand one row to its send task; whatever goes wrong stays with that row and stops no other.

    With the broker away the row stays waiting and `requeue_stalled` queues it on a later run. Without
    Redis the task runs here: a failed send is recorded on its row by `deliver` and its retry is raised
    to us instead of scheduled, so `requeue_stalled` queues the row again on a later run, as it does a
    row whose task was lost. Either way the run goes on with the next row.
    """
    from calendar_wheel.tasks import send_reminder

    try:
        queueing.enqueue(send_reminder, log_id)
    except queueing.QueueUnavailable as error:
        logger.warning("Reminder %s stays waiting, the broker is away: %s", log_id, error)
    except (Retry, SendFailed) as error:
        logger.warning("Reminder %s failed and is tried again later: %s", log_id, error)
    except Exception:  # noqa: BLE001 - one reminder's failure must not stop the others
        logger.exception("Reminder %s failed", log_id)


def reminder_message(log: ReminderLog) -> EmailMessage:
    deadline = log.deadline
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


def deliver(log_id: int) -> bool:
    """Send one logged reminder unless it went already; True when it was sent now.

    The row is locked while the message goes, so two workers never send the same row. A failure is
    recorded on the row (outside the rolled-back transaction) and raised for the task to retry.
    """
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("deadline", "deadline__event", "deadline__event__body", "deadline__meeting")
            .get(pk=log_id)
        )
        if log.status == ReminderLog.Status.SENT:
            return False
        try:
            reminder_message(log).send()
        except Exception as error:  # noqa: BLE001 - building or sending: recorded on the row and retried
            failure = error
        else:
            ReminderLog.objects.filter(pk=log_id).update(
                status=ReminderLog.Status.SENT,
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                last_error="",
            )
            return True
    ReminderLog.objects.filter(pk=log_id).exclude(status=ReminderLog.Status.SENT).update(
        status=ReminderLog.Status.FAILED,
        attempts=F("attempts") + 1,
        last_error=f"{failure.__class__.__name__}: {failure}"[:2000],
    )
    raise SendFailed(str(failure)) from failure


class SendFailed(Exception):
    """The mail server refused or failed; the row records it and the task retries."""
