"""Writes for the budget (R16, R17) and KS's distribution of its frame (R5). Each takes the acting user.

Every change to a version's content raises its revision, the version its forms carry; a save that
read an older revision is refused with the changed lines' saved amounts beside the user's
(styrmodell.concurrency), so two finance officers cannot silently overwrite each other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.models import (
    ZERO,
    Budget,
    BudgetFrame,
    BudgetVersion,
    EconomicPlanLine,
    FinancialGoal,
    FrameDistribution,
    GehGoal,
    InvestmentAmount,
    InvestmentPlan,
    InvestmentProject,
)
from budget.money import format_tkr
from budget.signals import distribution_changed
from documents.services import register_adoption
from goals.models import MandateGoal
from organisation import lifecycle
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Decision, OrgUnit, User
from styrmodell.concurrency import Change, EditConflict, differences, line_differences
from styrmodell.db import SwedishCollate


def _save(obj, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _delete(obj, actor: User) -> None:
    obj._history_user = actor
    obj.delete()


def assembly() -> Body:
    body = Body.objects.of_kind(Body.Kind.ASSEMBLY)
    if body is None:
        raise ValidationError(_("The municipal assembly (KF) is missing from the organisation."))
    return body


def executive_board() -> Body | None:
    return Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)


# Budgets and versions (R16, R17)


@transaction.atomic
def budget_create(*, year: int, label: str = "", actor: User) -> BudgetVersion:
    """Start KF's budget for a year: its first version, a draft linked to the KF goals applying that year."""
    if Budget.objects.filter(year=year).exists():
        raise ValidationError(_("There is already a budget for %(year)s.") % {"year": year})
    budget = Budget(year=year, body=assembly())
    _save(budget, actor)
    version = BudgetVersion(budget=budget, number=1, kind=BudgetVersion.Kind.ADOPTION, label=label.strip())
    _save(version, actor)
    version.mandate_goals.set(MandateGoal.objects.applying_in(year))
    _save(InvestmentPlan(version=version), actor)
    return version


def _lock(
    version: BudgetVersion,
    expected_revision: int | None,
    changed: Callable[[BudgetVersion], list[Change]] = lambda current: [],
) -> BudgetVersion:
    """The version's row, locked; refused if it is adopted, or changed since it was read.

    `changed` gives the lines where the saved content and the user's differ, for the conflict.
    """
    current = BudgetVersion.objects.select_for_update().select_related("budget").get(pk=version.pk)
    if current.is_adopted:  # an adoption meanwhile is a refusal, not a conflict to resolve
        raise ValidationError(adopted_message())
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflict(current=current, changed=changed(current), version=current.revision)
    return current


def adopted_message() -> str:
    return _("This version is adopted and stays as KF decided it. Start a new version to change the budget.")


def _touch(version: BudgetVersion, actor: User) -> None:
    version.revision += 1
    _save(version, actor)


@transaction.atomic
def version_recalculate(
    *, version: BudgetVersion, kind: str = BudgetVersion.Kind.RECALCULATION, label: str = "", actor: User
) -> BudgetVersion:
    """A new draft of the same budget, copied from an adopted version that stays as it was (R17)."""
    if not version.is_adopted:
        raise ValidationError(_("A new version starts from an adopted version."))
    budget = version.budget
    if budget.versions.exclude(status=AdoptionStatus.ADOPTED).exists():
        raise ValidationError(_("The budget already has a version being worked on."))
    number = max(budget.versions.values_list("number", flat=True)) + 1
    new = BudgetVersion(budget=budget, number=number, kind=kind, label=label.strip(), based_on=version)
    _save(new, actor)
    new.mandate_goals.set(version.mandate_goals.all())
    for goal in version.financial_goals.all():
        _save(FinancialGoal(version=new, position=goal.position, text=goal.text, target=goal.target), actor)
    for goal in version.geh_goals.all():
        _save(GehGoal(version=new, code=goal.code, title=goal.title, description=goal.description), actor)
    for frame in version.frames.all():
        _save(BudgetFrame(version=new, body_id=frame.body_id, amount=frame.amount), actor)
    for line in version.plan_lines.all():
        _save(EconomicPlanLine(version=new, kind=line.kind, year=line.year, amount=line.amount), actor)
    old_plan = InvestmentPlan.objects.filter(version=version).first()
    plan = InvestmentPlan(version=new, note=old_plan.note if old_plan else "")
    _save(plan, actor)
    if old_plan:
        for project in old_plan.projects.prefetch_related("amounts"):
            copy = InvestmentProject(plan=plan, name=project.name, position=project.position)
            _save(copy, actor)
            for amount in project.amounts.all():
                _save(InvestmentAmount(project=copy, year=amount.year, amount=amount.amount), actor)
    return new


