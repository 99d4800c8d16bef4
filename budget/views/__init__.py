"""KF's budget per year with its versions (R16, R17), the versions compared, and KS's frame distributed (R5).

Everyone signed in reads proposed and adopted versions; finance (ekonom) drafts and edits them.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budget import forms, plans, services
from budget.imports import (
    AMOUNT,
    AREA,
    BODY,
    LINE,
    LINE_NAMES,
    MAX_BYTES,
    RESULT,
    ImportKind,
    ImportRefused,
    import_file,
    layout,
    template_workbook,
)
from budget.models import Budget, BudgetVersion, FrameDistribution
from budget.querysets import is_finance
from budget.selectors import diff, distribution_summary, load_contents
from organisation import lifecycle
from organisation.access import role_required
from organisation.decision_timing import budget_expectation, month_warning
from organisation.forms import DecisionInputForm
from organisation.models import Body, Decision, Role
from styrmodell.concurrency import run_or_tell, save_or_show

MIN_YEAR, MAX_YEAR = 2000, 2100
TEMPLATE = "budget/budget.html"
SECTIONS = {
    "ramar": "frames",
    "ekonomisk-plan": "economic_plan",
    "investeringar": "investments",
    "mal": "goals",
}


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def _versions(user, year: int) -> tuple[Budget | None, list[BudgetVersion]]:
    """The year's budget and the versions the user may read (one query each)."""
    budget = Budget.objects.for_user(user).filter(year=year).select_related("body").first()
    if budget is None:
        return None, []
    versions = list(
        BudgetVersion.objects.for_user(user)
        .filter(budget=budget)
        .select_related("decision__meeting__body", "based_on")
        .order_by("number")
    )
    for version in versions:
        version.budget = budget
    return budget, versions


def _ks() -> Body | None:
    """The executive board, whose frame is distributed over its activity areas (R5)."""
    return services.executive_board()


def _ks_plan(user, year: int):
    """KS's plan for the year as the user may see it (budget.plans); its section 5 is the distribution."""
    ks = _ks()
    return plans.plan_of(ks, year, user) if ks is not None else None


# Pages


@require_GET
@login_required
def budget_index(request: HttpRequest) -> HttpResponse:
    """The current year's budget."""
    return redirect("budget:detail", timezone.localdate().year)


@require_http_methods(["GET", "POST"])
@login_required
def budget_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The budget's version in force (or finance's newest draft); finance starts a year's budget here."""
    year = _year(year)
    if request.method == "POST" and not is_finance(request.user):
        raise PermissionDenied
    budget, versions = _versions(request.user, year)
    if budget is None or not versions:
        return _missing(request, year)
    if request.method == "POST":
        return redirect(budget)
    version = services.current_version(budget, versions)
    if is_finance(request.user):
        version = versions[-1]  # finance works on the newest version, usually the draft
    return _page(request, budget, versions, version)


