"""The register of governing documents moves from the organisation app into its own.

Only Django's state moves: the tables keep their names (organisation_governingdocument and the like)
and their constraints and index keep the names they have in the database, so nothing is rebuilt and
existing rows and stored PDFs stay where they are. The next migration gives the constraints this
app's names. The content types (and with them the permissions and the role groups' grants) follow
the models to the new app label.
"""

import django.db.models.deletion
import documents.models
import documents.storage
import simple_history.models
import styrmodell.fields
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = ["documentkind", "governingdocument", "historicaldocumentkind", "historicalgoverningdocument"]


def _relabel(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    # A row already under the new label (a partial earlier run) is left alone rather than duplicated.
    taken = content_types.filter(app_label=new_label, model__in=MOVED_MODELS).values_list("model", flat=True)
    content_types.filter(app_label=old_label, model__in=MOVED_MODELS).exclude(model__in=list(taken)).update(
        app_label=new_label
    )


def move_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "organisation", "documents")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, "documents", "organisation")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('organisation', '0004_single_line_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentKind',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(help_text='A fixed name the program uses, e.g. plan.', max_length=30, unique=True, verbose_name='code')),
                        ('name', styrmodell.fields.LineField(max_length=100, unique=True, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position in lists')),
                    ],
                    options={
                        'verbose_name': 'kind of governing document',
                        'verbose_name_plural': 'kinds of governing documents',
                        'db_table': 'organisation_documentkind',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='GoverningDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', styrmodell.fields.LineField(max_length=300, verbose_name='title')),
                        ('case_number', styrmodell.fields.LineField(help_text="The registry's case number, e.g. KS 22/327.", max_length=40, verbose_name='case number')),
                        ('decided_on', models.DateField(help_text='Taken from the decision when one is chosen.', verbose_name='decision date')),
                        ('next_revision', models.DateField(blank=True, help_text='When the document is to be revised.', null=True, verbose_name='next revision')),
                        ('status', models.CharField(choices=[('gallande', 'In force'), ('ersatt', 'Replaced'), ('upphavt', 'Repealed')], default='gallande', max_length=16, verbose_name='status')),
                        ('file', models.FileField(blank=True, max_length=200, storage=documents.storage.private_storage, upload_to=documents.models.document_upload_to, verbose_name='document (PDF)')),
                        ('file_name', styrmodell.fields.LineField(blank=True, max_length=200, verbose_name='file name')),
                        ('file_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='file size')),
                        ('source_key', styrmodell.fields.LineField(blank=True, editable=False, max_length=100, verbose_name='source')),
                        ('source_url', styrmodell.fields.LineField(blank=True, editable=False, max_length=300, verbose_name='page in the app')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('adopting_body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='governing_documents', to='organisation.body', verbose_name='adopted by')),
                        ('decision', models.ForeignKey(blank=True, help_text='The decision that adopted the document, if it is recorded here.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.decision', verbose_name='decision')),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='documents.documentkind', verbose_name='kind of document')),
                        ('replaced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaces', to='documents.governingdocument', verbose_name='replaced by')),
                        ('responsible_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='governing_documents', to='organisation.orgunit', verbose_name='responsible unit')),
                    ],
                    options={
                        'verbose_name': 'governing document',
                        'verbose_name_plural': 'governing documents',
                        'db_table': 'organisation_governingdocument',
                        'ordering': ['title'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalDocumentKind',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(help_text='A fixed name the program uses, e.g. plan.', max_length=30, verbose_name='code')),
                        ('name', styrmodell.fields.LineField(db_index=True, max_length=100, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position in lists')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical kind of governing document',
                        'verbose_name_plural': 'historical kinds of governing documents',
                        'db_table': 'organisation_historicaldocumentkind',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalGoverningDocument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('title', styrmodell.fields.LineField(max_length=300, verbose_name='title')),
                        ('case_number', styrmodell.fields.LineField(help_text="The registry's case number, e.g. KS 22/327.", max_length=40, verbose_name='case number')),
                        ('decided_on', models.DateField(help_text='Taken from the decision when one is chosen.', verbose_name='decision date')),
                        ('next_revision', models.DateField(blank=True, help_text='When the document is to be revised.', null=True, verbose_name='next revision')),
                        ('status', models.CharField(choices=[('gallande', 'In force'), ('ersatt', 'Replaced'), ('upphavt', 'Repealed')], default='gallande', max_length=16, verbose_name='status')),
                        ('file', models.TextField(blank=True, max_length=200, verbose_name='document (PDF)')),
                        ('file_name', styrmodell.fields.LineField(blank=True, max_length=200, verbose_name='file name')),
                        ('file_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='file size')),
                        ('source_key', styrmodell.fields.LineField(blank=True, editable=False, max_length=100, verbose_name='source')),
                        ('source_url', styrmodell.fields.LineField(blank=True, editable=False, max_length=300, verbose_name='page in the app')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('adopting_body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='adopted by')),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, help_text='The decision that adopted the document, if it is recorded here.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.decision', verbose_name='decision')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('kind', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.documentkind', verbose_name='kind of document')),
                        ('replaced_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.governingdocument', verbose_name='replaced by')),
                        ('responsible_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.orgunit', verbose_name='responsible unit')),
                    ],
                    options={
                        'verbose_name': 'historical governing document',
                        'verbose_name_plural': 'historical governing documents',
                        'db_table': 'organisation_historicalgoverningdocument',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name='governingdocument',
                    index=models.Index(fields=['status', 'next_revision'], name='organisation_gd_revision_idx'),
                ),
                migrations.AddConstraint(
                    model_name='governingdocument',
                    constraint=models.UniqueConstraint(condition=models.Q(('source_key', ''), _negated=True), fields=('source_key',), name='organisation_governingdocument_one_entry_per_source', violation_error_message='This plan or budget is already in the register.'),
                ),
                migrations.AddConstraint(
                    model_name='governingdocument',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('file', ''), _negated=True), models.Q(('source_key', ''), _negated=True), _connector='OR'), name='organisation_governingdocument_has_document_or_source', violation_error_message='A governing document needs its PDF.'),
                ),
                migrations.AddConstraint(
                    model_name='governingdocument',
                    constraint=models.CheckConstraint(condition=models.Q(('replaced_by__isnull', True), ('status', 'ersatt'), _connector='OR'), name='organisation_governingdocument_only_replaced_has_successor', violation_error_message='Only a replaced document names the document that replaced it.'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
