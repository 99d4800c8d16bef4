"""The steps name the governance document's section (4.7.3), not the rule codes users never saw (R26).

load_shipped_steps never touches a code that exists, so the steps loaded before this change are moved
here: a step's rule becomes its section only while it is still the shipped code (a planner's own text
is left as it is), and the two shipped texts that cited a rule code lose it. The change is recorded in
each step's history.
"""

from django.db import migrations
from django.utils import timezone

# code: (the shipped rule code, the seed's section)
SECTIONS = {
    "kf-mandate-goal-work-starts": ("R19", "4.3.1"),
    "group-leaders-mandate-goal-meetings": ("R20", "4.6.1"),
    "ks-prepares-mandate-goals": ("R20", "4.6.1"),
    "kf-adopts-mandate-goals": ("R19", "4.3.1"),
    "kf-presidium-meets-group-leaders": ("R21", "4.6.1"),
    "kf-decides-mandate-goal-revision": ("R21", "4.6.1"),
    "ks-prepares-budget": ("R19", "4.6"),
    "kf-adopts-budget": ("R19", "4.6"),
    "kf-technical-recalculation": ("R19", "4.6"),
    "ks-adopts-annual-goals": ("R19", "4.3.2"),
    "ks-starts-operational-plan": ("R19", "4.3"),
    "ks-adopts-operational-plan": ("R19", "4.3.3"),
    "politikerdag-may": ("R22", "4.6.1"),
    "politikerdag-november": ("R22", "4.6.1"),
    "planning-prerequisites-report": ("R22", "4.6.1"),
    "committee-chairs-draft-plans": ("R23", "4.6.2"),
    "ks-presidium-prepares-plans": ("R23", "4.6.2"),
    "tertial-report-cut-off": ("R26", "4.7.3"),
    "tertial-report-to-kf": ("R26", "4.7.3"),
    "interim-report-cut-off": ("R27", "4.7.3"),
    "interim-report-to-kf": ("R27", "4.7.3"),
    "annual-report-cut-off": ("R29", "4.7.3"),
    "annual-report-to-kf": ("R29", "4.7.3"),
    "internal-control-plan": ("R31", "4.7.2"),
}
# (field, the shipped text with a rule code, the text without it)
TEXTS = [
    (
        "description",
        "Budgeten räknas om utifrån yttre faktorer som påverkar kommunen (R17).",
        "Budgeten räknas om utifrån yttre faktorer som påverkar kommunen.",
    ),
    (
        "information",
        "Måluppfyllelse och uppföljning av den interna kontrollen redovisas vid samma tillfälle (R28). "
        "Rapporten omfattar kommunstyrelsens förvaltning och de helägda bolagen.",
        "Måluppfyllelse och uppföljning av den interna kontrollen redovisas vid samma tillfälle. "
        "Rapporten omfattar kommunstyrelsens förvaltning och de helägda bolagen.",
    ),
]
REASON = "Avsnitt i styrmodellen i stället för regelkod"


def _convert(apps, backwards: bool) -> None:
    WheelEvent = apps.get_model("calendar_wheel", "WheelEvent")
    HistoricalWheelEvent = apps.get_model("calendar_wheel", "HistoricalWheelEvent")
    for step in WheelEvent.objects.filter(code__in=SECTIONS):
        rule_code, section = SECTIONS[step.code]
        old, new = (section, rule_code) if backwards else (rule_code, section)
        changed = []
        if step.rule == old:
            step.rule = new
            changed.append("rule")
        for field, with_code, without in TEXTS:
            before, after = (without, with_code) if backwards else (with_code, without)
            if getattr(step, field) == before:
                setattr(step, field, after)
                changed.append(field)
        if not changed:
            continue
        step.save(update_fields=changed)
        HistoricalWheelEvent.objects.create(
            **{f.attname: getattr(step, f.attname) for f in WheelEvent._meta.concrete_fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON,
        )


def forwards(apps, schema_editor):
    _convert(apps, backwards=False)


def backwards(apps, schema_editor):
    _convert(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("calendar_wheel", "0004_rule_is_a_section")]

    operations = [migrations.RunPython(forwards, backwards)]
