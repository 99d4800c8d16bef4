"""The roles: their names (the one place a role's group name is written), the predicates every
queryset's `for_user()`/`editable_by()` and every view's check use, and the model permissions each
role holds (kept in step after migrate)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from organisation.models import User


class Role(models.TextChoices):
    """The product's roles; each is a Django group of the same name with its permissions."""

    POLITICIAN = "fortroendevald", _("Elected representative")
    ADMINISTRATOR = "handlaggare", _("Administrator")
    PLANNER = "planerare", _("Planner")
    FINANCE = "ekonom", _("Finance officer")
    SYSADMIN = "systemadministrator", _("System administrator")
    COMPANY_REPORTER = "bolagsrapportor", _("Company reporter")


def signed_in(user: User | None) -> bool:
    """An active, signed-in account: whatever its roles, it may read what every role reads."""
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user: User | None, *roles: str) -> bool:
    return signed_in(user) and user.has_role(*roles)


def is_planner(user: User | None) -> bool:
    return has_role(user, Role.PLANNER)


def is_finance(user: User | None) -> bool:
    return has_role(user, Role.FINANCE)


def is_administrator(user: User | None) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_sysadmin(user: User | None) -> bool:
    return has_role(user, Role.SYSADMIN)


def is_company_reporter(user: User | None) -> bool:
    """Reports for the companies among the user's units, and sees only their entries."""
    return has_role(user, Role.COMPANY_REPORTER)


_ORGANISATION_MODELS = ("orgunit", "body", "party", "person", "assignment", "placement", "user")
_RECORDS = ("meeting", "decision")
_EVERYTHING = _ORGANISATION_MODELS + _RECORDS
# Everyone reads the organisation and the records; user accounts are the system administrator's.
_READ = tuple(model for model in _EVERYTHING if model != "user")


def _perms(actions: tuple[str, ...], models: tuple[str, ...]) -> set[str]:
    return {f"organisation.{action}_{model}" for action in actions for model in models}


# Nothing is ever deleted: units close, users are deactivated, decisions are records. So no role
# holds a delete permission. Later apps add their own permissions here.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.POLITICIAN: _perms(("view",), _READ),
    Role.ADMINISTRATOR: _perms(("view",), _READ),
    Role.FINANCE: _perms(("view",), _READ),
    Role.PLANNER: _perms(("view",), _READ) | _perms(("add", "change"), _RECORDS),
    Role.SYSADMIN: _perms(("view",), _EVERYTHING) | _perms(("add", "change"), _ORGANISATION_MODELS),
    Role.COMPANY_REPORTER: _perms(("view",), _READ),
}
# Who was given or lost access, and why (organisation.mandate): the system administrator reads it; the
# system alone writes it, so nobody adds or changes a row.
ROLE_PERMISSIONS[Role.SYSADMIN] |= {"organisation.view_accesschange"}
# The accounts at the identity provider bound to users (signin app): bound at sign-in, read by the
# system administrator.
ROLE_PERMISSIONS[Role.SYSADMIN] |= {"signin.view_externalidentity"}

# The internal control plan (followup app, R31): every role reads it, planners draft it.
_INTERNAL_CONTROL = ("internalcontrolplan", "control")
for _role_perms in ROLE_PERMISSIONS.values():
    _role_perms |= {f"followup.view_{model}" for model in _INTERNAL_CONTROL}
ROLE_PERMISSIONS[Role.PLANNER] |= {
    f"followup.{action}_{model}" for action in ("add", "change") for model in _INTERNAL_CONTROL
}

# The register of governing documents (R3): every role reads it, planners register the documents KF
# and KS adopt, and the kinds of document are reference data the system administrators keep.
for _role_perms in ROLE_PERMISSIONS.values():
    _role_perms |= {"documents.view_governingdocument", "documents.view_documentkind"}
ROLE_PERMISSIONS[Role.PLANNER] |= {"documents.add_governingdocument", "documents.change_governingdocument"}
ROLE_PERMISSIONS[Role.SYSADMIN] |= {"documents.add_documentkind", "documents.change_documentkind"}

# The budget (budget app, R16-R18): every role reads it, finance (ekonom) enters and changes it.
_BUDGET = (
    "budget",
    "budgetversion",
    "financialgoal",
    "gehgoal",
    "budgetframe",
    "economicplanline",
    "investmentplan",
    "investmentproject",
    "investmentamount",
    "framedistribution",
    "redistribution",
)
for _role_perms in ROLE_PERMISSIONS.values():
    _role_perms |= {f"budget.view_{model}" for model in _BUDGET}
ROLE_PERMISSIONS[Role.FINANCE] |= {
    f"budget.{action}_{model}" for action in ("add", "change") for model in _BUDGET
}


# The annual wheel (calendar_wheel app, R19-R23): every role reads its steps and deadlines, planners
# add and change (and retire) the steps; deadlines are generated, never typed, so nobody edits them.
for _role_perms in ROLE_PERMISSIONS.values():
    _role_perms |= {"calendar_wheel.view_wheelevent", "calendar_wheel.view_deadline"}
ROLE_PERMISSIONS[Role.PLANNER] |= {"calendar_wheel.add_wheelevent", "calendar_wheel.change_wheelevent"}

# The economy's follow-up (economy app, R25, R29, R30): every role reads it; finance imports the
# outcome and enters forecasts, investments and the handling of deviations; the company reporters their
# company's report; the system administrators keep the key figures and the account classes.
_ECONOMY = (
    "accountclass",
    "objectmapping",
    "outcomeimport",
    "outcome",
    "projectoutcome",
    "areaforecast",
    "economysummary",
    "investmentfollowup",
    "keyfigure",
    "ownerdirectivegoal",
    "companyreport",
    "companyfigure",
    "ownergoalassessment",
    "deviationflag",
)
for _role_perms in ROLE_PERMISSIONS.values():
    _role_perms |= {f"economy.view_{model}" for model in _ECONOMY}
ROLE_PERMISSIONS[Role.FINANCE] |= {
    f"economy.{action}_{model}"
    for action in ("add", "change")
    for model in (
        "accountclass",
        "objectmapping",
        "outcomeimport",
        "outcome",
        "projectoutcome",
        "areaforecast",
        "economysummary",
        "investmentfollowup",
        "deviationflag",
    )
}
ROLE_PERMISSIONS[Role.PLANNER] |= {f"economy.{action}_ownerdirectivegoal" for action in ("add", "change")}
ROLE_PERMISSIONS[Role.PLANNER] |= {"economy.change_deviationflag"}
ROLE_PERMISSIONS[Role.SYSADMIN] |= {f"economy.{action}_keyfigure" for action in ("add", "change")}
ROLE_PERMISSIONS[Role.COMPANY_REPORTER] |= {
    f"economy.{action}_{model}"
    for action in ("add", "change")
    for model in ("companyreport", "companyfigure", "ownergoalassessment")
}


@transaction.atomic
def sync_roles(**_kwargs) -> None:
    """Create the role groups and give each exactly its permissions; safe to run any number of times."""
    wanted = set().union(*ROLE_PERMISSIONS.values())
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={name.split(".")[0] for name in wanted}
        )
    }
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = [by_name[name] for name in names if name in by_name]
        current = set(group.permissions.values_list("pk", flat=True))
        if current != {p.pk for p in perms}:
            group.permissions.set(perms)
