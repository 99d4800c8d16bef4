"""What every page's shell needs: the municipality's name and the navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from organisation.models import OrgUnit

NAVIGATION = [
    ("mal", _("Goals")),
    ("verksamhetsplan", _("Operational plan")),
    ("aktiviteter", _("Activities")),
    ("budget", _("Budget")),
    ("uppfoljning", _("Follow-up")),
    ("internkontroll", _("Internal control")),
    ("rapporter", _("Reports")),
    ("arshjul", _("Annual wheel")),
    ("styrdokument", _("Governing documents")),
]


def _municipality_name() -> str:
    root = OrgUnit.objects.filter(kind=OrgUnit.Kind.MUNICIPALITY, parent=None).values_list("name", flat=True)
    return root.first() or ""


def shell(request: HttpRequest) -> dict:
    return {
        "municipality_name": SimpleLazyObject(_municipality_name),
        "navigation": NAVIGATION,
        # Whether Insyn, the public side, is on: the signed-in pages link to it only then.
        "public_site_enabled": settings.PUBLIC_SITE_ENABLED,
    }
