"""The open data API's filters: `year` on every resource, and a few obvious others.

Each filter is read as strictly as the schema describes it, and the schema says exactly what is
read: a year from 2000 to 2100, an id from 1, a code from its list, a short name of letters. A value
outside answers 400 with the reason; a value inside that matches nothing answers an empty page.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from budget.models import BudgetVersion
from followup.models import ReportKind
from insyn import selectors
from planning.models import Activity
from reports.models import Kind as ReportPdfKind

YEAR_MIN, YEAR_MAX = 2000, 2100
ID_MAX = 2**31 - 1
SHORT_NAME = r"^[0-9A-Za-zÅÄÖåäöÉé -]{0,20}$"
CODE = r"^[a-z0-9_-]{0,30}$"
KOLADA_ID = r"^([A-Z][0-9]{5})?$"


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class StrictFilterSet(django_filters.FilterSet):
    """A parameter given empty ("?year=") is refused, not read as absent: a number or a code is asked
    for. (A short name may be empty: its pattern says so.)"""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, found in self.filters.items():
            value = self.data.get(name)
            if value is not None and not value.strip() and not isinstance(found, django_filters.CharFilter):
                self.form.add_error(name, gettext("Give a value, or leave the parameter out."))
                valid = False
        return valid


def _documented(schema: dict, found: django_filters.Filter) -> django_filters.Filter:
    return extend_schema_field(schema)(found)


def year_filter(
    field_name: str = "year", *, description=None, method: str | None = None
) -> django_filters.Filter:
    schema = {
        "type": "integer",
        "minimum": YEAR_MIN,
        "maximum": YEAR_MAX,
        "description": description or _("The year (from 2000 to 2100)."),
    }
    return _documented(
        schema, IntegerFilter(field_name=field_name, min_value=YEAR_MIN, max_value=YEAR_MAX, method=method)
    )


def id_filter(field_name: str, description) -> django_filters.Filter:
    schema = {"type": "integer", "minimum": 1, "maximum": ID_MAX, "description": description}
    return _documented(schema, IntegerFilter(field_name=field_name, min_value=1, max_value=ID_MAX))


def text_filter(field_name: str, pattern: str, description, max_length: int) -> django_filters.Filter:
    schema = {"type": "string", "pattern": pattern, "maxLength": max_length, "description": description}
    found = django_filters.CharFilter(
        field_name=field_name, strip=False, max_length=max_length, validators=[RegexValidator(pattern)]
    )
    return _documented(schema, found)


def choice_filter(field_name: str, choices, description) -> django_filters.Filter:
    schema = {"type": "string", "enum": [value for value, _label in choices], "description": description}
    return _documented(schema, django_filters.ChoiceFilter(field_name=field_name, choices=choices))


def body_filter(field_name: str = "body__short_name") -> django_filters.Filter:
    return text_filter(field_name, SHORT_NAME, _("The body's short name, e.g. KS or KF."), 20)


class KfGoalFilter(StrictFilterSet):
    year = year_filter(
        description=_("The KF goals applying in the year, each in its wording in force that year."),
        method="in_force",
    )
    period = _documented(
        {
            "type": "integer",
            "minimum": YEAR_MIN - 2,
            "maximum": YEAR_MAX,
            "description": _("The mandate period, by its election year."),
        },
        IntegerFilter(field_name="period__election_year", min_value=YEAR_MIN - 2, max_value=YEAR_MAX),
    )

    def in_force(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        worded = selectors.adopted_versions().filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=value),
            goal=OuterRef("pk"),
            valid_from__lte=value,
        )
        return queryset.applying_in(value).filter(Exists(worded))


class GoalFilter(StrictFilterSet):
    year = year_filter()
    body = body_filter()
    kf_goal = id_filter("mandate_goals", _("The KS goals serving this KF goal (its id)."))


class IndicatorFilter(StrictFilterSet):
    year = year_filter(description=_("The indicators of the year's goals."), method="of_year")
    kolada_id = text_filter("kolada_id", KOLADA_ID, _("The Kolada KPI id, e.g. N01951."), 6)

    def of_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(pk__in=selectors.indicators(value).values("pk"))


class PlanFilter(StrictFilterSet):
    year = year_filter()
    body = body_filter()


class ActivityFilter(StrictFilterSet):
    year = year_filter("plan__year")
    plan = id_filter("plan_id", _("The operational plan (its id)."))
    goal = id_filter("annual_goal_id", _("The KS goal (its id)."))
    unit = id_filter("responsible_unit_id", _("The responsible unit (its id)."))
    kind = choice_filter("kind", Activity.Kind.choices, _("The kind of activity."))


class BudgetVersionFilter(StrictFilterSet):
    year = year_filter("budget__year", description=_("The budget year."))
    kind = choice_filter("kind", BudgetVersion.Kind.choices, _("The kind of version."))


class RoundFilter(StrictFilterSet):
    year = year_filter()
    kind = choice_filter("kind", ReportKind.choices, _("The kind of round."))


class StepFilter(StrictFilterSet):
    year = year_filter()
    body = body_filter("event__body__short_name")


class MeetingFilter(StrictFilterSet):
    year = year_filter("date__year")
    body = body_filter()


class DocumentFilter(StrictFilterSet):
    year = year_filter("decided_on__year", description=_("The year of the decision."))
    kind = text_filter("kind__code", CODE, _("The kind of document by its code, e.g. policy or plan."), 30)
    body = body_filter("adopting_body__short_name")


class ReportPdfFilter(StrictFilterSet):
    year = year_filter()
    kind = choice_filter("kind", ReportPdfKind.choices, _("The kind of report."))
