"""Hostile imports (issue 9): a file is bounded in what it expands to before anything parses it.

The hostile workbooks are built here with zipfile: small on disk, big (or poisonous) when expanded.
Every refusal is a short Swedish message, nothing is written, and a bomb is refused before openpyxl
sees it.
"""

import datetime
import io
import time
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from budget import imports as budget_import
from budget import services as services
from budget.imports import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ERRORS,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_XML_ELEMENTS,
    ImportKind,
    ImportRefused,
    import_file,
)
from budget.models import (
    BudgetFrame,
    BudgetVersion,
    EconomicPlanLine,
    FrameDistribution,
    InvestmentProject,
)
from organisation.models import OrgUnit
from tests.factories import OrgUnitFactory, PlanFactory, adopted_budget, body_named

NOW = datetime.datetime(2026, 5, 20, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
TWENTY_SIX_DIGITS = "12345678901234567890123456"
SMALL_RESPONSE = 200_000
LIMIT = "10\u00a0000\u00a0000\u00a0000\u00a0tkr"  # every amount is below this


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def version(finance):
    body_named("KF")
    body_named("KS")
    return services.budget_create(year=2027, label="Juni 2026", actor=finance)


@pytest.fixture
def plan():
    adopted_budget(2026, ks_frame=500 * MKR)
    OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT, cost_centre="1200")
    return PlanFactory(year=2026)


@pytest.fixture
def openpyxl_never_reads(monkeypatch):
    """The bounds are checked on the archive itself: parsing must not start."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a file that should have been refused")

    monkeypatch.setattr(budget_import, "load_workbook", refuse)


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, members: dict[str, bytes | str]) -> bytes:
    """The workbook with some members replaced (or added), deflated as hard as zlib can."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info, source.read(info))
        for name, content in members.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def sheet(rows: str, *, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    )


def text_cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def frames_with_sheet(rows: str, **kwargs) -> bytes:
    return replaced(workbook([["Nämnd", "Belopp (tkr)"]]), {SHEET: sheet(rows, **kwargs)})


HEADER = f'<row r="1">{text_cell("A1", "Nämnd")}{text_cell("B1", "Belopp (tkr)")}</row>'


def refused(**kwargs) -> list[str]:
    started = time.monotonic()
    with pytest.raises(ImportRefused) as error:
        import_file(**kwargs)
    assert time.monotonic() - started < 5
    errors = error.value.errors
    assert errors
    assert sum(len(e) for e in errors) < 10_000  # a short message, never the hostile content again
    return errors


def nothing_written(version):
    version.refresh_from_db()
    assert not BudgetFrame.objects.exists()
    assert not EconomicPlanLine.objects.exists()
    assert not FrameDistribution.objects.exists()
    assert version.revision == 1


