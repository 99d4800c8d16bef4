"""The open data API (read-only): what the municipality's bodies have adopted, for everyone.

Every resource starts from the public querysets of `insyn.selectors` (only what a decision adopted, no
person's name) and answers in a fixed number of queries whatever the page holds: what a page needs
besides its rows (the goals' latest verdicts, the budget versions' lines) is loaded for the page at
once in `prepare()`. The middleware (`insyn.public`) adds the switch, ETag and Last-Modified by the
generation, and CORS; DRF adds throttling, pagination and content negotiation (JSON and CSV).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from rest_framework import viewsets
from rest_framework.metadata import SimpleMetadata
from rest_framework.response import Response

from budget.selectors import load_contents
from economy.figures import round_economy
from followup.models import GoalAssessment
from followup.rounds import dates_of
from goals.models import GoalIndicator, IndicatorValue, MandateGoal
from insyn import public, selectors
from insyn.api import filters, serializers
from organisation.lifecycle import AdoptionStatus

ADOPTED = AdoptionStatus.ADOPTED


class PublicMetadata(SimpleMetadata):
    """What OPTIONS (a browser's CORS preflight, say) answers: the resource's Swedish title and text."""

    def determine_metadata(self, request, view) -> dict:
        return {
            "name": str(view.title),
            "description": str(view.about),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
        }


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A resource of the open data API: a paginated list and each thing by its stable id."""

    metadata_class = PublicMetadata

    title = ""
    about = ""
    # Any id up to the next slash reaches the view, which answers 404 in JSON for one that is not
    # there ("0.5", "abc"); only an address the resolver cannot match gets the site's HTML 404.
    lookup_value_regex = "[^/]+"

    @classmethod
    def texts(cls) -> tuple[dict, dict]:
        summaries = {"list": cls.title, "retrieve": format_lazy("{} ({})", cls.title, _("one, by its id"))}
        return summaries, {"list": cls.about, "retrieve": cls.about}

    @property
    def summaries(self) -> dict:
        return self.texts()[0]

    @property
    def descriptions(self) -> dict:
        return self.texts()[1]

    def prepare(self, objects: list) -> None:
        """Load what the objects' serializer needs besides their rows, for all of them at once."""

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["year"] = requested_year(self.request)
        context.update(getattr(self, "extra_context", {}))
        return context

    def list(self, request, *args, **kwargs):
        def build() -> dict:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            self.prepare(page)
            return self.get_paginated_response(self.get_serializer(page, many=True).data).data

        return self.paginator.response(self._cached(request, build))

    def retrieve(self, request, *args, **kwargs):
        def build() -> dict:
            instance = self.get_object()
            self.prepare([instance])
            return self.get_serializer(instance).data

        return Response(self._cached(request, build))

    @staticmethod
    def _cached(request, build):
        """The answer's data, kept per generation and address (its links are absolute): until the next
        adoption, asking again costs no query. Errors (400, 404) are not kept."""
        return public.cached("api", request, build)


def requested_year(request) -> int | None:
    """The `year` asked for; the filter has already refused one that is not a year."""
    raw = request.query_params.get("year") if request is not None else None
    try:
        year = int(raw) if raw is not None else None
    except ValueError:
        return None
    return year if year is not None and filters.YEAR_MIN <= year <= filters.YEAR_MAX else None


class KfGoalViewSet(PublicViewSet):
    title = _("KF goals")
    about = _(
        "The municipal assembly's goals for the mandate period, of adopted periods. With year: the goals "
        "applying that year, each in its wording in force then; without: in its latest adopted wording."
    )
    serializer_class = serializers.KfGoalSerializer
    filterset_class = filters.KfGoalFilter
    queryset = (
        selectors.mandate_goals()
        .select_related("period__decision__meeting__body")
        .prefetch_related(
            Prefetch("goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
            "goal_indicators__targets",
        )
        .order_by("period__election_year", "position", "pk")
    )


class GoalViewSet(PublicViewSet):
    title = _("KS goals")
    about = _(
        "The executive board's adopted goals for a year, with the KF goals they serve, their indicators "
        "with values and targets, and their status: the verdict of the latest adopted follow-up round."
    )
    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter
    queryset = (
        selectors.annual_goals()
        .prefetch_related(
            Prefetch("mandate_goals", queryset=MandateGoal.objects.filter(period__status=ADOPTED)),
            "departments",
            Prefetch("goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
            "goal_indicators__targets",
            Prefetch(
                "goal_indicators__indicator__values",
                queryset=IndicatorValue.objects.order_by("municipality", "year", "gender"),
            ),
        )
        .order_by("year", "body__name", "position", "pk")
    )

    def prepare(self, objects: list) -> None:
        # The latest adopted round's verdict of each goal on the page.
        self.extra_context = {"statuses": selectors.latest_assessments([goal.pk for goal in objects])}


class IndicatorViewSet(PublicViewSet):
    title = _("Indicators")
    about = _(
        "The indicators chosen for adopted goals, with their values per year and gender for the "
        "municipality (its Kolada code) and the whole country (0000)."
    )
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    queryset = (
        selectors.indicators()
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("municipality", "year", "gender")),
            Prefetch("goal_links", queryset=selectors.goal_indicators(), to_attr="public_links"),
        )
        .order_by("title", "pk")
    )


class PlanViewSet(PublicViewSet):
    title = _("Operational plans")
    about = _("The adopted operational plans: the body's mission, the governance model in brief, the budget.")
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter
    queryset = selectors.plans().order_by("year", "body__name", "pk")


class ActivityViewSet(PublicViewSet):
    title = _("Activities")
    about = _(
        "The adopted operational plans' activities: what, toward which KS goal, which unit is "
        "responsible, when; and their status as the adopted follow-up rounds reported it."
    )
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter
    queryset = (
        selectors.plan_activities()
        .prefetch_related(
            Prefetch("round_reports", queryset=selectors.activity_reports(), to_attr="public_reports")
        )
        .order_by("plan__year", "plan_id", "planned_end", "pk")
    )


class BudgetVersionViewSet(PublicViewSet):
    title = _("Budget versions")
    about = _(
        "The adopted versions of the municipal assembly's budget (the June adoption, the technical "
        "recalculation), each with its financial goals, goals for good financial management, frame "
        "budget, economic plan and investment plan, in kronor."
    )
    serializer_class = serializers.BudgetVersionSerializer
    filterset_class = filters.BudgetVersionFilter
    queryset = selectors.budget_versions().order_by("budget__year", "number", "pk")

    def prepare(self, objects: list) -> None:
        contents = load_contents(objects)
        for version in objects:
            version.content = contents[version.pk]


class RoundViewSet(PublicViewSet):
    title = _("Follow-up rounds")
    about = _(
        "The adopted follow-up rounds (the tertial and interim reports, the annual report, the economy "
        "at the executive board's meetings) with their goals' assessments; one round by its id also "
        "has its economy per activity area: budget, outcome to date, full-year forecast and deviation."
    )
    filterset_class = filters.RoundFilter
    queryset = (
        selectors.rounds()
        .prefetch_related(Prefetch("goal_assessments", queryset=GoalAssessment.objects.order_by("pk")))
        .order_by("year", "decision__meeting__date", "pk")
    )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.RoundDetailSerializer
        return serializers.RoundSerializer

    def prepare(self, objects: list) -> None:
        if self.action == "retrieve":
            for report in objects:
                report.public_economy = round_economy(report, cut_off=dates_of(report).cut_off)


class StepViewSet(PublicViewSet):
    title = _("The annual wheel")
    about = _(
        "The annual wheel's steps dated for each year: what happens, which body, when; cut-off dates "
        "are shown but are not deadlines."
    )
    serializer_class = serializers.StepSerializer
    filterset_class = filters.StepFilter
    queryset = selectors.wheel()


class MeetingViewSet(PublicViewSet):
    title = _("Meetings")
    about = _("The bodies' meetings.")
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    queryset = selectors.meetings()


class DocumentViewSet(PublicViewSet):
    title = _("Governing documents")
    about = _(
        "The register of governing documents in force: kind, case number, adopting body and decision, "
        "next revision, and the document as a PDF where it is published."
    )
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    queryset = selectors.documents().select_related("decision__meeting__body").order_by("title", "pk")


class ReportPdfViewSet(PublicViewSet):
    title = _("Reports")
    about = _("The final PDFs of adopted reports: operational plans, budgets, follow-up reports.")
    serializer_class = serializers.ReportPdfSerializer
    filterset_class = filters.ReportPdfFilter
    queryset = selectors.report_pdfs().order_by("year", "kind", "subject_key", "number", "pk")


# The resources in the order the root and the DCAT description list them: (address, view set).
RESOURCES: list[tuple[str, type[PublicViewSet]]] = [
    ("kf-goals", KfGoalViewSet),
    ("goals", GoalViewSet),
    ("indicators", IndicatorViewSet),
    ("plans", PlanViewSet),
    ("activities", ActivityViewSet),
    ("budget-versions", BudgetVersionViewSet),
    ("rounds", RoundViewSet),
    ("wheel", StepViewSet),
    ("meetings", MeetingViewSet),
    ("documents", DocumentViewSet),
    ("reports", ReportPdfViewSet),
]


@require_http_methods(["GET", "HEAD", "OPTIONS"])  # OPTIONS: a CORS preflight
def root(request: HttpRequest) -> JsonResponse:
    """The API's front door: every resource's address, the schema and the DCAT description."""
    absolute = request.build_absolute_uri
    return JsonResponse(
        {
            "title": str(_("Open data on the municipality's governance")),
            "resources": {
                name: {"title": str(view.title), "url": absolute(reverse(f"api:{name}-list"))}
                for name, view in RESOURCES
            },
            "schema": absolute(reverse("api:schema")),
            "dcat": absolute(reverse("api:dcat")),
            "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        },
        json_dumps_params={"ensure_ascii": False},
    )
