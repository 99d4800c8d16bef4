"""The budget pages: who reads and who writes, drafts hidden, the diff page, import, constant queries."""

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from budget import services as services
from budget.models import BudgetFrame, BudgetVersion, EconomicPlanLine, FrameDistribution
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from tests.factories import (
    MandateGoalFactory,
    MeetingFactory,
    OrgUnitFactory,
    PlanFactory,
    adopted_budget,
    body_named,
    kf_decision,
)

NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
MKR = Decimal(1_000_000)
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def june_and_november(finance, *, projects: int = 1, frames: int = 1) -> tuple[BudgetVersion, BudgetVersion]:
    """2026's June adoption and November's draft recalculation, with some content of a given size."""
    june = adopted_budget(2026, ks_frame=700 * MKR)
    june.mandate_goals.set([MandateGoalFactory()])
    november = services.version_recalculate(version=june, label="November 2025", actor=finance)
    boards = {body_named(f"N{i}"): (i + 1) * MKR for i in range(frames)}
    services.frames_set(
        version=november,
        amounts={body_named("KS"): 690 * MKR, **boards},
        expected_revision=None,
        actor=finance,
    )
    services.investments_set(
        version=november,
        projects=[(f"Projekt {i}", {2026: MKR, 2030: 2 * MKR}) for i in range(projects)],
        expected_revision=None,
        actor=finance,
    )
    services.goals_set(
        version=november,
        financial=[("Resultatet ska vara minst 2 % av skatter och bidrag", "2 %")],
        geh=[(f"GEH-{i + 1}", f"Mål {i + 1}", "") for i in range(frames)],
        expected_revision=None,
        actor=finance,
    )
    november.refresh_from_db()
    return june, november


def write_requests(year=2026, number=1):
    """Every write the budget pages offer, as (method, url, data)."""
    version_url = reverse("budget:version", args=[year, number])
    return [
        ("post", reverse("budget:detail", args=[year + 5]), {"label": "Juni"}),
        ("post", version_url, {"action": "propose", "revision": 1}),
        ("post", version_url, {"action": "adopt"}),
        ("post", version_url, {"action": "new_version"}),
        ("post", version_url, {"action": "import"}),
        *[
            (method, reverse("budget:version_edit", args=[year, number, section]), {})
            for section in ("ramar", "ekonomisk-plan", "investeringar", "mal")
            for method in ("get", "post")
        ],
        ("get", reverse("budget:distribution", args=[year]), {}),
        ("post", reverse("budget:distribution", args=[year]), {}),
        ("get", reverse("budget:template", args=[year, "ramar"]), {}),
    ]


@pytest.mark.django_db
class TestPermissions:
    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.SYSADMIN])
    def test_only_finance_writes(self, client, users_by_role, role):
        version = adopted_budget(2026)
        services.version_recalculate(version=version, actor=users_by_role[Role.FINANCE])
        PlanFactory(year=2026)
        client.force_login(users_by_role[role])
        for method, url, data in write_requests(number=2):
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (method, url)
        assert BudgetVersion.objects.filter(status=AdoptionStatus.DRAFT).count() == 1

    def test_finance_reaches_every_write(self, client, finance):
        adopted_budget(2026)
        services.version_recalculate(version=BudgetVersion.objects.get(), actor=finance)
        PlanFactory(year=2026)
        client.force_login(finance)
        for method, url, data in write_requests(number=2):
            response = getattr(client, method)(url, data)
            assert response.status_code in (200, 302), (method, url)

    def test_anonymous_is_sent_to_sign_in(self, client):
        adopted_budget(2026)
        urls = [reverse("budget:detail", args=[2026]), reverse("budget:compare", args=[2026])]
        for method, url, data in [*write_requests(), *(("get", u, {}) for u in urls)]:
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login"))

    def test_everyone_reads_an_adopted_budget(self, client, users_by_role):
        adopted_budget(2026)
        for user in users_by_role.values():
            client.force_login(user)
            page = text(client.get(reverse("budget:detail", args=[2026])))
            assert (
                gettext("Budget %(year)s with plan for %(first)s–%(last)s")
                % {
                    "year": 2026,
                    "first": 2027,
                    "last": 2028,
                }
                in page
            )

    def test_drafts_are_for_finance_and_planners(self, client, finance, planner, politician, administrator):
        body_named("KF")
        services.budget_create(year=2027, label="Juni 2026", actor=finance)
        url = reverse("budget:version", args=[2027, 1])
        for user in (politician, administrator):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.get(reverse("budget:detail", args=[2027])).status_code == 404
        for user in (finance, planner):
            client.force_login(user)
            assert client.get(url).status_code == 200

    def test_index_redirects_to_this_year(self, client, politician):
        client.force_login(politician)
        assert client.get(reverse("budget:index"))["Location"] == reverse("budget:detail", args=[2026])


