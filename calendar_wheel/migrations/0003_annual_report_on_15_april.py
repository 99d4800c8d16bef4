"""R29: the annual report reaches KF by 15 April (the law's latest day), not at KF's April meeting.

load_shipped_steps never touches a code that exists, so the step loaded before this change is moved
here, and only while it still has the old shipped timing (KF's meeting in April, no day): a step a
planner (or WHEEL_ASSUMED_MONTHS) has given another month or timing is left as it is. The change is
recorded in the step's history. Its deadlines are derived data: the nightly generation (this year and
the next) and any save of the step re-date them; this migration does not.
"""

from django.db import migrations
from django.utils import timezone

CODE = "annual-report-to-kf"
OLD = {"timing": "sammantrade", "month": 4, "day": None}
NEW = {"timing": "dag", "month": 4, "day": 15}
REASON = "Årsredovisningen till KF senast den 15 april (R29)"
REASON_BACK = "Årsredovisningen till KF:s sammanträde i april"


def _move(apps, old: dict, new: dict, reason: str) -> None:
    WheelEvent = apps.get_model("calendar_wheel", "WheelEvent")
    HistoricalWheelEvent = apps.get_model("calendar_wheel", "HistoricalWheelEvent")
    step = WheelEvent.objects.filter(code=CODE, **old).first()
    if step is None:
        return
    for name, value in new.items():
        setattr(step, name, value)
    step.save(update_fields=list(new))
    HistoricalWheelEvent.objects.create(
        **{f.attname: getattr(step, f.attname) for f in WheelEvent._meta.concrete_fields},
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason,
    )


def forwards(apps, schema_editor):
    _move(apps, OLD, NEW, REASON)


def backwards(apps, schema_editor):
    _move(apps, NEW, OLD, REASON_BACK)


class Migration(migrations.Migration):
    dependencies = [("calendar_wheel", "0002_single_line_texts")]

    operations = [migrations.RunPython(forwards, backwards)]
