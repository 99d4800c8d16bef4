"""Demo register of governing documents: Ånge's styrmodell and the policies, guidelines, rules,
regulations, articles of association and owner directives a municipality keeps, each with a small
generated PDF. Some are due for revision in the demo's late November 2026; one policy has been
replaced and one repealed. Case numbers other than KS 22/327, KS 19/211 and KS 21/57 are made up.

The adopted operational plan registers itself when adopted; plans adopted before the register
existed are registered here (backfill). The register was started in February 2023, after KF adopted the
governance model and KS its guideline for governing documents: older documents were entered then, later
ones the working day after their decision.
"""

from __future__ import annotations

import datetime
import html
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from documents import services
from documents.models import DocumentKind, GoverningDocument
from organisation.demo import DEMO_USERS, at, dated, working_day
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Decision, Meeting, OrgUnit, User
from organisation.roles import Role

D = datetime.date
REGISTER_STARTED = D(2023, 2, 6)
# The demo planner registers the documents (the seed's account, not the role's name).
PLANNER_USERNAME = next(user.username for user in DEMO_USERS if user.role == Role.PLANNER)

# (title, kind code, case number, body, (decision date, §) or None for an older document whose
# decision is not recorded here, decision date, next revision, responsible unit's cost centre, status)
DOCUMENTS = [
    (
        "Styrmodell – styrning, planering och uppföljning",
        "riktlinje",
        "KS 22/327",
        "KF",
        141,
        D(2022, 11, 28),
        D(2026, 12, 31),
        "1100",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Vision för Ånge kommun",
        "mal",
        "KS 19/211",
        "KF",
        112,
        D(2021, 9, 29),
        D(2027, 6, 30),
        "1100",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Gemensamt ägardirektiv för helägda bolag",
        "agardirektiv",
        "KS 21/57",
        "KS",
        38,
        D(2021, 3, 2),
        D(2025, 12, 31),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Riktlinjer för styrdokument",
        "riktlinje",
        "KS 22/328",
        "KS",
        201,
        D(2022, 12, 6),
        D(2026, 12, 31),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Finanspolicy för Ånge kommun",
        "policy",
        "KS 23/145",
        "KF",
        48,
        D(2023, 4, 24),
        D(2027, 4, 30),
        "1120",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Riktlinje för intern kontroll",
        "riktlinje",
        "KS 23/210",
        "KS",
        132,
        D(2023, 9, 5),
        D(2026, 9, 30),
        "1120",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Reglemente för kommunstyrelsen",
        "reglemente",
        "KS 22/402",
        "KF",
        160,
        D(2022, 12, 12),
        D(2026, 12, 31),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Delegationsordning för kommunstyrelsen",
        "regel",
        "KS 25/15",
        "KS",
        9,
        D(2025, 2, 4),
        D(2027, 1, 31),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Regler för Ånge kommuns borgensåtagande",
        "regel",
        "KS 19/340",
        "KF",
        None,
        D(2019, 12, 16),
        D(2024, 12, 31),
        "1120",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Bolagsordning för Ångebostäder AB",
        "bolagsordning",
        "KS 20/88",
        "KF",
        None,
        D(2020, 6, 22),
        D(2028, 6, 30),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Bolagsordning för Ånge Industrilokaler AB",
        "bolagsordning",
        "KS 20/89",
        "KF",
        None,
        D(2020, 6, 22),
        D(2028, 6, 30),
        "1110",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Policy för informationssäkerhet",
        "policy",
        "KS 24/77",
        "KF",
        41,
        D(2024, 4, 29),
        D(2028, 4, 30),
        "1140",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Kostpolicy för Ånge kommun",
        "policy",
        "KS 23/66",
        "KF",
        27,
        D(2023, 3, 27),
        D(2027, 3, 31),
        "1540",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Kommunikationspolicy",
        "policy",
        "KS 24/190",
        "KF",
        118,
        D(2024, 10, 28),
        D(2028, 10, 31),
        "1140",
        GoverningDocument.Status.IN_FORCE,
    ),
    (
        "Kommunikationspolicy (2017)",
        "policy",
        "KS 17/120",
        "KF",
        None,
        D(2017, 10, 30),
        None,
        "1140",
        GoverningDocument.Status.REPLACED,
    ),
    (
        "Policy för hemarbete",
        "policy",
        "KS 21/150",
        "KS",
        77,
        D(2021, 5, 4),
        None,
        "1130",
        GoverningDocument.Status.REPEALED,
    ),
]

