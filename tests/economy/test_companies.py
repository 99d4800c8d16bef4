"""The wholly-owned companies in a round (R29, R30): who reports for which company, the write, the pages,
the export, the owner directive goals and the company reporter's start page."""

import datetime
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from economy import companies as company_services
from economy.companies import (
    company_report_save,
    directive_goal_save,
    home_summary,
    may_report,
    readable_companies,
    reported_companies,
    round_companies,
)
from economy.models import CompanyFigure, CompanyReport, KeyFigure, OwnerDirectiveGoal, OwnerGoalAssessment
from followup.models import InputOverride, Report, ReportKind, Verdict
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, OrgUnit
from organisation.roles import Role
from styrmodell.concurrency import EditConflict
from tests.factories import (
    GoverningDocumentFactory,
    OrgUnitFactory,
    UserFactory,
    body_named,
    document_kind,
    ks_round,
)

# 10 May 2026: the tertial round (cut-off 30 April) is open; the wheel has no KS meeting, so it stays open.
# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)


def text(response) -> str:
    return html.unescape(response.content.decode())


def company(name: str) -> OrgUnit:
    return OrgUnitFactory(name=name, kind=OrgUnit.Kind.COMPANY)


def reporter_for(*units: OrgUnit, username: str = "bolag"):
    """A company reporter of these units; the conftest's company_reporter is the one of Ångebostäder AB."""
    user = UserFactory(username=username, first_name="Birgitta", role=Role.COMPANY_REPORTER)
    user.units.add(*units)
    return user


def goal(unit: OrgUnit, text: str = "Soliditeten ska vara minst 10 procent", position: int = 1):
    return OwnerDirectiveGoal.objects.create(company=unit, position=position, text=text)


def figures() -> dict[str, KeyFigure]:
    return {kf.unit_label + str(kf.position): kf for kf in KeyFigure.objects.filter(active=True)}


def save(report, unit, actor, version=None, *, assessments=None, **overrides):
    data = {
        "result_to_date": Decimal("1200000"),
        "forecast": Decimal("2500000"),
        "comment": "Enligt plan.",
        "figures": {},
    } | overrides
    if assessments is None:
        assessments = {g.pk: (Verdict.ACHIEVED, "") for g in unit.owner_directive_goals.filter(active=True)}
    return company_report_save(
        report=report,
        company=unit,
        expected_version=version,
        assessments=assessments,
        actor=actor,
        **data,
    )


def index_url(report: Report) -> str:
    return reverse("economy:companies", args=[report.year, report.slug])


def company_url(report: Report, unit: OrgUnit) -> str:
    return reverse("economy:company", args=[report.year, report.slug, unit.pk])


def form_data(goals=(), **overrides) -> dict:
    data = {"result_to_date": "1 200", "forecast": "2 500", "comment": "Bra år.", "version": ""}
    for g in goals:
        data[f"goal_{g.pk}"] = Verdict.ACHIEVED
        data[f"goal_{g.pk}_comment"] = ""
    return data | overrides


@pytest.fixture
def two_companies(company_reporter):
    """Ångebostäder AB, the company_reporter's own company, and another company."""
    return company_reporter.units.get(), company("Ånge Industrilokaler AB")


@pytest.mark.django_db
class TestAccess:
    def test_r30_reporter_reports_for_own_company_only(self, two_companies, company_reporter, finance):
        own, other = two_companies
        assert list(reported_companies(company_reporter)) == [own]
        assert may_report(company_reporter, own)
        assert not may_report(company_reporter, other)
        assert not may_report(finance, own)
        everything = OrgUnit.objects.all()
        assert set(readable_companies(company_reporter, everything)) == {own}
        assert set(readable_companies(finance, everything)) == {own, other}

    def test_a_reporter_of_a_unit_that_is_no_company_reports_nothing(self):
        unit = OrgUnitFactory()
        reporter = reporter_for(unit)
        assert not may_report(reporter, unit)
        assert not reported_companies(reporter).exists()