@transaction.atomic
def version_update(
    *, version: BudgetVersion, label: str, expected_revision: int, actor: User
) -> BudgetVersion:
    version = _lock(version, expected_revision, lambda current: differences(current, {"label": label}))
    version.label = label.strip()
    _touch(version, actor)
    return version


@transaction.atomic
def version_propose(
    *, version: BudgetVersion, expected_revision: int | None = None, actor: User
) -> BudgetVersion:
    """Publish a draft as a proposal that every signed-in user can read."""
    version = _lock(version, expected_revision)
    return lifecycle.propose(version, actor=actor, adopted_message=adopted_message())


@transaction.atomic
def version_adopt(*, version: BudgetVersion, decision: Decision, actor: User) -> BudgetVersion:
    """Record KF's decision; from now on the version stays as decided."""
    version = _lock(version, None)
    lifecycle.adopt(
        version, decision=decision, actor=actor, adopted_message=adopted_message(), check=_require_frames
    )
    register_adoption(version, decision=decision, actor=actor)
    return version


def _require_frames(version: BudgetVersion) -> None:
    if not version.frames.exists():
        raise ValidationError(_("The version has no frames: enter the frame budget before adoption."))


def current_version(budget: Budget, versions: Iterable[BudgetVersion] | None = None) -> BudgetVersion | None:
    """The version in force: the newest adopted one, else the newest of those given (or all)."""
    versions = sorted(versions if versions is not None else budget.versions.all(), key=lambda v: v.number)
    adopted = [v for v in versions if v.is_adopted]
    return (adopted or versions or [None])[-1]


# The version's content


@transaction.atomic
def frames_set(
    *,
    version: BudgetVersion,
    amounts: Mapping[Body, Decimal | None],
    expected_revision: int | None,
    actor: User,
) -> BudgetVersion:
    """Set the frames of the bodies given; None removes a body's frame."""
    names = {body.pk: body.name for body in amounts}

    def changed(current: BudgetVersion) -> list[Change]:
        saved = {frame.body_id: frame.amount for frame in current.frames.all()}
        mine = {body.pk: amount for body, amount in amounts.items()}
        return line_differences(saved, mine, label=names.__getitem__, display=format_tkr)

    version = _lock(version, expected_revision, changed)
    existing = {frame.body_id: frame for frame in version.frames.all()}
    for body, amount in amounts.items():
        frame = existing.get(body.pk)
        if amount is None:
            if frame:
                _delete(frame, actor)
        elif frame is None:
            _save(BudgetFrame(version=version, body=body, amount=amount), actor)
        elif frame.amount != amount:
            frame.amount = amount
            _save(frame, actor)
    _touch(version, actor)
    return version


@transaction.atomic
def economic_plan_set(
    *,
    version: BudgetVersion,
    amounts: Mapping[tuple[str, int], Decimal | None],
    expected_revision: int | None,
    actor: User,
) -> BudgetVersion:
    """Set the economic plan's lines for the three years (R16); None leaves a line empty."""

    def changed(current: BudgetVersion) -> list[Change]:
        saved = {(line.kind, line.year): line.amount for line in current.plan_lines.all()}
        return line_differences(
            saved,
            amounts,
            label=lambda key: f"{EconomicPlanLine.Kind(key[0]).label} {key[1]}",
            display=format_tkr,
        )

    version = _lock(version, expected_revision, changed)
    years = set(version.budget.plan_years)
    existing = {(line.kind, line.year): line for line in version.plan_lines.all()}
    for (kind, year), amount in amounts.items():
        if year not in years:
            raise ValidationError(
                _("The economic plan covers %(first)s–%(last)s.") % {"first": min(years), "last": max(years)}
            )
        line = existing.get((kind, year))
        if amount is None:
            if line:
                _delete(line, actor)
        elif line is None:
            _save(EconomicPlanLine(version=version, kind=kind, year=year, amount=amount), actor)
        elif line.amount != amount:
            line.amount = amount
            _save(line, actor)
    _touch(version, actor)
    return version


