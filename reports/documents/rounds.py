"""The tertial report (R26), the interim report (R27) and the annual report (R29) of KS: one round
each per year (`followup.models.Report`), composed from the economy's chapters
(`economy_sections`) and the follow-up's (`goal_sections`).

- Tertial and interim report (R26–R28): summary; the economy with the full-year forecast, its
  deviations and the investments; goal fulfilment with assessments and analyses; the activities'
  status; the internal control's results; the wholly-owned companies.
- Annual report (R29): summary; the analysis and evaluation of the budget (the economy's chapters);
  the goal follow-up with results and analysis; the activities; the internal control; the companies.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from followup import rounds
from followup.models import Report, ReportKind
from organisation.models import Body
from reports.documents import economy_sections, goal_sections
from reports.kinds import Document, Subject
from reports.models import Kind

# The report kind of each round kind.
ROUND_KINDS = {
    Kind.TERTIAL: ReportKind.TERTIAL,
    Kind.INTERIM: ReportKind.INTERIM,
    Kind.ANNUAL: ReportKind.ANNUAL,
}


def subjects(kind: str, year: int) -> list[Subject]:
    """The year's round of the kind: KS's one report, once the follow-up has it (reading never creates
    one: a round nobody has opened has nothing to report)."""
    report = (
        Report.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD, year=year, kind=ROUND_KINDS[Kind(kind)])
        .select_related("body", "decision__meeting__body")
        .first()
    )
    return [] if report is None else [Subject.of(report, label=str(report))]


def _long_date(day) -> str:
    return formats.date_format(day, "j F Y")


def title_of(report: Report, cut_off) -> str:
    """ "Tertialrapport per 30 april 2026", "Delårsrapport per 31 augusti 2026", "Årsredovisning 2026"."""
    if report.kind == ReportKind.ANNUAL:
        return _("Annual report %(year)s") % {"year": report.year}
    return _("%(report)s as of %(date)s") % {
        "report": report.get_kind_display(),
        "date": _long_date(cut_off),
    }


def subtitle_of(report: Report, cut_off) -> str:
    """The cut-off date and where the report stands: adopted by KS (with the decision), proposed,
    or a draft."""
    as_of = _("As of %(date)s") % {"date": _long_date(cut_off)}
    decision = report.decision
    if report.is_adopted and decision is not None:
        state = _("adopted by %(body)s on %(date)s, § %(paragraph)s") % {
            "body": decision.meeting.body.short_name,
            "date": _long_date(decision.meeting.date),
            "paragraph": decision.paragraph,
        }
    elif report.is_proposal:
        state = _("proposed to %(body)s") % {"body": report.body.short_name}
    else:
        state = report.get_status_display().lower()
    return f"{as_of} · {state}"


def compose(kind: str, subject: Subject) -> Document:
    """The round's report, in Swedish whoever asks."""
    report = Report.objects.select_related("body", "decision__meeting__body").filter(pk=subject.obj.pk).get()
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(report)


def _compose(report: Report) -> Document:
    cut_off = rounds.dates_of(report).cut_off
    sections = [
        *goal_sections.summary_sections(report),
        *economy_sections.economy_sections(report),
        *goal_sections.goal_sections(report),
        *goal_sections.activity_sections(report),
        *goal_sections.control_sections(report),
        *economy_sections.company_sections(report),
    ]
    return Document(
        title=title_of(report, cut_off),
        subtitle=subtitle_of(report, cut_off),
        sections=sections,
        context={**economy_sections.context(report), **goal_sections.context(report)},
        sources={"round": report.version, **economy_sections.sources(report)},
        adopted=report.is_adopted,
        decision=report.decision,
        body_name=report.body.name,
    )