@pytest.mark.django_db
class TestReporterIsolation:
    def test_r30_own_company_get_and_post(self, client, two_companies, company_reporter):
        own, _other = two_companies
        g = goal(own)
        report = ks_round()
        client.force_login(company_reporter)
        page = text(client.get(company_url(report, own)))
        assert 'id="company-report-form"' in page
        kf = figures()
        data = form_data(
            [g], **{f"figure_{kf['tkr1'].pk}": "45 000", f"figure_{kf['%3'].pk}": "35,2", "forecast": "−300"}
        )
        response = client.post(company_url(report, own), data)
        assert response.status_code == 302
        assert response["Location"] == index_url(report) + f"#bolag-{own.pk}"
        entry = CompanyReport.objects.get()
        assert (entry.result_to_date, entry.forecast) == (Decimal("1200000"), Decimal("-300000"))
        assert (entry.entered_by, entry.history.get().history_user) == (company_reporter, company_reporter)
        values = {f.key_figure_id: f.value for f in CompanyFigure.objects.all()}
        assert values == {kf["tkr1"].pk: Decimal("45000000"), kf["%3"].pk: Decimal("35.2")}
        assert OwnerGoalAssessment.objects.get().verdict == Verdict.ACHIEVED
        assert OwnerGoalAssessment.history.get().history_user == company_reporter

    def test_r30_another_company_is_not_found_on_get_and_post(self, client, two_companies, company_reporter):
        own, other = two_companies
        report = ks_round()
        client.force_login(company_reporter)
        assert client.get(company_url(report, other)).status_code == 404
        assert client.post(company_url(report, other), form_data()).status_code == 404
        assert not CompanyReport.objects.exists()
        with pytest.raises(ValidationError):
            save(report, other, company_reporter)
        assert not CompanyReport.objects.exists()

    def test_r30_the_index_lists_only_own_companies(self, client, two_companies, company_reporter, finance):
        own, other = two_companies
        report = ks_round()
        client.force_login(company_reporter)
        page = text(client.get(index_url(report)))
        assert own.name in page
        assert other.name not in page
        assert company_url(report, other) not in page
        client.force_login(finance)
        page = text(client.get(index_url(report)))
        assert own.name in page
        assert other.name in page

    def test_the_export_holds_only_own_companies(self, client, two_companies, company_reporter):
        own, _other = two_companies
        report = ks_round()
        client.force_login(company_reporter)
        response = client.get(reverse("economy:companies_export", args=[report.year, report.slug]))
        names = [
            row[0]
            for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
                min_row=2, values_only=True
            )
        ]
        assert names == [own.name]


