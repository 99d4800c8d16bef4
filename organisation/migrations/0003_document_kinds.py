"""The kinds of governing documents: R3's five from the governance model (KS 22/327), and the kinds
every Swedish municipality also adopts (reglemente, bolagsordning, ägardirektiv, budget).

System administrators keep them afterwards; the program relies on the codes "plan" and "budget"
(adopted plans and budgets register themselves).
"""

from django.db import migrations

KINDS = [
    (
        "mal",
        "Mål",
        "Mål beskriver vad kommunen ska uppnå. De kan innehålla långsiktiga perspektiv och beskriver "
        "verksamhetsområden som ska utvecklas och i vilken riktning. Exempel: Mål och prioriteringar.",
    ),
    (
        "plan",
        "Plan",
        "Kommunens mål omsätts till handling oftast genom en plan. Planen beskriver närmare hur "
        "verksamheten ska arbeta för att uppnå satta mål. Exempel: Verksamhetsplan.",
    ),
    (
        "riktlinje",
        "Riktlinje",
        "Riktlinjer ger konkret stöd för hur arbetsuppgifterna ska utföras och beskriver ramarna och "
        "riktningen för området, utan att detaljstyra. Exempel: Riktlinjer för styrdokument.",
    ),
    (
        "policy",
        "Policy",
        "En policy ger en princip att hålla sig till; ett sätt att se på en viss företeelse. "
        "Exempel: Kommunikationspolicy.",
    ),
    (
        "regel",
        "Regel",
        "Regler ger absoluta gränser för vårt agerande. Typiska ord är ”ska”, ”måste” och ”får inte”. "
        "Exempel: Regler för Ånge kommuns borgensåtagande.",
    ),
    (
        "reglemente",
        "Reglemente",
        "Ett reglemente anger en nämnds uppgifter, ansvar och arbetsformer. Det antas av kommunfullmäktige.",
    ),
    (
        "bolagsordning",
        "Bolagsordning",
        "Bolagsordningen anger ett kommunalt bolags ändamål och verksamhet. Den fastställs av "
        "kommunfullmäktige.",
    ),
    (
        "agardirektiv",
        "Ägardirektiv",
        "Ägardirektiv är kommunens styrning av ett helägt bolag: uppdrag, mål och krav från ägaren.",
    ),
    (
        "budget",
        "Budget",
        "Kommunfullmäktiges budget för året med plan för ytterligare två år: mål, rambudget, ekonomisk "
        "plan och investeringsplan.",
    ),
]


def add_kinds(apps, schema_editor):
    DocumentKind = apps.get_model("organisation", "DocumentKind")
    for position, (code, name, description) in enumerate(KINDS, start=1):
        DocumentKind.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_governing_documents")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
