"""The companies' key figures are reference data the system administrators keep here; the companies
report their values in the rounds (/uppfoljning/<år>/<omgång>/bolag/). The account classes and object
mappings are finance's, kept at /ekonomi/kontoklasser/ and /ekonomi/objekt/."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from economy.models import KeyFigure
from organisation.admin import NoDeleteMixin


@admin.register(KeyFigure)
class KeyFigureAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit_label", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    ordering = ["position", "name"]
