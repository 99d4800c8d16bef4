"""A round's page: its dates from the annual wheel, its state, the links to its entry pages; for planners
and finance its progress, the reminders, reopening and closing its input, and the report's decision."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from followup import reminders, rounds
from followup.forms_rounds import CloseForm, ReopenForm
from followup.models import REPORT_KINDS, Report, RoundReminder
from followup.pages import Round, get_round
from followup.progress import round_progress
from organisation import lifecycle
from organisation.forms import DecisionInputForm
from organisation.models import Decision, User
from styrmodell.concurrency import initial_version, run_or_tell, save_or_show
from styrmodell.spreadsheets import Column, download, workbook

TEMPLATE = "followup/round.html"


def _refuse_unless_steering(request: HttpRequest) -> None:
    """Only planners and finance steer a round (progress, reminders, input, decision): others get 403."""
    if not rounds.may_steer_input(request.user):
        raise PermissionDenied


@require_GET
@login_required
def round_detail(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """The round: dates, state, adoption and the entry pages; the steering parts for planners and finance."""
    return _page(request, get_round(request, year, round))


def _page(request: HttpRequest, current: Round, **forms: Form | None) -> HttpResponse:
    user: User = request.user
    report = current.report
    steers = rounds.may_steer_input(user)
    asks_units = report.kind in REPORT_KINDS
    context = {
        "round": current,
        "report": report,
        "dates": current.dates,
        "state": current.state,
        "asks_units": asks_units,
        "steers": steers,
        "assumed_ks_month": report.kind in rounds.STEP_CODES,
        "closes_working_days": settings.FOLLOWUP_INPUT_CLOSES_WORKING_DAYS,
    }
    if steers:
        frozen = report.is_adopted
        locked = current.state is rounds.InputState.LOCKED
        takes_input = current.state.takes_input
        context |= {
            "progress": round_progress(report) if asks_units else None,
            "reminders": list(
                RoundReminder.objects.filter(report=report).select_related("unit").order_by("-created_at")
            )
            if asks_units
            else [],
            "may_remind": asks_units and takes_input,
            "reopen_form": forms.get("reopen_form")
            or (ReopenForm(initial=initial_version(report)) if locked and not frozen else None),
            "close_form": forms.get("close_form")
            or (CloseForm(initial=initial_version(report)) if takes_input else None),
            "may_propose": not frozen and not report.is_proposal,
            "adopt_form": forms.get("adopt_form")
            or (DecisionInputForm(prefix="adopt", body=report.body) if not frozen else None),
            "history": report.history.all(),
        }
    return render(request, TEMPLATE, context)


def _steer(request: HttpRequest, year: int, slug: str, form_class, service, success: str, key: str):
    """Reopen or close a round's input by hand (planners and finance): the form's reason is kept in
    the round's history; a refusal or a save over somebody else's is shown on the form."""
    _refuse_unless_steering(request)
    current = get_round(request, year, slug)
    form = form_class(request.POST)

    def steer() -> None:
        service(
            report_id=current.report.pk,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["override_reason"],
            actor=request.user,
        )

    if form.is_valid() and save_or_show(form, steer):
        messages.success(request, success)
        return redirect(current.report.get_absolute_url())
    current.report.refresh_from_db()
    return _page(request, current, **{key: form})


@require_http_methods(["POST"])
@login_required
def round_reopen(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Reopen a locked round's input, with a reason kept in its history."""
    success = _("The round is open for input again.")
    return _steer(request, year, round, ReopenForm, rounds.reopen, success, "reopen_form")


@require_http_methods(["POST"])
@login_required
def round_close(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Close a round's input by hand; a reason, if given, is kept."""
    success = _("The round's input is closed.")
    return _steer(request, year, round, CloseForm, rounds.close, success, "close_form")


@require_http_methods(["POST"])
@login_required
def round_remind(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Remind the units that have not reported (planners and finance); says what it did."""
    _refuse_unless_steering(request)
    current = get_round(request, year, round)
    try:
        with transaction.atomic():
            result = reminders.remind_missing(report=current.report, actor=request.user, today=current.today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(current.report.get_absolute_url())
    messages.success(request, reminded_message(result))
    return redirect(current.report.get_absolute_url() + "#paminnelser")


def reminded_message(result: reminders.Reminded) -> str:
    """ "Reminder sent to 4 people in 2 units", "Everybody has already been reminded", or nobody to remind."""
    if result.new:
        people = ngettext("%(count)s person", "%(count)s people", result.people) % {"count": result.people}
        units = ngettext("%(count)s unit", "%(count)s units", result.units) % {"count": result.units}
        return _("Reminder sent to %(people)s in %(units)s.") % {"people": people, "units": units}
    if result.already:
        return _("Everybody has already been reminded.")
    return _("Nobody to remind: every unit has reported, or its people have no e-mail address.")


@require_http_methods(["POST"])
@login_required
def round_propose(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Propose the report to KS (planners and finance): it is then read by everyone and takes no input."""
    _refuse_unless_steering(request)
    current = get_round(request, year, round)
    run_or_tell(
        request,
        lambda: rounds.report_propose(report=current.report, actor=request.user),
        _("The report is proposed to the board: every signed-in user reads it, and its input is locked."),
    )
    return redirect(current.report.get_absolute_url())


@require_http_methods(["POST"])
@login_required
def round_decide(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Record KS's adoption of the report (planners and finance): the round is frozen for good."""
    _refuse_unless_steering(request)
    current = get_round(request, year, round)
    report = current.report
    form = DecisionInputForm(request.POST, prefix="adopt", body=report.body)
    if form.is_valid() and save_or_show(form, lambda: _decide(report, form, request.user)):
        messages.success(request, _("The adoption is recorded: the round is frozen for good."))
        return redirect(report.get_absolute_url())
    report.refresh_from_db()
    return _page(request, current, adopt_form=form)


def _decide(report: Report, form: DecisionInputForm, user: User) -> None:
    lifecycle.decide_by_form(
        report,
        form,
        title=str(report),
        outcome=Decision.Outcome.DECIDED,
        actor=user,
        adopt=partial(rounds.report_adopt, report=report),
    )


@require_GET
@login_required
def progress_export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The round's progress per unit as Excel (planners and finance)."""
    _refuse_unless_steering(request)
    current = get_round(request, year, round)
    progress = round_progress(current.report)
    columns = [
        Column(_("Unit"), 36),
        Column(_("Activities"), 12),
        Column(_("Reported"), 12),
        Column(_("Missing"), 12),
        Column(_("Activities not reported"), 80, wrap=True),
    ]
    rows = (
        (
            entry.unit.name,
            len(entry.activities),
            len(entry.activities) - len(entry.missing),
            len(entry.missing),
            "\n".join(activity.title for activity in entry.missing),
        )
        for entry in progress.units
    )
    content = workbook(_("Progress"), columns, rows)
    return download(content, f"uppfoljning-{current.report.year}-{current.report.slug}-framsteg.xlsx")
