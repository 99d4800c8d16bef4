from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StyrmodellConfig(AppConfig):
    name = "styrmodell"
    verbose_name = "Styrmodell"

    def ready(self) -> None:
        from styrmodell import db  # noqa: F401 - registers the sv_lower lookup


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (styrmodell.admin); named in INSTALLED_APPS, never the default here."""

    default = False
    default_site = "styrmodell.admin.StyrmodellAdminSite"
