"""python manage.py seed_demo: a believable demo municipality (Ånge kommun), safe to run again.

With --scale N the demo is then copied N - 1 times below KF (styrmodell/scale.py): N=10 is a
municipality of about 100,000 inhabitants, N=50 one of the largest. Scaling is done once: seed_demo,
with or without --scale, refuses a database that already holds copies (the demo's own seeders find
their rows by name, and the copies would make those names ambiguous).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budget import demo as budget_demo
from calendar_wheel import demo as calendar_wheel_demo
from documents import demo as documents_demo
from economy import demo as economy_demo
from followup import demo as followup_demo
from goals import demo as goals_demo
from organisation import demo as organisation_demo
from organisation.demo import DEMO_PASSWORD, DEMO_USERS
from planning import demo as planning_demo
from reports import demo as reports_demo
from styrmodell import scale as scale_module

# Each app's demo data, in the order they build on each other.
SEEDERS = [organisation_demo.seed, goals_demo.seed, planning_demo.seed]
SEEDERS.append(followup_demo.seed)
SEEDERS.append(documents_demo.seed)  # after the plans: it registers the adopted ones
# KF's budget (June) comes before KS's plan, whose units' activities name the budget's GEH goals
# (R14, R16); KS's distribution of its frame is part of the plan, so it follows the plan.
SEEDERS.insert(SEEDERS.index(planning_demo.seed), budget_demo.seed)
SEEDERS.insert(SEEDERS.index(planning_demo.seed) + 1, budget_demo.seed_distribution)
SEEDERS.append(calendar_wheel_demo.seed)  # the wheel dates its steps on the meetings
SEEDERS.append(followup_demo.seed_rounds)  # the rounds are dated by the wheel
SEEDERS.append(followup_demo.seed_premises)  # so are the departments' planning premises
# The economy of the tertial and interim reports is entered before those reports are adopted (an
# adopted report takes no input); the economy at every KS meeting and the deviations come last.
SEEDERS.insert(SEEDERS.index(followup_demo.seed_rounds), economy_demo.seed_reports)
SEEDERS.append(economy_demo.seed)
SEEDERS.append(reports_demo.seed)  # the adopted plan's final PDF, built from all of the above


class Command(BaseCommand):
    help = "Fill the database with the demo municipality. Idempotent; refused in production."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo sign-ins.")
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help="Copy the demo N times below KF (1 = the demo itself); refused once the database is scaled.",
        )

    def handle(self, *args, quiet_logins: bool = False, scale: int = 1, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo skapar demodata och får inte köras när DJANGO_ENV=production.")
        if not 1 <= scale <= 200:
            raise CommandError("--scale ska vara ett heltal från 1 till 200.")
        if scale_module.is_scaled():
            raise CommandError(
                "Databasen är redan uppskalad och kan inte fyllas på igen. Börja från en tom databas: "
                "kör migrate på en ny databas och sedan seed_demo --scale N."
            )
        with transaction.atomic():
            for seed in SEEDERS:
                seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata är på plats."))
        if scale > 1:
            started = time.monotonic()
            with transaction.atomic():
                counts = scale_module.scale(scale)
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Demodata uppskalad {scale} gånger på {seconds:.1f} s:"))
            for name, (before, after) in counts.items():
                self.stdout.write(f"  {name}: {before} → {after}")
        if not quiet_logins:
            self.stdout.write(f"\nDemoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
            for user in DEMO_USERS:
                self.stdout.write(f"  {user.username:<12} {user.role.label}")
