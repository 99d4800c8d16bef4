"""The register of governing documents now belongs to the documents app (documents/0001_initial).

Only Django's state forgets the models here: their tables stay, now owned by the documents app under
their old names. No remaining organisation model points at them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_single_line_texts"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalGoverningDocument"),
                migrations.DeleteModel(name="HistoricalDocumentKind"),
                migrations.DeleteModel(name="GoverningDocument"),
                migrations.DeleteModel(name="DocumentKind"),
            ],
            database_operations=[],
        ),
    ]
