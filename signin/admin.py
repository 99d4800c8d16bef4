"""The accounts at the identity provider, for the system administrator to see (they are bound at sign-in)."""

from django.contrib import admin

from organisation.admin import ReadOnlyMixin
from signin.models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "subject", "issuer", "created", "last_sign_in"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    list_select_related = ["user"]
