"""The activity list's filters and sort orders, shared by the page and its Excel export."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals.models import AnnualGoal
from organisation.models import OrgUnit
from planning.models import Activity, OperationalPlan
from styrmodell.db import SwedishCollate, swedish_sort_key
from styrmodell.forms import Form

if TYPE_CHECKING:
    from organisation.models import User
    from planning.querysets import ActivityQuerySet

# The order work moves in, which reads better than the status codes' alphabetical order.
STATUS_ORDER = [
    Activity.Status.NOT_STARTED,
    Activity.Status.IN_PROGRESS,
    Activity.Status.DONE,
    Activity.Status.CANCELLED,
]


def _status_rank() -> Case:
    return Case(
        *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


# ?sort= values (a leading "-" reverses) and what each orders by; pk last keeps pages stable.
SORTS: dict[str, Callable[[], list]] = {
    "titel": lambda: [SwedishCollate("title")],
    "slutdatum": lambda: ["planned_end"],
    "status": lambda: [_status_rank(), "planned_end"],
    "enhet": lambda: [SwedishCollate("responsible_unit__name"), "planned_end"],
}
DEFAULT_SORT = "slutdatum"
SORT_CHOICES = [
    ("slutdatum", _("Planned end, earliest first")),
    ("-slutdatum", _("Planned end, latest first")),
    ("titel", _("Title, A–Z")),
    ("-titel", _("Title, Z–A")),
    ("status", _("Status, not started first")),
    ("-status", _("Status, cancelled first")),
    ("enhet", _("Responsible unit, A–Z")),
    ("-enhet", _("Responsible unit, Z–A")),
]

LATE_YES, LATE_NO = "ja", "nej"
ORIGIN_PLAN, ORIGIN_UNIT = "plan", "enhet"


def order_by_sort(queryset: ActivityQuerySet, sort: str) -> ActivityQuerySet:
    """Order by a whitelisted ?sort= value; anything else falls back to the planned end."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT, DEFAULT_SORT
    terms = [F(term) if isinstance(term, str) else term for term in [*SORTS[key](), "pk"]]
    descending = sort.startswith("-")
    return queryset.order_by(*(term.desc() if descending else term.asc() for term in terms))


class ActivityFilterForm(Form):
    """The list's filters as a GET form; the field names are the query string's (Swedish) keys."""

    ar = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    mal = forms.TypedChoiceField(label=_("KS goal"), coerce=int, empty_value=None, required=False)
    enhet = forms.TypedChoiceField(
        label=_("Responsible unit"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Includes the units below it."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Activity.Status.choices], required=False
    )
    typ = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Activity.Kind.choices], required=False
    )
    forsenad = forms.ChoiceField(
        label=_("Late"),
        choices=[("", _("All")), (LATE_YES, _("Late only")), (LATE_NO, _("Not late"))],
        required=False,
        help_text=_("Past the planned end and not done, or done after it."),
    )
    slag = forms.ChoiceField(
        label=_("Plan or unit activity"),
        choices=[
            ("", _("Both")),
            (ORIGIN_PLAN, _("The plan's activities")),
            (ORIGIN_UNIT, _("Units' own activities")),
        ],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, data, *, user: User, today: datetime.date) -> None:
        years = list(
            OperationalPlan.objects.for_user(user).order_by("-year").values_list("year", flat=True).distinct()
        )
        data = data.copy()
        if "ar" not in data:
            # Without a choice the list opens on this year's plan; "All years" is an explicit choice.
            default = today.year if today.year in years else (years[0] if years else "")
            data["ar"] = str(default)
        super().__init__(data)
        self.today = today
        self.fields["ar"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        year = self._chosen_year(data.get("ar"))
        goals = self._goal_choices(user, year)
        self.fields["mal"].choices = [("", _("All KS goals")), *goals]
        if year is not None and data.get("mal") and data["mal"] not in {str(pk) for pk, _title in goals}:
            # A goal of another year, left from before the year was changed: all of the year's goals.
            data.pop("mal")
        self._children: dict[int | None, list[int]] = {}
        self.fields["enhet"].choices = [("", _("All units")), *self._unit_choices(user)]

    @staticmethod
    def _chosen_year(value) -> int | None:
        """The year whose goals the KS-goal filter offers; none (every year's, grouped) without one."""
        try:
            return int(value)
        except (TypeError, ValueError):  # "", "alla", "²": no year
            return None

    @staticmethod
    def _goal_choices(user: User, year: int | None) -> list:
        """The chosen year's KS goals; for all years, grouped by year, newest first.

        A year's goals often repeat the year before's titles: without a year they are told apart by group.
        """
        goals = AnnualGoal.objects.for_user(user).order_by("-year", "position", "pk")
        if year is not None:
            return list(goals.filter(year=year).values_list("pk", "title"))
        groups: dict[int, list] = {}
        for pk, goal_year, title in goals.values_list("pk", "year", "title"):
            groups.setdefault(goal_year, []).append((pk, title))
        return [(str(goal_year), options) for goal_year, options in groups.items()]

    def _unit_choices(self, user: User) -> list:
        """Every unit once, indented under its parent, siblings in Swedish order."""
        names: dict[int, str] = {}
        for pk, name, parent_id, valid_to in OrgUnit.objects.for_user(user).values_list(
            "pk", "name", "parent_id", "valid_to"
        ):
            names[pk] = name if valid_to is None or valid_to >= self.today else _closed(name)
            self._children.setdefault(parent_id, []).append(pk)
        roots = [pk for parent, pks in self._children.items() if parent not in names for pk in pks]
        choices: list[tuple[int, str]] = []

        def visit(pks: list[int], depth: int) -> None:
            for pk in sorted(pks, key=lambda pk: swedish_sort_key(names[pk])):
                choices.append((pk, "\u2003" * depth + names[pk]))
                visit(self._children.get(pk, []), depth + 1)

        visit(roots, 0)
        return choices

    def _with_sub_units(self, unit_id: int) -> set[int]:
        found, stack = set(), [unit_id]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(self._children.get(pk, []))
        return found

    @property
    def chosen_year(self) -> int | None:
        return self.cleaned_data.get("ar") if hasattr(self, "cleaned_data") else None

    def apply(self, queryset: ActivityQuerySet) -> ActivityQuerySet:
        """The queryset filtered by the valid fields (an invalid one shows its error and is ignored)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("ar"):
            queryset = queryset.filter(plan__year=data["ar"])
        if data.get("mal"):
            queryset = queryset.filter(annual_goal_id=data["mal"])
        if data.get("enhet"):
            queryset = queryset.filter(responsible_unit_id__in=self._with_sub_units(data["enhet"]))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("typ"):
            queryset = queryset.filter(kind=data["typ"])
        late = Activity.objects.late(self.today).values("pk")
        if data.get("forsenad") == LATE_YES:
            queryset = queryset.filter(pk__in=late)
        elif data.get("forsenad") == LATE_NO:
            queryset = queryset.exclude(pk__in=late)
        if data.get("slag"):
            queryset = queryset.filter(is_plan_activity=data["slag"] == ORIGIN_PLAN)
        return order_by_sort(queryset, data.get("sort") or DEFAULT_SORT)

    @property
    def chosen_sort(self) -> str:
        return (self.cleaned_data.get("sort") if hasattr(self, "cleaned_data") else "") or DEFAULT_SORT


def _closed(name: str) -> str:
    return gettext("%(name)s (closed)") % {"name": name}
