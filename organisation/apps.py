from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from organisation.roles import sync_roles

        # Permissions are created after migrate; the role groups follow them there.
        post_migrate.connect(sync_roles, dispatch_uid="organisation.sync_roles")
