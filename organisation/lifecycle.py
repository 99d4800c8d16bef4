"""The one decision lifecycle: draft → proposal → adopted by a body's decision, or sent back.

Everything a body adopts (KF's vision, mandate goals and budget; KS's goals, operational plan and
internal control plan; later the follow-up reports) derives from `Adoptable` and changes state only
through the services below. Each thing says which body decides it (`DECIDED_BY`), who drafts it
(`DRAFTED_BY`), whether it may be sent back (`MAY_BE_SENT_BACK`) and what its adoption registers
(`REGISTER_KIND`); its own service adds the checks and consequences of its rules (R7 before KF adopts
its goals, R10 before R11, ...) around these steps. Its querysets' `for_user()` and `editable_by()`
come from the same attributes (`AdoptableQuerySet`), so who reads and who changes cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Decision
from organisation.roles import Role, has_role, signed_in
from styrmodell.concurrency import VERSION_FIELD, bump

if TYPE_CHECKING:
    from organisation.models import User


class AdoptionStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    PROPOSAL = "forslag", _("Proposal")
    ADOPTED = "antagen", _("Adopted")
    SENT_BACK = "aterremitterad", _("Sent back")


def status_field(verbose_name=None) -> models.CharField:
    return models.CharField(
        verbose_name or _("status"),
        max_length=16,
        choices=AdoptionStatus.choices,
        default=AdoptionStatus.DRAFT,
    )


def decision_field(verbose_name=None) -> models.ForeignKey:
    return models.ForeignKey(
        "organisation.Decision",
        verbose_name=verbose_name or _("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


PUBLIC_STATUSES = (AdoptionStatus.PROPOSAL, AdoptionStatus.ADOPTED)


def visible_statuses(user: User | None, drafted_by: tuple[str, ...] = (Role.PLANNER,)) -> list[str]:
    """Drafts (and what was sent back) are read by the roles that draft; proposals and adopted
    things by every signed-in user."""
    if not signed_in(user):
        return []
    if has_role(user, *drafted_by):
        return list(AdoptionStatus.values)
    return list(PUBLIC_STATUSES)


class AdoptableQuerySet(models.QuerySet):
    """Who reads and who changes an adoptable thing, from its lifecycle: the same rule for all."""

    def for_user(self, user: User | None) -> AdoptableQuerySet:
        return self.filter(status__in=visible_statuses(user, self.model.drafts_read_by()))

    def editable_by(self, user: User | None) -> AdoptableQuerySet:
        """The drafting roles change it until it is adopted; after that it stays as decided."""
        if not has_role(user, *self.model.DRAFTED_BY):
            return self.none()
        return self.exclude(status=AdoptionStatus.ADOPTED)


class Adoptable(models.Model):
    """Something a body adopts by a recorded decision; once adopted it stays as decided."""

    # The kind of body that decides (KF: Body.Kind.ASSEMBLY); None: the thing's own `body` decides.
    DECIDED_BY: ClassVar[str | None] = None
    MAY_BE_SENT_BACK: ClassVar[bool] = False
    # The roles that draft it and change it until it is adopted; they read its drafts, and so do
    # the roles of DRAFTS_ALSO_READ_BY (planners read finance's draft budget).
    DRAFTED_BY: ClassVar[tuple[str, ...]] = (Role.PLANNER,)
    DRAFTS_ALSO_READ_BY: ClassVar[tuple[str, ...]] = ()
    # The kind of governing document its adoption registers (R3; a DocumentKind code), if any.
    REGISTER_KIND: ClassVar[str | None] = None

    status = status_field()
    decision = decision_field()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AdoptionStatus.ADOPTED) | Q(decision__isnull=False),
                name="%(app_label)s_%(class)s_adopted_has_decision",
                violation_error_message=_("What is adopted needs the decision that adopted it."),
            ),
        ]

    @property
    def is_adopted(self) -> bool:
        return self.status == AdoptionStatus.ADOPTED

    @property
    def is_proposal(self) -> bool:
        return self.status == AdoptionStatus.PROPOSAL

    @property
    def is_draft(self) -> bool:
        return self.status == AdoptionStatus.DRAFT

    @property
    def is_sent_back(self) -> bool:
        return self.status == AdoptionStatus.SENT_BACK

    @classmethod
    def drafts_read_by(cls) -> tuple[str, ...]:
        return cls.DRAFTED_BY + cls.DRAFTS_ALSO_READ_BY

    def register_entry(self) -> dict:
        """Its entry in the register of governing documents: title, source key and link."""
        return {
            "title": str(self),
            "source_key": f"{self._meta.label_lower}:{self.pk}",
            "url": self.get_absolute_url(),
        }

    def deciding_body(self) -> Body | None:
        """The body whose decision adopts this: KF for what `DECIDED_BY` names, else the own body."""
        if self.DECIDED_BY is None:
            return self.body
        return Body.objects.of_kind(self.DECIDED_BY)

    def count_change(self) -> None:
        """Raise the optimistic lock's counter, for the things that have one."""
        if any(field.name == VERSION_FIELD for field in self._meta.concrete_fields):
            bump(self)


# How a message names a deciding body the organisation lacks (DECIDED_BY names its kind).
BODY_KIND_NAMES = {
    Body.Kind.ASSEMBLY: _("the municipal assembly (KF)"),
    Body.Kind.EXECUTIVE_BOARD: _("the executive board (KS)"),
}