@pytest.mark.django_db
class TestFinanceWork:
    def test_start_edit_propose_adopt_and_recalculate(self, client, finance, politician):
        body_named("KF")
        ks = body_named("KS")
        client.force_login(finance)
        client.post(reverse("budget:detail", args=[2027]), {"label": "Juni 2026"})
        version = BudgetVersion.objects.get(budget__year=2027)
        frames_url = reverse("budget:version_edit", args=[2027, 1, "ramar"])
        response = client.post(frames_url, {"revision": version.revision, f"body_{ks.pk}": "712 400,5"})
        assert response.status_code == 302
        assert BudgetFrame.objects.get(version=version).amount == Decimal("712400500")
        stale = client.post(frames_url, {"revision": version.revision, f"body_{ks.pk}": "1"})
        assert stale.status_code == 200  # refused: somebody (here: the same user) saved since
        assert BudgetFrame.objects.get(version=version).amount == Decimal("712400500")
        bad = client.post(frames_url, {"revision": version.revision + 1, f"body_{ks.pk}": "12.3,4"})
        assert bad.status_code == 200
        assert 'class="field__errors"' in bad.content.decode()
        url = version.get_absolute_url()
        client.post(url, {"action": "propose", "revision": version.revision + 1})
        meeting = MeetingFactory(body=body_named("KF"), date=datetime.date(2026, 6, 15))
        response = client.post(
            url,
            {
                "action": "adopt",
                "adopt-meeting": meeting.pk,
                "adopt-paragraph": 80,
                "adopt-case_number": "KS 26/1",
            },
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.is_adopted
        assert version.decision.case_number == "KS 26/1"
        response = client.post(
            url, {"action": "new_version", "new-kind": "omrakning", "new-label": "November"}
        )
        assert response["Location"] == reverse("budget:version", args=[2027, 2])
        client.force_login(politician)
        page = text(client.get(url))
        assert "712\u00a0400,5\u00a0tkr" in page
        history = page.split('id="history-heading"')[1]
        assert "Eva" in history  # who changed the version, shown on the page

    def test_import_refusal_is_shown_and_changes_nothing(self, client, finance):
        body_named("KF")
        body_named("KS")
        version = services.budget_create(year=2027, actor=finance)
        client.force_login(finance)
        upload = SimpleUploadedFile("ramar.csv", "Nämnd;Belopp (tkr)\r\nKS;7x\r\n".encode())
        response = client.post(
            version.get_absolute_url(), {"action": "import", "import-kind": "ramar", "import-file": upload}
        )
        assert response.status_code == 200
        assert "7x" in text(response)
        assert not BudgetFrame.objects.exists()
        upload = SimpleUploadedFile("ramar.csv", "Nämnd;Belopp (tkr)\r\nKS;7\r\n".encode())
        response = client.post(
            version.get_absolute_url(), {"action": "import", "import-kind": "ramar", "import-file": upload}
        )
        assert response.status_code == 302
        assert BudgetFrame.objects.get().amount == 7000

    def test_template_download(self, client, finance):
        client.force_login(finance)
        response = client.get(reverse("budget:template", args=[2026, "ekonomisk_plan"]))
        assert response.status_code == 200
        assert response.content.startswith(b"PK")

    def test_distribution_page_refuses_over_the_frame(self, client, finance, politician):
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026, status="forslag")
        school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        client.force_login(finance)
        url = reverse("budget:distribution", args=[2026])
        response = client.post(url, {"read": "", f"unit_{school.pk}": "600 000"})
        assert response.status_code == 200
        assert "100\u00a0000,0\u00a0tkr" in text(response)
        assert not FrameDistribution.objects.exists()
        response = client.post(url, {"read": "", f"unit_{school.pk}": "450 000"})
        assert response.status_code == 302
        client.force_login(politician)
        section = (
            text(client.get(reverse("planning:plan", args=[2026])))
            .split('id="budget"')[1]
            .split("</section>")[0]
        )
        assert "Barn- och utbildningsavdelningen" in section
        assert "50\u00a0000,0\u00a0tkr" in section  # remaining
        assert FrameDistribution.objects.filter(body=plan.body, year=plan.year).count() == 1


