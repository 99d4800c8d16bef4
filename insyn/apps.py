from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsynConfig(AppConfig):
    name = "insyn"
    verbose_name = _("Public insight")

    def ready(self) -> None:
        from insyn import public

        public.connect_signals()
