"""The economy's chapters, shared by the economic follow-up to KS and the tertial, interim and annual
reports (R25–R30): revenue and costs with the full-year forecast per activity area (with the page's
chart), the investment report, the flagged deviations and the wholly-owned companies.

Every figure is read as the round's web pages read it: `economy.figures.round_economy` (the economy
page), `economy.investments.round_investments` (the investment page), `economy.flags` (the
deviations page) and `economy.companies.round_companies` (the companies' page). The chapters'
templates (`reports/pdf/economy/`) read only the context keys made here, all prefixed `economy_`, so a
report can place these chapters beside its own.

A PDF has no one reader: it is read by whoever reads the round. So the deviations and the companies
are read as the round's readers read them (`RoundReader`): the drafting roles while the round is a
draft, everyone signed in (a politician's view) once it is proposed or adopted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from economy import flags
from economy.charts import economy_chart
from economy.companies import is_company_round, round_companies
from economy.figures import deficit_limit, round_economy
from economy.investments import round_investments
from followup import rounds
from followup.models import Report
from organisation.lifecycle import PUBLIC_STATUSES
from organisation.roles import Role
from reports.kinds import Section

TEMPLATES = "reports/pdf/economy/"


@dataclass(frozen=True)
class RoundReader:
    """Whoever reads the round, for the selectors that ask who reads: the web pages' rule applied to
    the round's readers instead of one person. A draft round is read by those who draft it (finance
    reads every company and every deviation); a proposed or adopted one by every signed-in user, so
    the document shows what a politician reads."""

    role: str
    is_authenticated: bool = True
    is_active: bool = True

    @classmethod
    def of(cls, report: Report) -> RoundReader:
        return cls(Role.POLITICIAN if report.status in PUBLIC_STATUSES else Role.FINANCE)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


def _swedish():
    """The chapters are written in the product's language, whoever (or whatever task) composes them."""
    return translation.override(settings.LANGUAGE_CODE)


def economy_sections(report: Report) -> list[Section]:
    """The chapters on the economy of a round: areas with forecast, investments, deviations."""
    with _swedish():
        return [
            Section("ekonomi", _("Revenue and costs with full-year forecast"), TEMPLATES + "areas.html"),
            Section("investeringar", _("Investments"), TEMPLATES + "investments.html"),
            Section("avvikelser", _("Deviations"), TEMPLATES + "deviations.html"),
        ]


def company_sections(report: Report) -> list[Section]:
    """The chapter on the wholly-owned companies in a round: none in an economy round, whose web page
    shows no companies (they report in the tertial, interim and annual reports only)."""
    if not is_company_round(report):
        return []
    with _swedish():
        return [Section("bolag", _("The wholly-owned companies"), TEMPLATES + "companies.html")]


def round_flags(report: Report, reader: RoundReader) -> flags.FlagGroups:
    """The year's deviations the round shows, grouped as the deviations page groups them: those first
    seen in the round or before it and last judged in it or after it, with their handling as it
    stands. One query."""
    here = rounds.round_order(report)
    year_flags = flags.with_relations(flags.for_user(reader, report.year)).order_by("kind", "title", "pk")
    return flags.grouped(
        flag
        for flag in year_flags
        if rounds.round_order(flag.first_report) <= here <= rounds.round_order(flag.latest_report)
    )


def context(report: Report) -> dict:
    """What the chapters above read, for one round (constant queries: those of the selectors)."""
    with _swedish():
        dates = rounds.dates_of(report)
        economy = round_economy(report, cut_off=dates.cut_off)
        reader = RoundReader.of(report)
        companies = (
            round_companies(reader, report, cut_off=dates.cut_off) if is_company_round(report) else None
        )
        investments = round_investments(report)
        return {
            "economy_report": report,
            "economy_dates": dates,
            "economy_figures": economy,
            "economy_chart": economy_chart(economy),
            "economy_deficit_limit": deficit_limit(),
            "economy_investments": investments,
            "economy_investment_comments": [row for row in investments.rows if row.comment],
            "economy_flags": round_flags(report, reader),
            "economy_companies": companies,
        }


def _versions(entries) -> int:
    """The sum of the entries' edit versions: it grows with every entry and every change of one."""
    return sum(entry.version for entry in entries if entry is not None)


def sources(report: Report, composed: dict | None = None) -> dict[str, int]:
    """The version numbers of the economy's data the chapters were built from: the round's version,
    the outcome import in force, the budget version whose investment plan is followed, finance's
    summary, and the sums of the round's forecasts', investment follow-ups' and company reports'
    versions. Reads `composed` (what `context` made) when given, else reads it anew."""
    data = composed if composed is not None else context(report)
    economy = data["economy_figures"]
    investments = data["economy_investments"]
    found = {"economy_round": report.version}
    if economy.outcome_import is not None:
        found["economy_outcome_import"] = economy.outcome_import.pk
    if investments.version is not None:
        found["economy_budget_version"] = investments.version.number
        found["economy_budget_revision"] = investments.version.revision
    if economy.summary is not None:
        found["economy_summary"] = economy.summary.version
    found["economy_forecasts"] = _versions(row.entry for row in economy.areas)
    found["economy_investment_followups"] = _versions(row.entry for row in investments.rows)
    if data["economy_companies"] is not None:
        found["economy_company_reports"] = _versions(row.entry for row in data["economy_companies"].rows)
    return found