@pytest.mark.django_db
class TestCompare:
    def test_r17_two_versions_side_by_side_with_differences(self, client, finance, politician):
        june, november = june_and_november(finance)
        november.status = AdoptionStatus.PROPOSAL
        november.save()
        client.force_login(politician)
        response = client.get(reverse("budget:compare", args=[2026]))
        assert response.status_code == 302
        page = text(client.get(response["Location"]))
        assert "700\u00a0000,0\u00a0tkr" in page
        assert "690\u00a0000,0\u00a0tkr" in page
        assert "\u221210\u00a0000,0\u00a0tkr" in page
        assert gettext("changed") in page

    def test_plans_over_years_read_across_years_as_columns(self, client, finance):
        june_and_november(finance)
        client.force_login(finance)
        page = text(client.get(reverse("budget:compare", args=[2026]) + "?a=1&b=2"))
        investments = page[page.index('id="diff-investment-plan"') :]
        header = investments[investments.index("<thead>") : investments.index("</thead>")]
        assert [f'<th scope="col" class="num">{year}</th>' in header for year in range(2026, 2031)] == [
            True
        ] * 5
        row = investments[investments.index('<th scope="row">Projekt 0</th>') :].split("</tr>", 1)[0]
        assert row.count("<td") == 6  # five years and "changed"
        was = gettext("was %(amount)s") % {"amount": "–"}
        assert f'1\u00a0000,0\u00a0tkr<br><span class="meta">{was}<br>(1\u00a0000,0\u00a0tkr)' in row
        economic_plan = page[page.index('id="diff-economic-plan"') : page.index('id="diff-investment-plan"')]
        assert "Skatteintäkter 2026" not in economic_plan  # not one year per row
        assert '<th scope="col" class="num">2028</th>' in economic_plan

    def test_a_politician_cannot_compare_with_a_draft(self, client, finance, politician):
        june_and_november(finance)
        client.force_login(politician)
        response = client.get(reverse("budget:compare", args=[2026]), {"a": 1, "b": 2})
        assert "Projekt 0" not in text(response)


