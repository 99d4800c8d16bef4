"""KF's budget as a PDF (R16): "Budget 2026 med plan för 2027–2028", one document per version.

The chapters follow R16: KF's goals, the financial goals, the goals for good financial management
(GEH), the frames per body, the three-year economic plan and the five-year investment plan. The version
(June's adoption, November's technical recalculation, R17) is named on the cover. Everything is read as
the budget's web page reads it (`budget.selectors.load_contents`), in a fixed number of queries.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from budget import services
from budget.models import Budget, BudgetVersion
from budget.selectors import load_contents
from reports.kinds import Document, Section, Subject
from reports.models import Kind

TEMPLATES = "reports/pdf/budget"


def subjects(kind: Kind, year: int) -> list[Subject]:
    """Every version of the year's budget, oldest first; `--round` picks one by its number."""
    versions = BudgetVersion.objects.filter(budget__year=year).select_related("budget").order_by("number")
    return [
        Subject.of(version, label=f"{version.budget.year}, {version.name}", slug=str(version.number))
        for version in versions
    ]


def compose(kind: Kind, subject: Subject) -> Document:
    """The document in Swedish, whoever asked for it (as `rendering.html_of` renders it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(subject)


def _compose(subject: Subject) -> Document:
    """The version's chapters in R16's order, with the context their templates read."""
    version = BudgetVersion.objects.select_related("budget__body", "decision__meeting__body").get(
        pk=subject.obj.pk
    )
    budget: Budget = version.budget
    siblings = list(BudgetVersion.objects.filter(budget=budget).order_by("number"))
    in_force = services.current_version(budget, siblings)
    content = load_contents([version])[version.pk]
    plan_years, investment_years = budget.plan_years, budget.investment_years
    sections = [
        Section("kf-goals", _("KF's goals"), f"{TEMPLATES}/kf_goals.html"),
        Section("financial-goals", _("Financial goals"), f"{TEMPLATES}/financial_goals.html"),
        Section("geh-goals", _("Goals for good financial management"), f"{TEMPLATES}/geh_goals.html"),
        Section("frames", _("Frame budget"), f"{TEMPLATES}/frames.html"),
        Section(
            "economic-plan",
            _("Economic plan %(first)s–%(last)s") % {"first": plan_years[0], "last": plan_years[-1]},
            f"{TEMPLATES}/economic_plan.html",
        ),
        Section(
            "investment-plan",
            _("Investment plan %(first)s–%(last)s")
            % {"first": investment_years[0], "last": investment_years[-1]},
            f"{TEMPLATES}/investment_plan.html",
        ),
    ]
    return Document(
        title=str(budget.title),
        subtitle=str(version.name)[:1].upper() + str(version.name)[1:],
        sections=sections,
        context={
            "budget": budget,
            "version": version,
            "in_force": in_force,
            "content": content,
            "year": budget.year,
        },
        sources={"budget_version": version.number, "budget_revision": version.revision},
        adopted=version.is_adopted,
        decision=version.decision if version.is_adopted else None,
        body_name=budget.body.name,
    )