def require_decision(
    decision: Decision,
    body: Body | None,
    outcome: str = Decision.Outcome.DECIDED,
    *,
    kind: str | None = None,
) -> None:
    """Refuse a decision of another body than the deciding one, or one whose outcome is not the step's.

    `body` is the deciding body (`Adoptable.deciding_body`); None when the organisation lacks it, and
    then `kind` names it.
    """
    if body is None or decision.meeting.body_id != body.pk:
        name = body.short_name if body is not None else BODY_KIND_NAMES.get(kind, _("the deciding body"))
        raise ValidationError(gettext("The decision must be taken by %(body)s.") % {"body": name})
    if decision.outcome != outcome:
        if outcome == Decision.Outcome.DECIDED:
            raise ValidationError(gettext("The decision was not taken (it was sent back or rejected)."))
        raise ValidationError(gettext("The decision's outcome does not match this step."))


def require_open(thing: Adoptable, message: str) -> None:
    """Refuse a change to something adopted: it stays as the body decided it."""
    if thing.is_adopted:
        raise ValidationError(message)


def _save(thing: Adoptable, actor: User) -> None:
    thing.count_change()
    thing.full_clean()
    thing._history_user = actor
    thing.save()


@transaction.atomic
def propose[A: Adoptable](
    thing: A, *, actor: User, adopted_message: str, check: Callable[[A], None] | None = None
) -> A:
    """Make a draft (or something sent back) a proposal that every signed-in user reads."""
    require_open(thing, adopted_message)
    if check is not None:
        check(thing)
    thing.status = AdoptionStatus.PROPOSAL
    _save(thing, actor)
    return thing


@transaction.atomic
def adopt[A: Adoptable](
    thing: A,
    *,
    decision: Decision,
    actor: User,
    adopted_message: str,
    check: Callable[[A], None] | None = None,
) -> A:
    """Record the deciding body's adoption; `check` refuses with the thing's own rules first."""
    require_open(thing, adopted_message)
    require_decision(decision, thing.deciding_body(), Decision.Outcome.DECIDED, kind=thing.DECIDED_BY)
    if check is not None:
        check(thing)
    thing.status, thing.decision = AdoptionStatus.ADOPTED, decision
    _save(thing, actor)
    return thing


@transaction.atomic
def send_back[A: Adoptable](thing: A, *, decision: Decision, actor: User, adopted_message: str) -> A:
    """Record that the body sent it back (återremiss): planners rework it as a draft."""
    if not thing.MAY_BE_SENT_BACK:
        raise ValidationError(gettext("This is not sent back: the body adopts it or not."))
    require_open(thing, adopted_message)
    require_decision(decision, thing.deciding_body(), Decision.Outcome.SENT_BACK, kind=thing.DECIDED_BY)
    thing.status, thing.decision = AdoptionStatus.SENT_BACK, None
    _save(thing, actor)
    return thing


@transaction.atomic
def decide(
    *,
    meeting,
    paragraph: int,
    case_number: str,
    title: str,
    outcome: str,
    actor: User,
    adopt: Callable[[Decision], object],
    send_back: Callable[[Decision], object] | None = None,
) -> Decision:
    """Record the decision a meeting took and apply it in one transaction: adoption or sending back.

    The decision form (`organisation.forms.DecisionInputForm`) gives meeting, paragraph and case
    number; a refusal by the thing's rules rolls the recorded decision back with it.
    """
    from organisation.services import decision_record  # services build on the models this module defines

    decision = decision_record(
        meeting=meeting,
        paragraph=paragraph,
        case_number=case_number,
        title=title,
        outcome=outcome,
        actor=actor,
    )
    if outcome == Decision.Outcome.SENT_BACK:
        if send_back is None:
            raise ValidationError(gettext("This is not sent back: the body adopts it or not."))
        send_back(decision)
    else:
        adopt(decision)
    return decision


def decision_forms(
    thing: Adoptable, data_for: Callable[[str], object], *, show: Callable[[str], bool]
) -> dict:
    """The forms that record the deciding body's decision on `thing`: its adoption, and where the
    thing may be sent back, that too. `data_for(step)` gives the POST data when that step was sent;
    `show(step)` whether its form is shown (its step is open, or it was just sent and refused)."""
    from organisation.forms import DecisionInputForm

    body = thing.DECIDED_BY or thing.body
    steps = ["adopt", "send_back"] if thing.MAY_BE_SENT_BACK else ["adopt"]
    return {
        f"{step}_form": DecisionInputForm(data_for(step), prefix=step, body=body) if show(step) else None
        for step in steps
    }


def decide_by_form(
    thing: Adoptable,
    form,
    *,
    title: str,
    outcome: str,
    actor: User,
    adopt: Callable[..., object],
    send_back: Callable[..., object] | None = None,
) -> Decision:
    """Record the decision a valid `DecisionInputForm` describes and apply it with the thing's services."""
    return decide(
        **form.cleaned_data,
        title=title,
        outcome=outcome,
        actor=actor,
        adopt=lambda decision: adopt(decision=decision, actor=actor),
        send_back=(lambda decision: send_back(decision=decision, actor=actor)) if send_back else None,
    )
