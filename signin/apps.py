from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from signin import checks  # noqa: F401  (registers the system checks)
        from signin.sessions import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="signin-start-idle-clock")