# The documents whose PDF the municipality publishes in Insyn (the others' entries are public, their
# PDFs are not): the governance model, the vision and a few policies in force.
PUBLISHED = {
    "Styrmodell – styrning, planering och uppföljning",
    "Vision för Ånge kommun",
    "Finanspolicy för Ånge kommun",
    "Kostpolicy för Ånge kommun",
    "Kommunikationspolicy",
}

# What each document is for: the first paragraph of its PDF.
PURPOSES = {
    "Styrmodell – styrning, planering och uppföljning": (
        "Styrmodellen beskriver hur kommunfullmäktige och kommunstyrelsen styr verksamheten från vision "
        "och mål till verksamhetsplan, budget och uppföljning, och vilka beslut som fattas under året."
    ),
    "Vision för Ånge kommun": (
        "Vi är en plats för alla, med närhet till natur och gemenskap. Här ger näring och engagemang "
        "kraft till en levande bygd. Visionen gäller över mandatperioderna och är grunden för "
        "kommunfullmäktiges mål."
    ),
    "Gemensamt ägardirektiv för helägda bolag": (
        "Direktivet anger kommunens förväntningar på de helägda bolagen: ändamål, ekonomiska mål, "
        "rapportering till kommunstyrelsen och vilka frågor som ska underställas fullmäktige."
    ),
    "Riktlinjer för styrdokument": (
        "Riktlinjerna anger vilka slags styrdokument kommunen har, vem som antar dem, hur de ska vara "
        "uppbyggda och hur ofta de ska revideras."
    ),
    "Finanspolicy för Ånge kommun": (
        "Policyn anger ramarna för kommunens upplåning, placeringar och hantering av finansiella risker, "
        "samt ansvarsfördelningen mellan fullmäktige, kommunstyrelsen och ekonomienheten."
    ),
    "Riktlinje för intern kontroll": (
        "Riktlinjen beskriver hur kommunstyrelsen varje år gör en riskanalys, antar en plan för intern "
        "kontroll och rapporterar resultatet i tertial-, delårs- och årsrapporten."
    ),
    "Reglemente för kommunstyrelsen": (
        "Reglementet anger kommunstyrelsens uppgifter, ledningsfunktion och uppsiktsplikt, utskottens "
        "ansvar och hur styrelsen sammanträder."
    ),
    "Delegationsordning för kommunstyrelsen": (
        "Delegationsordningen anger vilka beslut kommunstyrelsen har lämnat till utskott, ordförande och "
        "tjänstepersoner, och hur delegationsbesluten återrapporteras."
    ),
    "Regler för Ånge kommuns borgensåtagande": (
        "Reglerna anger när kommunen kan gå i borgen för bolag och föreningar, vilken prövning som görs "
        "och vilken avgift som tas ut."
    ),
    "Bolagsordning för Ångebostäder AB": (
        "Bolagsordningen anger bolagets verksamhet, ändamål med verksamheten och de frågor som ska "
        "underställas kommunfullmäktige innan beslut fattas."
    ),
    "Bolagsordning för Ånge Industrilokaler AB": (
        "Bolagsordningen anger bolagets verksamhet att tillhandahålla lokaler för näringslivet, ändamålet "
        "med verksamheten och fullmäktiges ställningstagande i principiella frågor."
    ),
    "Policy för informationssäkerhet": (
        "Policyn anger kommunens mål och ansvar för att information hanteras med rätt konfidentialitet, "
        "riktighet och tillgänglighet."
    ),
    "Kostpolicy för Ånge kommun": (
        "Policyn anger inriktningen för måltiderna i förskola, skola och äldreomsorg: näringsriktig mat, "
        "goda måltidsmiljöer, minskat matsvinn och en hög andel närproducerade råvaror."
    ),
    "Kommunikationspolicy": (
        "Policyn anger hur kommunen kommunicerar med invånare, företag och medarbetare: öppet, begripligt "
        "och i rätt tid."
    ),
    "Kommunikationspolicy (2017)": (
        "Policyn angav kommunens principer för information och kommunikation. Den är ersatt av "
        "kommunikationspolicyn från 2024."
    ),
    "Policy för hemarbete": (
        "Policyn angav förutsättningarna för arbete hemifrån under pandemin. Den är upphävd; distansarbete "
        "regleras nu i de personalpolitiska riktlinjerna."
    ),
}

