"""The kinds of governing documents are reference data the system administrators keep here; the
documents themselves are registered by planners at /styrdokument/."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from documents.models import DocumentKind
from organisation.admin import NoDeleteMixin


@admin.register(DocumentKind)
class DocumentKindAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]
    ordering = ["position", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The program looks kinds up by code ("plan", "budget"): a code is fixed once created.
        return ["code"] if obj else []
