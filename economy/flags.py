"""The deviations KS alerts KF to (R30): found in a round's figures, handled by people.

`refresh(report)` reads what deviates in a round and raises, updates or marks no longer current the
year's flags, one per (year, kind, subject):

- an activity area, or the whole body, forecasting a deficit beyond the threshold (`economy.figures`);
- an investment project whose forecast exceeds its budget for the year;
- a wholly-owned company forecasting a loss, or missing a goal of its owner directive;
- a KS or KF goal assessed "not achieved".

A round judges only what it reports on: a subject it has no entry for (a company that has not reported
yet, a goal the round does not assess) leaves the flag as it is. A refresh of a round earlier than the
flag's latest round changes nothing of it: the later figures stand. Handling is kept when the figures
change; a deviation that is gone makes the flag no longer current, and current again if it returns.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from budget.money import format_tkr
from economy.figures import percent, round_economy
from economy.investments import round_investments
from economy.models import (
    CompanyReport,
    DeviationFlag,
    FlagKind,
    FlagState,
    OwnerGoalAssessment,
)
from followup.models import REPORT_KINDS, GoalAssessment, Report, Verdict
from followup.rounds import round_order
from organisation.lifecycle import visible_statuses
from organisation.models import Body, Decision, User
from organisation.roles import Role, has_role
from styrmodell.concurrency import bump, locked_for_edit

SUBJECT_MAX = DeviationFlag._meta.get_field("subject").max_length
TITLE_MAX = DeviationFlag._meta.get_field("title").max_length
# What refresh may change on a flag; the handling (state, comment, decision, handled_*) is people's.
FIGURE_FIELDS = ["title", "detail", "amount", "first_report", "latest_report", "current"]


@dataclass
class Found:
    """What a round says about one subject: deviating (with its figures) or not."""

    kind: str
    subject: str
    deviates: bool
    title: str = ""
    detail: str = ""
    amount: object = None


def _subject(prefix: str, key: object) -> str:
    return f"{prefix}:{key}"[:SUBJECT_MAX]


def _percent_text(value) -> str:
    return "–" if value is None else f"{value}".replace(".", ",").replace("-", "\u2212")


def _deficit(kind: str, subject: str, name: str, deviation, budget_net, flagged: bool) -> Found:
    deficit = -deviation
    title = _("%(name)s: forecast deficit %(amount)s (%(percent)s %%)") % {
        "name": name,
        "amount": format_tkr(deficit),
        "percent": _percent_text(percent(deviation, budget_net)),
    }
    detail = _("Budgeted net cost %(budget)s, forecast net cost %(forecast)s.") % {
        "budget": format_tkr(budget_net),
        "forecast": format_tkr(budget_net - deviation),
    }
    return Found(kind, subject, flagged, title[:TITLE_MAX], detail, deficit)


def _economy(report: Report) -> list[Found]:
    """Deficits per activity area and for the body (the thresholds are `figures.deficit_flagged`).

    Only forecasts finance has entered are judged: the page's proposal until then is arithmetic, not a
    forecast anyone has made, so an area without an entry (and the body, in a round without any) leaves
    its flag as it is."""
    economy = round_economy(report)
    found = [
        _deficit(
            FlagKind.AREA_DEFICIT,
            _subject("unit", row.unit.pk),
            row.unit.name,
            row.deviation,
            row.budget.net,
            row.flagged,
        )
        for row in economy.areas
        if row.entry is not None
    ]
    if economy.areas and economy.forecasts_entered:
        total = economy.total
        found.append(
            _deficit(
                FlagKind.BOARD_DEFICIT,
                _subject("body", report.body_id),
                report.body.name,
                total.deviation,
                total.budget.net,
                total.flagged,
            )
        )
    return found


def _investments(report: Report) -> list[Found]:
    """Investment projects whose entered forecast is above their budget for the year, by the
    investment report's own figures (`economy.investments`); a proposed forecast is not judged."""
    found = []
    for row in round_investments(report).rows:
        if row.entry is None:
            continue
        over = row.forecast - row.budget
        title = _("%(project)s: forecast %(forecast)s, %(over)s over the budget of %(budget)s") % {
            "project": row.project.name,
            "forecast": format_tkr(row.forecast),
            "over": format_tkr(over),
            "budget": format_tkr(row.budget),
        }
        found.append(
            Found(
                FlagKind.INVESTMENT_OVER,
                _subject("project", row.project.name),
                row.over_budget,
                title[:TITLE_MAX],
                row.comment,
                over,
            )
        )
    return found


