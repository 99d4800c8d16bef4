# Body and year are required; the plan goes, and the unique constraint follows the new key.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0004_framedistribution_body_year_fill'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='framedistribution',
            name='planning_framedistribution_one_per_unit',
        ),
        migrations.AlterField(
            model_name='framedistribution',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='frame_distributions', to='organisation.body', verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='framedistribution',
            name='year',
            field=models.PositiveSmallIntegerField(verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='historicalframedistribution',
            name='year',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='year'),
            preserve_default=False,
        ),
        migrations.RemoveField(
            model_name='framedistribution',
            name='plan',
        ),
        migrations.RemoveField(
            model_name='historicalframedistribution',
            name='plan',
        ),
        migrations.AlterModelOptions(
            name='framedistribution',
            options={'ordering': ['body', 'year', 'unit__name'], 'verbose_name': 'distribution of the frame', 'verbose_name_plural': 'distribution of the frame'},
        ),
        migrations.AddConstraint(
            model_name='framedistribution',
            constraint=models.UniqueConstraint(fields=('body', 'year', 'unit'), name='budget_framedistribution_one_per_unit', violation_error_message='The activity area already has an amount in this plan.'),
        ),
    ]
