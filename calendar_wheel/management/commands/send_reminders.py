"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]: the daily reminder job for a day."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_wheel import sending
from styrmodell.validation import one_line


class Command(BaseCommand):
    help = "Send the reminders of the annual wheel's deadlines that are due on a day (default: today)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD; default today")
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent, send nothing")

    def handle(self, *args, date=None, dry_run=False, **options) -> None:
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(_("Not a date: %(value)s (write YYYY-MM-DD).") % {"value": date}) from error
        planned = sending.send_due_reminders(day, dry_run=dry_run)
        for item in planned:
            if dry_run:
                verb = _("would send") if item.new else _("already sent")
            else:
                verb = _("sends") if item.new else _("already sent")
            title = one_line(item.deadline.event.title)
            self.stdout.write(
                f"{verb}: {item.deadline.date.isoformat()} {title} → {item.email} "
                + _("(%(days)s days before)") % {"days": item.days_before}
            )
        new = sum(1 for item in planned if item.new)
        summary = _("%(day)s: %(new)s new reminders, %(old)s already sent.") % {
            "day": day.isoformat(),
            "new": new,
            "old": len(planned) - new,
        }
        self.stdout.write(summary)
