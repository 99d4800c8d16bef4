"""Writes for the internal control plan (R31). Each takes the acting user and is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import GoverningDocument
from documents.services import register_adoption
from followup.models import Control, InternalControlPlan
from organisation import lifecycle
from organisation.models import Body, Decision, User
from styrmodell.concurrency import EditConflict, bump, locked_for_edit

__all__ = ["EditConflict"]  # the shared conflict, importable from here as before

CONTENT_FIELDS = (
    "process",
    "risk",
    "probability",
    "consequence",
    "control_method",
    "responsible_unit",
    "responsible_person",
    "frequency",
)


def _save(obj, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _adopted_message() -> str:
    return _("The internal control plan is adopted: its controls are frozen.")


def _require_open(plan: InternalControlPlan) -> None:
    lifecycle.require_open(plan, _adopted_message())


def _apply_content(control: Control, data: dict) -> None:
    for field in CONTENT_FIELDS:
        if field in data:
            value = data[field]
            if field in ("process", "risk", "control_method", "responsible_person"):
                value = (value or "").strip()
            setattr(control, field, value)


# The plan


@transaction.atomic
def plan_create(*, body: Body, year: int, actor: User) -> InternalControlPlan:
    """Start an empty draft plan for a body and year."""
    plan = InternalControlPlan(body=body, year=year)
    _save(plan, actor)
    return plan


@transaction.atomic
def plan_start_from(*, plan: InternalControlPlan, actor: User) -> InternalControlPlan:
    """Start next year's draft with a copy of this plan's controls, to be reassessed before adoption."""
    next_year = plan.year + 1
    if InternalControlPlan.objects.filter(body=plan.body, year=next_year).exists():
        raise ValidationError(
            _("There is already an internal control plan for %(year)s.") % {"year": next_year}
        )
    new = InternalControlPlan(body=plan.body, year=next_year, started_from=plan)
    _save(new, actor)
    for old in plan.controls.order_by("pk"):
        control = Control(plan=new, **{f: getattr(old, f) for f in CONTENT_FIELDS})
        _save(control, actor)
    return new


@transaction.atomic
def plan_propose(*, plan: InternalControlPlan, actor: User) -> InternalControlPlan:
    """Make a draft a proposal, readable by every signed-in user."""
    return lifecycle.propose(plan, actor=actor, adopted_message=_adopted_message(), check=_proposable)


def _proposable(plan: InternalControlPlan) -> None:
    if not plan.controls.exists():
        raise ValidationError(_("The plan has no controls: add them before it is proposed."))


def _adoptable(plan: InternalControlPlan) -> None:
    if not plan.controls.exists():
        raise ValidationError(_("The plan has no controls: add them before it is adopted."))


@transaction.atomic
def plan_adopt(*, plan: InternalControlPlan, decision: Decision, actor: User) -> InternalControlPlan:
    """Record the body's adoption (R31); from now on the controls are frozen."""
    lifecycle.adopt(
        plan, decision=decision, actor=actor, adopted_message=_adopted_message(), check=_adoptable
    )
    register_adoption(plan, decision=decision, actor=actor)
    return plan


@transaction.atomic
def plan_send_back(*, plan: InternalControlPlan, decision: Decision, actor: User) -> InternalControlPlan:
    """Record that the body sent the plan back (återremiss); planners rework it as a draft."""
    return lifecycle.send_back(plan, decision=decision, actor=actor, adopted_message=_adopted_message())


# Controls


@transaction.atomic
def control_create(*, plan: InternalControlPlan, data: dict, actor: User) -> Control:
    """Add a control to a plan that is not adopted."""
    _require_open(plan)
    control = Control(plan=plan)
    _apply_content(control, data)
    _save(control, actor)
    return control


@transaction.atomic
def control_update(*, control_id: int, expected_version: int, data: dict, actor: User) -> Control:
    """Change a control of a plan that is not adopted; refused if it changed since it was read.

    The row is locked while the version is compared, so two saves cannot both pass the check.
    """
    mine = {field: data[field] for field in CONTENT_FIELDS if field in data}
    control = locked_for_edit(
        Control.objects.select_related("plan"),
        pk=control_id,
        expected_version=expected_version,
        mine=mine,
        require=lambda current: _require_open(current.plan),
    )
    _apply_content(control, data)
    bump(control)
    _save(control, actor)
    return control


# The routines (4.7.2, R31)

ROUTINES_KIND = "riktlinje"


@transaction.atomic
def plan_set_routines(
    *, plan: InternalControlPlan, document: GoverningDocument | None, actor: User
) -> InternalControlPlan:
    """Link the plan to KS's adopted routines for internal control, a guideline (riktlinje) of the
    register, or unlink it (None).

    Allowed also after the plan is adopted: the routines are a document of their own, adopted by its
    own decision, and the link to them is not the plan's content, which the adoption froze.
    """
    if document is not None and document.kind.code != ROUTINES_KIND:
        raise ValidationError(
            {
                "routines": _(
                    "The routines are a guideline (riktlinje) in the register of governing documents."
                )
            }
        )
    plan = InternalControlPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    plan.routines = document
    _save(plan, actor)
    return plan
