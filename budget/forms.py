"""Forms for the budget: grids of amounts in tkr, the goals, the import; the services decide what is saved."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budget.imports import ImportKind
from budget.models import BudgetVersion, EconomicPlanLine
from budget.money import (
    MAX_TKR_TEXT,
    MIN_TKR_TEXT,
    AmountError,
    AmountTooLarge,
    AmountWithPoint,
    parse_tkr,
    tkr_input,
)
from budget.services import fingerprint
from organisation.models import Body, Decision, OrgUnit
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form

NEW_ROWS = 3


class TkrField(forms.CharField):
    """An amount typed in thousands of kronor ("1 234,5"); cleaned to kronor."""

    default_error_messages = {
        "amount": _("Write the amount in thousands of kronor, like 1 234,5 (at most three decimals)."),
        "point": _("Write the amount with a decimal comma and without points, like 1 234,5."),
        "too_large": _("The amount is too large: it must be less than %(limit)s."),
        "too_low": _("The amount is too low: it must be more than %(limit)s."),
        "negative": _("The amount cannot be negative."),
    }

    def __init__(self, *args, negative: bool = True, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.negative = negative
        self.widget.attrs.update({"inputmode": "decimal", "class": "amount-input", "autocomplete": "off"})

    def prepare_value(self, value):
        return tkr_input(value) if isinstance(value, Decimal) else value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            kronor = parse_tkr(value)
        except AmountTooLarge as error:
            if error.negative and not self.negative:
                raise forms.ValidationError(self.error_messages["negative"], code="negative") from None
            if error.negative:
                raise forms.ValidationError(
                    self.error_messages["too_low"], code="too_low", params={"limit": MIN_TKR_TEXT}
                ) from None
            raise forms.ValidationError(
                self.error_messages["too_large"], code="too_large", params={"limit": MAX_TKR_TEXT}
            ) from None
        except AmountWithPoint:
            raise forms.ValidationError(self.error_messages["point"], code="point") from None
        except AmountError:
            raise forms.ValidationError(self.error_messages["amount"], code="amount") from None
        if kronor < 0 and not self.negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return kronor


class _VersionForm(Form):
    """Carries the revision the editor read, so a stale save is refused (optimistic locking)."""

    revision = VersionField()  # the budget version's revision is the version its forms carry

    def __init__(self, *args, version: BudgetVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["revision"].initial = version.revision


class FramesForm(_VersionForm):
    """A frame per body; an empty field removes the body's frame."""

    def __init__(self, *args, bodies: list[Body], frames: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        for body in bodies:
            self.fields[f"body_{body.pk}"] = TkrField(
                label=_("Frame for %(body)s (tkr)") % {"body": body.name},
                initial=frames.get(body.pk),
                negative=False,
            )

    def amounts(self) -> dict[Body, Decimal | None]:
        return {body: self.cleaned_data[f"body_{body.pk}"] for body in self.bodies}

    def rows(self):
        return [(body, self[f"body_{body.pk}"]) for body in self.bodies]


class EconomicPlanForm(_VersionForm):
    """The economic plan: each line for each of the three years; costs negative."""

    def __init__(self, *args, amounts: dict[tuple[str, int], Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = self.version.budget.plan_years
        for kind in EconomicPlanLine.Kind:
            for year in self.years:
                self.fields[f"{kind.value}_{year}"] = TkrField(
                    label=f"{kind.label} {year} (tkr)",
                    initial=amounts.get((kind.value, year)),
                    negative=kind == EconomicPlanLine.Kind.OPERATING_COSTS,
                )

    def clean(self):
        cleaned = super().clean()
        for year in self.years:
            name = f"{EconomicPlanLine.Kind.OPERATING_COSTS.value}_{year}"
            value = cleaned.get(name)
            if value is not None and value > 0:
                self.add_error(name, _("Operating costs are entered as a negative amount."))
        return cleaned

    def amounts(self) -> dict[tuple[str, int], Decimal | None]:
        return {
            (kind.value, year): self.cleaned_data[f"{kind.value}_{year}"]
            for kind in EconomicPlanLine.Kind
            for year in self.years
        }

    def grid(self):
        return [
            (kind.label, [self[f"{kind.value}_{year}"] for year in self.years])
            for kind in EconomicPlanLine.Kind
        ]


class InvestmentsForm(_VersionForm):
    """The investment plan: a row per project with its amounts for five years; clear a name to remove it."""

    def __init__(self, *args, projects: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = self.version.budget.investment_years
        self.count = len(projects) + NEW_ROWS
        for index in range(self.count):
            project = projects[index] if index < len(projects) else None
            stored = {a.year: a.amount for a in project.amounts.all()} if project else {}
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("Project %(number)s") % {"number": index + 1},
                max_length=200,
                required=False,
                initial=project.name if project else "",
            )
            for year in self.years:
                self.fields[f"amount_{index}_{year}"] = TkrField(
                    label=_("Project %(number)s, %(year)s (tkr)") % {"number": index + 1, "year": year},
                    initial=stored.get(year),
                )

    def clean(self):
        cleaned = super().clean()
        names = []
        for index in range(self.count):
            name = (cleaned.get(f"name_{index}") or "").strip()
            has_amounts = any(cleaned.get(f"amount_{index}_{year}") is not None for year in self.years)
            if not name and has_amounts:
                self.add_error(f"name_{index}", _("Name the project, or clear its amounts."))
            if name and name in names:
                self.add_error(f"name_{index}", _("Each project is named once."))
            names.append(name)
        return cleaned

    def projects(self) -> list[tuple[str, dict[int, Decimal | None]]]:
        result = []
        for index in range(self.count):
            name = self.cleaned_data[f"name_{index}"].strip()
            if name:
                result.append((name, {y: self.cleaned_data[f"amount_{index}_{y}"] for y in self.years}))
        return result

    def grid(self):
        return [
            (self[f"name_{index}"], [self[f"amount_{index}_{year}"] for year in self.years])
            for index in range(self.count)
        ]


class GoalsForm(_VersionForm):
    """KF's financial goals and goals for good financial management; clear a row to remove it."""

    def __init__(self, *args, financial: list, geh: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.financial_count = len(financial) + NEW_ROWS
        self.geh_count = len(geh) + NEW_ROWS
        for index in range(self.financial_count):
            goal = financial[index] if index < len(financial) else None
            self.fields[f"fg_text_{index}"] = forms.CharField(
                label=_("Financial goal %(number)s") % {"number": index + 1},
                max_length=300,
                required=False,
                initial=goal.text if goal else "",
            )
            self.fields[f"fg_target_{index}"] = forms.CharField(
                label=_("Target of financial goal %(number)s") % {"number": index + 1},
                max_length=100,
                required=False,
                initial=goal.target if goal else "",
            )
        for index in range(self.geh_count):
            goal = geh[index] if index < len(geh) else None
            self.fields[f"geh_code_{index}"] = forms.RegexField(
                label=_("Code of goal %(number)s") % {"number": index + 1},
                regex=r"^[A-Za-zÅÄÖåäö]{1,8}-?[0-9]{1,3}$",
                error_messages={"invalid": _("Write a code like GEH-1.")},
                max_length=20,
                required=False,
                initial=goal.code if goal else "",
            )
            self.fields[f"geh_title_{index}"] = forms.CharField(
                label=_("Title of goal %(number)s") % {"number": index + 1},
                max_length=300,
                required=False,
                initial=goal.title if goal else "",
            )
            self.fields[f"geh_description_{index}"] = forms.CharField(
                label=_("Description of goal %(number)s") % {"number": index + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=goal.description if goal else "",
            )

    def clean(self):
        cleaned = super().clean()
        codes = []
        for index in range(self.geh_count):
            code = (cleaned.get(f"geh_code_{index}") or "").strip().upper()
            title = (cleaned.get(f"geh_title_{index}") or "").strip()
            if code and not title:
                self.add_error(f"geh_title_{index}", _("Give the goal a title."))
            if title and not code and f"geh_code_{index}" not in self.errors:
                self.add_error(f"geh_code_{index}", _("Give the goal a code, like GEH-1."))
            if code and code in codes:
                self.add_error(
                    f"geh_code_{index}", _("Each goal for good financial management has its own code.")
                )
            codes.append(code)
        for index in range(self.financial_count):
            if (cleaned.get(f"fg_target_{index}") or "").strip() and not (
                cleaned.get(f"fg_text_{index}") or ""
            ).strip():
                self.add_error(f"fg_text_{index}", _("Write the goal, or clear its target."))
        return cleaned

    def financial(self) -> list[tuple[str, str]]:
        rows = [
            (self.cleaned_data[f"fg_text_{i}"], self.cleaned_data[f"fg_target_{i}"])
            for i in range(self.financial_count)
        ]
        return [(text.strip(), target.strip()) for text, target in rows if text.strip()]

    def geh(self) -> list[tuple[str, str, str]]:
        rows = [
            (
                self.cleaned_data[f"geh_code_{i}"].strip().upper(),
                self.cleaned_data[f"geh_title_{i}"],
                self.cleaned_data[f"geh_description_{i}"],
            )
            for i in range(self.geh_count)
        ]
        return [row for row in rows if row[0]]

    def financial_rows(self):
        return [(self[f"fg_text_{i}"], self[f"fg_target_{i}"]) for i in range(self.financial_count)]

    def geh_rows(self):
        return [
            (self[f"geh_code_{i}"], self[f"geh_title_{i}"], self[f"geh_description_{i}"])
            for i in range(self.geh_count)
        ]


class VersionLabelForm(_VersionForm):
    label = forms.CharField(label=_("Label"), max_length=100, required=False, help_text=_("E.g. June 2025."))


class NewVersionForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in BudgetVersion.Kind.choices if c[0] != BudgetVersion.Kind.ADOPTION],
        initial=BudgetVersion.Kind.RECALCULATION,
    )
    label = forms.CharField(
        label=_("Label"), max_length=100, required=False, help_text=_("E.g. November 2025.")
    )


class NewBudgetForm(Form):
    label = forms.CharField(label=_("Label"), max_length=100, required=False, help_text=_("E.g. June 2025."))


class DistributionForm(Form):
    """KS's frame over its activity areas; `read` carries the distribution as it was read, its version."""

    read = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        units: list[OrgUnit],
        current: dict[int, Decimal],
        revenue: dict[int, Decimal] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.units = units
        revenue = {unit_id: amount for unit_id, amount in (revenue or {}).items() if amount}
        self.fields["read"].initial = fingerprint(current, revenue)
        for unit in units:
            self.fields[f"unit_{unit.pk}"] = TkrField(
                label=_("%(unit)s (tkr)") % {"unit": unit.name}, initial=current.get(unit.pk), negative=False
            )
            self.fields[f"revenue_{unit.pk}"] = TkrField(
                label=_("%(unit)s: of which revenue (tkr)") % {"unit": unit.name},
                initial=revenue.get(unit.pk),
                negative=False,
                help_text=_("The area's budgeted revenue; its costs are the amount plus the revenue."),
            )

    def amounts(self) -> dict[OrgUnit, Decimal | None]:
        return {unit: self.cleaned_data[f"unit_{unit.pk}"] for unit in self.units}

    def revenues(self) -> dict[OrgUnit, Decimal | None]:
        return {unit: self.cleaned_data[f"revenue_{unit.pk}"] for unit in self.units}

    def _read(self, part: int) -> dict[int, Decimal]:
        parts = self.cleaned_data["read"].split(";")
        result = {}
        for item in filter(None, parts[part].split(",") if part < len(parts) else []):
            unit_id, _sep, amount = item.partition(":")
            result[int(unit_id)] = Decimal(amount)
        return result

    def expected(self) -> dict[int, Decimal]:
        return self._read(0)

    def expected_revenues(self) -> dict[int, Decimal]:
        return self._read(1)

    def clean_read(self):
        value = self.cleaned_data["read"]
        try:
            if value.count(";") > 1:
                raise ValueError(value)
            for part in filter(None, value.replace(";", ",").split(",")):
                unit_id, _sep, amount = part.partition(":")
                int(unit_id)
                # A signalling NaN would raise when the service compares it with the saved amounts.
                if not Decimal(amount).is_finite():
                    raise ValueError(amount)
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(_("Reload the page and try again.")) from None
        return value

    def rows(self):
        return [(unit, self[f"unit_{unit.pk}"], self[f"revenue_{unit.pk}"]) for unit in self.units]


class ImportForm(Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (xlsx) or a CSV file separated by semicolons; amounts in tkr."),
    )


class CompareForm(Form):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions: list[BudgetVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, v.name) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class RedistributionForm(Form):
    """From which area, to which, how much (tkr), why and on what decision."""

    from_unit = forms.ModelChoiceField(label=_("From activity area"), queryset=None)
    to_unit = forms.ModelChoiceField(label=_("To activity area"), queryset=None)
    amount = TkrField(label=_("Amount (tkr)"), negative=False, required=True)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ModelChoiceField(
        label=_("Decision"),
        queryset=None,
        required=False,
        help_text=_("The decision of the executive board the redistribution rests on, if any."),
    )

    def __init__(self, *args, units: QuerySet[OrgUnit], decisions: QuerySet[Decision], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_unit"].queryset = units
        self.fields["to_unit"].queryset = units
        self.fields["decision"].queryset = decisions
