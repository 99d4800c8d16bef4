"""The accounts at the identity provider, for the system administrator to see (they are bound at sign-in)."""

from django.contrib import admin

from signin.models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "subject", "issuer", "created", "last_sign_in"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created", "last_sign_in"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
