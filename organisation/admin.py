"""The admin is the system administrator's tool for reference data; nothing can be deleted there."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisation.models import Assignment, Body, Decision, Meeting, OrgUnit, Party, Person, User


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "cost_centre", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "cost_centre"]
    autocomplete_fields = ["parent"]


@admin.register(Body)
class BodyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["units"]


@admin.register(Party)
class PartyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "abbreviation"]


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "party", "start", "end"]
    list_filter = ["body", "role", "party"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["body", "date", "extraordinary"]
    list_filter = ["body"]
    date_hierarchy = "date"


@admin.register(Decision)
class DecisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "paragraph", "case_number", "title", "outcome"]
    list_filter = ["outcome", "meeting__body"]
    search_fields = ["case_number", "title"]


@admin.register(User)
class UserAdmin(NoDeleteMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Units"), {"fields": ["units"]}))
    filter_horizontal = ["groups", "user_permissions", "units"]
