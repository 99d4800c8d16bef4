"""The demo's SIE files: Ånge kommun's books for 2026, one file per month January–October.

Each file is an SIE type 4 export of the year through its month, as a municipal accounting system
writes it: Latin-1 without `#FORMAT`, the chart of accounts, ansvar (dimension 1) for the units'
cost centres and projekt (dimension 6) for the investment plan's projects, `#PSALDO` per period,
account and object with a `{}` total row per account and period, `#RES` per result account and a
few verifications of the last month. Deterministic: no randomness beyond a fixed seed.

The money follows KS's 2026 distribution (budget.demo: net cost and revenue per department), with
personnel costs' seasons (retroactive pay in April, holiday pay in June, a low July). Two
departments run over budget (Vård- och omsorgsavdelningen and Individ- och familjeomsorgen, about
3 % on costs) and "Ny förskola i Ånge" is above its 2026 budget by October.

    python -m economy.demo_sie          # rewrites economy/demo_files/
"""

from __future__ import annotations

import datetime
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from economy.sie import last_day_of_month

FOLDER = Path(__file__).resolve().parent / "demo_files"
YEAR = 2026
MONTHS = range(1, 11)  # the books through October: the KS meeting of 1 December reports October
MKR = Decimal(1_000_000)
CENT = Decimal("0.01")

ACCOUNTS = {
    "1290": "Pågående nyanläggningar",
    "2440": "Leverantörsskulder",
    "3010": "Taxor och avgifter",
    "3020": "Försäljning av verksamhet",
    "3500": "Bidrag",
    "4010": "Löner",
    "4110": "Sociala avgifter",
    "5110": "Lokalhyror",
    "5460": "Förbrukningsmaterial",
    "6410": "Köpta tjänster",
    "7810": "Avskrivningar",
    "8010": "Skatteintäkter",
    "8210": "Generella statsbidrag och utjämning",
}
REVENUE_MIX = {"3010": Decimal("0.45"), "3020": Decimal("0.30"), "3500": Decimal("0.25")}
# Per department: the cost accounts' shares (wages, social fees, rent, material, services, depreciation).
COST_MIX = {
    "1100": ("0.38", "0.12", "0.10", "0.07", "0.30", "0.03"),
    "1200": ("0.48", "0.15", "0.18", "0.06", "0.11", "0.02"),
    "1300": ("0.53", "0.17", "0.12", "0.05", "0.12", "0.01"),
    "1400": ("0.36", "0.11", "0.05", "0.02", "0.45", "0.01"),
    "1500": ("0.30", "0.09", "0.08", "0.15", "0.28", "0.10"),
}
COST_ACCOUNTS = ("4010", "4110", "5110", "5460", "6410", "7810")
PERSONNEL = frozenset({"4010", "4110"})