@transaction.atomic
def investments_set(
    *,
    version: BudgetVersion,
    projects: list[tuple[str, Mapping[int, Decimal | None]]],
    expected_revision: int | None,
    actor: User,
) -> BudgetVersion:
    """Replace the investment plan's projects and their yearly amounts for the five years (R16)."""

    def changed(current: BudgetVersion) -> list[Change]:
        saved = {
            (amount.project.name, amount.year): amount.amount
            for amount in InvestmentAmount.objects.filter(project__plan__version=current).select_related(
                "project"
            )
        }
        mine = {
            (name.strip(), year): amount for name, amounts in projects for year, amount in amounts.items()
        }
        mine |= {key: None for key in saved if key not in mine}  # what a save would remove
        return line_differences(saved, mine, label=lambda key: f"{key[0]}, {key[1]}", display=format_tkr)

    version = _lock(version, expected_revision, changed)
    years = set(version.budget.investment_years)
    plan, _created = InvestmentPlan.objects.get_or_create(version=version)
    existing = {p.name: p for p in plan.projects.prefetch_related("amounts")}
    names = [name.strip() for name, _amounts in projects]
    if len(set(names)) != len(names):
        raise ValidationError(_("Each project is named once."))
    for project in existing.values():
        if project.name not in names:
            for amount in project.amounts.all():
                _delete(amount, actor)
            _delete(project, actor)
    for position, (name, amounts) in enumerate(projects, start=1):
        project = existing.get(name.strip())
        if project is None:
            project = InvestmentProject(plan=plan, name=name.strip(), position=position)
            _save(project, actor)
            stored = {}
        else:
            if project.position != position:
                project.position = position
                _save(project, actor)
            stored = {a.year: a for a in project.amounts.all()}
        for year, amount in amounts.items():
            if year not in years:
                raise ValidationError(
                    _("The investment plan covers %(first)s–%(last)s.")
                    % {"first": min(years), "last": max(years)}
                )
            row = stored.get(year)
            if amount is None:
                if row:
                    _delete(row, actor)
            elif row is None:
                _save(InvestmentAmount(project=project, year=year, amount=amount), actor)
            elif row.amount != amount:
                row.amount = amount
                _save(row, actor)
    _touch(version, actor)
    return version


@transaction.atomic
def goals_set(
    *,
    version: BudgetVersion,
    financial: list[tuple[str, str]],
    geh: list[tuple[str, str, str]],
    expected_revision: int | None,
    actor: User,
) -> BudgetVersion:
    """Replace the financial goals (text, target) and the GEH goals (code, title, description)."""

    def changed(current: BudgetVersion) -> list[Change]:
        saved = {goal.position: (goal.text, goal.target) for goal in current.financial_goals.all()}
        mine = {i: (text.strip(), target.strip()) for i, (text, target) in enumerate(financial, start=1)}
        mine |= {key: None for key in saved if key not in mine}
        lines = line_differences(
            saved,
            mine,
            label=lambda position: _("Financial goal %(number)s") % {"number": position},
            display=lambda goal: f"{goal[0]} ({goal[1]})" if goal[1] else goal[0],
        )
        saved = {goal.code: (goal.title, goal.description) for goal in current.geh_goals.all()}
        mine = {code.strip().upper(): (title.strip(), text.strip()) for code, title, text in geh}
        mine |= {key: None for key in saved if key not in mine}
        return lines + line_differences(
            saved, mine, label=str, display=lambda goal: "\n".join(filter(None, goal))
        )

    version = _lock(version, expected_revision, changed)
    old_financial = list(version.financial_goals.all())
    for position, (text, target) in enumerate(financial, start=1):
        goal = (
            old_financial[position - 1] if position <= len(old_financial) else FinancialGoal(version=version)
        )
        new = (position, text.strip(), target.strip())
        if goal.pk is None or (goal.position, goal.text, goal.target) != new:
            goal.position, goal.text, goal.target = new
            _save(goal, actor)
    for goal in old_financial[len(financial) :]:
        _delete(goal, actor)
    codes = [code.strip().upper() for code, _title, _description in geh]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each goal for good financial management has its own code."))
    old_geh = {goal.code: goal for goal in version.geh_goals.all()}
    for goal in old_geh.values():
        if goal.code not in codes:
            _delete(goal, actor)
    for code, (_code, title, description) in zip(codes, geh, strict=True):
        goal = old_geh.get(code) or GehGoal(version=version, code=code)
        if goal.pk is None or (goal.title, goal.description) != (title.strip(), description.strip()):
            goal.title, goal.description = title.strip(), description.strip()
            _save(goal, actor)
    _touch(version, actor)
    return version


