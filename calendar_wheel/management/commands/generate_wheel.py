"""python manage.py generate_wheel <year>: date the annual wheel's steps for a year (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from calendar_wheel import services


class Command(BaseCommand):
    help = "Generate the annual wheel's deadlines for a year. Safe to run again: it changes only what moved."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--no-shipped",
            action="store_true",
            help="Do not first create the shipped steps that are missing.",
        )

    def handle(self, *args, year: int, no_shipped: bool = False, **options) -> None:
        with override("sv"):
            if not 1900 <= year <= 2200:
                raise CommandError(_("Not a valid year: %(year)s.") % {"year": year})
            if not no_shipped:
                skipped: list[str] = []
                created = services.load_shipped_steps(skipped=skipped)
                if created:
                    self.stdout.write(_("Shipped steps added: %(codes)s") % {"codes": ", ".join(created)})
                if skipped:
                    self.stdout.write(
                        self.style.WARNING(
                            _("Skipped (the body does not exist): %(codes)s") % {"codes": ", ".join(skipped)}
                        )
                    )
            result = services.generate_wheel(year)
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Annual wheel %(year)s: %(created)s created, %(updated)s updated, "
                        "%(unchanged)s unchanged, %(removed)s removed, %(skipped)s steps not this year."
                    )
                    % {
                        "year": year,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "removed": result.removed,
                        "skipped": result.skipped,
                    }
                )
            )
            if result.kept:
                self.stdout.write(
                    self.style.WARNING(
                        _("Kept because reminders have been sent: %(codes)s")
                        % {"codes": ", ".join(result.kept)}
                    )
                )