@pytest.mark.django_db
class TestExpansion:
    """What an xlsx expands to is bounded before it is parsed."""

    def test_a_member_that_expands_beyond_the_bound_is_refused_before_parsing(
        self, version, finance, openpyxl_never_reads
    ):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(workbook([["Nämnd"]]))) as source, zipfile.ZipFile(out, "w") as bomb:
            for info in source.infolist():
                if info.filename != SHEET:
                    bomb.writestr(info, source.read(info))
            info = zipfile.ZipInfo(SHEET)
            info.compress_type = zipfile.ZIP_DEFLATED
            with bomb.open(info, "w", force_zip64=True) as member:
                member.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>'.encode())
                chunk = b"A" * (1024 * 1024)
                for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 8):
                    member.write(chunk)
        data = out.getvalue()
        assert len(data) < budget_import.MAX_BYTES
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "MB" in errors[0]
        nothing_written(version)

    def test_a_member_that_lies_about_its_size_is_refused(self, version, finance, openpyxl_never_reads):
        big = sheet(HEADER + f'<row r="2">{text_cell("A2", "A" * 3_000_000)}</row>')
        data = bytearray(replaced(workbook([["Nämnd"]]), {SHEET: big}))
        declared = len(big.encode()).to_bytes(4, "little")
        small = (200).to_bytes(4, "little")
        assert data.count(declared) == 2  # the local header and the central directory
        data = bytes(data).replace(declared, small)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.getinfo(SHEET).file_size == 200
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Excel" in errors[0]
        nothing_written(version)

    def test_many_members_are_refused(self, version, finance, openpyxl_never_reads):
        members = {f"xl/media/image{i}.png": b"" for i in range(MAX_MEMBERS + 1)}
        data = replaced(workbook([["Nämnd"]]), members)
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert str(MAX_MEMBERS) in errors[0]
        nothing_written(version)

    def test_a_five_megabyte_cell_is_refused_and_only_an_excerpt_quoted(self, version, finance):
        data = frames_with_sheet(HEADER + f'<row r="2">{text_cell("A2", "A" * 5_000_000)}</row>')
        assert len(data) < 50_000
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "A2" in errors[0] or ("2" in errors[0] and "A" in errors[0])
        assert "A" * 41 not in errors[0]
        assert f"{MAX_CELL_CHARS:,}".replace(",", "\u00a0") in errors[0]
        nothing_written(version)

    def test_a_long_shared_string_is_refused(self, version, finance):
        data = replaced(
            workbook([["Nämnd", "Belopp (tkr)"], ["KS", "x"]]),
            {STRINGS: f'<sst xmlns="{MAIN}"><si><t>Nämnd</t></si><si><t>{"B" * 2_000_000}</t></si></sst>'},
        )
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "B" * 41 not in " ".join(errors)
        nothing_written(version)

    def test_a_header_of_many_cells_is_refused_while_streaming(self, version, finance):
        cells = "".join(f"<c><v>{i}</v></c>" for i in range(200_000))
        data = frames_with_sheet(f'<row r="1">{cells}</row>')
        assert len(data) < budget_import.MAX_BYTES
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert str(MAX_COLUMNS) in errors[0]
        nothing_written(version)

    def test_a_value_beyond_the_last_column_is_refused(self, version, finance):
        data = frames_with_sheet(HEADER + '<row r="2"><c r="XFD2"><v>1</v></c></row>')
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert str(MAX_COLUMNS) in errors[0]
        nothing_written(version)

    def test_rows_beyond_the_bound_are_refused_not_dropped(self, version, finance):
        data = frames_with_sheet(HEADER + '<row r="1048576"><c r="B1048576"><v>1</v></c></row>')
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert f"{MAX_ROWS:,}".replace(",", "\u00a0") in errors[0]
        nothing_written(version)

    def test_a_flood_of_empty_rows_is_refused(self, version, finance):
        data = frames_with_sheet(HEADER + "<row/>" * 1_000_000)
        assert len(data) < 50_000
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert f"{MAX_ROWS:,}".replace(",", "\u00a0") in errors[0]
        nothing_written(version)

    @pytest.mark.parametrize("member", ["xl/styles.xml", "customXml/item1.xml"])
    def test_a_part_of_millions_of_elements_is_refused(self, version, finance, member):
        data = replaced(
            workbook([["Nämnd", "Belopp (tkr)"], ["KS", 1]]),
            {member: f'<styleSheet xmlns="{MAIN}">' + "<a/>" * 2_000_000 + "</styleSheet>"},
        )
        assert len(data) < 50_000
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert f"{MAX_XML_ELEMENTS:,}".replace(",", "\u00a0") in errors[0]
        nothing_written(version)

    def test_only_the_first_sheet_is_bounded_by_rows(self, version, finance):
        book = Workbook()
        book.active.append(["Nämnd", "Belopp (tkr)"])
        book.active.append(["KS", 7])
        notes = book.create_sheet("Anteckningar")
        for i in range(MAX_ROWS + 10):
            notes.append([i])
        buffer = io.BytesIO()
        book.save(buffer)
        import_file(kind=ImportKind.FRAMES, data=buffer.getvalue(), version=version, body=None, actor=finance)
        assert BudgetFrame.objects.get().amount == 7000

    def test_the_bounds_leave_a_full_file_alone(self):
        rows = [[f"Kolumn {i}" for i in range(MAX_COLUMNS)]]
        rows += [["x" * MAX_CELL_CHARS] * MAX_COLUMNS]
        rows += [[None] * (MAX_COLUMNS - 1) + [i] for i in range(MAX_ROWS - 2)]
        read = budget_import.read_rows(workbook(rows))
        assert len(read) == MAX_ROWS
        assert read[1] == ["x" * MAX_CELL_CHARS] * MAX_COLUMNS
        assert read[-1][-1] == MAX_ROWS - 3
        csv = ";".join(["y" * MAX_CELL_CHARS] * 2 + ["x"] * (MAX_COLUMNS - 2)) + "\r\n"
        csv += "1;2\r\n" * (MAX_ROWS - 1)
        read = budget_import.read_rows(csv.encode())
        assert len(read) == MAX_ROWS
        assert len(read[0]) == MAX_COLUMNS

    def test_a_full_width_frames_file_imports(self, version, finance):
        header = ["Nämnd", "Belopp (tkr)", *(f"Kolumn {i}" for i in range(MAX_COLUMNS - 2))]
        data = workbook([header, ["KS", 7, *("x" * MAX_CELL_CHARS for _ in range(MAX_COLUMNS - 2))]])
        assert import_file(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance) == 1
        assert BudgetFrame.objects.get().amount == 7000


