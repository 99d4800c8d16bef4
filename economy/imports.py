"""The outcome import for a round (R25): upload, background read, preview, confirm. The mapping tables
it reads through (account classes, objects) are kept by `economy.mapping`.

- `import_upload` keeps the file in a READING import and queues `economy.tasks.read_outcome_import`.
- `read_import` (the job's work) decides the kind by content: SIE (`#FLAGGA` first) through
  `economy.sie` and `economy.books`; otherwise a spreadsheet (xlsx or CSV) of the layout
  `Ansvar | Konto | Projekt | Belopp (kr)`, amounts in kronor with the accounting sign (debit
  positive), read by `budget.imports.read_rows` and turned into the same books, so that accounts and
  objects map by one mechanism. All or nothing: REFUSED with every problem and no row, or PREVIEW with
  the rows in one transaction.
- `import_confirm` puts a preview in force (the earlier one REPLACED); a forecast is never touched.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.imports import ImportRefused as SheetRefused
from budget.imports import read_rows
from budget.money import format_tkr
from economy import books as books_module
from economy import flags, sie
from economy.models import (
    Category,
    ImportSource,
    ImportStatus,
    Outcome,
    OutcomeImport,
    ProjectOutcome,
)
from followup import rounds
from followup.models import Report
from organisation.models import User
from organisation.roles import is_finance
from styrmodell.queueing import QueueUnavailable, enqueue
from styrmodell.validation import excerpt

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = gettext_lazy(
    "The background service is not answering, so the file could not be read. Nothing was changed: "
    "import it again in a while, and if it keeps failing tell the system administrator."
)


class ImportRefused(Exception):
    """Nothing was written; `problems` (economy.sie.Problem) name each bad line or cell."""

    def __init__(self, problems: list[sie.Problem], more: int = 0) -> None:
        super().__init__(problems)
        self.problems = problems
        self.more = more


# The spreadsheet's column headers: a Swedish document's, not interface text.
AREA = "Ansvar"
ACCOUNT = "Konto"
PROJECT = "Projekt"
AMOUNT = "Belopp (kr)"
LAYOUT = [AREA, ACCOUNT, PROJECT, AMOUNT]
MAX_PROBLEMS = 50  # problems kept for the page; the rest are counted
# The categories an import keeps rows of (balance-sheet accounts are not followed up).
KEPT = (Category.REVENUE, Category.COSTS, Category.FINANCIAL)
_AMOUNT_LIMIT = Decimal(10) ** 13  # the amount columns' 15 digits, 2 of them decimals
_DIGITS = re.compile(r"^[0-9]{1,10}$")


def _require_finance(actor: User) -> None:
    if not is_finance(actor):
        raise ValidationError(_("Only finance imports the outcome from the accounting system."))


def kind_of(data: bytes) -> str:
    """SIE when the text starts with #FLAGGA (after a BOM and white space), else a spreadsheet."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return ImportSource.SIE if head.upper().startswith(b"#FLAGGA") else ImportSource.SPREADSHEET


# Upload


