"""The reference data a municipality starts from: Kommun-Bas's account classes and three key figures.

Both are data the municipality adjusts afterwards (finance the classes, system administrators the key
figures); the migration only fills empty tables.
"""

from django.db import migrations

# Kommun-Bas: 1–2 the balance sheet, 3 operating revenue, 4–7 operating costs, 8 tax revenue, general
# state grants and financial items.
CLASSES = [
    ("1", "ej", "Tillgångar (balansräkning)"),
    ("2", "ej", "Eget kapital och skulder (balansräkning)"),
    ("3", "intakter", "Verksamhetens intäkter"),
    ("4", "kostnader", "Personalkostnader m.m."),
    ("5", "kostnader", "Lokaler, material och tjänster"),
    ("6", "kostnader", "Övriga verksamhetskostnader"),
    ("7", "kostnader", "Övriga kostnader och avskrivningar"),
    ("8", "finansiellt", "Skatteintäkter, generella statsbidrag och finansiella poster"),
]
KEY_FIGURES = [
    ("Omsättning", "tkr", 1),
    ("Resultat efter finansiella poster", "tkr", 2),
    ("Soliditet", "%", 3),
]


def fill(apps, schema_editor):
    AccountClass = apps.get_model("economy", "AccountClass")
    KeyFigure = apps.get_model("economy", "KeyFigure")
    if not AccountClass.objects.exists():
        AccountClass.objects.bulk_create(
            AccountClass(prefix=prefix, category=category, note=note) for prefix, category, note in CLASSES
        )
    if not KeyFigure.objects.exists():
        KeyFigure.objects.bulk_create(
            KeyFigure(name=name, unit_label=unit, position=position) for name, unit, position in KEY_FIGURES
        )


class Migration(migrations.Migration):
    dependencies = [("economy", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
