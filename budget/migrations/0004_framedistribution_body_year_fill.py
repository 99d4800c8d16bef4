# Each row takes its body and year from its plan. A historical row whose plan is gone (plans are not
# deleted, but the history does not enforce it) takes them from the live row it records, if any.

from django.db import migrations


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    OperationalPlan = apps.get_model("planning", "OperationalPlan")
    FrameDistribution = apps.get_model("budget", "FrameDistribution")
    HistoricalFrameDistribution = apps.get_model("budget", "HistoricalFrameDistribution")
    plans = {pk: (body_id, year) for pk, body_id, year in OperationalPlan.objects.using(db).values_list("pk", "body_id", "year")}
    live = {}
    for row in FrameDistribution.objects.using(db).all():
        row.body_id, row.year = plans[row.plan_id]
        row.save(update_fields=["body", "year"])
        live[row.pk] = (row.body_id, row.year)
    for row in HistoricalFrameDistribution.objects.using(db).all():
        key = plans.get(row.plan_id) or live.get(row.id)
        if key is not None:
            row.body_id, row.year = key
            row.save(update_fields=["body", "year"])


def empty(apps, schema_editor):
    db = schema_editor.connection.alias
    OperationalPlan = apps.get_model("planning", "OperationalPlan")
    plans = {(body_id, year): pk for pk, body_id, year in OperationalPlan.objects.using(db).values_list("pk", "body_id", "year")}
    for name in ("FrameDistribution", "HistoricalFrameDistribution"):
        for row in apps.get_model("budget", name).objects.using(db).all():
            row.plan_id = plans.get((row.body_id, row.year), row.plan_id)
            row.save(update_fields=["plan"])


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0003_framedistribution_body_year_add'),
        ('planning', '0005_move_budget_out'),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
