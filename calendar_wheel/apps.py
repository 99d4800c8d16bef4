from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarWheelConfig(AppConfig):
    name = "calendar_wheel"
    verbose_name = _("Annual wheel")

    def ready(self) -> None:
        from calendar_wheel import signals  # noqa: F401
