"""Import of frames, the economic plan and KS's distribution from xlsx or CSV (Swedish style).

CSV: semicolon-separated, decimal comma, spaces between digit groups, UTF-8 with or without BOM, or
Windows-1252. Amounts are in thousands of kronor (tkr). All or nothing: every row is checked first,
each problem named by row and column, and nothing is written unless the whole file is right.

A file is hostile until bounded: an xlsx is a zip archive, and its size on upload says nothing about
what it expands to. Before openpyxl sees it, the archive's members are counted and their sizes summed,
each member is read with a cap (a member may lie about its size) and every XML part is parsed by
defusedxml, which refuses DTDs and entities. The first sheet is then streamed once more to bound its
rows, columns and cells before openpyxl reads it. CSV gets the same bounds while it is read.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from budget import services
from budget.models import BudgetVersion, EconomicPlanLine, FrameDistribution
from budget.money import MAX_TKR_TEXT, NBSP, AmountError, AmountTooLarge, format_tkr, parse_tkr
from organisation.models import Body, OrgUnit, User
from styrmodell.spreadsheets import guard_sheet
from styrmodell.validation import excerpt

# What an import may be: its bytes as uploaded, and what they expand to. The layouts have at most six
# columns and a few hundred rows; the bounds leave room for notes beside them, not for a bomb.
MAX_BYTES = 2 * 1024 * 1024  # the file as uploaded (an xlsx compressed)
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024  # all members of an xlsx together, unpacked
MAX_MEMBERS = 100  # members of an xlsx archive (a plain workbook has about ten)
MAX_ROWS = 2000  # rows of the sheet, the header included; a value below them refuses the file
MAX_COLUMNS = 26  # cells in a row (A–Z); a value to the right of them refuses the file
MAX_CELL_CHARS = 1000  # characters in one cell
MAX_CELLS = MAX_ROWS * MAX_COLUMNS  # cells of the first sheet, empty ones too, and texts of an xlsx
MAX_ROW_ELEMENTS = 10 * MAX_ROWS  # rows of an xlsx, empty (formatted) ones too
MAX_XML_ELEMENTS = 300_000  # XML elements of all parts together (a full sheet of texts: ~215 000)
MAX_ERRORS = 20  # problems listed; the rest are counted
_READ_CHUNK = 64 * 1024
_XML_MEMBER = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")

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
    """The file was refused; nothing was written. At most MAX_ERRORS problems are listed."""

    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.errors) > MAX_ERRORS:
            more = len(self.errors) - MAX_ERRORS
            self.errors = [
                *self.errors[:MAX_ERRORS],
                _("… and %(count)s more problems. Correct the ones above and import the file again.")
                % {"count": more},
            ]

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


def _number(count: int) -> str:
    """2000 → "2 000", as the limits are written in messages."""
    return f"{count:,}".replace(",", NBSP)


def _damaged() -> str:
    return _(
        "The workbook could not be read: it is damaged, or it holds XML that Excel never writes "
        "(a DTD or entities). Save it again from Excel and import it once more."
    )


def _too_many_rows() -> ImportRefused:
    return ImportRefused(
        [
            _("The file has more than %(limit)s rows; an import has at most that.")
            % {"limit": _number(MAX_ROWS)}
        ]
    )


def _too_many_columns(row: int) -> ImportRefused:
    return ImportRefused(
        [
            _("Row %(row)s has more than %(limit)s columns; an import has at most that.")
            % {"row": row, "limit": MAX_COLUMNS}
        ]
    )


def _too_long(row: int, column: int, value: str) -> ImportRefused:
    return ImportRefused(
        [
            _("Row %(row)s, column %(column)s: the cell holds more than %(limit)s characters (“%(value)s”).")
            % {
                "row": row,
                "column": get_column_letter(column),
                "limit": _number(MAX_CELL_CHARS),
                "value": excerpt(value),
            }
        ]
    )


def read_rows(data: bytes) -> list[list[object]]:
    """The rows of the first sheet (xlsx, recognised by its content) or of the CSV file.

    Bounded before and while reading: at most MAX_ROWS rows of MAX_COLUMNS cells of MAX_CELL_CHARS
    characters, and for an xlsx at most MAX_UNCOMPRESSED_BYTES unpacked, without DTDs or entities.
    """
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than 2 MB.")])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    return _read_csv(_decode(data))


# Errors a damaged archive or XML part can raise in zipfile, zlib, defusedxml and openpyxl.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ParseError,
    DefusedXmlException,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    NotImplementedError,
)


def _read_xlsx(data: bytes) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
            return [list(row) for row in rows]
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except _UNREADABLE:
        raise ImportRefused([_damaged()]) from None


@dataclass
class _Budget:
    """What the archive's members may still expand to, counted as they are read."""

    bytes: int = MAX_UNCOMPRESSED_BYTES
    elements: int = MAX_XML_ELEMENTS


