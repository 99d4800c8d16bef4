"""Ekonomisk uppföljning till KS (R25): the economy reported at an ordinary KS meeting.

One document per economy round of the year (a `followup.models.Report` of kind ECONOMY, one per
ordinary KS meeting, listed by meeting date once the follow-up has them), named
by the meeting's date. Its chapters are the economy's (`economy_sections`): revenue and costs with the
full-year forecast per activity area, the investment report, the flagged deviations. The companies
report in the tertial, interim and annual reports only, and an economy round's page shows none, so
neither does this document.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from followup.models import Report, ReportKind
from organisation.models import Body
from reports.documents import economy_sections
from reports.kinds import Document, Subject
from reports.models import Kind

DATE = "j F Y"


def subjects(kind: Kind, year: int) -> list[Subject]:
    """The year's economy rounds of KS, by meeting date; each named by the date (slug: ISO)."""
    economy = (
        Report.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD, year=year, kind=ReportKind.ECONOMY)
        .select_related("body", "meeting", "decision__meeting__body")
        .order_by("meeting__date")
    )
    return [
        Subject.of(report, label=date_format(report.meeting.date, DATE), slug=report.meeting.date.isoformat())
        for report in economy
    ]


def compose(kind: Kind, subject: Subject) -> Document:
    """The round's economy for KS: areas with forecast, investments, deviations."""
    report = subject.obj
    context = economy_sections.context(report)
    with translation.override(settings.LANGUAGE_CODE):
        meeting = date_format(report.meeting.date, DATE)
        title = _("Economic follow-up to the executive board %(date)s") % {"date": meeting}
        economy = context["economy_figures"]
        if economy.outcome_import is not None:
            subtitle = _(
                "Revenue and costs with full-year forecast, investments and deviations, "
                "with the outcome through %(through)s"
            ) % {"through": date_format(economy.through, DATE)}
        else:
            subtitle = _("Revenue and costs with full-year forecast, investments and deviations")
        sections = economy_sections.economy_sections(report) + economy_sections.company_sections(report)
    return Document(
        title=title,
        subtitle=subtitle,
        sections=sections,
        context=context,
        sources=economy_sections.sources(report, context),
        adopted=report.is_adopted,
        decision=report.decision,
        body_name=report.body.name,
    )
