"""Import of frames, the economic plan and KS's distribution from xlsx or CSV (Swedish style).

CSV: semicolon-separated, decimal comma, spaces between digit groups, UTF-8 with or without BOM, or
Windows-1252. Amounts are in thousands of kronor (tkr). All or nothing: every row is checked first,
each problem named by row and column, and nothing is written unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from organisation.models import Body, OrgUnit, User
from planning import budget_services as services
from planning.budget_models import BudgetVersion, EconomicPlanLine
from planning.models import OperationalPlan
from planning.money import AmountError, format_tkr, parse_tkr

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

# The files are Swedish documents: these are their column headers and line names, not interface text.
BODY = "Nämnd"
AMOUNT = "Belopp (tkr)"
AREA = "Verksamhetsområde"
LINE = "Post"
RESULT = "Resultat"
LINE_NAMES = {
    EconomicPlanLine.Kind.TAX_REVENUE: "Skatteintäkter",
    EconomicPlanLine.Kind.STATE_GRANTS: "Generella statsbidrag och utjämning",
    EconomicPlanLine.Kind.OPERATING_REVENUE: "Verksamhetens intäkter",
    EconomicPlanLine.Kind.OPERATING_COSTS: "Verksamhetens kostnader",
}


class ImportKind(models.TextChoices):
    FRAMES = "ramar", gettext_lazy("Frame budget")
    ECONOMIC_PLAN = "ekonomisk_plan", gettext_lazy("Economic plan")
    DISTRIBUTION = "fordelning", gettext_lazy("Distribution of the executive board's frame")


@dataclass
class ImportRefused(Exception):
    """The file was refused; nothing was written."""

    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(self.errors)


def layout(kind: str, years: list[int]) -> list[str]:
    """The column headers a file of this kind has, in order."""
    if kind == ImportKind.FRAMES:
        return [BODY, AMOUNT]
    if kind == ImportKind.ECONOMIC_PLAN:
        return [LINE, *(str(year) for year in years)]
    return [AREA, AMOUNT]


def _norm(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value if value is not None else "").split()).casefold()


# Reading the file


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ImportRefused([_wrong_encoding()])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused([_wrong_encoding()]) from None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        raise ImportRefused([_wrong_encoding()])
    return text


def _wrong_encoding() -> str:
    return _(
        "The file could not be read: save it as an Excel workbook (xlsx) or as CSV separated by "
        "semicolons, in UTF-8 or Windows-1252."
    )


def read_rows(data: bytes) -> list[list[object]]:
    """The rows of the first sheet (xlsx, recognised by its content) or of the CSV file."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than 2 MB.")])
    if data.startswith(b"PK\x03\x04"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS)]
            workbook.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
            raise ImportRefused([_wrong_encoding()]) from None
        return rows
    text = _decode(data)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=";")][:MAX_ROWS]
    except csv.Error:
        raise ImportRefused([_wrong_encoding()]) from None


def _blank(row: list[object]) -> bool:
    return all(_norm(cell) == "" for cell in row)


class _Table:
    """The rows under a header, with cells found by column header and errors named by row and column."""

    def __init__(self, rows: list[list[object]], required: list[str]) -> None:
        self.errors: list[str] = []
        while rows and _blank(rows[0]):
            rows = rows[1:]
        if not rows:
            raise ImportRefused([_("The file is empty.")])
        header = [_norm(cell) for cell in rows[0]]
        self.columns: dict[str, int] = {}
        for name in required:
            wanted = _norm(name)
            matches = [i for i, cell in enumerate(header) if cell == wanted or cell == wanted.split(" (")[0]]
            if matches:
                self.columns[name] = matches[0]
            else:
                self.errors.append(
                    _("The column “%(column)s” is missing from the first row.") % {"column": name}
                )
        if self.errors:
            raise ImportRefused(self.errors)
        self.rows = [(number, row) for number, row in enumerate(rows[1:], start=2) if not _blank(row)]

    def cell(self, row: list[object], name: str) -> object:
        index = self.columns[name]
        value = row[index] if index < len(row) else None
        return value.strip() if isinstance(value, str) else value

    def error(self, number: int, name: str, problem: str) -> None:
        self.errors.append(
            _("Row %(row)s, column %(column)s (%(header)s): %(problem)s")
            % {
                "row": number,
                "column": get_column_letter(self.columns[name] + 1),
                "header": name,
                "problem": problem,
            }
        )

    def amount(self, number: int, row: list[object], name: str, *, required: bool = True) -> Decimal | None:
        value = self.cell(row, name)
        if value in (None, ""):
            if required:
                self.error(number, name, _("the amount is missing."))
            return None
        try:
            return parse_tkr(value)
        except AmountError:
            self.error(
                number,
                name,
                _("“%(value)s” is not an amount in thousands of kronor (write it like 1 234,5).")
                % {"value": value},
            )
            return None


# Importing


def import_file(
    *, kind: str, data: bytes, version: BudgetVersion, plan: OperationalPlan | None, actor: User
) -> int:
    """Import a file into a version (frames, economic plan) or the plan (distribution); returns rows read.

    Raises ImportRefused with every problem found; then nothing was written.
    """
    rows = read_rows(data)
    if kind == ImportKind.FRAMES:
        return _import_frames(rows, version, actor)
    if kind == ImportKind.ECONOMIC_PLAN:
        return _import_economic_plan(rows, version, actor)
    if plan is None:
        raise ImportRefused(
            [
                _("There is no operational plan for %(year)s to distribute the frame in.")
                % {"year": version.budget.year}
            ]
        )
    return _import_distribution(rows, plan, actor)