class _Capped(io.RawIOBase):
    """A member read in chunks, refused once the members read together pass the bound."""

    def __init__(self, source: IO[bytes], budget: _Budget) -> None:
        self.source, self.budget = source, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.source.read(min(len(buffer), _READ_CHUNK))
        self.budget.bytes -= len(chunk)
        if self.budget.bytes < 0:
            raise _expands_too_much()
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _expands_too_much() -> ImportRefused:
    return ImportRefused(
        [
            _("The workbook expands to more than %(limit)s MB when unpacked; an import is at most that.")
            % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        ]
    )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse(
    source: IO[bytes], budget: _Budget, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Element]]:
    """Stream XML through defusedxml (DTDs, entities and external references are refused), counting
    the elements against the budget; events must include "end"."""
    for event, element in iterparse(
        source, events=events, forbid_dtd=True, forbid_entities=True, forbid_external=True
    ):
        if event == "end":
            budget.elements -= 1
            if budget.elements < 0:
                raise _too_complex()
        yield event, element


def _too_complex() -> ImportRefused:
    return ImportRefused(
        [
            _(
                "The workbook is too complex to import: it holds more than %(limit)s XML elements. "
                "Copy the cells into a new workbook and import that."
            )
            % {"limit": _number(MAX_XML_ELEMENTS)}
        ]
    )


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a bomb before openpyxl parses anything: members counted, sizes summed, each member read
    with a cap, every XML part parsed by defusedxml, and the first sheet bounded in the same pass."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(
            [
                _("The workbook consists of more than %(limit)s parts; an import has far fewer.")
                % {"limit": MAX_MEMBERS}
            ]
        )
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise _expands_too_much()
    budget = _Budget()  # what is actually unpacked, whatever the sizes declared
    first_sheet = _first_sheet(archive, budget)
    for member in members:
        with archive.open(member) as raw, io.BufferedReader(_Capped(raw, budget)) as source:
            if member.filename == first_sheet:
                _check_sheet(source, budget)
            elif _XML_MEMBER.search(member.filename):
                _check_xml(source, budget)
            else:
                while source.read(_READ_CHUNK):
                    pass


