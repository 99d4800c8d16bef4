from django.apps import AppConfig


class StyrmodellConfig(AppConfig):
    name = "styrmodell"
    verbose_name = "Styrmodell"

    def ready(self) -> None:
        from styrmodell import db  # noqa: F401 - registers the sv_lower lookup
