"""An activity's responsible person becomes one of the organisation's people, so reminders reach them.

The free text `responsible_person` is matched to a Person by name, trimmed and case-insensitively (the
lowest id wins when two people share a name); a name nobody has becomes a new Person without an
e-mail, one per distinct name; an empty text leaves no one responsible. The activity's history rows
get the same person where their text names one, so the history keeps who was responsible. Then the
text goes.
"""

from django.db import migrations

BATCH = 500  # ids per UPDATE, well below SQLite's limit on query parameters


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def names_to_people(apps, schema_editor):
    Activity = apps.get_model("planning", "Activity")
    HistoricalActivity = apps.get_model("planning", "HistoricalActivity")
    Person = apps.get_model("organisation", "Person")
    db = schema_editor.connection.alias

    people: dict[str, int] = {}
    for pk, name in Person.objects.using(db).order_by("-pk").values_list("pk", "name"):
        people[_key(name)] = pk  # ordered by descending id: the lowest id is written last and wins
    chosen: dict[int, list[int]] = {}  # person id: the activities that name them
    activities = Activity.objects.using(db).exclude(responsible_person="").order_by("pk")
    for pk, text in activities.values_list("pk", "responsible_person"):
        name = " ".join(text.split())
        if not name:
            continue
        if _key(name) not in people:
            people[_key(name)] = Person.objects.using(db).create(name=name, email="").pk
        chosen.setdefault(people[_key(name)], []).append(pk)
    recorded: dict[int, list[int]] = {}  # person id: the history records whose text names them
    records = HistoricalActivity.objects.using(db).exclude(responsible_person="")
    for history_id, text in records.values_list("history_id", "responsible_person"):
        if (person := people.get(_key(text))) is not None:
            recorded.setdefault(person, []).append(history_id)
    for model, key, by_person in ((Activity, "pk", chosen), (HistoricalActivity, "history_id", recorded)):
        for person, ids in by_person.items():
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                model.objects.using(db).filter(**{f"{key}__in": batch}).update(responsible_id=person)
    if schema_editor.connection.vendor == "postgresql":
        # The rows written above queue deferred foreign-key checks; PostgreSQL refuses to alter a table
        # with checks pending in the same transaction, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def people_to_names(apps, schema_editor):
    Activity = apps.get_model("planning", "Activity")
    HistoricalActivity = apps.get_model("planning", "HistoricalActivity")
    Person = apps.get_model("organisation", "Person")
    db = schema_editor.connection.alias
    names = dict(Person.objects.using(db).values_list("pk", "name"))
    for model in (Activity, HistoricalActivity):
        key = model._meta.pk.name
        for pk, person in (
            model.objects.using(db).filter(responsible__isnull=False).values_list(key, "responsible_id")
        ):
            model.objects.using(db).filter(**{key: pk}).update(responsible_person=names[person][:200])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_move_documents_out"),
        ("planning", "0007_activity_responsible_person"),
    ]

    operations = [
        migrations.RunPython(names_to_people, people_to_names),
        migrations.RemoveField(model_name="activity", name="responsible_person"),
        migrations.RemoveField(model_name="historicalactivity", name="responsible_person"),
    ]