@pytest.mark.django_db
class TestQueries:
    def test_budget_page_queries_do_not_grow(self, client, finance, django_assert_num_queries):
        june_and_november(finance, projects=1, frames=1)
        PlanFactory(year=2026)
        client.force_login(finance)
        url = reverse("budget:detail", args=[2026])
        # session, user, roles, budget (with KF), versions (with decisions), KF goal links (with goals)
        # and the goals' versions, financial goals, GEH goals, frames, economic plan, investment projects,
        # their amounts, KS, KS's plan, the frame in force, the plan's distribution, municipality name,
        # KF's meetings (adoption form), history with users
        with django_assert_num_queries(20):
            assert client.get(url).status_code == 200
        for i in range(5):
            body_named(f"M{i}")
        november = BudgetVersion.objects.get(number=2)
        services.investments_set(
            version=november,
            projects=[(f"Stort projekt {i}", {2027: MKR}) for i in range(8)],
            expected_revision=None,
            actor=finance,
        )
        with django_assert_num_queries(20):
            client.get(url)

    @pytest.mark.parametrize("role", [Role.FINANCE, Role.PLANNER])
    def test_start_page_queries_do_not_grow_with_plans_and_versions(
        self, client, users_by_role, role, django_assert_num_queries
    ):
        """The start page's budget card costs three queries: KS's distributed amounts in the years, its
        plans for those years, and the years' versions with KS's frame in each; however many there are."""
        finance = users_by_role[Role.FINANCE]
        june = adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026, status="forslag")
        areas = [OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT) for _ in range(8)]
        services.distribution_set(
            body=plan.body,
            year=plan.year,
            amounts={area: 200 * MKR for area in areas[:2]},
            expected=None,
            actor=finance,
        )
        november = services.version_recalculate(version=june, actor=finance)
        services.frames_set(
            version=november, amounts={body_named("KS"): 300 * MKR}, expected_revision=None, actor=finance
        )
        client.force_login(users_by_role[role])
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as few:
            page = text(client.get(reverse("home")))
        assert "budget-over" not in page  # November is a draft: June's frame is in force
        services.distribution_set(
            body=plan.body,
            year=plan.year,
            amounts={area: 10 * MKR for area in areas[2:]},
            expected=None,
            actor=finance,
        )
        decision = kf_decision(datetime.date(2025, 11, 24))
        services.version_adopt(version=november, decision=decision, actor=finance)
        next_year = adopted_budget(2027, ks_frame=100 * MKR)
        services.distribution_set(
            body=PlanFactory(year=2027).body,
            year=2027,
            amounts={areas[0]: 90 * MKR},
            expected=None,
            actor=finance,
        )
        services.version_recalculate(version=next_year, actor=finance)
        with django_assert_num_queries(len(few.captured_queries)):
            page = text(client.get(reverse("home")))
        assert page.count("budget-over") == 1

    def test_compare_page_queries_do_not_grow(self, client, finance, politician, django_assert_num_queries):
        june_and_november(finance, projects=1, frames=1)
        url = reverse("budget:compare", args=[2026]) + "?a=1&b=2"
        client.force_login(finance)
        # session, user, roles, budget, versions, and for both versions at once: KF goal links (with
        # goals), the goals' versions, financial goals, GEH goals, frames, economic plan, projects,
        # amounts; municipality name
        with django_assert_num_queries(14):
            assert client.get(url).status_code == 200
        november = BudgetVersion.objects.get(number=2)
        services.investments_set(
            version=november,
            projects=[(f"Stort projekt {i}", {2027: MKR, 2028: MKR}) for i in range(10)],
            expected_revision=None,
            actor=finance,
        )
        services.frames_set(
            version=november,
            amounts={body_named(f"X{i}"): MKR for i in range(6)},
            expected_revision=None,
            actor=finance,
        )
        with django_assert_num_queries(14):
            client.get(url)


@pytest.mark.django_db
def test_adopted_version_cannot_be_edited(client, finance):
    adopted_budget(2026)
    client.force_login(finance)
    response = client.get(reverse("budget:version_edit", args=[2026, 1, "ramar"]))
    assert response.status_code == 302


@pytest.mark.django_db
class TestEditSections:
    @pytest.fixture
    def version(self, finance):
        body_named("KF")
        body_named("KS")
        return services.budget_create(year=2027, actor=finance)

    def post(self, client, version, section, data):
        url = reverse("budget:version_edit", args=[2027, version.number, section])
        version.refresh_from_db()
        return client.post(url, {"revision": version.revision, **data})

    def test_economic_plan(self, client, finance, version):
        client.force_login(finance)
        response = self.post(
            client,
            version,
            "ekonomisk-plan",
            {"skatteintakter_2027": "610 000", "verksamhetens_kostnader_2029": "−5"},
        )
        assert response.status_code == 302
        assert version.plan_lines.count() == 2
        response = self.post(client, version, "ekonomisk-plan", {"verksamhetens_kostnader_2027": "5"})
        assert response.status_code == 200  # costs are negative
        assert version.plan_lines.count() == 2

    def test_investments(self, client, finance, version):
        client.force_login(finance)
        response = self.post(
            client, version, "investeringar", {"name_0": "Ny förskola", "amount_0_2031": "12,5"}
        )
        assert response.status_code == 302
        project = version.investment_plan.projects.get()
        assert project.amounts.get().amount == 12500
        response = self.post(client, version, "investeringar", {"name_1": "", "amount_1_2027": "1"})
        assert response.status_code == 200  # an amount without a project
        response = self.post(client, version, "investeringar", {"name_0": ""})
        assert response.status_code == 302
        assert not version.investment_plan.projects.exists()

    def test_goals(self, client, finance, version):
        client.force_login(finance)
        data = {
            "fg_text_0": "Resultat minst 2 %",
            "fg_target_0": "2 %",
            "geh_code_0": "geh-1",
            "geh_title_0": "Balans",
        }
        assert self.post(client, version, "mal", data).status_code == 302
        assert version.geh_goals.get().code == "GEH-1"
        assert (
            self.post(client, version, "mal", {"geh_code_0": "GEH 1 x", "geh_title_0": "Balans"}).status_code
            == 200
        )
        assert version.financial_goals.get().target == "2 %"

    def test_unknown_section_is_not_found(self, client, finance, version):
        client.force_login(finance)
        assert client.get(reverse("budget:version_edit", args=[2027, 1, "annat"])).status_code == 404