@pytest.mark.django_db
class TestOtherRoles:
    @pytest.mark.parametrize("role", ["finance", "planner", "administrator", "sysadmin"])
    def test_r30_other_roles_read_and_cannot_post(
        self, client, request, two_companies, company_reporter, role
    ):
        own, _other = two_companies
        report = ks_round()
        save(report, own, company_reporter, forecast=Decimal("-10000"))
        report.status = AdoptionStatus.PROPOSAL  # the system administrator reads proposed rounds only
        report.save()
        client.force_login(request.getfixturevalue(role))
        page = text(client.get(company_url(report, own)))
        assert 'id="company-report-form"' not in page
        assert gettext("Forecast: loss") in page
        assert (
            gettext("Only the company's own reporter enters its report; finance and planners read it.")
            in page
        )
        assert client.post(company_url(report, own), form_data(version="1")).status_code == 403
        assert CompanyReport.objects.get().version == 1
        assert client.get(index_url(report)).status_code == 200

    def test_politician_does_not_read_a_draft_round_but_reads_a_proposed_one(
        self, client, politician, two_companies
    ):
        own, _other = two_companies
        report = ks_round()
        client.force_login(politician)
        assert client.get(index_url(report)).status_code == 404
        assert client.get(company_url(report, own)).status_code == 404
        assert client.post(company_url(report, own), form_data()).status_code == 404
        report.status = AdoptionStatus.PROPOSAL
        report.save()
        assert client.get(index_url(report)).status_code == 200
        assert client.get(company_url(report, own)).status_code == 200
        assert client.post(company_url(report, own), form_data()).status_code == 403

    def test_reporter_reads_a_draft_round(self, client, two_companies, company_reporter):
        own, _other = two_companies
        client.force_login(company_reporter)
        assert client.get(index_url(ks_round())).status_code == 200

    def test_an_economy_round_has_no_company_pages(self, client, finance, two_companies, company_reporter):
        own, _other = two_companies
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        economy = ks_round(ReportKind.ECONOMY)
        for user in (finance, company_reporter):
            client.force_login(user)
            assert client.get(index_url(economy)).status_code == 404
            assert client.get(company_url(economy, own)).status_code == 404
            assert client.post(company_url(economy, own), form_data()).status_code == 404
            assert (
                client.get(reverse("economy:companies_export", args=[2026, economy.slug])).status_code == 404
            )
        with pytest.raises(ValidationError):
            save(economy, own, company_reporter)
        assert not CompanyReport.objects.exists()

    def test_anonymous_is_sent_to_sign_in(self, client, two_companies):
        response = client.get(index_url(ks_round()))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.django_db
class TestRoundInput:
    @pytest.mark.parametrize("state", ["closed", "not_open"])
    def test_r30_a_locked_round_refuses(self, client, two_companies, company_reporter, state):
        own, _other = two_companies
        report = ks_round()
        if state == "closed":
            report.input_override, report.override_reason = InputOverride.CLOSED, "Stängd"
            report.save()
        else:
            report = ks_round(ReportKind.INTERIM)
        with pytest.raises(ValidationError):
            save(report, own, company_reporter)
        client.force_login(company_reporter)
        response = client.post(company_url(report, own), form_data())
        assert response.status_code == 200
        assert 'class="form-errors"' in text(response)
        assert not CompanyReport.objects.exists()
        assert gettext("The round does not take input now: the report cannot be saved.") in text(response)