def _first_sheet(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The member openpyxl reads as the first sheet: package → workbook → its first sheet's target."""

    def elements(name: str) -> list[Element]:
        with archive.open(name) as raw, io.BufferedReader(_Capped(raw, budget)) as source:
            found = []
            for _event, element in _parse(source, budget):
                if _local(element.tag) in ("Relationship", "sheet"):
                    found.append(element)
                elif _local(element.tag) == "sheetData":
                    break
            return found

    def target(rels: str, base: str, match) -> str:
        for relation in elements(rels):
            if match(relation):
                path = relation.get("Target", "")
                return path.lstrip("/") if path.startswith("/") else posixpath.normpath(f"{base}/{path}")
        raise KeyError(rels)

    office_document = target("_rels/.rels", ".", lambda r: r.get("Type", "").endswith("/officeDocument"))
    folder, name = posixpath.split(office_document)
    sheets = [e for e in elements(office_document) if _local(e.tag) == "sheet"]
    sheet_id = next((value for key, value in sheets[0].attrib.items() if _local(key) == "id"), None)
    return target(f"{folder}/_rels/{name}.rels".lstrip("/"), folder, lambda r: r.get("Id") == sheet_id)


def _check_xml(source: IO[bytes], budget: _Budget) -> None:
    """Any other XML part: well-formed, without DTD or entities; shared texts bounded like cells."""
    strings = 0
    for _event, element in _parse(source, budget):
        if _local(element.tag) == "si":
            strings += 1
            if strings > MAX_CELLS:
                raise _too_many_rows()
            text = "".join(element.itertext())
            if len(text) > MAX_CELL_CHARS:
                raise _text_too_long(text)
        element.clear()


def _text_too_long(text: str) -> ImportRefused:
    return ImportRefused(
        [
            _("A text in the workbook holds more than %(limit)s characters (“%(value)s”).")
            % {"limit": _number(MAX_CELL_CHARS), "value": excerpt(text)}
        ]
    )


def _check_sheet(source: IO[bytes], budget: _Budget) -> None:
    """Stream the first sheet; refuse it at the first row, column or cell beyond the bounds."""
    parent: Element | None = None
    row_number = cells_in_row = cells = rows = 0
    for event, element in _parse(source, budget, ("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "sheetData":
                parent = element
            elif tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                cells_in_row = 0
                rows += 1
                if rows > MAX_ROW_ELEMENTS:
                    raise _too_many_rows()
            continue
        if tag == "c":
            cells_in_row += 1
            cells += 1
            if cells_in_row > MAX_COLUMNS:
                raise _too_many_columns(row_number)
            if cells > MAX_CELLS:
                raise _too_many_rows()
            column = cells_in_row
            reference = _CELL_REFERENCE.match(element.get("r") or "")
            if reference:
                column = column_index_from_string(reference.group(1))
                row_number = int(reference.group(2))
            text = "".join("".join(part.itertext()) for part in element if _local(part.tag) in ("v", "is"))
            if text:
                if row_number > MAX_ROWS:
                    raise _too_many_rows()
                if column > MAX_COLUMNS:
                    raise _too_many_columns(row_number)
                if len(text) > MAX_CELL_CHARS:
                    raise _too_long(row_number, column, text)
            element.clear()
        elif tag == "row" and parent is not None:
            parent.clear()  # the rows read so far are not kept


def _read_csv(text: str) -> list[list[object]]:
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text), delimiter=";")
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (number names the broken row)
            if len(row) > MAX_COLUMNS:
                raise _too_many_columns(number)
            for column, cell in enumerate(row, start=1):
                if len(cell) > MAX_CELL_CHARS:
                    raise _too_long(number, column, cell)
            if number > MAX_ROWS:
                if _blank(row):
                    continue
                raise _too_many_rows()
            rows.append(list(row))
    except csv.Error:
        raise ImportRefused(
            [
                _(
                    "Row %(row)s could not be read: a cell is longer than %(limit)s characters, or a "
                    "quotation mark is not closed."
                )
                % {"row": number + 1, "limit": _number(MAX_CELL_CHARS)}
            ]
        ) from None
    return rows


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
        except AmountTooLarge:
            self.error(
                number,
                name,
                _("“%(value)s” is too large: an amount must be less than %(limit)s.")
                % {"value": excerpt(value), "limit": MAX_TKR_TEXT},
            )
        except AmountError:
            self.error(
                number,
                name,
                _("“%(value)s” is not an amount in thousands of kronor (write it like 1 234,5).")
                % {"value": excerpt(value)},
            )
        return None


# Importing


def import_file(*, kind: str, data: bytes, version: BudgetVersion, body: Body | None, actor: User) -> int:
    """Import a file into a version (frames, economic plan) or the body's distribution; returns rows read.

    The distribution is the body's (KS's) for the version's year, its plan's section 5 (R11).

    Raises ImportRefused with every problem found; then nothing was written.
    """
    rows = read_rows(data)
    if kind == ImportKind.FRAMES:
        return _import_frames(rows, version, actor)
    if kind == ImportKind.ECONOMIC_PLAN:
        return _import_economic_plan(rows, version, actor)
    if body is None:
        raise ImportRefused(
            [
                _("There is no operational plan for %(year)s to distribute the frame in.")
                % {"year": version.budget.year}
            ]
        )
    return _import_distribution(rows, body, version.budget.year, actor)


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
            table.error(number, BODY, _("there is no body called “%(name)s”.") % {"name": excerpt(name)})
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
                % {"name": excerpt(name), "known": known},
            )
            continue
        if (kind or RESULT) in seen:
            table.error(number, LINE, _("%(name)s appears more than once.") % {"name": excerpt(name)})
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


def _import_distribution(rows: list[list[object]], body: Body, year: int, actor: User) -> int:
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
                % {"name": excerpt(name)},
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
    for row in FrameDistribution.objects.filter(body=body, year=year).select_related("unit"):
        amounts.setdefault(row.unit, None)
    _write(
        lambda: services.distribution_set(body=body, year=year, amounts=amounts, expected=None, actor=actor)
    )
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
    guard_sheet(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