# The departments (their cost centres), KS's 2026 distribution in Mkr: net cost and of it revenue.
# budget.demo reads the same figures; the test checks they agree.
DEPARTMENTS = {
    "1100": ("Kommunledningsavdelningen", Decimal("92.0"), Decimal("12.0")),
    "1200": ("Barn- och utbildningsavdelningen", Decimal("298.5"), Decimal("38.0")),
    "1300": ("Vård- och omsorgsavdelningen", Decimal("285.0"), Decimal("58.0")),
    "1400": ("Individ- och familjeomsorgen", Decimal("98.0"), Decimal("21.0")),
    "1500": ("Samhällsbyggnadsavdelningen", Decimal("60.0"), Decimal("14.5")),
}
# The units (cost centre, name, department, share of the department, cost level against budget).
UNITS = [
    ("1110", "Kansliet", "1100", "0.28", "0.995"),
    ("1120", "Ekonomienheten", "1100", "0.17", "0.995"),
    ("1130", "HR-enheten", "1100", "0.15", "0.995"),
    ("1140", "Kommunikation och IT", "1100", "0.25", "0.995"),
    ("1150", "Näringsliv och utveckling", "1100", "0.15", "0.995"),
    ("1210", "Förskolan", "1200", "0.32", "0.997"),
    ("1220", "Ånge grundskola", "1200", "0.38", "0.997"),
    ("1230", "Fränsta grundskola", "1200", "0.20", "0.997"),
    ("1240", "Elevhälsan", "1200", "0.10", "0.997"),
    # Hemtjänsten's hours and the short-term places in särskilt boende run over (about 3 %).
    ("1310", "Hemtjänsten", "1300", "0.38", "1.040"),
    ("1320", "Särskilt boende", "1300", "0.45", "1.035"),
    ("1330", "LSS och socialpsykiatri", "1300", "0.17", "1.000"),
    # Placements of children and young people in HVB homes run over.
    ("1410", "Barn och familj", "1400", "0.60", "1.045"),
    ("1420", "Arbetsmarknad och integration", "1400", "0.40", "1.000"),
    ("1510", "Teknik och fastighet", "1500", "0.40", "0.996"),
    ("1520", "Plan och bygg", "1500", "0.12", "0.996"),
    ("1530", "Kultur och fritid", "1500", "0.25", "0.996"),
    ("1540", "Kostenheten", "1500", "0.23", "0.996"),
]
# Tax revenue and general state grants are booked on the administration's own cost centre.
FINANCE_CENTRE = ("1000", "Kommunförvaltningen")
FINANCE_YEAR = {"8010": Decimal("597.8"), "8210": Decimal("264.1")}
# Personnel costs by month (January–December; the months through October add up to ten): the pay
# revision paid retroactively in April, holiday pay in June, the holidays in July.
PERSONNEL_SEASON = (
    "1.00",
    "0.98",
    "1.02",
    "1.05",
    "1.00",
    "1.25",
    "0.65",
    "1.00",
    "1.02",
    "1.03",
    "1.0",
    "1.0",
)
# The investment plan's projects (budget.demo.PROJECTS_2026), their project codes and spending per
# month in Mkr: the new preschool is above its 2026 budget (18 Mkr) by October, the kitchens wait.
PROJECTS = [
    ("P01", "Ny förskola i Ånge", ("0.6", "0.8", "1.2", "1.6", "2.0", "2.4", "1.4", "2.6", "3.2", "3.4")),
    (
        "P02",
        "Ombyggnad av Ånge skola, etapp 2",
        ("0.3", "0.4", "0.5", "0.6", "0.8", "1.0", "0.4", "1.0", "1.2", "1.3"),
    ),
    (
        "P03",
        "Vatten och avlopp, förnyelse av ledningsnät",
        ("0", "0", "0.1", "0.3", "0.9", "1.2", "0.6", "1.3", "1.3", "1.1"),
    ),
    ("P04", "Gator, gång- och cykelvägar", ("0", "0", "0", "0.2", "0.8", "1.0", "0.5", "0.9", "0.5", "0.2")),
    (
        "P05",
        "Energieffektivisering i kommunens fastigheter",
        ("0", "0", "0.1", "0.1", "0.2", "0.2", "0", "0.2", "0.2", "0.2"),
    ),
    (
        "P06",
        "Digitalisering och IT-infrastruktur",
        ("0.1", "0.1", "0.2", "0.1", "0.2", "0.2", "0", "0.2", "0.25", "0.25"),
    ),
    ("P07", "Storköksutrustning i kommunens kök", ("0",) * 10),
]


def file_name(month: int) -> str:
    return f"ange-{YEAR}-{month:02d}.se"


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cost_factor(department: str) -> Decimal:
    """The department's costs against its budget, from its units' levels (1.03 is 3 % over)."""
    return sum(
        (Decimal(share) * Decimal(level) for _c, _n, dept, share, level in UNITS if dept == department),
        Decimal(0),
    )


def _ledger() -> dict[tuple[int, str, tuple[int, str] | None], Decimal]:
    """Every amount of the year, by (month, account, object), in the accounting sign (debit positive)."""
    rng = random.Random(2262)  # noqa: S311 - made-up books, not secrets
    amounts: dict[tuple[int, str, tuple[int, str] | None], Decimal] = {}
    for month in MONTHS:
        for code, _name, dept, share, level in UNITS:
            _dept_name, net, revenue = DEPARTMENTS[dept]
            unit_revenue = revenue * MKR * Decimal(share)
            unit_costs = (net + revenue) * MKR * Decimal(share)
            for account, part in REVENUE_MIX.items():
                noise = Decimal(rng.randint(-300, 300)) / 10_000
                amounts[(month, account, (1, code))] = -_money(unit_revenue * part / 12 * (1 + noise))
            for account, part in zip(COST_ACCOUNTS, COST_MIX[dept], strict=True):
                if account in PERSONNEL:
                    season = Decimal(PERSONNEL_SEASON[month - 1])
                elif account in {"5110", "7810"}:
                    season = Decimal(1)
                else:
                    season = 1 + Decimal(rng.randint(-400, 400)) / 10_000
                yearly = unit_costs * Decimal(part) * Decimal(level)
                amounts[(month, account, (1, code))] = _money(yearly * season / 12)
        for account, yearly in FINANCE_YEAR.items():
            amounts[(month, account, (1, FINANCE_CENTRE[0]))] = -_money(yearly * MKR / 12)
        for code, _name, spending in PROJECTS:
            amount = Decimal(spending[month - 1]) * MKR
            if amount:
                cents = Decimal(rng.randint(-5000_00, 5000_00)) / 100
                amounts[(month, "1290", (6, code))] = amount + cents
    return amounts


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _objects(obj: tuple[int, str] | None) -> str:
    return "{}" if obj is None else "{" + f"{obj[0]} {_quote(obj[1])}" + "}"


