"""Reading SIE files (types 3 and 4) into the year's balances per account and object combination.

Written to SIE-gruppen's public specification (SIE filformat, utgåva 4B) in one pass over the lines,
aggregating as it reads: a year's file with 100 000 transaction rows keeps only its sums, never its
rows. Every bad line is collected (the first `MAX_PROBLEMS` named, the rest counted) and the file is
refused as a whole: nothing of a refused file is used.

- Encoding: `#FORMAT PC8` is code page 437, as the label says; without it strict UTF-8 (with or
  without a byte order mark), else Latin-1.
- Year 0 (`#RAR 0`) is the year read. Its amounts come from the `#PSALDO` rows when the file has
  any for year 0 (summed over the periods), else from the `#TRANS` rows of the verifications dated
  in year 0. Either way `balances[(account, ())]` is the account's total across objects.
- `#RTRANS` (a row added afterwards) counts and the identical `#TRANS` that follows it for older
  readers is skipped; `#BTRANS` (a row removed afterwards) does not count.
- Unknown records are ignored, as the specification asks of readers, and counted in a note.
"""

from __future__ import annotations

import calendar
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext, ngettext, pgettext_lazy

ObjectKey = tuple[tuple[int, str], ...]  # ((dimension, object id), ...) sorted by dimension

MAX_PROBLEMS = 20
MAX_LINE_CHARS = 10_000
ZERO = Decimal(0)


@dataclass(frozen=True)
class Problem:
    """One refused line: its number (1-based) and tag (e.g. "#PSALDO"), and what is wrong, in Swedish."""

    line: int
    tag: str
    message: str