# KS's budget in the operational plan (R5, R11 section 5)


@dataclass
class FrameUse:
    """How much of a body's frame its plan distributes."""

    version: BudgetVersion | None
    frame: Decimal | None
    distributed: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.frame is None else self.frame - self.distributed

    @property
    def overdrawn(self) -> bool:
        return self.frame is not None and self.distributed > self.frame

    @property
    def over(self) -> Decimal:
        """By how much the distribution exceeds the frame; zero within it."""
        return self.distributed - self.frame if self.overdrawn else ZERO

    @property
    def after_recalculation(self) -> bool:
        """The frame in force is November's technical recalculation (R17), not the frame first distributed."""
        return self.version is not None and self.version.kind == BudgetVersion.Kind.RECALCULATION


def frame_for(body: Body, year: int, versions: Iterable[BudgetVersion] | None = None) -> tuple:
    """The body's frame in the current version of the budget for the year: (version, frame)."""
    if versions is None:
        versions = BudgetVersion.objects.filter(budget__year=year).select_related("budget")
    versions = list(versions)
    if not versions:
        return None, None
    version = current_version(versions[0].budget, versions)
    frame = BudgetFrame.objects.filter(version=version, body_id=body.pk).first()
    return version, frame.amount if frame else None


@transaction.atomic
def distribution_set(
    *,
    body: Body,
    year: int,
    amounts: Mapping[OrgUnit, Decimal | None],
    expected: Mapping[int, Decimal] | None,
    actor: User,
    revenues: Mapping[OrgUnit, Decimal | None] | None = None,
    expected_revenues: Mapping[int, Decimal] | None = None,
) -> FrameUse:
    """Distribute the body's frame over its activity areas; refused above the frame (R5: the economy wins).

    `expected` is the distribution as the editor read it (unit id → amount; `expected_revenues` the
    areas' budgeted revenue, those not zero); if it changed since, nothing is saved and the conflict
    shows the areas' saved amounts beside the user's. `revenues` sets the areas' budgeted revenue (of
    the net amount; None or absent: zero), which the economy's follow-up compares with the outcome.
    """
    # The body's row is locked: two saves of the same distribution wait for each other, so the one
    # that read a stale distribution sees it changed.
    body = Body.objects.select_for_update().get(pk=body.pk)
    existing = {row.unit_id: row for row in FrameDistribution.objects.filter(body=body, year=year)}
    saved = {unit_id: row.amount for unit_id, row in existing.items()}
    saved_revenue = {unit_id: row.revenue for unit_id, row in existing.items() if row.revenue}
    stale = expected is not None and dict(expected) != saved
    stale = stale or (expected_revenues is not None and dict(expected_revenues) != saved_revenue)
    if stale:
        names = {unit.pk: unit.name for unit in amounts}
        raise EditConflict(
            current=body,
            changed=line_differences(
                saved,
                {unit.pk: amount for unit, amount in amounts.items()},
                label=names.__getitem__,
                display=format_tkr,
            ),
            version=fingerprint(saved, saved_revenue),
            history=FrameDistribution.history.filter(body_id=body.pk, year=year),
        )
    revenues = revenues or {}
    for unit, revenue in revenues.items():
        if revenue and amounts.get(unit) is None:
            raise ValidationError(
                _("%(unit)s has no amount: an activity area without an amount has no revenue.")
                % {"unit": unit.name}
            )
    wanted = {unit_id: row.amount for unit_id, row in existing.items()}
    for unit, amount in amounts.items():
        if amount is None:
            wanted.pop(unit.pk, None)
        else:
            wanted[unit.pk] = amount
    # The year's versions are locked, so that KF's adoption of a lower frame (November's recalculation)
    # or a change to the frame of a draft in force waits for this save, or this save sees it: the
    # distribution is checked against the frame in force when it is saved.
    versions = BudgetVersion.objects.select_for_update(of=("self",)).filter(budget__year=year)
    version, frame = frame_for(body, year, versions.select_related("budget").order_by("number"))
    if frame is None:
        raise ValidationError(
            _("%(body)s has no frame in the budget for %(year)s yet: the frame comes first.")
            % {"body": body.short_name, "year": year}
        )
    distributed = sum(wanted.values(), ZERO)
    if distributed > frame:
        raise ValidationError(
            _(
                "The distribution, %(distributed)s, exceeds the frame of %(body)s, %(frame)s, by %(over)s. "
                "The economy sets the limit (the governance model, section 3.3): lower the amounts. "
                "Nothing was saved."
            )
            % {
                "distributed": format_tkr(distributed),
                "body": body.short_name,
                "frame": format_tkr(frame),
                "over": format_tkr(distributed - frame),
            }
        )
    for unit, amount in amounts.items():
        row = existing.get(unit.pk)
        # A revenue not given keeps the saved one (a caller that sets amounts only leaves it as it is).
        revenue = (revenues.get(unit) or ZERO) if unit in revenues else (row.revenue if row else ZERO)
        if amount is None:
            if row:
                _delete(row, actor)
        elif row is None:
            _save(FrameDistribution(body=body, year=year, unit=unit, amount=amount, revenue=revenue), actor)
        elif row.amount != amount or row.revenue != revenue:
            row.amount, row.revenue = amount, revenue
            _save(row, actor)
    # The distribution is part of the body's plan for the year (R11 section 5): the plan, if adopted,
    # records the change as a new version of itself (planning's receiver), in this transaction.
    distribution_changed.send(sender=FrameDistribution, body=body, year=year, actor=actor)
    return FrameUse(version=version, frame=frame, distributed=distributed)