@pytest.mark.django_db
class TestHostileXml:
    """A DTD, an entity or broken XML in any part of the workbook is refused with a clear message."""

    LAUGHS = (
        '<!DOCTYPE worksheet [<!ENTITY a "AAAAAAAAAA">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    XXE = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def test_billion_laughs_in_the_sheet(self, version, finance):
        data = frames_with_sheet(HEADER + f'<row r="2">{text_cell("A2", "&i;")}</row>', doctype=self.LAUGHS)
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Excel" in errors[0]
        nothing_written(version)

    def test_billion_laughs_in_the_shared_strings(self, version, finance):
        data = replaced(
            workbook([["Nämnd", "Belopp (tkr)"], ["KS", 1]]),
            {
                STRINGS: self.LAUGHS.replace("worksheet", "sst")
                + f'<sst xmlns="{MAIN}"><si><t>&i;</t></si></sst>'
            },
        )
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Excel" in errors[0]
        nothing_written(version)

    def test_an_external_entity_in_the_shared_strings(self, version, finance):
        data = replaced(
            workbook([["Nämnd", "Belopp (tkr)"], ["KS", 1]]),
            {STRINGS: self.XXE + f'<sst xmlns="{MAIN}"><si><t>&xxe;</t></si><si><t>KS</t></si></sst>'},
        )
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "root:" not in " ".join(errors)
        nothing_written(version)

    def test_an_external_entity_in_the_sheet(self, version, finance):
        data = frames_with_sheet(
            HEADER + f'<row r="2">{text_cell("A2", "&xxe;")}</row>',
            doctype=self.XXE.replace("sst", "worksheet"),
        )
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "root:" not in " ".join(errors)
        nothing_written(version)

    def test_a_dtd_alone_is_refused(self, version, finance):
        data = frames_with_sheet(HEADER, doctype="<!DOCTYPE worksheet>")
        assert refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        nothing_written(version)

    @pytest.mark.parametrize("member", [SHEET, STRINGS, "xl/workbook.xml", "[Content_Types].xml"])
    def test_malformed_xml(self, version, finance, member):
        data = replaced(workbook([["Nämnd", "Belopp (tkr)"], ["KS", 1]]), {member: "<worksheet><row>"})
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Excel" in errors[0]
        nothing_written(version)


@pytest.mark.django_db
class TestCsvBounds:
    def test_a_huge_cell(self, version, finance):
        data = ("Nämnd;Belopp (tkr)\r\nKS;" + "9" * 1_500_000 + "\r\n").encode()
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "9" * 41 not in " ".join(errors)
        nothing_written(version)

    def test_a_huge_quoted_cell(self, version, finance):
        data = ('Nämnd;Belopp (tkr)\r\nKS;"' + "9" * 1_500_000).encode()
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "9" * 41 not in " ".join(errors)
        nothing_written(version)

    def test_many_columns(self, version, finance):
        data = ("Nämnd;Belopp (tkr)" + ";x" * 500_000 + "\r\nKS;1\r\n").encode()
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert str(MAX_COLUMNS) in errors[0]
        nothing_written(version)

    def test_rows_beyond_the_bound_are_refused_not_dropped(self, version, finance):
        data = ("Nämnd;Belopp (tkr)\r\n" + "\r\n" * MAX_ROWS + "KS;1\r\n").encode()
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert f"{MAX_ROWS:,}".replace(",", "\u00a0") in errors[0]
        nothing_written(version)

    def test_many_bad_rows_give_a_short_list(self, version, finance):
        data = ("Nämnd;Belopp (tkr)\r\n" + ("Okänd " + "x" * 900 + ";y\r\n") * (MAX_ROWS - 1)).encode()
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert len(errors) == MAX_ERRORS + 1
        assert str(2 * (MAX_ROWS - 1) - MAX_ERRORS) in errors[-1]
        nothing_written(version)


def frames_file(value: object, *, xlsx: bool) -> bytes:
    if xlsx:
        return workbook([["Nämnd", "Belopp (tkr)"], ["KS", value]])
    return f"Nämnd;Belopp (tkr)\r\nKS;{value}\r\n".encode()


def economic_plan_file(value: object, *, xlsx: bool) -> bytes:
    rows = [["Post", "2027", "2028", "2029"], ["Skatteintäkter", 1, value, 1]]
    if xlsx:
        return workbook(rows)
    return "".join(";".join(str(cell) for cell in row) + "\r\n" for row in rows).encode()


def distribution_file(value: object, *, xlsx: bool) -> bytes:
    if xlsx:
        return workbook([["Verksamhetsområde", "Belopp (tkr)"], ["1200", value]])
    return f"Verksamhetsområde;Belopp (tkr)\r\n1200;{value}\r\n".encode()


HUGE = [
    pytest.param(int(TWENTY_SIX_DIGITS), True, id="xlsx-26-digits"),
    pytest.param(TWENTY_SIX_DIGITS, True, id="xlsx-26-digit-text"),
    pytest.param(1e30, True, id="xlsx-1e30"),
    pytest.param("1e30", True, id="xlsx-1e30-text"),
    pytest.param(TWENTY_SIX_DIGITS, False, id="csv-26-digits"),
    pytest.param("1e30", False, id="csv-1e30"),
    pytest.param("1E+30", False, id="csv-1E+30"),
]


@pytest.mark.django_db
class TestHugeAmounts:
    """A huge amount is named by row and column; nothing raises and nothing is written."""

    @pytest.mark.parametrize(("value", "xlsx"), HUGE)
    def test_frames(self, version, finance, value, xlsx):
        data = frames_file(value, xlsx=xlsx)
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert len(errors) == 1
        assert "Rad 2, kolumn B" in errors[0]
        nothing_written(version)

    @pytest.mark.parametrize(("value", "xlsx"), HUGE)
    def test_economic_plan(self, version, finance, value, xlsx):
        data = economic_plan_file(value, xlsx=xlsx)
        errors = refused(kind=ImportKind.ECONOMIC_PLAN, data=data, version=version, body=None, actor=finance)
        assert len(errors) == 1
        assert "Rad 2, kolumn C" in errors[0]
        nothing_written(version)

    @pytest.mark.parametrize(("value", "xlsx"), HUGE)
    def test_distribution(self, plan, finance, value, xlsx):
        version = BudgetVersion.objects.get(budget__year=2026)
        data = distribution_file(value, xlsx=xlsx)
        errors = refused(
            kind=ImportKind.DISTRIBUTION, data=data, version=version, body=plan.body, actor=finance
        )
        assert len(errors) == 1
        assert "Rad 2, kolumn B" in errors[0]
        assert not FrameDistribution.objects.exists()

    def test_the_too_large_message_says_so(self, version, finance):
        errors = refused(
            kind=ImportKind.FRAMES,
            data=frames_file(1e30, xlsx=True),
            version=version,
            body=None,
            actor=finance,
        )
        assert LIMIT in errors[0]


def page_size_ok(response) -> str:
    assert response.status_code == 200
    assert len(response.content) < SMALL_RESPONSE
    return response.content.decode()


@pytest.mark.django_db
class TestThroughTheViews:
    """The real pages, as finance (the ekonom): a 200 with a Swedish message, never a 500."""

    def post_import(self, client, version, data: bytes, name: str = "ramar.xlsx"):
        upload = SimpleUploadedFile(name, data)
        return client.post(
            version.get_absolute_url(),
            {"action": "import", "import-kind": "ramar", "import-file": upload},
            HTTP_ACCEPT_LANGUAGE="sv",
        )

    def test_a_bomb_gives_a_short_page_fast(self, client, version, finance):
        client.force_login(finance)
        data = frames_with_sheet(HEADER + f'<row r="2">{text_cell("A2", "A" * 5_000_000)}</row>')
        started = time.monotonic()
        response = self.post_import(client, version, data)
        assert time.monotonic() - started < 5
        page = page_size_ok(response)
        assert "Filen importerades inte" in page
        nothing_written(version)

    @pytest.mark.parametrize(
        "data",
        [
            pytest.param(frames_file(1e30, xlsx=True), id="xlsx-1e30"),
            pytest.param(frames_file(int(TWENTY_SIX_DIGITS), xlsx=True), id="xlsx-26-digits"),
            pytest.param(frames_file(TWENTY_SIX_DIGITS, xlsx=False), id="csv-26-digits"),
            pytest.param(
                frames_with_sheet(HEADER, doctype=TestHostileXml.XXE.replace("sst", "worksheet")), id="xxe"
            ),
            pytest.param(frames_with_sheet(HEADER, doctype=TestHostileXml.LAUGHS), id="billion-laughs"),
            pytest.param(replaced(workbook([["Nämnd"]]), {SHEET: "<worksheet"}), id="malformed"),
        ],
    )
    def test_hostile_files(self, client, version, finance, data):
        client.force_login(finance)
        page = page_size_ok(self.post_import(client, version, data))
        assert "Filen importerades inte" in page
        nothing_written(version)

    def test_an_upload_beyond_the_limit_is_not_read_whole(self, client, version, finance):
        client.force_login(finance)
        page = page_size_ok(self.post_import(client, version, b"x" * (budget_import.MAX_BYTES * 3), "a.csv"))
        assert "2 MB" in page
        nothing_written(version)


TOO_LARGE = [TWENTY_SIX_DIGITS, "1e30", "1E+30", "9" * 5000]


@pytest.mark.django_db
class TestForms:
    """Every amount field of the budget answers a huge amount with a field error in Swedish."""

    def edit(self, year, number, section):
        return reverse("budget:version_edit", args=[year, number, section])

    @pytest.mark.parametrize("value", TOO_LARGE)
    def test_frames(self, client, version, finance, value):
        client.force_login(finance)
        body = body_named("KS")
        response = client.post(
            self.edit(2027, 1, "ramar"), {"revision": 1, f"body_{body.pk}": value}, HTTP_ACCEPT_LANGUAGE="sv"
        )
        page_size_ok(response)
        assert response.context["form"].errors[f"body_{body.pk}"]
        nothing_written(version)

    @pytest.mark.parametrize("value", TOO_LARGE)
    def test_economic_plan(self, client, version, finance, value):
        client.force_login(finance)
        response = client.post(
            self.edit(2027, 1, "ekonomisk-plan"),
            {"revision": 1, f"{EconomicPlanLine.Kind.TAX_REVENUE.value}_2028": value},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
        page_size_ok(response)
        assert response.context["form"].errors[f"{EconomicPlanLine.Kind.TAX_REVENUE.value}_2028"]
        nothing_written(version)

    @pytest.mark.parametrize("value", TOO_LARGE)
    def test_investments(self, client, version, finance, value):
        client.force_login(finance)
        response = client.post(
            self.edit(2027, 1, "investeringar"),
            {"revision": 1, "name_0": "Skola", "amount_0_2028": value},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
        page_size_ok(response)
        assert response.context["form"].errors["amount_0_2028"]
        assert not InvestmentProject.objects.exists()
        nothing_written(version)

    @pytest.mark.parametrize("value", TOO_LARGE)
    def test_distribution(self, client, plan, finance, value):
        client.force_login(finance)
        unit = OrgUnit.objects.get(cost_centre="1200")
        response = client.post(
            reverse("budget:distribution", args=[2026]),
            {"read": "", f"unit_{unit.pk}": value},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
        page_size_ok(response)
        assert response.context["form"].errors[f"unit_{unit.pk}"]
        assert not FrameDistribution.objects.exists()

    def test_the_message_says_the_amount_is_too_large(self, client, version, finance):
        client.force_login(finance)
        body = body_named("KS")
        response = client.post(
            self.edit(2027, 1, "ramar"),
            {"revision": 1, f"body_{body.pk}": TWENTY_SIX_DIGITS},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
        assert LIMIT in page_size_ok(response)
        assert response.context["form"].errors[f"body_{body.pk}"] == [
            response.context["form"].fields[f"body_{body.pk}"].error_messages["too_large"] % {"limit": LIMIT}
        ]
