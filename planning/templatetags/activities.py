"""How an activity keeps its time plan, as a symbol and a word: `{% timeliness activity %}`.

Derived from the dates (never set by hand). A tag rather than an included template because the
plan's activity tables render it once per row, and an include per row costs more than the row.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from planning.models import Activity

register = template.Library()


@register.simple_tag
def timeliness(activity: Activity) -> str:
    if activity.status == Activity.Status.CANCELLED:
        return format_html('<span class="meta">{}</span>', _("Cancelled"))
    if activity.late:
        word = _("Done late") if activity.status == Activity.Status.DONE else _("Late")
        return format_html(
            '<span class="status status--ej_uppnatt"><span aria-hidden="true">⚠</span> {}</span>', word
        )
    if activity.status == Activity.Status.DONE:
        return format_html(
            '<span class="status status--uppnatt"><span aria-hidden="true">✓</span> {}</span>',
            _("As planned"),
        )
    return format_html(
        '<span class="status status--ej_matbart"><span aria-hidden="true">○</span> {}</span>',
        _("On schedule"),
    )