@pytest.mark.django_db
class TestSave:
    def test_stale_save_is_a_conflict_and_nothing_is_overwritten(
        self, client, two_companies, company_reporter
    ):
        own, _other = two_companies
        colleague = reporter_for(own, username="kollega")
        report = ks_round()
        save(report, own, company_reporter, comment="Första")
        save(report, own, colleague, version=1, comment="Andra")
        with pytest.raises(EditConflict):
            save(report, own, company_reporter, version=1, comment="Tredje")
        with pytest.raises(EditConflict):
            save(report, own, company_reporter, version=None, comment="Fjärde")
        client.force_login(company_reporter)
        response = client.post(company_url(report, own), form_data(comment="Min text", version="1"))
        assert response.status_code == 200
        page = text(response)
        assert gettext("Somebody else saved this while you were editing.") in page
        assert "Min text" in page
        entry = CompanyReport.objects.get()
        assert (entry.comment, entry.version) == ("Andra", 2)

    def test_r30_not_achieved_needs_a_comment_next_to_the_field(
        self, client, two_companies, company_reporter
    ):
        own, _other = two_companies
        g = goal(own)
        report = ks_round()
        with pytest.raises(ValidationError) as refusal:
            save(report, own, company_reporter, assessments={g.pk: (Verdict.NOT_ACHIEVED, "  ")})
        assert set(refusal.value.error_dict) == {f"goal_{g.pk}_comment"}
        client.force_login(company_reporter)
        response = client.post(
            company_url(report, own), form_data([g], **{f"goal_{g.pk}": Verdict.NOT_ACHIEVED})
        )
        page = text(response)
        assert response.status_code == 200
        assert f'id="bolag-goal_{g.pk}_comment_error"' in page
        assert (
            gettext("A goal not achieved needs a comment: why, and what the company does about it.") in page
        )
        assert not CompanyReport.objects.exists()

    def test_a_goal_in_force_must_be_assessed(self, two_companies, company_reporter):
        own, _other = two_companies
        g = goal(own)
        with pytest.raises(ValidationError) as refusal:
            save(ks_round(), own, company_reporter, assessments={})
        assert set(refusal.value.error_dict) == {f"goal_{g.pk}"}

    @pytest.mark.parametrize("amount", ["1.234", "tusen", "1e30", "99999999999"])
    def test_a_bad_amount_is_refused_next_to_the_field(self, client, two_companies, company_reporter, amount):
        own, _other = two_companies
        client.force_login(company_reporter)
        response = client.post(company_url(ks_round(), own), form_data(result_to_date=amount))
        assert response.status_code == 200
        assert 'id="bolag-result_to_date_error"' in text(response)
        assert not CompanyReport.objects.exists()

    def test_a_percentage_figure_refuses_text(self, client, two_companies, company_reporter):
        own, _other = two_companies
        client.force_login(company_reporter)
        kf = figures()["%3"]
        response = client.post(company_url(ks_round(), own), form_data(**{f"figure_{kf.pk}": "mycket"}))
        assert f'id="bolag-figure_{kf.pk}_error"' in text(response)
        assert not CompanyReport.objects.exists()

    def test_all_or_nothing_and_the_flags_refreshed_in_the_same_transaction(
        self, two_companies, company_reporter, monkeypatch
    ):
        own, _other = two_companies
        g = goal(own)
        report = ks_round()
        calls = []
        monkeypatch.setattr(
            company_services.flags, "refresh", lambda r, *sources, actor=None: calls.append(r.pk)
        )
        save(report, own, company_reporter)
        assert calls == [report.pk]

        def broken(r, *sources, actor=None):
            raise RuntimeError("flags")

        monkeypatch.setattr(company_services.flags, "refresh", broken)
        with pytest.raises(RuntimeError):
            save(
                report,
                own,
                company_reporter,
                version=1,
                comment="Ändrad",
                figures={figures()["tkr1"].pk: Decimal("5000")},
                assessments={g.pk: (Verdict.NOT_ACHIEVED, "Hyresbortfall.")},
            )
        entry = CompanyReport.objects.get()
        assert (entry.comment, entry.version) == ("Enligt plan.", 1)
        assert not CompanyFigure.objects.exists()
        assert OwnerGoalAssessment.objects.get().verdict == Verdict.ACHIEVED

    def test_an_unknown_key_figure_is_refused(self, two_companies, company_reporter):
        own, _other = two_companies
        inactive = KeyFigure.objects.create(name="Avvecklad", unit_label="tkr", active=False)
        with pytest.raises(ValidationError):
            save(ks_round(), own, company_reporter, figures={inactive.pk: Decimal(1)})
        assert not CompanyReport.objects.exists()

    def test_an_emptied_figure_is_removed(self, two_companies, company_reporter):
        own, _other = two_companies
        kf = figures()["tkr1"]
        save(ks_round(), own, company_reporter, figures={kf.pk: Decimal("100000")})
        save(ks_round(), own, company_reporter, version=1, figures={kf.pk: None})
        assert not CompanyFigure.objects.exists()


