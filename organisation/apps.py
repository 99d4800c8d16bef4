from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def reconcile_at_sign_in(sender, user, **_signal) -> None:
    """Django's sign-in event: the access that follows the user's mandate is right from the first page."""
    from organisation.mandate import reconcile_user

    reconcile_user(user=user)


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from organisation.roles import sync_roles

        # Permissions are created after migrate; the role groups follow them there.
        post_migrate.connect(sync_roles, dispatch_uid="organisation.sync_roles")
        # Every sign-in, the password's and the identity provider's alike (organisation.mandate).
        user_logged_in.connect(reconcile_at_sign_in, dispatch_uid="organisation.reconcile_at_sign_in")