@transaction.atomic
def import_upload(
    *,
    report: Report,
    data: bytes,
    file_name: str,
    actor: User,
    today: datetime.date | None = None,
    through: datetime.date | None = None,
) -> OutcomeImport:
    """Keep the uploaded SIE, xlsx or CSV file in a READING import of the round and queue its reading
    (Celery, `economy.tasks.read_outcome_import`), which ends in PREVIEW with the outcome rows, or in
    REFUSED with every problem and no row written. Refused at once when the round takes no input.

    `through` is the last day of the month a spreadsheet's outcome runs through (a SIE file says it)."""
    _require_finance(actor)
    report, _dates = rounds.lock_for_input(report.pk, today)
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > settings.ECONOMY_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB; an import is at most that.")
                % {"limit": settings.ECONOMY_IMPORT_MAX_BYTES // (1024 * 1024)}
            }
        )
    source = kind_of(data)
    if source == ImportSource.SPREADSHEET:
        if through is None:
            raise ValidationError(
                {"through": _("Give the month the outcome runs through: a spreadsheet does not say it.")}
            )
        if through.year != report.year:
            raise ValidationError(
                {"through": _("The outcome must be for %(year)s, the round's year.") % {"year": report.year}}
            )
    name = PurePath((file_name or "").replace("\\", "/")).name[:200] or "import"
    outcome_import = OutcomeImport(
        report=report,
        source=source,
        status=ImportStatus.READING,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        period_to=through if source == ImportSource.SPREADSHEET else None,
        imported_by=actor,
    )
    suffix = PurePath(name).suffix.lower()
    safe_suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    outcome_import.file.save(f"utfall{safe_suffix}", ContentFile(data), save=False)
    outcome_import._history_user = actor
    outcome_import.save()
    transaction.on_commit(lambda: _queue(outcome_import.pk))
    return outcome_import


def _queue(outcome_import_id: int) -> None:
    """Queue the reading within a bounded wait (`styrmodell.queueing`); with the background service
    away the import is refused at once, saying so, rather than left "being read" for ever."""
    from economy.tasks import read_outcome_import  # the task module imports this one

    try:
        enqueue(read_outcome_import, outcome_import_id)
    except QueueUnavailable as error:
        logger.warning("Outcome import %s could not be queued: %s", outcome_import_id, error)
        mark_unreadable(outcome_import_id, QUEUE_UNAVAILABLE)


# Reading (the background job)


@dataclass
class _Read:
    books: sie.SieBooks
    totals: books_module.Totals
    source_lines: int


def _progress(outcome_import: OutcomeImport, value: int) -> None:
    # The bar on the page, not an edit: no history record.
    OutcomeImport.objects.filter(pk=outcome_import.pk).update(progress=value)


def read_import(outcome_import_id: int) -> OutcomeImport:
    """The background job's work: parse, map, and write the preview (all or nothing)."""
    outcome_import = OutcomeImport.objects.select_related("report").get(pk=outcome_import_id)
    if outcome_import.status != ImportStatus.READING:
        return outcome_import  # read already (a job delivered twice)
    _progress(outcome_import, 10)
    with outcome_import.file.open("rb") as stored:
        data = stored.read(settings.ECONOMY_IMPORT_MAX_BYTES + 1)
    report = outcome_import.report
    try:
        if kind_of(data) == ImportSource.SIE:
            books = sie.parse(data)
            _progress(outcome_import, 50)
            _check_year(books, report)
        else:
            books = _sheet_books(data, report, outcome_import.period_to)
            _progress(outcome_import, 50)
        totals = books_module.totals_from_sie(books)
    except (sie.SieRefused, ImportRefused) as refused:
        return _refuse(outcome_import, refused.problems, refused.more)
    _progress(outcome_import, 80)
    return _write_preview(outcome_import, books, totals)


def _check_year(books: sie.SieBooks, report: Report) -> None:
    if books.year_start.year != report.year:
        raise ImportRefused(
            [
                sie.Problem(
                    0,
                    "#RAR",
                    _(
                        "The file's financial year (%(start)s–%(end)s) is not the round's year, %(year)s. "
                        "Export the books of %(year)s."
                    )
                    % {"start": books.year_start, "end": books.year_end, "year": report.year},
                )
            ]
        )


def problem_dicts(problems: list[sie.Problem], more: int = 0) -> list[dict]:
    kept = [{"line": p.line or None, "tag": p.tag, "message": p.message} for p in problems[:MAX_PROBLEMS]]
    more += max(0, len(problems) - MAX_PROBLEMS)
    if more:
        kept.append(
            {
                "line": None,
                "tag": "",
                "message": _("… and %(count)s more problems. Correct the ones above and import again.")
                % {"count": more},
            }
        )
    return kept


