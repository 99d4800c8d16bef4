# The constraints take the budget's names (%(app_label)s_%(class)s_...), as makemigrations gives them.
# KS's distribution's unique constraint changes with its key, in 0005_framedistribution_body_year.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='budgetversion',
            name='planning_budgetversion_unique_number',
        ),
        migrations.RemoveConstraint(
            model_name='budgetversion',
            name='planning_budgetversion_adopted_has_decision',
        ),
        migrations.RemoveConstraint(
            model_name='budgetframe',
            name='planning_budgetframe_one_per_body',
        ),
        migrations.RemoveConstraint(
            model_name='budgetframe',
            name='planning_budgetframe_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='economicplanline',
            name='planning_economicplanline_one_per_kind_and_year',
        ),
        migrations.RemoveConstraint(
            model_name='economicplanline',
            name='planning_economicplanline_costs_negative',
        ),
        migrations.RemoveConstraint(
            model_name='framedistribution',
            name='planning_framedistribution_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='gehgoal',
            name='planning_gehgoal_unique_code',
        ),
        migrations.RemoveConstraint(
            model_name='investmentproject',
            name='planning_investmentproject_unique_name',
        ),
        migrations.RemoveConstraint(
            model_name='investmentamount',
            name='planning_investmentamount_one_per_year',
        ),
        migrations.AddConstraint(
            model_name='budgetversion',
            constraint=models.UniqueConstraint(fields=('budget', 'number'), name='budget_budgetversion_unique_number', violation_error_message='The budget already has a version with this number.'),
        ),
        migrations.AddConstraint(
            model_name='budgetversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'antagen'), _negated=True), ('decision__isnull', False), _connector='OR'), name='budget_budgetversion_adopted_has_decision', violation_error_message='An adopted budget version needs the decision that adopted it.'),
        ),
        migrations.AddConstraint(
            model_name='budgetframe',
            constraint=models.UniqueConstraint(fields=('version', 'body'), name='budget_budgetframe_one_per_body', violation_error_message='The body already has a frame in this version.'),
        ),
        migrations.AddConstraint(
            model_name='budgetframe',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='budget_budgetframe_not_negative', violation_error_message='A frame cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='economicplanline',
            constraint=models.UniqueConstraint(fields=('version', 'kind', 'year'), name='budget_economicplanline_one_per_kind_and_year', violation_error_message='The line already has an amount for this year.'),
        ),
        migrations.AddConstraint(
            model_name='economicplanline',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'verksamhetens_kostnader'), _negated=True), ('amount__lte', 0), _connector='OR'), name='budget_economicplanline_costs_negative', violation_error_message='Operating costs are entered as a negative amount.'),
        ),
        migrations.AddConstraint(
            model_name='framedistribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='budget_framedistribution_not_negative', violation_error_message='An amount distributed cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='gehgoal',
            constraint=models.UniqueConstraint(fields=('version', 'code'), name='budget_gehgoal_unique_code', violation_error_message='The version already has a goal with this code.'),
        ),
        migrations.AddConstraint(
            model_name='investmentproject',
            constraint=models.UniqueConstraint(fields=('plan', 'name'), name='budget_investmentproject_unique_name', violation_error_message='The investment plan already has a project with this name.'),
        ),
        migrations.AddConstraint(
            model_name='investmentamount',
            constraint=models.UniqueConstraint(fields=('project', 'year'), name='budget_investmentamount_one_per_year', violation_error_message='The project already has an amount for this year.'),
        ),
    ]