def _companies(report: Report) -> list[Found]:
    found = []
    for entry in CompanyReport.objects.filter(report=report).select_related("company"):
        title = _("%(company)s: forecast result %(forecast)s") % {
            "company": entry.company.name,
            "forecast": format_tkr(entry.forecast),
        }
        found.append(
            Found(
                FlagKind.COMPANY_LOSS,
                _subject("company", entry.company_id),
                entry.forecast < 0,
                title[:TITLE_MAX],
                entry.comment,
                entry.forecast,
            )
        )
    assessed = OwnerGoalAssessment.objects.filter(company_report__report=report).select_related(
        "goal__company"
    )
    for entry in assessed:
        title = _("%(company)s: owner directive goal not achieved: %(goal)s") % {
            "company": entry.goal.company.name,
            "goal": entry.goal.text,
        }
        found.append(
            Found(
                FlagKind.OWNER_GOAL_MISSED,
                _subject("ownergoal", entry.goal_id),
                entry.verdict == Verdict.NOT_ACHIEVED,
                title[:TITLE_MAX],
                entry.comment,
            )
        )
    return found


def _goals(report: Report) -> list[Found]:
    found = []
    entries = GoalAssessment.objects.filter(report=report).select_related("annual_goal", "mandate_goal")
    for entry in entries.prefetch_related("mandate_goal__versions"):
        if entry.annual_goal_id:
            subject, label = _subject("ksgoal", entry.annual_goal_id), entry.annual_goal.title
            title = _("KS goal not achieved: %(goal)s") % {"goal": label}
        else:
            version = entry.mandate_goal.version_for(report.year)
            label = version.title if version else str(entry.mandate_goal)
            subject = _subject("kfgoal", entry.mandate_goal_id)
            title = _("KF goal not achieved: %(goal)s") % {"goal": label}
        found.append(
            Found(
                FlagKind.GOAL_NOT_ACHIEVED,
                subject,
                entry.verdict == Verdict.NOT_ACHIEVED,
                title[:TITLE_MAX],
                entry.analysis,
            )
        )
    return found


class Source(enum.Enum):
    """What a save changes, and so which of the round's findings a refresh after it reads anew."""

    ECONOMY = "economy"  # an import of the outcome, an area's forecast
    INVESTMENTS = "investments"  # an import of the outcome, an investment's follow-up
    COMPANIES = "companies"  # a company's report
    GOALS = "goals"  # a goal's assessment


# The companies and the goals are reported in the tertial, interim and annual rounds only.
REPORT_ONLY = frozenset({Source.COMPANIES, Source.GOALS})


def findings(report: Report, sources: Iterable[Source] = tuple(Source)) -> list[Found]:
    """What the round says, deviating or not, about every subject it reports on (of `sources`)."""
    finders = {
        Source.ECONOMY: _economy,
        Source.INVESTMENTS: _investments,
        Source.COMPANIES: _companies,
        Source.GOALS: _goals,
    }
    found: list[Found] = []
    for source in sources:
        if source not in REPORT_ONLY or report.kind in REPORT_KINDS:
            found += finders[source](report)
    return found


