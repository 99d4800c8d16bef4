"""SIE files composed to the specification (SIE filformat, utgåva 4B) for tests, the benchmark and
the demo: a header, the chart of accounts and objects, and period balances or verifications.

    compose(["#FLAGGA 0", ...])                      # any records, as bytes in the given encoding
    psaldo_file([("3010", {1: "400"}, "-1200.00")])  # type 3: PSALDO rows, {} totals added
    trans_file([[("4010", {1: "400"}, "1250.00"), ("1930", {}, "-1250.00")]])  # type 4: one #VER each

Amounts are strings as SIE writes them (decimal point, debit positive), so tests can also write
malformed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

YEAR = 2026
ACCOUNTS = {
    "1930": "Bank",
    "3010": "Taxor och avgifter",
    "4010": "Löner månadsavlönade",
    "5410": "Förbrukningsinventarier",
    "8010": "Skatteintäkter",
    "1290": "Pågående nyanläggningar",
}
OBJECTS = {
    (1, "400"): "Barn och utbildning",
    (1, "410"): "Äldreomsorg",
    (6, "P12"): "Förskola Åkervägen",
}
DIMENSIONS = {1: "Ansvar", 6: "Projekt"}

Row = tuple[str, Mapping[int, str], str]  # account, objects {dimension: id}, amount


def quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def objects(pairs: Mapping[int, str]) -> str:
    """{1: "400", 6: "P12"} → '{1 "400" 6 "P12"}'."""
    return "{" + " ".join(f"{dimension} {quote(code)}" for dimension, code in pairs.items()) + "}"


def compose(records: Iterable[str], *, encoding: str = "latin-1", newline: str = "\r\n") -> bytes:
    """The records as a file: one a line, in `encoding` (SIE files are usually CRLF)."""
    return (newline.join(records) + newline).encode(encoding)


def header(
    *,
    sie_type: str = "4",
    year: int = YEAR,
    pc8: bool = False,
    organisation: str = "Ånge kommun",
    accounts: Mapping[str, str] | None = None,
    object_names: Mapping[tuple[int, str], str] | None = None,
    dimensions: Mapping[int, str] | None = None,
) -> list[str]:
    """The identification part, the chart of accounts, the dimensions and their objects."""
    records = ["#FLAGGA 0", '#PROGRAM "Ekonomisystemet" 7.1']
    if pc8:
        records.append("#FORMAT PC8")
    records += [
        f"#GEN {year}1105",
        f"#SIETYP {sie_type}",
        f"#FNAMN {quote(organisation)}",
        "#ORGNR 212000-2411",
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
    ]
    records += [f"#KONTO {a} {quote(n)}" for a, n in (ACCOUNTS if accounts is None else accounts).items()]
    records += [f"#DIM {d} {quote(n)}" for d, n in (DIMENSIONS if dimensions is None else dimensions).items()]
    names = OBJECTS if object_names is None else object_names
    records += [f"#OBJEKT {d} {quote(c)} {quote(n)}" for (d, c), n in names.items()]
    return records


def psaldo_records(rows: Iterable[Row], *, period: str = f"{YEAR}10", totals: bool = True) -> list[str]:
    """#PSALDO rows for one period; with `totals` each account's {} row (the sum of its rows of the
    lowest dimension it has, or of its {} rows) is added, as type 3 exports write it."""
    rows = list(rows)
    records = [f"#PSALDO 0 {period} {account} {objects(pairs)} {amount} 0" for account, pairs, amount in rows]
    if totals:
        sums: dict[str, Decimal] = {}
        first_dimension: dict[str, int | None] = {}
        for account, pairs, amount in rows:
            dimension = min(pairs) if pairs else None
            first_dimension.setdefault(account, dimension)
            if dimension == first_dimension[account]:
                sums[account] = sums.get(account, Decimal(0)) + Decimal(amount)
        records += [f"#PSALDO 0 {period} {a} {{}} {s:.2f} 0" for a, s in sums.items() if first_dimension[a]]
    return records


def psaldo_file(rows: Iterable[Row], *, period: str = f"{YEAR}10", encoding: str = "latin-1", **kw) -> bytes:
    """A type 3 file with the rows' period balances (and each account's {} total)."""
    return compose(header(sie_type="3", **kw) + psaldo_records(rows, period=period), encoding=encoding)


def ver_records(
    verifications: Iterable[Iterable[Row]], *, date: str = f"{YEAR}1015", series: str = "A"
) -> list[str]:
    """A #VER block per list of rows, numbered from 1, all on `date`."""
    records = []
    for number, rows in enumerate(verifications, start=1):
        records += [f'#VER {series} {number} {date} "Verifikation {number}"', "{"]
        records += [
            f'#TRANS {account} {objects(pairs)} {amount} {date} ""' for account, pairs, amount in rows
        ]
        records.append("}")
    return records


def trans_file(
    verifications: Iterable[Iterable[Row]], *, date: str = f"{YEAR}1015", encoding: str = "latin-1", **kw
) -> bytes:
    """A type 4 file with one #VER per list of rows (no PSALDO: the balances come from the rows)."""
    return compose(header(sie_type="4", **kw) + ver_records(verifications, date=date), encoding=encoding)