def fingerprint(distribution: Mapping[int, Decimal], revenue: Mapping[int, Decimal] | None = None) -> str:
    """The distribution as read (unit id → amount; then the revenues not zero), the version its form
    carries: "12:300000.00,13:200000.00" or, with revenue, "12:300000.00;12:45000.00"."""
    read = ",".join(f"{unit_id}:{amount}" for unit_id, amount in sorted(distribution.items()))
    revenue = {unit_id: amount for unit_id, amount in (revenue or {}).items() if amount}
    if revenue:
        read += ";" + ",".join(f"{unit_id}:{amount}" for unit_id, amount in sorted(revenue.items()))
    return read


def activity_areas(year: int):
    """The activity areas a frame is distributed over: the departments in force in the year."""
    return (
        OrgUnit.objects.active_on(datetime.date(year, 1, 1))
        .filter(kind=OrgUnit.Kind.DEPARTMENT)
        .order_by(SwedishCollate("name"))
    )


# Goals for good financial management (GEH) as the units' activities see them (R14)


def geh_goals_for_year(year: int, versions: Iterable[BudgetVersion] | None = None) -> dict[str, GehGoal]:
    """The GEH goals of the budget version in force for the year, by code; empty without a budget."""
    if versions is None:
        versions = BudgetVersion.objects.filter(budget__year=year).select_related("budget")
    versions = list(versions)
    if not versions:
        return {}
    version = current_version(versions[0].budget, versions)
    return {goal.code: goal for goal in GehGoal.objects.filter(version=version).order_by("code")}


def geh_code_refused(year: int, code: str) -> str:
    """The refusal of a GEH code the year's budget does not have, shown next to the code's field."""
    return _("The budget for %(year)s has no goal for good financial management %(code)s.") % {
        "year": year,
        "code": code,
    }


def check_geh_code(year: int, code: str) -> None:
    """Refuse a GEH code the year's budget does not have; a year without GEH goals has no code to give."""
    if code and code not in geh_goals_for_year(year):
        raise ValidationError({"geh_code": geh_code_refused(year, code)})