@transaction.atomic
def refresh(report: Report, *sources: Source, actor: User | None = None) -> None:
    """Raise, update or mark no longer current the year's flags from the round's figures: of the
    `sources` the save changed (all when none is named), as only their flags can change.

    Called in the same transaction after every save that can change a deviation: an import confirmed,
    a forecast, an investment follow-up, a company report, a goal assessment; `actor` is recorded in
    the flags' history. A constant number of queries: the figures', the body's lock, the year's flags,
    and one write each for new and changed."""
    report = Report.objects.select_related("body", "meeting").get(pk=report.pk)
    # The titles are kept as written: in the product's language, whoever (or whatever task) refreshes.
    with translation.override(settings.LANGUAGE_CODE):
        found = findings(report, sources or tuple(Source))
    # The body's row is locked so that two refreshes of the year cannot raise the same flag twice.
    Body.objects.select_for_update().filter(pk=report.body_id).exists()
    existing = {
        (flag.kind, flag.subject): flag
        for flag in DeviationFlag.objects.filter(year=report.year).select_related(
            "first_report__meeting", "latest_report__meeting"
        )
    }
    here = round_order(report)
    new, changed = [], []
    for item in found:
        flag = existing.get((item.kind, item.subject))
        if flag is None:
            if item.deviates:
                new.append(
                    DeviationFlag(
                        year=report.year,
                        kind=item.kind,
                        subject=item.subject,
                        title=item.title,
                        detail=item.detail,
                        amount=item.amount,
                        first_report=report,
                        latest_report=report,
                    )
                )
            continue
        if _apply(flag, item, report, here):
            changed.append(flag)
    if new:
        bulk_create_with_history(new, DeviationFlag, default_user=actor)
    if changed:
        bulk_update_with_history(changed, DeviationFlag, FIGURE_FIELDS, default_user=actor)


def _apply(flag: DeviationFlag, item: Found, report: Report, here: tuple) -> bool:
    """Bring a flag in line with a round's finding; whether anything changed."""
    before = _state(flag)
    if item.deviates and round_order(flag.first_report) > here:
        flag.first_report = report
    if round_order(flag.latest_report) <= here:
        # The flag's latest round or a later one: its figures and whether it is current are this round's.
        flag.latest_report = report
        flag.current = item.deviates
        if item.deviates:
            flag.title, flag.detail, flag.amount = item.title, item.detail, item.amount
    return before != _state(flag)


def _state(flag: DeviationFlag) -> list:
    return [flag.serializable_value(name) for name in FIGURE_FIELDS]


# Handling: finance or planners mark a flag handled, or reported to KF with the decision that did it


def may_handle(user: User) -> bool:
    return has_role(user, Role.FINANCE, Role.PLANNER)


def kf_decisions(year: int) -> QuerySet[Decision]:
    """The decisions of KF's meetings from the year on: what a deviation can be reported to KF by."""
    return (
        Decision.objects.filter(
            meeting__body__kind=Body.Kind.ASSEMBLY,
            meeting__date__gte=datetime.date(year, 1, 1),
            outcome=Decision.Outcome.DECIDED,
        )
        .select_related("meeting__body")
        .order_by("meeting__date", "paragraph")
    )


@transaction.atomic
def flag_handle(
    *,
    flag_id: int,
    year: int,
    expected_version: int,
    state: str,
    comment: str,
    decision: Decision | None,
    actor: User,
) -> DeviationFlag:
    """Mark an open flag handled (with a comment) or reported to KF (with KF's decision); a save over
    somebody else's is refused."""
    if not may_handle(actor):
        raise PermissionDenied
    comment = (comment or "").strip()
    errors = {}
    if state not in (FlagState.HANDLED, FlagState.REPORTED):
        errors["state"] = _("Choose handled or reported to KF.")
    elif state == FlagState.HANDLED and not comment:
        errors["comment"] = _("Say how the deviation was handled.")
    elif state == FlagState.REPORTED:
        if decision is None:
            errors["decision"] = _("Give the KF decision the deviation was reported by.")
        elif not kf_decisions(year).filter(pk=decision.pk).exists():
            errors["decision"] = _("Choose a decision of KF from the deviation's year or later.")
    if errors:
        raise ValidationError(errors)
    mine = {
        "state": state,
        "comment": comment,
        "decision": decision if state == FlagState.REPORTED else None,
    }

    def still_open(current: DeviationFlag) -> None:
        if current.state != FlagState.OPEN:
            raise ValidationError(_("The deviation is already handled."))

    flag = locked_for_edit(
        DeviationFlag.objects.filter(year=year),
        pk=flag_id,
        expected_version=expected_version,
        mine=mine,
        require=still_open,
    )
    flag.state, flag.comment, flag.decision = mine["state"], mine["comment"], mine["decision"]
    flag.handled_by, flag.handled_at = actor, timezone.now()
    bump(flag)
    flag.full_clean()
    flag._history_user = actor
    flag.save()
    return flag


