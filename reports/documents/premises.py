"""Planeringsförutsättningar [year] (R22): the administration's yearly report to KF on each department's
challenges and strengths, presented at November's politikerdag two years before the year it plans for.

An introduction (what the report is, when it is presented, how it was written and how its indicator
tables read), then a chapter per department: its challenges, strengths, other remarks and indicators
(the last years' values, the trend in words, the country's latest value). Everything is read with
`followup.premises.report_of`, the function the web page reads, in a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from followup import premises as service
from followup.models import PlanningPremises
from organisation.models import Body
from reports.kinds import Document, Section, Subject

TEMPLATES = "reports/pdf/premises"


@dataclass(frozen=True)
class DepartmentSection(Section):
    """A department's chapter: the frame includes its template with the section, so the chapter reads
    its own department's part from it."""

    part: service.Part | None = None


def subjects(kind: str, year: int) -> list[Subject]:
    """The year's planning premises of KS's administration, once somebody has written in them; `year`
    is the year planned for."""
    premises = (
        PlanningPremises.objects.filter(year=year, body__kind=Body.Kind.EXECUTIVE_BOARD)
        .select_related("body")
        .order_by("pk")
        .first()
    )
    if premises is None:
        return []
    return [Subject.of(premises, label=_("For %(year)s") % {"year": year}, slug=str(year))]


def compose(kind: str, subject: Subject) -> Document:
    """The introduction and a chapter per department, in the web page's order."""
    premises: PlanningPremises = subject.obj
    with translation.override(settings.LANGUAGE_CODE):
        report = service.report_of(premises)
        sections = [Section("inledning", _("Introduction"), f"{TEMPLATES}/introduction.html")]
        sections += [
            DepartmentSection(part.anchor, part.department.name, f"{TEMPLATES}/department.html", part=part)
            for part in report.parts
        ]
        return Document(
            title=_("Planning premises %(year)s") % {"year": premises.year},
            subtitle=_(
                "The administration's report to the municipal assembly on the departments' "
                "challenges and strengths, presented at the politikerdag in November %(year)s"
            )
            % {"year": report.dates.written_in},
            sections=sections,
            adoptable=False,
            context={
                "premises": premises,
                "premises_report": report,
                "premises_dates": report.dates,
                "closes_working_days": settings.FOLLOWUP_INPUT_CLOSES_WORKING_DAYS,
            },
            sources={
                "premises": premises.version,
                **{part.anchor: part.entry.version for part in report.parts if part.entry is not None},
            },
            adopted=False,
            body_name=premises.body.name,
        )