def _missing(request: HttpRequest, year: int) -> HttpResponse:
    finance = is_finance(request.user)
    form = forms.NewBudgetForm(request.POST if request.method == "POST" else None) if finance else None
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_show(
            form,
            lambda: services.budget_create(year=year, label=form.cleaned_data["label"], actor=request.user),
        )
    ):
        messages.success(request, _("The draft budget for %(year)s was started.") % {"year": year})
        return redirect("budget:detail", year)
    status = 200 if finance else 404
    title = Budget(year=year).title
    context = {"year": year, "title": title, "form": form}
    return render(request, "budget/budget_missing.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def version_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    """One version of the budget, readable for as long as the budget exists (R17); finance's actions."""
    year = _year(year)
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and not is_finance(user):
        raise PermissionDenied
    budget, versions = _versions(user, year)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    url = version.get_absolute_url()
    if action == "propose":
        run_or_tell(
            request,
            lambda: services.version_propose(
                version=version, expected_revision=_int(request.POST.get("revision")), actor=user
            ),
            _("The version is now a proposal that every signed-in user can read."),
        )
        return redirect(url)
    forms_by_action = {
        "adopt": DecisionInputForm(
            request.POST if action == "adopt" else None,
            prefix="adopt",
            body=budget.body,
        ),
        "new_version": forms.NewVersionForm(request.POST if action == "new_version" else None, prefix="new"),
        "import": forms.ImportForm(
            request.POST if action == "import" else None,
            request.FILES if action == "import" else None,
            prefix="import",
        ),
    }
    import_errors: list[str] = []
    if action == "adopt" and forms_by_action["adopt"].is_valid():
        form = forms_by_action["adopt"]
        if save_or_show(form, lambda: _adopt(version, budget, form, user)):
            messages.success(request, _("KF's adoption is recorded; the version stays as decided."))
            return redirect(url)
    elif action == "new_version" and forms_by_action["new_version"].is_valid():
        form = forms_by_action["new_version"]
        created = []
        if save_or_show(
            form,
            lambda: created.append(
                services.version_recalculate(
                    version=version,
                    kind=form.cleaned_data["kind"],
                    label=form.cleaned_data["label"],
                    actor=user,
                )
            ),
        ):
            messages.success(request, _("A new version was started from this one; this one stays as it was."))
            return redirect(created[0])
    elif action == "import" and forms_by_action["import"].is_valid():
        form = forms_by_action["import"]
        kind = form.cleaned_data["kind"]
        plan = _ks_plan(user, budget.year)
        try:
            count = import_file(
                kind=kind,
                data=form.cleaned_data["file"].read(MAX_BYTES + 1),  # more is refused unread
                version=version,
                body=plan.body if plan is not None else None,
                actor=user,
            )
        except ImportRefused as refused:
            import_errors = refused.errors
        except ValidationError as error:
            import_errors = list(error.messages)
        else:
            messages.success(
                request,
                _("The file was imported: %(count)s rows of %(what)s.")
                % {"count": count, "what": ImportKind(kind).label.lower()},
            )
            return redirect(url)
    elif action and action not in forms_by_action:
        return redirect(url)
    return _page(request, budget, versions, version, forms_by_action, action, import_errors)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _adopt(version: BudgetVersion, budget: Budget, form: DecisionInputForm, user) -> None:
    lifecycle.decide_by_form(
        version,
        form,
        title=_("%(title)s, %(version)s") % {"title": budget.title, "version": version.name},
        outcome=Decision.Outcome.DECIDED,
        actor=user,
        adopt=partial(services.version_adopt, version=version),
    )


def _page(
    request: HttpRequest,
    budget: Budget,
    versions: list[BudgetVersion],
    version: BudgetVersion,
    bound: dict | None = None,
    action: str = "",
    import_errors: list[str] | None = None,
) -> HttpResponse:
    user = request.user
    finance = is_finance(user)
    content = load_contents([version])[version.pk]
    in_force = services.current_version(budget, versions)
    plan = _ks_plan(user, budget.year)
    distribution = None
    if plan is not None:
        ks_frames = content.frames if version.pk == in_force.pk else None
        distribution = distribution_summary(plan.body, budget.year, versions, ks_frames)
    editable = finance and not version.is_adopted
    bound = bound or {}
    context = {
        "budget": budget,
        "versions": versions,
        "version": version,
        "in_force": in_force,
        "content": content,
        "decision_warning": month_warning(budget_expectation(version), budget.year, version.decision),
        "distribution": distribution,
        "finance": finance,
        "editable": editable,
        "action": action,
        "import_errors": import_errors or [],
        "compare_form": forms.CompareForm(
            initial={"a": versions[0].number, "b": versions[-1].number}, versions=versions
        )
        if len(versions) > 1
        else None,
        "history": version.history.all(),  # this version's own, from its creation (not its source's)
    }
    if finance:
        context.update(
            {
                "adopt_form": bound.get("adopt") or DecisionInputForm(prefix="adopt", body=budget.body)
                if editable
                else None,
                "new_version_form": bound.get("new_version") or forms.NewVersionForm(prefix="new")
                if version.is_adopted and all(v.is_adopted for v in versions)
                else None,
                "import_form": bound.get("import") or forms.ImportForm(prefix="import") if editable else None,
                "layouts": _layouts(budget),
            }
        )
    return render(request, TEMPLATE, context)


def _layouts(budget: Budget) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": kind.label,
            "columns": layout(kind, budget.plan_years),
            "example": _example(kind, budget),
        }
        for kind in ImportKind
    ]


def _example(kind: str, budget: Budget) -> list[list[str]]:
    if kind == ImportKind.FRAMES:
        return [[BODY, AMOUNT], ["KS", "712 400"], ["KF", "8 350,5"]]
    if kind == ImportKind.ECONOMIC_PLAN:
        years = [str(y) for y in budget.plan_years]
        return [
            [LINE, *years],
            [LINE_NAMES["skatteintakter"], "600 100", "612 300", "625 000"],
            [RESULT, "14 000", "12 500", "11 000"],
        ]
    return [[AREA, AMOUNT], ["Barn- och utbildningsavdelningen", "265 000"], ["1300", "240 000"]]


