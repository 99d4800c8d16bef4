# KS's distribution is keyed by body and year instead of the operational plan (a plan is one per body
# and year), so that the budget no longer refers to planning. First the columns, nullable.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0002_constraint_names'),
        ('organisation', '0001_initial'),
        ('planning', '0005_move_budget_out'),
    ]

    operations = [
        migrations.AddField(
            model_name='framedistribution',
            name='body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='frame_distributions', to='organisation.body', verbose_name='body'),
        ),
        migrations.AddField(
            model_name='framedistribution',
            name='year',
            field=models.PositiveSmallIntegerField(null=True, verbose_name='year'),
        ),
        migrations.AddField(
            model_name='historicalframedistribution',
            name='body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='body'),
        ),
        migrations.AddField(
            model_name='historicalframedistribution',
            name='year',
            field=models.PositiveSmallIntegerField(null=True, verbose_name='year'),
        ),
    ]