def _write(action) -> None:
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        raise ImportRefused(list(error.messages)) from None


def _import_frames(rows: list[list[object]], version: BudgetVersion, actor: User) -> int:
    table = _Table(rows, [BODY, AMOUNT])
    bodies = {}
    for body in Body.objects.all():
        bodies[_norm(body.short_name)] = body
        bodies[_norm(body.name)] = body
    amounts: dict[Body, Decimal | None] = {}
    for number, row in table.rows:
        name = table.cell(row, BODY)
        body = bodies.get(_norm(name))
        if body is None:
            table.error(number, BODY, _("there is no body called “%(name)s”.") % {"name": name or ""})
        elif body in amounts:
            table.error(number, BODY, _("%(name)s appears more than once.") % {"name": body.short_name})
        amount = table.amount(number, row, AMOUNT)
        if amount is not None and amount < 0:
            table.error(number, AMOUNT, _("a frame cannot be negative."))
        if body is not None and body not in amounts:
            amounts[body] = amount
    if table.errors:
        raise ImportRefused(table.errors)
    for frame in version.frames.select_related("body"):
        amounts.setdefault(frame.body, None)
    _write(lambda: services.frames_set(version=version, amounts=amounts, expected_revision=None, actor=actor))
    return len(table.rows)


def _import_economic_plan(rows: list[list[object]], version: BudgetVersion, actor: User) -> int:
    years = version.budget.plan_years
    table = _Table(rows, layout(ImportKind.ECONOMIC_PLAN, years))
    kinds = {_norm(name): kind for kind, name in LINE_NAMES.items()}
    amounts: dict[tuple[str, int], Decimal | None] = {}
    results: dict[int, tuple[int, Decimal]] = {}
    seen: set[str] = set()
    for number, row in table.rows:
        name = table.cell(row, LINE)
        kind = kinds.get(_norm(name))
        is_result = _norm(name) == _norm(RESULT)
        if kind is None and not is_result:
            known = ", ".join([*LINE_NAMES.values(), RESULT])
            table.error(
                number,
                LINE,
                _("“%(name)s” is not a line of the economic plan (%(known)s).")
                % {"name": name or "", "known": known},
            )
            continue
        if (kind or RESULT) in seen:
            table.error(number, LINE, _("%(name)s appears more than once.") % {"name": name})
            continue
        seen.add(kind or RESULT)
        for year in years:
            amount = table.amount(number, row, str(year), required=False)
            if is_result:
                if amount is not None:
                    results[year] = (number, amount)
            else:
                if kind == EconomicPlanLine.Kind.OPERATING_COSTS and amount is not None and amount > 0:
                    table.error(number, str(year), _("operating costs are entered as a negative amount."))
                amounts[(kind, year)] = amount
    for year, (number, stated) in results.items():
        computed = sum((a for (k, y), a in amounts.items() if y == year and a is not None), Decimal(0))
        if stated != computed:
            table.error(
                number,
                str(year),
                _("the result %(stated)s does not match the lines above, which give %(computed)s.")
                % {"stated": format_tkr(stated), "computed": format_tkr(computed)},
            )
    if table.errors:
        raise ImportRefused(table.errors)
    for kind in LINE_NAMES:
        for year in years:
            amounts.setdefault((kind, year), None)
    _write(
        lambda: services.economic_plan_set(
            version=version, amounts=amounts, expected_revision=None, actor=actor
        )
    )
    return len(table.rows)


def _import_distribution(rows: list[list[object]], plan: OperationalPlan, actor: User) -> int:
    table = _Table(rows, [AREA, AMOUNT])
    units = {}
    for unit in OrgUnit.objects.active_on(timezone.localdate()):
        units[_norm(unit.name)] = unit
        if unit.cost_centre:
            units[_norm(unit.cost_centre)] = unit
    amounts: dict[OrgUnit, Decimal | None] = {}
    for number, row in table.rows:
        name = table.cell(row, AREA)
        unit = units.get(_norm(name))
        if unit is None:
            table.error(
                number,
                AREA,
                _("there is no unit in force called “%(name)s” (name or cost centre).")
                % {"name": name or ""},
            )
        elif unit in amounts:
            table.error(number, AREA, _("%(name)s appears more than once.") % {"name": unit.name})
        amount = table.amount(number, row, AMOUNT)
        if amount is not None and amount < 0:
            table.error(number, AMOUNT, _("an amount distributed cannot be negative."))
        if unit is not None and unit not in amounts:
            amounts[unit] = amount
    if table.errors:
        raise ImportRefused(table.errors)
    for row in plan.distribution.select_related("unit"):
        amounts.setdefault(row.unit, None)
    _write(lambda: services.distribution_set(plan=plan, amounts=amounts, expected=None, actor=actor))
    return len(table.rows)


def template_workbook(kind: str, years: list[int]) -> bytes:
    """An empty xlsx with the headers (and the economic plan's line names) to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(ImportKind(kind).label)[:31]
    sheet.append(layout(kind, years))
    if kind == ImportKind.ECONOMIC_PLAN:
        for name in [*LINE_NAMES.values(), RESULT]:
            sheet.append([name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