PDF_HTML = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: "DejaVu Sans", sans-serif; font-size: 11pt; margin: 2cm; }}
h1 {{ font-size: 18pt; }} .meta {{ color: #555; }}</style></head><body>
<p class="meta">Ånge kommun · {kind} · Diarienummer {case_number}</p>
<h1>{title}</h1>
<p>Antagen av {body} {decided_on}.</p>
<p>{purpose}</p>
</body></html>"""


def _pdf(title: str, kind: DocumentKind, case_number: str, body: Body, decided_on: datetime.date) -> bytes:
    # WeasyPrint reports each step at INFO, from its import on; the seed's output should stay readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # WeasyPrint is slow to import; only seeding needs it here.

    text = PDF_HTML.format(
        title=html.escape(title),
        kind=html.escape(kind.name),
        case_number=html.escape(case_number),
        body=html.escape(body.name.lower()),
        decided_on=f"{decided_on:%Y-%m-%d}",
        purpose=html.escape(PURPOSES[title]),
    )
    return HTML(string=text).write_pdf()


def _decision(body: Body, day: datetime.date, paragraph: int, case_number: str, title: str) -> Decision:
    meeting, _created = Meeting.objects.get_or_create(body=body, date=day)
    decision, _created = Decision.objects.get_or_create(
        meeting=meeting, paragraph=paragraph, defaults={"case_number": case_number, "title": title}
    )
    return decision


def _file_name(title: str) -> str:
    return f"{title.split(' (')[0]}.pdf"


def backfill_adopted_plans(*, actor: User | None = None) -> None:
    """Register the operational plans adopted before the register existed; safe to run again."""
    from planning.models import OperationalPlan

    for plan in OperationalPlan.objects.filter(status=AdoptionStatus.ADOPTED).select_related(
        "body", "decision__meeting"
    ):
        # The same title and key as planning.services.plan_adopt gives a plan it adopts.
        services.register_adopted(
            kind_code="plan",
            title=_("Operational plan %(year)s for %(body)s") % {"year": plan.year, "body": plan.body.name},
            body=plan.body,
            decision=plan.decision,
            source_key=f"planning.operationalplan:{plan.pk}",
            url=plan.get_absolute_url(),
            actor=actor,
        )


def seed(*, stdout=None) -> None:
    """Create the demo register once; the plans' backfill runs every time (it is idempotent)."""
    planner = User.objects.get(username=PLANNER_USERNAME)
    backfill_adopted_plans(actor=planner)
    if GoverningDocument.objects.filter(source_key="").exists():
        return
    bodies = {body.short_name: body for body in Body.objects.filter(short_name__in=["KF", "KS"])}
    units = {unit.cost_centre: unit for unit in OrgUnit.objects.exclude(cost_centre="")}
    created = {}
    for title, kind_code, case_number, short, paragraph, day, revision, unit_code, status in DOCUMENTS:
        body = bodies[short]
        # The kinds come with the register (a data migration); a database emptied since gets them back.
        with dated(at(REGISTER_STARTED, 9), planner, DocumentKind):
            kind = DocumentKind.objects.ensure(kind_code)
        decision = None
        if paragraph:
            with dated(at(day, 15, 30), planner, Meeting, Decision):
                decision = _decision(body, day, paragraph, case_number, title)
        pdf = SimpleUploadedFile(
            _file_name(title), _pdf(title, kind, case_number, body, day), content_type="application/pdf"
        )
        registered = max(working_day(day + datetime.timedelta(days=1)), REGISTER_STARTED)
        with dated(at(registered, 10, 30), planner, GoverningDocument):
            created[title] = services.document_register(
                data={
                    "kind": kind,
                    "title": title,
                    "case_number": case_number,
                    "adopting_body": body,
                    "decision": decision,
                    "decided_on": day,
                    "next_revision": revision,
                    "responsible_unit": units[unit_code],
                    "status": status,
                    "is_public": title in PUBLISHED,
                },
                pdf=pdf,
                actor=planner,
            )
    old, new = created["Kommunikationspolicy (2017)"], created["Kommunikationspolicy"]
    with dated(at(new.history.earliest().history_date.date(), 10, 40), planner, GoverningDocument):
        services.document_update(
            document_id=old.pk, expected_version=old.version, data={"replaced_by": new}, actor=planner
        )
    if stdout:
        stdout.write(f"Styrdokument: {len(created)} dokument i registret.")