class SieRefused(Exception):
    """The file is refused; `problems` name every bad line (capped, with the rest counted)."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        super().__init__(problems)
        self.problems = problems
        self.more = more


@dataclass
class SieBooks:
    encoding: str  # "cp437", "latin-1" or "utf-8": how the file was read
    sie_type: str  # "3", "4", "4E", "4I", ...
    program: str
    generated: datetime.date | None
    organisation: str
    year_start: datetime.date  # #RAR 0
    year_end: datetime.date
    accounts: dict[str, str]  # #KONTO: account → name
    dimensions: dict[int, str]  # #DIM
    objects: dict[tuple[int, str], str]  # #OBJEKT: (dimension, id) → name
    source: str  # "psaldo" or "trans": where the balances came from
    # Year 0's amounts summed over its periods, per account and object combination (the accounting
    # sign: debit positive). An empty ObjectKey is the account's total across objects (PSALDO {}).
    balances: dict[tuple[str, ObjectKey], Decimal] = field(default_factory=dict)
    last_period: datetime.date | None = None  # the last day of the latest period with an amount
    lines: int = 0
    notes: list[str] = field(default_factory=list)  # what the reader ignored or assumed, in Swedish
    verifications: int = 0  # #VER blocks read (all years)
    transactions: int = 0  # rows counted (#TRANS and #RTRANS, all years)
    added_rows: int = 0  # #RTRANS
    removed_rows: int = 0  # #BTRANS
    unknown_records: int = 0


# The labels of the specification this reader does not need: read past silently.
_KNOWN_UNUSED = frozenset(
    {
        "#ADRESS",
        "#BKOD",
        "#ENHET",
        "#FNR",
        "#FTYP",
        "#KPTYP",
        "#KSUMMA",
        "#KTYP",
        "#OIB",
        "#OMFATTN",
        "#OUB",
        "#PBUDGET",
        "#PROSA",
        "#SRU",
        "#TAXAR",
        "#UNDERDIM",
        "#VALUTA",
    }
)
# The fields' names for messages, translated only when a message needs one.
F_ACCOUNT = pgettext_lazy("SIE field", "account")
F_AMOUNT = pgettext_lazy("SIE field", "amount")
F_DATE = pgettext_lazy("SIE field", "date")
F_DIMENSION = pgettext_lazy("SIE field", "dimension")
F_END = pgettext_lazy("SIE field", "end")
F_FLAG = pgettext_lazy("SIE field", "flag")
F_NAME = pgettext_lazy("SIE field", "name")
F_NUMBER = pgettext_lazy("SIE field", "number")
F_OBJECT = pgettext_lazy("SIE field", "object")
F_ORGANISATION_NUMBER = pgettext_lazy("SIE field", "organisation number")
F_PERIOD = pgettext_lazy("SIE field", "period")
F_PROGRAM = pgettext_lazy("SIE field", "program")
F_SERIES = pgettext_lazy("SIE field", "series")
F_START = pgettext_lazy("SIE field", "start")
F_TRANSACTION_DATE = pgettext_lazy("SIE field", "transaction date")
F_TYPE = pgettext_lazy("SIE field", "type")
F_YEAR = pgettext_lazy("SIE field", "year")


# A field: quoted (a backslash escapes a quote), a brace, or a run of anything else; a lone quote is
# a quote never closed.
_TOKEN = re.compile(r'[ \t]*(?:"((?:[^"\\]|\\.)*)"|([{}])|([^ \t"{}]+)|("))')
_AMOUNT = re.compile(r"-?\d{1,13}(?:\.\d{1,6})?")
_COMMA_AMOUNT = re.compile(r"-?\d{1,13},\d+")
_INT = re.compile(r"-?\d{1,4}")
_DATE = re.compile(r"\d{8}")
_PERIOD = re.compile(r"\d{6}")
_FORMAT = re.compile(rb'(?m)^[ \t]*#FORMAT[ \t]+"?([A-Za-z0-9]+)')
_BOM = b"\xef\xbb\xbf"


class _LineError(Exception):
    """A line that cannot be read; the message is for the user."""


def _tokens(text: str) -> list[str | tuple[str, ...]]:
    """The fields of a record line; an object list becomes a tuple of its fields."""
    fields: list[str | tuple[str, ...]] = []
    inside: list[str] | None = None
    for quoted, brace, bare, stray in _TOKEN.findall(text):
        if stray:
            raise _LineError(gettext("A quotation mark is never closed."))
        if brace == "{":
            if inside is not None:
                raise _LineError(gettext("An object list is opened inside another."))
            inside = []
            continue
        if brace == "}":
            if inside is None:
                raise _LineError(gettext("An object list is closed that was never opened."))
            fields.append(tuple(inside))
            inside = None
            continue
        value = quoted.replace('\\"', '"') if quoted else bare
        if inside is not None:
            inside.append(value)
        else:
            fields.append(value)
    if inside is not None:
        raise _LineError(gettext("An object list is not closed (the } is missing)."))
    return fields


def _swedish(amount: Decimal) -> str:
    """10 → "10,00", as a message to a Swedish reader writes an amount in kronor."""
    return f"{amount:.2f}".replace(".", ",").replace("-", "\u2212")


def last_day_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


class _Reader:
    """The state of one pass over a file's lines."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.more = 0
        self.line = 0
        self.tag = ""
        self.sie_type = ""
        self.sie_type_line = 0
        self.program = ""
        self.generated: datetime.date | None = None
        self.organisation = ""
        self.year: tuple[datetime.date, datetime.date] | None = None
        self.accounts: dict[str, str] = {}
        self.dimensions: dict[int, str] = {}
        self.objects: dict[tuple[int, str], str] = {}
        self.psaldo: dict[tuple[str, ObjectKey], Decimal] = {}
        self.psaldo_total_accounts: set[str] = set()  # accounts with a {} row for year 0
        self.psaldo_last: tuple[int, int] | None = None
        self.trans: dict[tuple[str, ObjectKey], Decimal] = {}
        self.trans_last: datetime.date | None = None
        self.results: dict[str, tuple[int, Decimal]] = {}  # #RES 0: account → (line, amount)
        self.unknown: dict[str, int] = {}
        self.warned_order = False
        # The verification being read: its header line, "A 12", date (None outside year 0), the sum of
        # its rows, whether its `{` has been read, and the fields of an #RTRANS whose duplicate #TRANS
        # (written for older readers) is skipped.
        self.ver_line = 0
        self.ver_name = ""
        self.ver_date: datetime.date | None = None
        self.ver_sum = ZERO
        self.ver_open = False
        self.ver_faulty = False
        self.pending_rtrans: list[str | tuple[str, ...]] | None = None
        self.verifications = 0
        self.transactions = 0
        self.added = 0
        self.removed = 0

    # -- problems ----------------------------------------------------------------------------------

    def problem(self, message: str, *, line: int | None = None, tag: str | None = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(
            Problem(self.line if line is None else line, self.tag if tag is None else tag, message)
        )

    # -- fields ------------------------------------------------------------------------------------

    def text(self, fields: list, index: int, what: str) -> str:
        if index >= len(fields):
            raise _LineError(gettext("The field “%(field)s” is missing.") % {"field": what})
        value = fields[index]
        if isinstance(value, tuple):
            raise _LineError(
                gettext("An object list stands where the field “%(field)s” belongs.") % {"field": what}
            )
        return value

    def required(self, fields: list, index: int, what: str) -> str:
        value = self.text(fields, index, what)
        if not value:
            raise _LineError(gettext("The field “%(field)s” is empty.") % {"field": what})
        return value

    def integer(self, fields: list, index: int, what: str) -> int:
        value = self.text(fields, index, what)
        if not _INT.fullmatch(value):
            raise _LineError(
                gettext("“%(value)s” is not a whole number (%(field)s).") % {"value": value, "field": what}
            )
        return int(value)

    def amount(self, fields: list, index: int) -> Decimal:
        value = self.text(fields, index, F_AMOUNT)
        if _AMOUNT.fullmatch(value):
            return Decimal(value)
        if _COMMA_AMOUNT.fullmatch(value):
            raise _LineError(
                gettext(
                    "The amount “%(value)s” has a decimal comma; SIE writes amounts with a decimal point."
                )
                % {"value": value}
            )
        raise _LineError(gettext("“%(value)s” is not an amount.") % {"value": value})

    def date(self, fields: list, index: int, what: str) -> datetime.date:
        value = self.text(fields, index, what)
        if _DATE.fullmatch(value):
            try:
                return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                pass
        raise _LineError(
            gettext("“%(value)s” is not a date written YYYYMMDD (%(field)s).")
            % {"value": value, "field": what}
        )

    def period(self, fields: list, index: int) -> tuple[int, int]:
        value = self.text(fields, index, F_PERIOD)
        if _PERIOD.fullmatch(value) and 1 <= int(value[4:]) <= 12:
            return int(value[:4]), int(value[4:])
        raise _LineError(gettext("“%(value)s” is not a period written YYYYMM.") % {"value": value})

    def object_list(self, fields: list, index: int) -> ObjectKey:
        if index >= len(fields) or not isinstance(fields[index], tuple):
            raise _LineError(gettext("The object list (in braces, {} when empty) is missing."))
        items = fields[index]
        if len(items) % 2:
            raise _LineError(gettext("The object list must hold pairs of dimension and object."))
        pairs: dict[int, str] = {}
        for n in range(0, len(items), 2):
            dimension, code = items[n], items[n + 1]
            if not _INT.fullmatch(dimension) or int(dimension) < 0:
                raise _LineError(gettext("“%(value)s” is not a dimension number.") % {"value": dimension})
            if not code:
                raise _LineError(gettext("An object in the object list is empty."))
            if int(dimension) in pairs:
                raise _LineError(
                    gettext("The object list names dimension %(dimension)s twice.") % {"dimension": dimension}
                )
            pairs[int(dimension)] = code
        return tuple(sorted(pairs.items()))

    def in_year(self, year: int) -> bool:
        """Whether a record of `year` is of year 0, once #RAR 0 is known (refused when it comes late)."""
        if year != 0:
            return False
        if self.year is None:
            if not self.warned_order:
                self.warned_order = True
                self.problem(gettext("The file's #RAR 0 must come before its balances and verifications."))
            return False
        return True

    # -- records -----------------------------------------------------------------------------------

    def record(self, label: str, fields: list) -> None:
        handler = _HANDLERS.get(label)
        if handler is not None:
            handler(self, fields)
        elif label not in _KNOWN_UNUSED:
            self.unknown[label] = self.unknown.get(label, 0) + 1

    def sietyp(self, fields: list) -> None:
        value = self.required(fields, 0, F_TYPE).upper()
        if value not in {"1", "2", "3", "4", "4E", "4I"}:
            raise _LineError(gettext("“%(value)s” is not an SIE type (1, 2, 3 or 4).") % {"value": value})
        self.sie_type, self.sie_type_line = value, self.line
        if value in {"1", "2"}:
            self.problem(
                gettext(
                    "The file is SIE type %(type)s, which has no balances per object, so the outcome "
                    "cannot be divided between the activity areas. Export SIE type 4 (or 3) from the "
                    "accounting system."
                )
                % {"type": value}
            )

    def rar(self, fields: list) -> None:
        year = self.integer(fields, 0, F_YEAR)
        start = self.date(fields, 1, F_START)
        end = self.date(fields, 2, F_END)
        if end < start:
            raise _LineError(gettext("The financial year ends before it starts."))
        if year == 0 and self.year is None:
            self.year = (start, end)

    def konto(self, fields: list) -> None:
        self.accounts[self.required(fields, 0, F_ACCOUNT)] = self.text(fields, 1, F_NAME)

    def dim(self, fields: list) -> None:
        self.dimensions[self.integer(fields, 0, F_DIMENSION)] = self.text(fields, 1, F_NAME)

    def objekt(self, fields: list) -> None:
        dimension = self.integer(fields, 0, F_DIMENSION)
        code = self.required(fields, 1, F_OBJECT)
        self.objects[(dimension, code)] = self.text(fields, 2, F_NAME)

    def balance(self, fields: list) -> None:
        """#IB, #UB: read to check them, not used."""
        self.integer(fields, 0, F_YEAR)
        self.required(fields, 1, F_ACCOUNT)
        self.amount(fields, 2)

    def res(self, fields: list) -> None:
        year = self.integer(fields, 0, F_YEAR)
        account = self.required(fields, 1, F_ACCOUNT)
        amount = self.amount(fields, 2)
        if year == 0:
            self.results[account] = (self.line, amount)

    def psaldo(self, fields: list) -> None:
        year = self.integer(fields, 0, F_YEAR)
        period = self.period(fields, 1)
        account = self.required(fields, 2, F_ACCOUNT)
        objects = self.object_list(fields, 3)
        amount = self.amount(fields, 4)
        if not self.in_year(year):
            return
        start, end = self.year
        if not (start.year, start.month) <= period <= (end.year, end.month):
            raise _LineError(
                gettext("The period %(period)s lies outside the financial year %(start)s–%(end)s.")
                % {"period": f"{period[0]}{period[1]:02}", "start": start, "end": end}
            )
        key = (account, objects)
        self.psaldo[key] = self.psaldo.get(key, ZERO) + amount
        if not objects:
            self.psaldo_total_accounts.add(account)
        if amount and (self.psaldo_last is None or period > self.psaldo_last):
            self.psaldo_last = period

    def ver(self, fields: list) -> None:
        if self.ver_line:
            self.unclosed()
        # The block is followed even when the header is bad, so that its rows are not refused again.
        self.ver_line, self.ver_name, self.ver_sum, self.ver_open = self.line, "", ZERO, False
        self.ver_date, self.ver_faulty = None, False
        self.verifications += 1
        series = self.text(fields, 0, F_SERIES)
        number = self.text(fields, 1, F_NUMBER)
        self.ver_name = f"{series} {number}".strip()
        date = self.date(fields, 2, F_DATE)
        if self.in_year(0) and self.year[0] <= date <= self.year[1]:
            self.ver_date = date

    def unclosed(self) -> None:
        self.problem(
            gettext("The verification %(name)s is never closed with }.") % {"name": self.ver_name.strip()},
            line=self.ver_line,
            tag="#VER",
        )
        self.ver_line, self.ver_open, self.pending_rtrans = 0, False, None

    def open_block(self) -> None:
        if not self.ver_line or self.ver_open:
            raise _LineError(gettext("A { that does not open a verification's rows."))
        self.ver_open = True

    def close_block(self) -> None:
        if not self.ver_open:
            raise _LineError(gettext("A } that closes no verification."))
        if self.ver_sum and not self.ver_faulty:
            self.problem(
                gettext("The verification %(name)s does not balance: its rows sum to %(sum)s.")
                % {"name": self.ver_name.strip(), "sum": _swedish(self.ver_sum)},
                line=self.ver_line,
                tag="#VER",
            )
        self.ver_line, self.ver_open, self.pending_rtrans = 0, False, None

    def row(self, fields: list, *, kind: str) -> None:
        """#TRANS, #RTRANS or #BTRANS inside a verification's block."""
        if not self.ver_open:
            raise _LineError(gettext("A transaction row outside a verification's { } block."))
        if kind == "#TRANS" and self.pending_rtrans is not None:
            duplicate, self.pending_rtrans = self.pending_rtrans == fields, None
            if duplicate:
                return
        account = self.required(fields, 0, F_ACCOUNT)
        objects = self.object_list(fields, 1)
        amount = self.amount(fields, 2)
        if len(fields) > 3 and fields[3]:
            self.date(fields, 3, F_TRANSACTION_DATE)
        if kind == "#BTRANS":
            self.removed += 1
            return
        if kind == "#RTRANS":
            self.added += 1
            self.pending_rtrans = fields
        self.transactions += 1
        self.ver_sum += amount
        if self.ver_date is not None:
            # Summed at once: a verification that does not balance refuses the whole file anyway.
            trans = self.trans
            key = (account, objects)
            trans[key] = trans.get(key, ZERO) + amount
            if objects:
                total = (account, ())
                trans[total] = trans.get(total, ZERO) + amount
            if self.trans_last is None or self.ver_date > self.trans_last:
                self.trans_last = self.ver_date

    # -- end of file -------------------------------------------------------------------------------

    def finish(self, encoding: str) -> SieBooks:
        if self.ver_line:
            self.unclosed()
        if not self.sie_type:
            self.problem(gettext("The file has no #SIETYP: its type cannot be known."), line=0, tag="#SIETYP")
        if self.year is None:
            self.problem(
                gettext("The file has no #RAR 0, so its financial year is unknown."), line=0, tag="#RAR"
            )
        use_psaldo = bool(self.psaldo)
        if use_psaldo:
            for account, (line, result) in sorted(self.results.items(), key=lambda item: item[1][0]):
                if account in self.psaldo_total_accounts and self.psaldo[(account, ())] != result:
                    self.problem(
                        gettext(
                            "The periods of account %(account)s sum to %(periods)s, but #RES gives "
                            "%(result)s: the file's total does not agree with its periods."
                        )
                        % {
                            "account": account,
                            "periods": _swedish(self.psaldo[(account, ())]),
                            "result": _swedish(result),
                        },
                        line=line,
                        tag="#RES",
                    )
        if self.problems or self.year is None:
            raise SieRefused(self.problems, self.more)
        if use_psaldo:
            last = last_day_of_month(*self.psaldo_last) if self.psaldo_last else None
        else:
            last = last_day_of_month(self.trans_last.year, self.trans_last.month) if self.trans_last else None
        notes = []
        if self.unknown:
            count = sum(self.unknown.values())
            notes.append(
                ngettext(
                    "%(count)d record the import does not know was ignored (%(labels)s).",
                    "%(count)d records the import does not know were ignored (%(labels)s).",
                    count,
                )
                % {"count": count, "labels": ", ".join(sorted(self.unknown))}
            )
        if self.added or self.removed:
            notes.append(
                gettext(
                    "Rows added afterwards: %(added)d; rows removed afterwards: %(removed)d "
                    "(#RTRANS, #BTRANS)."
                )
                % {"added": self.added, "removed": self.removed}
            )
        return SieBooks(
            encoding=encoding,
            sie_type=self.sie_type,
            program=self.program,
            generated=self.generated,
            organisation=self.organisation,
            year_start=self.year[0],
            year_end=self.year[1],
            accounts=self.accounts,
            dimensions=self.dimensions,
            objects=self.objects,
            source="psaldo" if use_psaldo else "trans",
            balances=self.psaldo if use_psaldo else self.trans,
            last_period=last,
            lines=self.line,
            notes=notes,
            verifications=self.verifications,
            transactions=self.transactions,
            added_rows=self.added,
            removed_rows=self.removed,
            unknown_records=sum(self.unknown.values()),
        )


def _gen(reader: _Reader, fields: list) -> None:
    reader.generated = reader.date(fields, 0, F_DATE)


def _program(reader: _Reader, fields: list) -> None:
    name = reader.text(fields, 0, F_PROGRAM)
    version = fields[1] if len(fields) > 1 and isinstance(fields[1], str) else ""
    reader.program = f"{name} {version}".strip()


def _flagga(reader: _Reader, fields: list) -> None:
    reader.integer(fields, 0, F_FLAG)


def _organisation(reader: _Reader, fields: list) -> None:
    reader.organisation = reader.text(fields, 0, F_NAME)


_HANDLERS = {
    "#FLAGGA": _flagga,
    "#PROGRAM": _program,
    "#GEN": _gen,
    "#FNAMN": _organisation,
    "#ORGNR": lambda reader, fields: reader.text(fields, 0, F_ORGANISATION_NUMBER),
    "#FORMAT": lambda reader, fields: None,
    "#SIETYP": _Reader.sietyp,
    "#RAR": _Reader.rar,
    "#KONTO": _Reader.konto,
    "#DIM": _Reader.dim,
    "#OBJEKT": _Reader.objekt,
    "#IB": _Reader.balance,
    "#UB": _Reader.balance,
    "#RES": _Reader.res,
    "#PSALDO": _Reader.psaldo,
    "#VER": _Reader.ver,
    "#TRANS": lambda reader, fields: reader.row(fields, kind="#TRANS"),
    "#RTRANS": lambda reader, fields: reader.row(fields, kind="#RTRANS"),
    "#BTRANS": lambda reader, fields: reader.row(fields, kind="#BTRANS"),
}


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): as the #FORMAT label says, else strict UTF-8, else Latin-1."""
    if data.startswith(_BOM):
        data, bom = data[len(_BOM) :], True
    else:
        bom = False
    label = _FORMAT.search(data)
    if label and label.group(1).upper() == b"PC8":
        return data.decode("cp437"), "cp437"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if bom:
            raise
        return data.decode("latin-1"), "latin-1"