@pytest.mark.django_db
class TestCompaniesPage:
    def test_r30_loss_and_missed_goal_in_words(self, client, finance, two_companies, company_reporter):
        own, other = two_companies
        g = goal(own)
        report = ks_round()
        save(
            report,
            own,
            company_reporter,
            forecast=Decimal("-1500000"),
            assessments={g.pk: (Verdict.NOT_ACHIEVED, "Vakanser.")},
        )
        client.force_login(finance)
        page = text(client.get(index_url(report)))
        assert page.count(gettext("Forecast: loss")) == 1
        assert "✗" in page
        assert "Vakanser." in page
        assert gettext("Not reported") in page
        assert "−1\u00a0500,0\u00a0tkr" in page
        assert company_url(report, own) in page
        assert company_url(report, other) in page
        assert "<caption>" in page
        assert 'th scope="row"' in page

    def test_queries_do_not_grow_with_companies(self, client, finance, django_assert_num_queries):
        # session, user, the user's roles, KS, the rounds of the year (ensure_rounds; no meetings),
        # the wheel's dates, the companies, the key figures, the goals, the round's reports with
        # who entered them, their figures, their assessments with the goals, the municipality's name.
        def add(count):
            for n in range(count):
                unit = company(f"Bolag {OrgUnit.objects.count()} {n}")
                goal(unit)
                save(
                    ks_round(),
                    unit,
                    reporter_for(unit, username=f"r{unit.pk}"),
                    figures={figures()["%3"].pk: Decimal(30)},
                )

        add(2)
        url = index_url(ks_round())
        client.force_login(finance)
        with django_assert_num_queries(14):
            assert client.get(url).status_code == 200
        add(18)
        with django_assert_num_queries(14):
            response = client.get(url)
        assert text(response).count('class="card company-report"') == 20

    def test_export_opens_with_openpyxl(self, client, planner, two_companies, company_reporter):
        own, _other = two_companies
        g = goal(own)
        save(
            ks_round(),
            own,
            company_reporter,
            comment='=HYPERLINK("x")',
            forecast=Decimal("-1000"),
            assessments={g.pk: (Verdict.NOT_ACHIEVED, "Skäl.")},
            figures={figures()["%3"].pk: Decimal("12.5")},
        )
        client.force_login(planner)
        response = client.get(reverse("economy:companies_export", args=[2026, "tertial"]))
        assert response.status_code == 200
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0][0] == gettext("Company")
        assert len(rows) == 3
        by_name = {row[0]: row for row in rows[1:]}
        mine = by_name[own.name]
        assert mine[1] == gettext("Yes")
        assert mine[3] == -1000
        assert mine[4] == gettext("Yes")
        assert Decimal(str(mine[7])) == Decimal("12.5")
        assert mine[8] == 1
        assert '=HYPERLINK("x")' in mine
        assert isinstance(mine[-1], datetime.datetime)


