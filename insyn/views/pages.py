"""Insyn's pages: the start, a year's röd tråd, its plan, budget, reports and wheel, the register of
governing documents, the statement on accessibility and a KS goal's embeddable status card.

Every page is rendered once per generation and path (`public.cached`) and answered from the cache
after that: a second visit runs no query. The templates read no user, session, message or CSRF token,
so one rendering serves everyone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from insyn import pages, public, selectors

FIRST_YEAR, LAST_YEAR = 2000, 2100


def cached_page(request: HttpRequest, template: str, context: Callable[[], dict]) -> HttpResponse:
    """The page's bytes for this generation and path, rendered on the first visit only."""

    def build() -> bytes:
        return render_to_string(template, context(), request=request).encode()

    return HttpResponse(public.cached("page", request, build, by_query=False))


def adopted_year(year: int) -> list[int]:
    """The years with adopted content; 404 unless `year` is one of them."""
    years = selectors.years()
    if year not in years:
        raise Http404
    return years


def _check_range(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def _site(request: HttpRequest) -> str:
    """This site's address, for the code a website copies to embed a card."""
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The vision in force with its focus areas, the years with adopted content, and the way on."""

    def context() -> dict:
        years = selectors.years()
        this_year = timezone.localdate().year
        return {
            "vision": selectors.vision(),
            "years": years,
            "wheel_year": this_year if this_year in years else (years[0] if years else None),
        }

    return cached_page(request, "insyn/start.html", context)


@require_safe
def year(request: HttpRequest, year: int) -> HttpResponse:
    """The röd tråd of a year: KF's goals, the KS goals toward them with status and indicators."""
    _check_range(year)

    def context() -> dict:
        years = adopted_year(year)
        return {"year": year, "years": years, "site": _site(request), **pages.year_chain(year)}

    return cached_page(request, "insyn/year.html", context)


@require_safe
def plan(request: HttpRequest, year: int) -> HttpResponse:
    """The year's adopted operational plans with their activities per KS goal."""
    _check_range(year)

    def context() -> dict:
        return {"year": year, "years": adopted_year(year), "plans": pages.plan_sections(year)}

    return cached_page(request, "insyn/plan.html", context)


@require_safe
def budget(request: HttpRequest, year: int) -> HttpResponse:
    """The year's adopted budget versions: frames, economic plan, investments, the final PDF."""
    _check_range(year)

    def context() -> dict:
        return {"year": year, "years": adopted_year(year), "versions": pages.budget_versions(year)}

    return cached_page(request, "insyn/budget.html", context)


@require_safe
def reports(request: HttpRequest, year: int) -> HttpResponse:
    """The final PDFs of the year's adopted reports."""
    _check_range(year)

    def context() -> dict:
        found = selectors.report_pdfs(year).order_by("-finalised_at", "-pk")
        return {"year": year, "years": adopted_year(year), "reports": list(found)}

    return cached_page(request, "insyn/reports.html", context)


@require_safe
def wheel(request: HttpRequest, year: int) -> HttpResponse:
    """The year's steps of the annual wheel and the bodies' meetings, month by month."""
    _check_range(year)

    def context() -> dict:
        return {"year": year, "years": adopted_year(year), "months": pages.wheel_months(year)}

    return cached_page(request, "insyn/wheel.html", context)


@require_safe
def documents(request: HttpRequest) -> HttpResponse:
    """The register of governing documents in force, by kind, with the PDFs that are public."""
    return cached_page(request, "insyn/documents.html", lambda: {"kinds": pages.document_register()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse for the public side, after DIGG's model."""
    contact = settings.PUBLIC_ACCESSIBILITY_CONTACT.strip()
    context = {
        "contact": contact,
        "contact_is_email": "@" in contact and " " not in contact and "/" not in contact,
        "contact_is_url": contact.startswith(("https://", "http://")),
    }
    return cached_page(request, "insyn/accessibility.html", lambda: context)


@require_safe
def embed_goal(request: HttpRequest, pk: int) -> HttpResponse:
    """A KS goal's status card for other websites' iframes (those of PUBLIC_FRAME_ANCESTORS)."""

    def context() -> dict:
        card = pages.embedded_goal(pk)
        if card is None:
            raise Http404
        return {"card": card}

    return public.embeddable(cached_page(request, "insyn/embed_goal.html", context))