@transaction.atomic
def _refuse(outcome_import: OutcomeImport, problems: list[sie.Problem], more: int) -> OutcomeImport:
    outcome_import = OutcomeImport.objects.select_for_update().get(pk=outcome_import.pk)
    if outcome_import.status != ImportStatus.READING:
        return outcome_import
    outcome_import.status = ImportStatus.REFUSED
    outcome_import.problems = problem_dicts(problems, more)
    outcome_import.progress = 100
    outcome_import.save()
    return outcome_import


def _warnings(books: sie.SieBooks, totals: books_module.Totals, report: Report) -> list[dict]:
    found: list[dict] = []
    for key, amount in sorted(totals.unmapped.items()):
        found.append({"kind": "unmapped", "object": key, "amount": str(amount)})
    for category, amount in sorted(totals.without_object.items()):
        found.append({"kind": "without_object", "category": category, "amount": str(amount)})
    cut_off = rounds.dates_of(report).cut_off
    period_to = totals.period_to or books.last_period
    if period_to and period_to > cut_off:
        found.append(
            {"kind": "past_cut_off", "period_to": period_to.isoformat(), "cut_off": cut_off.isoformat()}
        )
    for note in getattr(books, "notes", None) or []:
        found.append({"kind": "note", "message": str(note)})
    return found


@transaction.atomic
def _write_preview(
    outcome_import: OutcomeImport, books: sie.SieBooks, totals: books_module.Totals
) -> OutcomeImport:
    outcome_import = (
        OutcomeImport.objects.select_for_update().select_related("report").get(pk=outcome_import.pk)
    )
    if outcome_import.status != ImportStatus.READING:
        return outcome_import
    Outcome.objects.bulk_create(
        Outcome(outcome_import=outcome_import, unit_id=unit_id, category=category, amount=amount)
        for (unit_id, category), amount in sorted(totals.outcomes.items())
        if category in KEPT and amount
    )
    ProjectOutcome.objects.bulk_create(
        ProjectOutcome(outcome_import=outcome_import, project=name[:200], amount=amount)
        for name, amount in sorted(totals.projects.items())
    )
    if outcome_import.source == ImportSource.SIE:
        outcome_import.period_to = totals.period_to or books.last_period or books.year_end
        outcome_import.program = (books.program or "")[:200]
        outcome_import.organisation = (books.organisation or "")[:200]
        outcome_import.sie_type = (books.sie_type or "")[:4]
        outcome_import.fiscal_year_start = books.year_start
    outcome_import.lines_read = books.lines
    outcome_import.warnings = _warnings(books, totals, outcome_import.report)
    outcome_import.status = ImportStatus.PREVIEW
    outcome_import.progress = 100
    outcome_import.save()
    return outcome_import


def mark_unreadable(outcome_import_id: int, message: str | None = None) -> None:
    """The job failed unexpectedly (or could not be queued): the import is refused with a plain message
    rather than left reading."""
    message = str(
        message
        or _("The file could not be read. Check that it is a SIE, xlsx or CSV file and import it again.")
    )
    _refuse(OutcomeImport.objects.get(pk=outcome_import_id), [sie.Problem(0, "", message)], 0)


def warning_text(warning: dict) -> str:
    """A stored warning in words, in the language of the page."""
    kind = warning.get("kind")
    amount = format_tkr(Decimal(warning["amount"])) if "amount" in warning else ""
    if kind == "unmapped" and not re.match(r"^[0-9]+ ", warning["object"]):
        return _("%(what)s: %(amount)s (the accounting sign) are left outside the follow-up.") % {
            "what": str(warning["object"]).capitalize(),
            "amount": amount,
        }
    if kind == "unmapped":
        return _(
            "The object %(object)s is neither a unit's cost centre nor mapped to one: %(amount)s are left "
            "outside the activity areas. Map it under Objects and import again."
        ) % {"object": warning["object"], "amount": amount}
    if kind == "without_object":
        label = dict(Category.choices).get(warning["category"], warning["category"])
        return _("%(amount)s of %(category)s are booked without an activity area object.") % {
            "amount": amount,
            "category": str(label).lower(),
        }
    if kind == "past_cut_off":
        return _(
            "The outcome runs through %(period_to)s, past the round's cut-off date %(cut_off)s. Check that "
            "this is the file you meant."
        ) % {
            "period_to": date_format(datetime.date.fromisoformat(warning["period_to"]), "DATE_FORMAT"),
            "cut_off": date_format(datetime.date.fromisoformat(warning["cut_off"]), "DATE_FORMAT"),
        }
    return str(warning.get("message", ""))


