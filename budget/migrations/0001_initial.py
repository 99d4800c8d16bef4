"""The budget leaves planning for an app of its own: the state moves, the tables stay where they are.

The models keep planning's tables (db_table) and, for now, the constraint names the database has;
the next migration gives the constraints the budget's names. The content types follow the models,
so that permissions and the admin's log entries stay attached to them.
"""

import django.db.models.deletion
import simple_history.models
import styrmodell.fields
from django.conf import settings
from django.db import migrations, models

MODELS = [
    "budget",
    "budgetversion",
    "financialgoal",
    "gehgoal",
    "budgetframe",
    "economicplanline",
    "investmentplan",
    "investmentproject",
    "investmentamount",
    "framedistribution",
]
MOVED = MODELS + [f"historical{model}" for model in MODELS]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="planning", model__in=MOVED).update(app_label="budget")


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="budget", model__in=MOVED).update(app_label="planning")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('goals', '0002_criterion_count_required'),
        ('organisation', '0001_initial'),
        ('planning', '0004_single_line_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Budget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='year')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budgets', to='organisation.body', verbose_name='adopting body')),
                    ],
                    options={
                        'db_table': 'planning_budget',
                        'verbose_name': 'budget',
                        'verbose_name_plural': 'budgets',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='BudgetVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version number')),
                        ('kind', models.CharField(choices=[('antagande', 'Adoption'), ('omrakning', 'Technical recalculation'), ('revidering', 'Revision')], default='antagande', max_length=12, verbose_name='kind')),
                        ('label', styrmodell.fields.LineField(blank=True, help_text='E.g. June 2025.', max_length=100, verbose_name='label')),
                        ('status', models.CharField(choices=[('utkast', 'Draft'), ('forslag', 'Proposal'), ('antagen', 'Adopted')], default='utkast', max_length=10, verbose_name='status')),
                        ('revision', models.PositiveIntegerField(default=1, help_text='Raised by every change, so that a stale save is refused.', verbose_name='revision')),
                        ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='budget.budgetversion', verbose_name='based on')),
                        ('budget', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='budget.budget', verbose_name='budget')),
                        ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.decision', verbose_name='decision')),
                        ('mandate_goals', models.ManyToManyField(blank=True, help_text="KF's goals for the mandate period that apply in the budget year; linked, not copied.", related_name='budget_versions', to='goals.mandategoal', verbose_name='KF goals')),
                    ],
                    options={
                        'db_table': 'planning_budgetversion',
                        'verbose_name': 'budget version',
                        'verbose_name_plural': 'budget versions',
                        'ordering': ['budget', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='BudgetFrame',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='frame (kronor)')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budget_frames', to='organisation.body', verbose_name='body')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='frames', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_budgetframe',
                        'verbose_name': 'frame',
                        'verbose_name_plural': 'frame budget',
                        'ordering': ['version', 'body__name'],
                    },
                ),
                migrations.CreateModel(
                    name='EconomicPlanLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('skatteintakter', 'Tax revenue'), ('statsbidrag', 'General state grants and equalisation'), ('verksamhetens_intakter', 'Operating revenue'), ('verksamhetens_kostnader', 'Operating costs')], max_length=24, verbose_name='line')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_lines', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_economicplanline',
                        'verbose_name': 'economic plan line',
                        'verbose_name_plural': 'economic plan',
                        'ordering': ['version', 'kind', 'year'],
                    },
                ),
                migrations.CreateModel(
                    name='FinancialGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                        ('text', styrmodell.fields.LineField(max_length=300, verbose_name='financial goal')),
                        ('target', styrmodell.fields.LineField(blank=True, help_text='E.g. at least 2 %.', max_length=100, verbose_name='target')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='financial_goals', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_financialgoal',
                        'verbose_name': 'financial goal',
                        'verbose_name_plural': 'financial goals',
                        'ordering': ['version', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='FrameDistribution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='distribution', to='planning.operationalplan', verbose_name='operational plan')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='frame_distributions', to='organisation.orgunit', verbose_name='activity area')),
                    ],
                    options={
                        'db_table': 'planning_framedistribution',
                        'verbose_name': 'distribution of the frame',
                        'verbose_name_plural': 'distribution of the frame',
                        'ordering': ['plan', 'unit__name'],
                    },
                ),
                migrations.CreateModel(
                    name='GehGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', styrmodell.fields.LineField(help_text='E.g. GEH-1; activities refer to it.', max_length=20, verbose_name='code')),
                        ('title', styrmodell.fields.LineField(max_length=300, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='geh_goals', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_gehgoal',
                        'verbose_name': 'goal for good financial management',
                        'verbose_name_plural': 'goals for good financial management',
                        'ordering': ['version', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalBudget',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(db_index=True, verbose_name='year')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='adopting body')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'planning_historicalbudget',
                        'verbose_name': 'historical budget',
                        'verbose_name_plural': 'historical budgets',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetFrame',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='frame (kronor)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='body')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_historicalbudgetframe',
                        'verbose_name': 'historical frame',
                        'verbose_name_plural': 'historical frame budget',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetVersion',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version number')),
                        ('kind', models.CharField(choices=[('antagande', 'Adoption'), ('omrakning', 'Technical recalculation'), ('revidering', 'Revision')], default='antagande', max_length=12, verbose_name='kind')),
                        ('label', styrmodell.fields.LineField(blank=True, help_text='E.g. June 2025.', max_length=100, verbose_name='label')),
                        ('status', models.CharField(choices=[('utkast', 'Draft'), ('forslag', 'Proposal'), ('antagen', 'Adopted')], default='utkast', max_length=10, verbose_name='status')),
                        ('revision', models.PositiveIntegerField(default=1, help_text='Raised by every change, so that a stale save is refused.', verbose_name='revision')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('based_on', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='based on')),
                        ('budget', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budget', verbose_name='budget')),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.decision', verbose_name='decision')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'planning_historicalbudgetversion',
                        'verbose_name': 'historical budget version',
                        'verbose_name_plural': 'historical budget versions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEconomicPlanLine',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('skatteintakter', 'Tax revenue'), ('statsbidrag', 'General state grants and equalisation'), ('verksamhetens_intakter', 'Operating revenue'), ('verksamhetens_kostnader', 'Operating costs')], max_length=24, verbose_name='line')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_historicaleconomicplanline',
                        'verbose_name': 'historical economic plan line',
                        'verbose_name_plural': 'historical economic plan',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalFinancialGoal',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                        ('text', styrmodell.fields.LineField(max_length=300, verbose_name='financial goal')),
                        ('target', styrmodell.fields.LineField(blank=True, help_text='E.g. at least 2 %.', max_length=100, verbose_name='target')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_historicalfinancialgoal',
                        'verbose_name': 'historical financial goal',
                        'verbose_name_plural': 'historical financial goals',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalFrameDistribution',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='planning.operationalplan', verbose_name='operational plan')),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.orgunit', verbose_name='activity area')),
                    ],
                    options={
                        'db_table': 'planning_historicalframedistribution',
                        'verbose_name': 'historical distribution of the frame',
                        'verbose_name_plural': 'historical distribution of the frame',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalGehGoal',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', styrmodell.fields.LineField(help_text='E.g. GEH-1; activities refer to it.', max_length=20, verbose_name='code')),
                        ('title', styrmodell.fields.LineField(max_length=300, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_historicalgehgoal',
                        'verbose_name': 'historical goal for good financial management',
                        'verbose_name_plural': 'historical goals for good financial management',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalInvestmentPlan',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_historicalinvestmentplan',
                        'verbose_name': 'historical investment plan',
                        'verbose_name_plural': 'historical investment plans',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='InvestmentPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='investment_plan', to='budget.budgetversion', verbose_name='budget version')),
                    ],
                    options={
                        'db_table': 'planning_investmentplan',
                        'verbose_name': 'investment plan',
                        'verbose_name_plural': 'investment plans',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalInvestmentProject',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', styrmodell.fields.LineField(max_length=200, verbose_name='project')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.investmentplan', verbose_name='investment plan')),
                    ],
                    options={
                        'db_table': 'planning_historicalinvestmentproject',
                        'verbose_name': 'historical investment project',
                        'verbose_name_plural': 'historical investment projects',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='InvestmentProject',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', styrmodell.fields.LineField(max_length=200, verbose_name='project')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='projects', to='budget.investmentplan', verbose_name='investment plan')),
                    ],
                    options={
                        'db_table': 'planning_investmentproject',
                        'verbose_name': 'investment project',
                        'verbose_name_plural': 'investment projects',
                        'ordering': ['plan', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='InvestmentAmount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amounts', to='budget.investmentproject', verbose_name='investment project')),
                    ],
                    options={
                        'db_table': 'planning_investmentamount',
                        'verbose_name': 'investment amount',
                        'verbose_name_plural': 'investment amounts',
                        'ordering': ['project', 'year'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalInvestmentAmount',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='amount (kronor)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.investmentproject', verbose_name='investment project')),
                    ],
                    options={
                        'db_table': 'planning_historicalinvestmentamount',
                        'verbose_name': 'historical investment amount',
                        'verbose_name_plural': 'historical investment amounts',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='budgetversion',
                    constraint=models.UniqueConstraint(fields=('budget', 'number'), name='planning_budgetversion_unique_number', violation_error_message='The budget already has a version with this number.'),
                ),
                migrations.AddConstraint(
                    model_name='budgetversion',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'antagen'), _negated=True), ('decision__isnull', False), _connector='OR'), name='planning_budgetversion_adopted_has_decision', violation_error_message='An adopted budget version needs the decision that adopted it.'),
                ),
                migrations.AddConstraint(
                    model_name='budgetframe',
                    constraint=models.UniqueConstraint(fields=('version', 'body'), name='planning_budgetframe_one_per_body', violation_error_message='The body already has a frame in this version.'),
                ),
                migrations.AddConstraint(
                    model_name='budgetframe',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='planning_budgetframe_not_negative', violation_error_message='A frame cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='economicplanline',
                    constraint=models.UniqueConstraint(fields=('version', 'kind', 'year'), name='planning_economicplanline_one_per_kind_and_year', violation_error_message='The line already has an amount for this year.'),
                ),
                migrations.AddConstraint(
                    model_name='economicplanline',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'verksamhetens_kostnader'), _negated=True), ('amount__lte', 0), _connector='OR'), name='planning_economicplanline_costs_negative', violation_error_message='Operating costs are entered as a negative amount.'),
                ),
                migrations.AddConstraint(
                    model_name='framedistribution',
                    constraint=models.UniqueConstraint(fields=('plan', 'unit'), name='planning_framedistribution_one_per_unit', violation_error_message='The activity area already has an amount in this plan.'),
                ),
                migrations.AddConstraint(
                    model_name='framedistribution',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='planning_framedistribution_not_negative', violation_error_message='An amount distributed cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='gehgoal',
                    constraint=models.UniqueConstraint(fields=('version', 'code'), name='planning_gehgoal_unique_code', violation_error_message='The version already has a goal with this code.'),
                ),
                migrations.AddConstraint(
                    model_name='investmentproject',
                    constraint=models.UniqueConstraint(fields=('plan', 'name'), name='planning_investmentproject_unique_name', violation_error_message='The investment plan already has a project with this name.'),
                ),
                migrations.AddConstraint(
                    model_name='investmentamount',
                    constraint=models.UniqueConstraint(fields=('project', 'year'), name='planning_investmentamount_one_per_year', violation_error_message='The project already has an amount for this year.'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
