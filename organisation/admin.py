"""The admin is the system administrator's tool for reference data; nothing can be deleted there."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisation import mandate
from organisation.models import (
    AccessChange,
    Assignment,
    Body,
    Decision,
    Meeting,
    OrgUnit,
    Party,
    Person,
    Placement,
    User,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HelpTextsMixin:
    """The admin form's help texts, for what the system administrator must know when editing there."""

    help_texts: dict = {}

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **{"help_texts": self.help_texts, **kwargs})

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, **{"help_texts": self.help_texts, **kwargs})


class ReadOnlyMixin(NoDeleteMixin):
    """The system writes these rows; nobody adds or changes one by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


ASSIGNMENT_HELP = {
    "end": _(
        "The last day of the assignment; empty if it has no end. The person's user account holds the "
        "elected representative role from the first day of an assignment through its last: the system "
        "sets it each night and at sign-in."
    )
}
PLACEMENT_HELP = {
    "end": _(
        "The last day of the placement; empty while it lasts. The person's user account has the units of "
        "the placements in force: the system sets them each night and at sign-in."
    )
}


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


class PlacementInline(HelpTextsMixin, NoDeleteMixin, admin.TabularInline):
    model = Placement
    fields = ["unit", "start", "end"]
    autocomplete_fields = ["unit"]
    extra = 0
    help_texts = PLACEMENT_HELP


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]
    inlines = [PlacementInline]


@admin.register(Placement)
class PlacementAdmin(HelpTextsMixin, NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["person", "unit", "start", "end"]
    list_select_related = ["person", "unit"]
    search_fields = ["person__name", "unit__name"]
    autocomplete_fields = ["person", "unit"]
    help_texts = PLACEMENT_HELP


@admin.register(Assignment)
class AssignmentAdmin(HelpTextsMixin, NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "party", "start", "end"]
    list_filter = ["body", "role", "party"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    help_texts = ASSIGNMENT_HELP


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


class AccessChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = AccessChange
    fk_name = "user"
    fields = ["on", "kind", "role", "unit", "source", "assignment", "placement", "actor", "at"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        causes = ["assignment__person", "assignment__body", "placement__person", "placement__unit"]
        return super().get_queryset(request).select_related("unit", "actor", *causes)


@admin.register(AccessChange)
class AccessChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "user", "kind", "role", "unit", "source", "on", "actor"]
    list_filter = ["kind", "source", "role"]
    list_select_related = ["user", "unit", "actor"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]


@admin.register(User)
class UserAdmin(HelpTextsMixin, NoDeleteMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Units"), {"fields": ["units"]}))
    filter_horizontal = ["groups", "user_permissions", "units"]
    inlines = [AccessChangeInline]
    help_texts = {
        "groups": _(
            "The roles. For a user whose person has assignments the elected representative role follows "
            "the assignments: the system sets it each night and at sign-in, so a change here lasts until "
            "then."
        ),
        "units": _(
            "Administrators write activities and follow-up for these units and their sub-units. For a user "
            "whose person has placements the units follow the placements: the system sets them each night "
            "and at sign-in, so a change here lasts until then."
        ),
    }

    def save_related(self, request, form, formsets, change) -> None:
        """A system administrator's own change of the roles or units is on record, by them."""
        before = mandate.access_of(user=form.instance)
        super().save_related(request, form, formsets, change)
        mandate.record_manual_change(user=form.instance, before=before, actor=request.user)