@require_GET
@login_required
@role_required(Role.FINANCE)
def import_template(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """An empty workbook with the columns the import expects."""
    year = _year(year)
    if kind not in ImportKind.values:
        raise Http404
    budget = Budget(year=year)
    response = HttpResponse(
        template_workbook(kind, budget.plan_years),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="budget-{year}-{kind}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.FINANCE)
def version_edit(request: HttpRequest, year: int, number: int, section: str) -> HttpResponse:
    """Finance edits a section of a version not yet adopted; a save over somebody else's is refused."""
    year = _year(year)
    if section not in SECTIONS:
        raise Http404
    budget, versions = _versions(request.user, year)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    if version.is_adopted:
        messages.error(request, services.adopted_message())
        return redirect(version)
    data = request.POST if request.method == "POST" else None
    content = load_contents([version])[version.pk]
    kind = SECTIONS[section]
    user = request.user
    if kind == "frames":
        bodies = list(
            Body.objects.filter(kind__in=[Body.Kind.ASSEMBLY, Body.Kind.EXECUTIVE_BOARD, Body.Kind.BOARD])
            | Body.objects.filter(pk__in=[f.body_id for f in content.frames])
        )
        bodies = sorted(set(bodies), key=lambda b: (b.kind != Body.Kind.ASSEMBLY, b.name))
        form = forms.FramesForm(
            data, version=version, bodies=bodies, frames={f.body_id: f.amount for f in content.frames}
        )
        save = lambda: services.frames_set(  # noqa: E731
            version=version,
            amounts=form.amounts(),
            expected_revision=form.cleaned_data["revision"],
            actor=user,
        )
    elif kind == "economic_plan":
        form = forms.EconomicPlanForm(data, version=version, amounts=content.lines)
        save = lambda: services.economic_plan_set(  # noqa: E731
            version=version,
            amounts=form.amounts(),
            expected_revision=form.cleaned_data["revision"],
            actor=user,
        )
    elif kind == "investments":
        form = forms.InvestmentsForm(data, version=version, projects=content.projects)
        save = lambda: services.investments_set(  # noqa: E731
            version=version,
            projects=form.projects(),
            expected_revision=form.cleaned_data["revision"],
            actor=user,
        )
    else:
        form = forms.GoalsForm(
            data, version=version, financial=content.financial_goals, geh=content.geh_goals
        )
        save = lambda: services.goals_set(  # noqa: E731
            version=version,
            financial=form.financial(),
            geh=form.geh(),
            expected_revision=form.cleaned_data["revision"],
            actor=user,
        )
    if request.method == "POST" and form.is_valid() and save_or_show(form, save, field="revision"):
        messages.success(request, _("The changes were saved."))
        return redirect(reverse("budget:version", args=[year, number]) + f"#{section}")
    titles = {
        "frames": _("Frame budget"),
        "economic_plan": _("Economic plan"),
        "investments": _("Investment plan"),
        "goals": _("Financial goals and goals for good financial management"),
    }
    context = {
        "budget": budget,
        "version": version,
        "form": form,
        "section": section,
        "heading": titles[kind],
    }
    return render(request, f"budget/edit_{kind}.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.FINANCE)
def distribution_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Finance distributes KS's frame over its activity areas in the plan (R5: never above the frame)."""
    year = _year(year)
    plan = _ks_plan(request.user, year)
    if plan is None:
        raise Http404
    ks = plan.body
    _budget, versions = _versions(request.user, year)
    rows = list(FrameDistribution.objects.filter(body=ks, year=year).select_related("unit"))
    current = {row.unit_id: row.amount for row in rows}
    areas = list(services.activity_areas(year))
    extra = [row.unit for row in rows if row.unit not in areas]
    form = forms.DistributionForm(
        request.POST if request.method == "POST" else None,
        units=areas + extra,
        current=current,
        revenue={row.unit_id: row.revenue for row in rows},
    )
    if request.method == "POST" and form.is_valid():
        save = lambda: services.distribution_set(  # noqa: E731
            body=ks,
            year=year,
            amounts=form.amounts(),
            expected=form.expected(),
            actor=request.user,
            revenues=form.revenues(),
            expected_revenues=form.expected_revenues(),
        )
        if save_or_show(form, save, field="read"):
            messages.success(request, _("The distribution of the frame was saved."))
            return redirect("budget:distribution", year)
    summary = distribution_summary(ks, year, versions)
    context = {"body": ks, "plan": plan, "form": form, "year": year, "view_summary": summary}
    return render(request, "budget/edit_distribution.html", context)


@require_GET
@login_required
def version_compare(request: HttpRequest, year: int) -> HttpResponse:
    """Two versions side by side, line by line, with the differences (R17)."""
    year = _year(year)
    budget, versions = _versions(request.user, year)
    if budget is None or not versions:
        raise Http404
    form = forms.CompareForm(request.GET or None, versions=versions)
    sections, a, b = [], None, None
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        a, b = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        contents = load_contents([a, b])
        sections = diff(contents[a.pk], contents[b.pk])
    elif not request.GET and len(versions) > 1:
        query = f"?a={versions[-2].number}&b={versions[-1].number}"
        return redirect(reverse("budget:compare", args=[year]) + query)
    context = {"budget": budget, "versions": versions, "form": form, "a": a, "b": b, "sections": sections}
    return render(request, "budget/compare.html", context)