# The reads


def for_user(user: User, year: int) -> QuerySet[DeviationFlag]:
    """The year's flags the user reads: those whose latest round the user reads (politicians read the
    proposed and adopted rounds only)."""
    readable = visible_statuses(user, Report.drafts_read_by())
    return DeviationFlag.objects.filter(year=year, latest_report__status__in=readable)


@dataclass
class FlagGroups:
    """The year's flags as the page lists them: open and current by kind, then the rest."""

    open: list[tuple[str, list[DeviationFlag]]]
    handled: list[DeviationFlag]
    reported: list[DeviationFlag]
    gone: list[DeviationFlag]

    @property
    def open_count(self) -> int:
        return sum(len(flags) for _kind, flags in self.open)

    @property
    def empty(self) -> bool:
        return not (self.open or self.handled or self.reported or self.gone)


def grouped(flags: Iterable[DeviationFlag]) -> FlagGroups:
    by_kind: dict[str, list[DeviationFlag]] = {kind: [] for kind in FlagKind.values}
    handled, reported, gone = [], [], []
    for flag in flags:
        if flag.state == FlagState.HANDLED:
            handled.append(flag)
        elif flag.state == FlagState.REPORTED:
            reported.append(flag)
        elif not flag.current:
            gone.append(flag)
        else:
            by_kind[flag.kind].append(flag)
        flag.source_url = source_url(flag)
    labels = dict(FlagKind.choices)
    return FlagGroups(
        open=[(str(labels[kind]), items) for kind, items in by_kind.items() if items],
        handled=handled,
        reported=reported,
        gone=gone,
    )


# The page of the latest round where each kind of deviation is shown.
SOURCE_PAGES = {
    FlagKind.AREA_DEFICIT: "economy:round",
    FlagKind.BOARD_DEFICIT: "economy:round",
    FlagKind.INVESTMENT_OVER: "economy:investments",
    FlagKind.COMPANY_LOSS: "economy:companies",
    FlagKind.OWNER_GOAL_MISSED: "economy:companies",
}


def source_url(flag: DeviationFlag) -> str:
    """Where the deviation is seen: the page of its latest round that shows it."""
    report = flag.latest_report
    name = SOURCE_PAGES.get(flag.kind)
    return reverse(name, args=[report.year, report.slug]) if name else report.get_absolute_url()


def with_relations(queryset: QuerySet[DeviationFlag]) -> QuerySet[DeviationFlag]:
    """What a flag's card shows, loaded with it."""
    return queryset.select_related(
        "latest_report__meeting",
        "latest_report__body",
        "first_report__meeting",
        "first_report__body",
        "decision__meeting__body",
        "handled_by",
    )


def year_flags(user: User, year: int) -> FlagGroups:
    """The year's flags the user reads, grouped (one query)."""
    return grouped(with_relations(for_user(user, year)).order_by("kind", "title", "pk"))


def open_count(user: User, year: int) -> int:
    """How many of the year's flags the user reads are open and current (one query)."""
    return for_user(user, year).filter(state=FlagState.OPEN, current=True).count()
