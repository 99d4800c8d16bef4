"""Import from Swedish spreadsheets: all or nothing, a bad cell named by row and column (R5, R16)."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import Workbook

from budget import services as services
from budget.imports import ImportKind, ImportRefused, import_file
from budget.models import BudgetFrame, EconomicPlanLine, FrameDistribution
from organisation.models import OrgUnit
from tests.factories import OrgUnitFactory, PlanFactory, adopted_budget, body_named

NOW = datetime.datetime(2026, 5, 20, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)


@pytest.fixture(autouse=True)
def _may_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def version(finance):
    body_named("KF")
    body_named("KS")
    return services.budget_create(year=2027, label="Juni 2026", actor=finance)


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def frames(version) -> dict[str, Decimal]:
    return {
        f.body.short_name: f.amount
        for f in BudgetFrame.objects.filter(version=version).select_related("body")
    }


def refused(**kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as error:
        import_file(**kwargs)
    return error.value.errors


@pytest.mark.django_db
class TestFrames:
    def test_csv_with_bom_decimal_comma_and_spaces(self, version, finance):
        data = csv_bytes("Nämnd;Belopp (tkr)\nKS;712 400,5\nKommunfullmäktige;8 350\n", "utf-8-sig")
        assert import_file(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance) == 2
        assert frames(version) == {"KS": Decimal("712400500"), "KF": Decimal("8350000")}

    def test_windows_1252(self, version, finance):
        data = csv_bytes("Nämnd;Belopp (tkr)\nKS;−1\n".replace("−", "-"), "cp1252")
        with pytest.raises(ImportRefused):  # a frame cannot be negative, but the file was read
            import_file(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        data = csv_bytes("Nämnd;Belopp (tkr)\nKS;712 400\n", "cp1252")
        import_file(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert frames(version) == {"KS": 712_400_000}

    def test_xlsx_recognised_by_content(self, version, finance):
        workbook = Workbook()
        workbook.active.append(["Nämnd", "Belopp (tkr)"])
        workbook.active.append(["KS", 712400.5])
        buffer = io.BytesIO()
        workbook.save(buffer)
        import_file(kind=ImportKind.FRAMES, data=buffer.getvalue(), version=version, body=None, actor=finance)
        assert frames(version) == {"KS": Decimal("712400500")}

    def test_import_replaces_the_section(self, version, finance):
        services.frames_set(
            version=version, amounts={body_named("KF"): 1 * MKR}, expected_revision=None, actor=finance
        )
        import_file(
            kind=ImportKind.FRAMES,
            data=csv_bytes("Nämnd;Belopp (tkr)\nKS;5\n"),
            version=version,
            body=None,
            actor=finance,
        )
        assert frames(version) == {"KS": 5000}


@pytest.mark.django_db
class TestRefusals:
    """Each refusal names the row and column, and nothing in the database changes."""

    @pytest.fixture
    def before(self, version, finance):
        services.frames_set(
            version=version, amounts={body_named("KS"): 700 * MKR}, expected_revision=None, actor=finance
        )
        version.refresh_from_db()
        return {"frames": frames(version), "revision": version.revision}

    def unchanged(self, version, before):
        version.refresh_from_db()
        assert frames(version) == before["frames"]
        assert version.revision == before["revision"]

    def test_bad_decimal(self, version, finance, before):
        data = csv_bytes("Nämnd;Belopp (tkr)\nKF;8 350\nKS;712.400,5\n")
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert len(errors) == 1
        assert "3" in errors[0]
        assert "B" in errors[0]
        assert "712.400,5" in errors[0]
        self.unchanged(version, before)

    def test_unknown_body(self, version, finance, before):
        data = csv_bytes("Nämnd;Belopp (tkr)\nKS;1\nTekniska nämnden;5\n")
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Tekniska nämnden" in errors[0]
        assert " A " in errors[0]
        self.unchanged(version, before)

    def test_wrong_encoding(self, version, finance, before):
        data = "Nämnd;Belopp (tkr)\r\nKS;1\r\n".encode("utf-16")
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert len(errors) == 1
        self.unchanged(version, before)

    def test_missing_column(self, version, finance, before):
        data = csv_bytes("Nämnd;Summa\nKS;1\n")
        errors = refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)
        assert "Belopp (tkr)" in errors[0]
        self.unchanged(version, before)

    def test_every_bad_cell_is_named(self, version, finance, before):
        data = csv_bytes("Nämnd;Belopp (tkr)\nKS;x\nKF;y\n")
        assert len(refused(kind=ImportKind.FRAMES, data=data, version=version, body=None, actor=finance)) == 2
        self.unchanged(version, before)


@pytest.mark.django_db
class TestEconomicPlan:
    FILE = (
        "Post;2027;2028;2029\n"
        "Skatteintäkter;610 000;622 000;634 000\n"
        "Generella statsbidrag och utjämning;265 000;268 000;270 000\n"
        "Verksamhetens intäkter;150 000;152 000;154 000\n"
        "Verksamhetens kostnader;−1 010 000;−1 030 000;−1 049 000\n"
        "Resultat;15 000;12 000;9 000\n"
    )

    def test_lines_for_three_years_and_the_result_checked(self, version, finance):
        import_file(
            kind=ImportKind.ECONOMIC_PLAN,
            data=csv_bytes(self.FILE),
            version=version,
            body=None,
            actor=finance,
        )
        lines = {
            (line.kind, line.year): line.amount for line in EconomicPlanLine.objects.filter(version=version)
        }
        assert len(lines) == 12
        assert lines[(EconomicPlanLine.Kind.OPERATING_COSTS, 2029)] == -1_049_000_000

    def test_a_result_that_does_not_add_up_is_refused(self, version, finance):
        data = csv_bytes(self.FILE.replace("Resultat;15 000", "Resultat;16 000"))
        errors = refused(kind=ImportKind.ECONOMIC_PLAN, data=data, version=version, body=None, actor=finance)
        assert "6" in errors[0]
        assert "B" in errors[0]
        assert not EconomicPlanLine.objects.exists()

    def test_an_unknown_line_is_refused(self, version, finance):
        data = csv_bytes(self.FILE.replace("Verksamhetens intäkter", "Övrigt"))
        assert refused(kind=ImportKind.ECONOMIC_PLAN, data=data, version=version, body=None, actor=finance)
        assert not EconomicPlanLine.objects.exists()


@pytest.mark.django_db
class TestDistribution:
    @pytest.fixture
    def plan(self):
        adopted_budget(2026, ks_frame=500 * MKR)
        OrgUnitFactory(
            name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT, cost_centre="1200"
        )
        OrgUnitFactory(name="Vård- och omsorgsavdelningen", kind=OrgUnit.Kind.DEPARTMENT, cost_centre="1300")
        return PlanFactory(year=2026)

    def test_by_name_or_cost_centre(self, plan, finance):
        data = csv_bytes(
            "Verksamhetsområde;Belopp (tkr)\nBarn- och utbildningsavdelningen;265 000\n1300;235 000\n"
        )
        version = plan_version(plan)
        import_file(kind=ImportKind.DISTRIBUTION, data=data, version=version, body=plan.body, actor=finance)
        assert sum(r.amount for r in FrameDistribution.objects.all()) == 500 * MKR

    def test_unknown_unit(self, plan, finance):
        data = csv_bytes(
            "Verksamhetsområde;Belopp (tkr)\nBarn- och utbildningsavdelningen;1\nKulturavdelningen;1\n"
        )
        errors = refused(
            kind=ImportKind.DISTRIBUTION, data=data, version=plan_version(plan), body=plan.body, actor=finance
        )
        assert "Kulturavdelningen" in errors[0]
        assert "3" in errors[0]
        assert not FrameDistribution.objects.exists()

    def test_r5_over_the_frame(self, plan, finance):
        data = csv_bytes("Verksamhetsområde;Belopp (tkr)\n1200;300 000\n1300;250 000\n")
        assert refused(
            kind=ImportKind.DISTRIBUTION, data=data, version=plan_version(plan), body=plan.body, actor=finance
        )
        assert not FrameDistribution.objects.exists()


def plan_version(plan):
    from budget.models import BudgetVersion

    return BudgetVersion.objects.get(budget__year=plan.year)
