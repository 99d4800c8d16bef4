from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from budget import plans
        from budget.signals import distribution_changed
        from planning import receivers, selectors

        distribution_changed.connect(
            receivers.distribution_changed, dispatch_uid="planning.distribution_changed"
        )
        plans.register(selectors.plans_for_budget)
