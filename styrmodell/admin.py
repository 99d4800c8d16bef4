"""The admin site: the system administrator's tool for the organisation, users and reference data."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.models import Role


class StyrmodellAdminSite(admin.AdminSite):
    """Open to system administrators and superusers; the is_staff flag decides nothing.

    Planners and the other roles work in the app, where the services validate and record every change.
    Databases seeded before this rule have staff planners: the role, not the flag, keeps them out.
    """

    site_header = _("Styrmodell – administration")
    site_title = _("Styrmodell – administration")
    index_title = _("Organisation, users and reference data")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.has_role(Role.SYSADMIN))

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """One sign-in page for everyone (throttled, in Swedish); a signed-in user without access gets 403."""
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return redirect(index)
        if request.user.is_authenticated:
            raise PermissionDenied
        # The sign-in page checks that "next" stays on this site before following it.
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or index)
