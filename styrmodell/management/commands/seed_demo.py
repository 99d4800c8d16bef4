"""python manage.py seed_demo: a believable demo municipality (Ånge kommun), safe to run again."""

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

    def handle(self, *args, quiet_logins: bool = False, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo skapar demodata och får inte köras när DJANGO_ENV=production.")
        with transaction.atomic():
            for seed in SEEDERS:
                seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata är på plats."))
        if not quiet_logins:
            self.stdout.write(f"\nDemoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
            for user in DEMO_USERS:
                self.stdout.write(f"  {user.username:<12} {user.role.label}")