@pytest.mark.django_db
class TestDirectiveGoals:
    URL = "/ekonomi/agardirektiv/"

    def directive(self):
        return GoverningDocumentFactory(kind=document_kind("agardirektiv"), title="Ägardirektiv Ångebostäder")

    def test_planner_adds_changes_and_retires_a_goal(self, client, planner, two_companies):
        own, _other = two_companies
        directive = self.directive()
        assert reverse("economy:directive_goals") == self.URL
        client.force_login(planner)
        data = {
            "company": own.pk,
            "directive": directive.pk,
            "position": "1",
            "text": "Minst 10 % soliditet",
            "active": "on",
        }
        assert client.post(self.URL, data).status_code == 302
        g = OwnerDirectiveGoal.objects.get()
        assert (g.directive, g.active, g.history.get().history_user) == (directive, True, planner)
        page = text(client.get(self.URL, {"andra": g.pk}))
        assert 'value="Minst 10 % soliditet"' in page
        version = g.history.get().history_id
        retire = data | {"goal": g.pk, "version": version, "active": ""}
        assert client.post(self.URL, retire).status_code == 302
        g.refresh_from_db()
        assert not g.active
        # The same stale form again is a conflict, shown with both values.
        response = client.post(self.URL, retire | {"text": "Annan text"})
        assert response.status_code == 200
        assert gettext("Somebody else saved this while you were editing.") in text(response)
        assert OwnerDirectiveGoal.objects.get().text == "Minst 10 % soliditet"
        assert gettext("History") in text(client.get(self.URL))

    def test_only_an_owner_directive_of_the_register(self, planner, two_companies):
        own, _other = two_companies
        policy = GoverningDocumentFactory()
        with pytest.raises(ValidationError):
            directive_goal_save(
                goal_id=None,
                company=own,
                directive=policy,
                position=1,
                text="Mål",
                active=True,
                expected_version=None,
                actor=planner,
            )
        with pytest.raises(ValidationError):
            directive_goal_save(
                goal_id=None,
                company=OrgUnitFactory(),
                directive=None,
                position=1,
                text="Mål",
                active=True,
                expected_version=None,
                actor=planner,
            )
        assert not OwnerDirectiveGoal.objects.exists()

    @pytest.mark.parametrize("role", ["finance", "politician", "administrator", "sysadmin"])
    def test_other_roles_read_and_cannot_post(self, client, request, two_companies, role):
        own, _other = two_companies
        goal(own, text="Långsiktigt hållbart bestånd")
        client.force_login(request.getfixturevalue(role))
        page = text(client.get(self.URL))
        assert "Långsiktigt hållbart bestånd" in page
        assert 'id="agardirektiv-form"' not in page
        data = {"company": own.pk, "position": "2", "text": "Nytt", "active": "on"}
        assert client.post(self.URL, data).status_code == 403
        assert OwnerDirectiveGoal.objects.count() == 1

    def test_a_reporter_reads_only_own_companies_goals(self, client, two_companies, company_reporter):
        own, other = two_companies
        goal(own, text="Eget mål")
        goal(other, text="Annat bolags mål")
        client.force_login(company_reporter)
        page = text(client.get(self.URL))
        assert "Eget mål" in page
        assert "Annat bolags mål" not in page
        assert client.post(self.URL, {"company": own.pk, "position": "1", "text": "x"}).status_code == 403


@pytest.mark.django_db
class TestHome:
    def test_home_summary_names_the_open_round_and_who_reported(
        self, two_companies, company_reporter, finance
    ):
        own, _other = two_companies
        body_named("KS")
        summary = home_summary(company_reporter)
        assert summary.report.kind == ReportKind.TERTIAL
        assert summary.state.takes_input
        assert summary.companies == [(own, None)]
        entry = save(summary.report, own, company_reporter)
        assert home_summary(company_reporter).companies == [(own, entry)]
        assert home_summary(finance) is None

    def test_home_summary_after_the_tertial_names_the_next_round(self, two_companies, company_reporter):
        own, _other = two_companies
        tertial = ks_round()
        tertial.input_override, tertial.override_reason = InputOverride.CLOSED, "Klar"
        tertial.save()
        # Last year's annual report would be open too: the test's wheel has no KS meeting to close it.
        annual = ks_round(ReportKind.ANNUAL, 2025)
        annual.input_override, annual.override_reason = InputOverride.CLOSED, "Klar"
        annual.save()
        summary = home_summary(company_reporter)
        assert summary.report.kind == ReportKind.INTERIM
        assert not summary.state.takes_input

    def test_home_template_renders(self, two_companies, company_reporter):
        from django.template.loader import render_to_string

        own, _other = two_companies
        body_named("KS")
        page = render_to_string("economy/home_company.html", {"summary": home_summary(company_reporter)})
        assert company_url(ks_round(), own) in page
        assert gettext("Not reported") in page


@pytest.mark.django_db
def test_round_companies_shows_a_retired_goal_assessed_in_the_round(two_companies, company_reporter):
    own, _other = two_companies
    g = goal(own)
    report = ks_round()
    save(report, own, company_reporter)
    g.active = False
    g.save()
    row = round_companies(company_reporter, report, cut_off=datetime.date(2026, 4, 30)).rows[0]
    assert [(goal_.pk, a.verdict) for goal_, a in row.assessments] == [(g.pk, Verdict.ACHIEVED)]