@pytest.mark.django_db
def test_economic_plan_shows_lines_as_rows_and_years_as_columns(client, finance):
    """Issue 11, point 10 c: the budget page's economic plan reads across the three years."""
    version = adopted_budget(2026)
    client.force_login(finance)
    page = text(client.get(version.get_absolute_url()))
    table = page[page.index('id="economic-plan"') :]
    table = table[table.index("<table") : table.index("</table>")]
    head = table[: table.index("</thead>")]
    assert [f'<th scope="col" class="num">{year}</th>' in head for year in (2026, 2027, 2028)] == [True] * 3
    for kind in EconomicPlanLine.Kind:
        assert f'<tr><th scope="row">{kind.label}</th>' in table
    assert table.count('<td class="num">') == 3 * (len(EconomicPlanLine.Kind) + 1)  # and the net result


@pytest.mark.django_db
class TestDistributionIsReadWithThePlan:
    """KS's distribution is the plan's section 5 (R11): the budget reads it through the plan (budget.plans),
    so a draft plan's distribution is finance's and the planners', and others read it with the plan."""

    @pytest.fixture
    def distributed(self, users_by_role):
        adopted_budget(2026, ks_frame=500 * MKR)
        plan = PlanFactory(year=2026)
        area = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        services.distribution_set(
            body=plan.body,
            year=2026,
            amounts={area: 400 * MKR},
            expected=None,
            actor=users_by_role[Role.FINANCE],
        )
        return plan

    def _budget_page(self, client, user) -> str:
        client.force_login(user)
        return text(client.get(reverse("budget:detail", args=[2026])))

    def test_a_draft_plans_distribution_is_not_shown_to_a_politician(
        self, client, users_by_role, distributed
    ):
        page = self._budget_page(client, users_by_role[Role.POLITICIAN])
        assert gettext("There is no operational plan for %(year)s to read yet.") % {"year": 2026} in page

    @pytest.mark.parametrize("role", [Role.FINANCE, Role.PLANNER])
    def test_finance_and_planners_read_a_draft_plans_distribution(
        self, client, users_by_role, distributed, role
    ):
        page = self._budget_page(client, users_by_role[role])
        assert gettext("There is no operational plan for %(year)s to read yet.") % {"year": 2026} not in page

    def test_a_proposed_plans_distribution_is_read_by_everyone(self, client, users_by_role, distributed):
        distributed.status = AdoptionStatus.PROPOSAL
        distributed.save()
        page = self._budget_page(client, users_by_role[Role.POLITICIAN])
        assert gettext("There is no operational plan for %(year)s to read yet.") % {"year": 2026} not in page

    def test_without_a_plan_there_is_nothing_to_distribute(self, client, users_by_role):
        adopted_budget(2026, ks_frame=500 * MKR)
        client.force_login(users_by_role[Role.FINANCE])
        assert client.get(reverse("budget:distribution", args=[2026])).status_code == 404

    def test_the_distribution_page_says_an_adopted_plan_records_the_change(
        self, client, users_by_role, distributed
    ):
        note = gettext(
            "The plan is adopted: a change to the distribution is recorded as a new version of the plan."
        )
        client.force_login(users_by_role[Role.FINANCE])
        assert note not in text(client.get(reverse("budget:distribution", args=[2026])))
        distributed.status, distributed.decision = (
            AdoptionStatus.ADOPTED,
            kf_decision(datetime.date(2025, 11, 4)),
        )
        distributed.save()
        assert note in text(client.get(reverse("budget:distribution", args=[2026])))
