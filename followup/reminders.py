"""Reminders of a round to the units that have not reported (R24), each sent exactly once.

A unit that has not reported is reminded through the people responsible for its missing activities
(`Activity.responsible`, a person with an e-mail address) and the administrators (handläggare) whose
units include it. One `RoundReminder` row per round, unit, address and occasion decides: the planners'
button pressed twice, two presses at once, or the daily job run again finds the row and sends nothing
new. The rows are written, queued after commit, sent under a row lock and retried on failure by the
wheel's send-once mechanism (`calendar_wheel.sending`), shared rather than copied.

The occasions: `RoundReminder.MANUAL` (the planners' button) and "<n>-dagar", n days before input
closes (settings.FOLLOWUP_REMINDER_DAYS_BEFORE), sent by the daily task (followup.tasks).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calendar_wheel import sending
from followup import rounds
from followup.models import REPORT_KINDS, Report, RoundReminder
from followup.progress import Progress, round_activities, round_progress
from organisation.models import Body, OrgUnit, User
from organisation.roles import Role
from styrmodell.validation import one_line


@dataclass(frozen=True)
class Recipient:
    unit: OrgUnit
    email: str
    name: str


@dataclass
class Reminded:
    """What a reminder run did: the recipients it wrote a new row for, and those reminded before."""

    new: list[Recipient] = field(default_factory=list)
    already: list[Recipient] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len({r.email for r in self.new})

    @property
    def units(self) -> int:
        return len({r.unit.pk for r in self.new})


def recipients(report: Report, progress: Progress | None = None) -> list[Recipient]:
    """Who is reminded for each unit that has not reported: the responsible people of its missing
    activities and its administrators, each address once per unit (two queries with the progress)."""
    progress = progress or round_progress(report)
    missing = progress.units_missing
    if not missing:
        return []
    administrators: dict[int, list[tuple[str, str]]] = {}
    group = Group.objects.filter(name=Role.ADMINISTRATOR)
    for unit_id, email, first, last in (
        User.objects.filter(is_active=True, groups__in=group, units__in=[entry.unit.pk for entry in missing])
        .exclude(email="")
        .values_list("units", "email", "first_name", "last_name")
        .order_by("email")
    ):
        administrators.setdefault(unit_id, []).append((email, f"{first} {last}".strip()))
    found: list[Recipient] = []
    for entry in missing:
        seen: set[str] = set()
        people = [(a.responsible.email, a.responsible.name) for a in entry.missing if a.responsible]
        for email, name in people + administrators.get(entry.unit.pk, []):
            email = (email or "").strip().lower()
            if email and email not in seen:
                seen.add(email)
                found.append(Recipient(entry.unit, email, name))
    return found


@transaction.atomic
def remind_missing(
    *,
    report: Report,
    actor: User | None,
    occasion: str = RoundReminder.MANUAL,
    today: datetime.date | None = None,
) -> Reminded:
    """Remind the units of an open round that have not reported; each (unit, address, occasion) once.

    The planners' button passes the actor (planners and finance only); the daily task passes None.
    The messages go after commit.
    """
    if actor is not None and not rounds.may_steer_input(actor):
        raise ValidationError(_("Only planners and finance staff remind the units."))
    rounds.require_input_open(report, today or timezone.localdate())
    result = Reminded()
    for recipient in recipients(report):
        new = sending.log_once(
            RoundReminder,
            _queue,
            report=report,
            unit=recipient.unit,
            email=recipient.email,
            occasion=occasion,
            defaults={"recipient_name": recipient.name, "sent_by": actor},
        )
        (result.new if new else result.already).append(recipient)
    sending.requeue_stalled_rows(RoundReminder, _queue)
    return result


def remind_due(day: datetime.date) -> int:
    """The daily job: remind the units of every open KS round whose input closes in one of
    settings.FOLLOWUP_REMINDER_DAYS_BEFORE days; idempotent. Returns how many reminders were new."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        return 0
    offsets = set(settings.FOLLOWUP_REMINDER_DAYS_BEFORE)
    count = 0
    # The annual report of last year is reported in this one (R29).
    for year in (day.year - 1, day.year):
        year_dates = rounds.report_dates(year)
        for report in rounds.ensure_rounds(body, year):
            if report.kind not in REPORT_KINDS:
                continue  # the economy rounds ask the units for nothing
            dates = rounds.dates_of(report, year_dates)
            closes = dates.input_closes
            if closes is None or (closes - day).days not in offsets:
                continue
            if rounds.input_state(report, dates, day) is not rounds.InputState.OPEN:
                continue
            reminded = remind_missing(
                report=report, actor=None, occasion=f"{(closes - day).days}-dagar", today=day
            )
            count += len(reminded.new)
    return count


def _queue(reminder_id: int) -> None:
    from followup.tasks import send_round_reminder

    sending.queue_row(send_round_reminder, reminder_id)


def entry_url(report: Report) -> str:
    return settings.SITE_URL + reverse("followup:activity_reports", args=[report.year, report.slug])


def reminder_message(reminder: RoundReminder) -> EmailMessage:
    """The reminder in Swedish, plain text: the round, the unit, its missing activities, the last day
    of input and the link to the entry page."""
    report = reminder.report
    missing = list(
        round_activities(report)
        .filter(responsible_unit=reminder.unit)
        .exclude(round_reports__report=report)
        .order_by("planned_end", "pk")
    )
    closes = rounds.dates_of(report).input_closes
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reminder": reminder,
            "report": report,
            "unit": reminder.unit,
            "missing": missing,
            "closes": closes,
            "link": entry_url(report),
        }
        names = {"unit": one_line(reminder.unit.name, max_length=80), "round": str(report)}
        if closes is not None:
            subject = _("Reminder: report %(unit)s's activities in %(round)s by %(date)s") % {
                **names,
                "date": closes.isoformat(),
            }
        else:
            subject = _("Reminder: report %(unit)s's activities in %(round)s") % names
        body = render_to_string("followup/email/round_reminder.txt", context)
    return EmailMessage(
        subject=one_line(subject, max_length=sending.SUBJECT_LENGTH), body=body, to=[reminder.email]
    )


def deliver(reminder_id: int) -> bool:
    """Send one logged round reminder unless it went already; True when it was sent now."""
    queryset = RoundReminder.objects.select_related("report", "report__meeting", "report__body", "unit")
    return sending.deliver_row(queryset, reminder_id, lambda reminder: reminder_message(reminder))