def parse(data: bytes) -> SieBooks:
    """The year-0 books of an SIE file of type 3 or 4; SieRefused naming every bad line otherwise."""
    limit = settings.ECONOMY_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise SieRefused(
            [
                Problem(
                    0,
                    "",
                    gettext("The file is larger than %(limit)s MB, the most the import reads.")
                    % {"limit": f"{limit / 1024 / 1024:g}".replace(".", ",")},
                )
            ]
        )
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise SieRefused(
            [Problem(0, "", gettext("The file begins as UTF-8 but is not valid UTF-8 text."))]
        ) from None
    reader = _Reader()
    for raw in io.StringIO(text, newline=None):
        reader.line += 1
        line = raw.rstrip("\n")
        if len(line) > MAX_LINE_CHARS:
            reader.tag = ""
            reader.problem(
                gettext("The line is longer than %(limit)s characters.")
                % {"limit": f"{MAX_LINE_CHARS:,}".replace(",", "\u00a0")}
            )
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if stripped in ("{", "}"):
            reader.tag = stripped
            try:
                reader.open_block() if stripped == "{" else reader.close_block()
            except _LineError as error:
                reader.problem(str(error))
            continue
        label, *tail = stripped.split(None, 1)
        rest = tail[0] if tail else ""
        label = label.upper()
        reader.tag = label
        if not label.startswith("#"):
            reader.tag = ""
            reader.problem(gettext("The line is not a record: records begin with a label such as #TRANS."))
            continue
        if reader.ver_open and label not in {"#TRANS", "#RTRANS", "#BTRANS"}:
            # A record inside a verification's rows: the block was never closed.
            reader.unclosed()
        try:
            reader.record(label, _tokens(rest))
        except _LineError as error:
            reader.problem(str(error))
            # A verification with a refused row is not also refused for not balancing.
            reader.ver_faulty = reader.ver_faulty or reader.ver_open
    return reader.finish(encoding)