# The spreadsheet layout


def _norm(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value if value is not None else "").split()).casefold()


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value if value is not None else "").split())


def _kronor(value: object) -> Decimal:
    """An amount in kronor: "-1 234,50", "1234.5", "−12" or a number cell; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u2212", "-").replace("\u2013", "-")
        text = re.sub(r"[\s\u00a0\u202f]", "", text)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", text):
            raise ValueError(value)
        amount = Decimal(text)
    if not amount.is_finite() or abs(amount) >= _AMOUNT_LIMIT:
        raise OverflowError(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(value)
    return amount


def _cell_problem(row: int, column: int, header: str, message: str) -> sie.Problem:
    from openpyxl.utils import get_column_letter

    return sie.Problem(row, f"{get_column_letter(column + 1)} ({header})", message)


def _sheet_books(data: bytes, report: Report, through: datetime.date | None) -> sie.SieBooks:
    """The spreadsheet's rows as books of the round's year, each row an account on its objects."""
    try:
        rows = read_rows(data)
    except SheetRefused as refused:
        raise ImportRefused([sie.Problem(0, "", message) for message in refused.errors]) from None
    while rows and all(_norm(cell) == "" for cell in rows[0]):
        rows = rows[1:]
    if not rows:
        raise ImportRefused([sie.Problem(0, "", _("The file is empty."))])
    header = [_norm(cell) for cell in rows[0]]
    columns: dict[str, int] = {}
    problems: list[sie.Problem] = []
    for name in LAYOUT:
        wanted = _norm(name)
        found = [i for i, cell in enumerate(header) if cell in (wanted, wanted.split(" (")[0])]
        if found:
            columns[name] = found[0]
        elif name != PROJECT:
            problems.append(
                sie.Problem(
                    1, name, _("The column “%(column)s” is missing from the first row.") % {"column": name}
                )
            )
    if problems:
        raise ImportRefused(problems)

    def cell(row: list[object], name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    area_dimension = settings.ECONOMY_AREA_DIMENSION
    project_dimension = settings.ECONOMY_PROJECT_DIMENSION
    balances: dict[tuple[str, sie.ObjectKey], Decimal] = {}
    objects: dict[tuple[int, str], str] = {}
    lines = 0
    for number, row in enumerate(rows[1:], start=2):
        if all(_norm(value) == "" for value in row):
            continue
        lines += 1
        area = _text(cell(row, AREA))
        account = _text(cell(row, ACCOUNT))
        project = _text(cell(row, PROJECT))
        raw_amount = cell(row, AMOUNT)
        if not area:
            problems.append(
                _cell_problem(number, columns[AREA], AREA, _("the cost centre (ansvar) is missing."))
            )
        elif len(area) > 30:
            problems.append(
                _cell_problem(
                    number,
                    columns[AREA],
                    AREA,
                    _("“%(value)s” is too long for an object.") % {"value": excerpt(area)},
                )
            )
        if not _DIGITS.match(account):
            problems.append(
                _cell_problem(
                    number,
                    columns[ACCOUNT],
                    ACCOUNT,
                    _("“%(value)s” is not an account number (digits only).") % {"value": excerpt(account)}
                    if account
                    else _("the account is missing."),
                )
            )
        if len(project) > 30:
            problems.append(
                _cell_problem(
                    number,
                    columns[PROJECT],
                    PROJECT,
                    _("“%(value)s” is too long for an object.") % {"value": excerpt(project)},
                )
            )
        amount = None
        if raw_amount in (None, ""):
            problems.append(_cell_problem(number, columns[AMOUNT], AMOUNT, _("the amount is missing.")))
        else:
            try:
                amount = _kronor(raw_amount)
            except OverflowError:
                problems.append(
                    _cell_problem(
                        number,
                        columns[AMOUNT],
                        AMOUNT,
                        _("“%(value)s” is too large for an amount.") % {"value": excerpt(raw_amount)},
                    )
                )
            except (ValueError, InvalidOperation):
                problems.append(
                    _cell_problem(
                        number,
                        columns[AMOUNT],
                        AMOUNT,
                        _("“%(value)s” is not an amount in kronor (write it like -1 234,50).")
                        % {"value": excerpt(raw_amount)},
                    )
                )
        if amount is None or problems:
            continue
        key = [(area_dimension, area)]
        if project:
            key.append((project_dimension, project))
        object_key = tuple(sorted(key))
        objects.setdefault((area_dimension, area), area)
        if project:
            objects.setdefault((project_dimension, project), project)
        balances[(account, object_key)] = balances.get((account, object_key), Decimal(0)) + amount
    if problems:
        raise ImportRefused(problems)
    if not lines:
        raise ImportRefused([sie.Problem(0, "", _("The file has no rows under the column headers."))])
    return sie.SieBooks(
        encoding="",
        sie_type="",
        program="",
        generated=None,
        organisation="",
        year_start=datetime.date(report.year, 1, 1),
        year_end=datetime.date(report.year, 12, 31),
        accounts={},
        dimensions={},
        objects=objects,
        source="psaldo",
        balances=balances,
        last_period=through,
        lines=lines,
    )


# Confirm and discard


@transaction.atomic
def import_confirm(
    *, outcome_import: OutcomeImport, actor: User, today: datetime.date | None = None
) -> OutcomeImport:
    """Put a previewed import in force for its round (the earlier one REPLACED); refreshes the flags."""
    _require_finance(actor)
    # The round's row is locked: two confirmations at once are taken one after the other.
    report, _dates = rounds.lock_for_input(outcome_import.report_id, today)
    outcome_import = OutcomeImport.objects.select_for_update().get(pk=outcome_import.pk)
    if outcome_import.status != ImportStatus.PREVIEW:
        raise ValidationError(
            _("Only an import in preview can be confirmed; this one is “%(status)s”.")
            % {"status": outcome_import.get_status_display()}
        )
    for earlier in OutcomeImport.objects.select_for_update().filter(
        report=report, status=ImportStatus.CONFIRMED
    ):
        earlier.status = ImportStatus.REPLACED
        earlier._history_user = actor
        earlier.save()
    outcome_import.status = ImportStatus.CONFIRMED
    outcome_import.confirmed_by = actor
    outcome_import.confirmed_at = timezone.now()
    outcome_import._history_user = actor
    outcome_import.save()
    flags.refresh(report, flags.Source.ECONOMY, flags.Source.INVESTMENTS, actor=actor)
    return outcome_import


@transaction.atomic
def import_discard(*, outcome_import: OutcomeImport, actor: User) -> OutcomeImport:
    """Throw a preview away: its rows stay with it, never in force."""
    _require_finance(actor)
    outcome_import = OutcomeImport.objects.select_for_update().get(pk=outcome_import.pk)
    if outcome_import.status != ImportStatus.PREVIEW:
        raise ValidationError(
            _("Only an import in preview can be discarded; this one is “%(status)s”.")
            % {"status": outcome_import.get_status_display()}
        )
    outcome_import.status = ImportStatus.DISCARDED
    outcome_import._history_user = actor
    outcome_import.save()
    return outcome_import