def render(month: int, ledger: dict | None = None) -> bytes:
    """The books of the year through `month` as an SIE 4 file in Latin-1."""
    ledger = _ledger() if ledger is None else ledger
    generated = last_day_of_month(YEAR, month) + datetime.timedelta(days=8)
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Ekonomisystem (demo)" 1.0',
        f"#GEN {generated:%Y%m%d}",
        "#SIETYP 4",
        '#FNAMN "Ånge kommun"',
        "#ORGNR 212000-2262",
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        f"#OMFATTN {last_day_of_month(YEAR, month):%Y%m%d}",
    ]
    lines += [f"#KONTO {account} {_quote(name)}" for account, name in ACCOUNTS.items()]
    lines += ['#DIM 1 "Ansvar"', '#DIM 6 "Projekt"']
    lines.append(f"#OBJEKT 1 {_quote(FINANCE_CENTRE[0])} {_quote(FINANCE_CENTRE[1])}")
    lines += [f"#OBJEKT 1 {_quote(code)} {_quote(name)}" for code, name, *_rest in UNITS]
    lines += [f"#OBJEKT 6 {_quote(code)} {_quote(name)}" for code, name, _s in PROJECTS]

    totals: dict[str, Decimal] = {}
    psaldo: list[str] = []
    for period in range(1, month + 1):
        for account in ACCOUNTS:
            rows = sorted(
                (obj, amount)
                for (m, acc, obj), amount in ledger.items()
                if m == period and acc == account and amount
            )
            if not rows:
                continue
            total = sum((amount for _obj, amount in rows), Decimal(0))
            psaldo.append(f"#PSALDO 0 {YEAR}{period:02d} {account} {{}} {total:.2f} 0")
            psaldo += [
                f"#PSALDO 0 {YEAR}{period:02d} {account} {_objects(obj)} {amount:.2f} 0"
                for obj, amount in rows
            ]
            totals[account] = totals.get(account, Decimal(0)) + total
    # The projects' account is in the balance sheet: its opening and closing balance, no result.
    paid = totals.get("1290", Decimal(0))
    lines += ["#IB 0 1290 0.00", f"#UB 0 1290 {paid:.2f}"]
    lines += [
        f"#RES 0 {account} {amount:.2f}" for account, amount in totals.items() if account[0] in "345678"
    ]
    lines += psaldo
    lines += _verifications(month)
    return ("\n".join(lines) + "\n").encode("latin-1")


def _verifications(month: int) -> list[str]:
    """A few of the last month's verifications (each balanced), as a type 4 file carries them."""
    day = last_day_of_month(YEAR, month)
    samples = [
        ("6410", (1, "1410"), Decimal("245800.00"), "Placering HVB, faktura"),
        ("5460", (1, "1320"), Decimal("18432.50"), "Förbrukningsmaterial, omsorg"),
        ("1290", (6, "P01"), Decimal("1250000.00"), "Entreprenad Ny förskola, del"),
    ]
    lines = []
    for number, (account, obj, amount, text) in enumerate(samples, start=1):
        when = day - datetime.timedelta(days=3 * number)
        lines += [
            f"#VER A {month * 1000 + number} {when:%Y%m%d} {_quote(text)}",
            "{",
            f"#TRANS {account} {_objects(obj)} {amount:.2f} {when:%Y%m%d} {_quote(text)}",
            f"#TRANS 2440 {{}} {-amount:.2f} {when:%Y%m%d} {_quote(text)}",
            "}",
        ]
    return lines


def files() -> dict[str, bytes]:
    """Every demo file by name."""
    ledger = _ledger()
    return {file_name(month): render(month, ledger) for month in MONTHS}


def write_all(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)  # noqa: T201 - a command-line tool
