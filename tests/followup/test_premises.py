"""Planeringsförutsättningar (R22): the departments' round, its dates from the annual wheel, who writes
which department's part, the refusals, the conflicts, and the page."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from followup import premises
from followup.models import DepartmentPremises, InputOverride, PlanningPremises
from followup.rounds import InputState
from goals.models import IndicatorValue
from goals.selectors import value_trend
from organisation.models import OrgUnit
from styrmodell.concurrency import EditConflict
from tests.factories import (
    DeadlineFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InternalIndicatorFactory,
    OrgUnitFactory,
    WheelEventFactory,
    body_named,
)

with translation.override("sv"):
    # What a department head is told once input has closed, as the Swedish pages say it.
    CLOSED_MESSAGE = gettext(
        "Input has closed: the planners are putting the report together for the politikerdag. "
        "A planner can reopen it, with a reason."
    )

YEAR = 2028  # planned for; written in 2026
OPEN_DAY = datetime.date(2026, 10, 1)
# The wheel's step in November 2026 starts on the 1st (a Sunday); five working days before it.
CLOSES = datetime.date(2026, 10, 26)


@pytest.fixture(autouse=True)
def _open():
    """1 October 2026: the 2028 premises take input."""
    with time_machine.travel(datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def ks(db):
    return body_named("KS")


@pytest.fixture
def wheel(ks):
    event = WheelEventFactory(code="planning-prerequisites-report", body=body_named("KF"), month=11)
    return DeadlineFactory(
        event=event, year=2026, date=datetime.date(2026, 11, 1), end_date=datetime.date(2026, 11, 30)
    )


@pytest.fixture
def municipality(db):
    return OrgUnitFactory(
        name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, cost_centre="", kolada_code="2260"
    )


@pytest.fixture
def education(municipality):
    return OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)


@pytest.fixture
def care(municipality):
    return OrgUnitFactory(name="Vård- och omsorgsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)


@pytest.fixture
def head(administrator, education):
    """The education department's head: an administrator of the department."""
    administrator.units.add(education)
    return administrator


def save(department, actor, *, version=None, challenges="Färre elever i byskolorna.", **kwargs):
    return premises.department_premises_save(
        year=YEAR,
        department_id=department.pk,
        expected_version=version,
        challenges=challenges,
        strengths=kwargs.pop("strengths", "Höjda meritvärden."),
        remarks=kwargs.pop("remarks", ""),
        indicators=kwargs.pop("indicators", []),
        actor=actor,
        **kwargs,
    )


def form_data(version=None, **fields):
    data = {"challenges": "Färre elever i byskolorna.", "strengths": "Höjda meritvärden.", "remarks": ""}
    data |= fields
    if version is not None:
        data["version"] = str(version)
    return data


class TestDates:
    def test_r22_input_closes_working_days_before_the_politikerdag(self, ks, wheel):
        dates = premises.premises_dates(PlanningPremises(body=ks, year=YEAR))
        assert dates.from_wheel
        assert (dates.written_in, dates.opens) == (2026, datetime.date(2026, 1, 1))
        assert (dates.presented, dates.input_closes) == (datetime.date(2026, 11, 1), CLOSES)

    def test_r22_without_the_wheel_november_is_assumed(self, ks):
        dates = premises.premises_dates(PlanningPremises(body=ks, year=YEAR))
        assert not dates.from_wheel
        assert (dates.presented, dates.input_closes) == (datetime.date(2026, 11, 1), CLOSES)

    def test_r22_the_state_follows_the_dates_and_the_planners_hand(self, ks, wheel):
        round_ = PlanningPremises(body=ks, year=YEAR)
        dates = premises.premises_dates(round_)
        assert premises.input_state(round_, dates, datetime.date(2025, 12, 31)) is InputState.NOT_OPEN
        assert premises.input_state(round_, dates, CLOSES) is InputState.OPEN
        assert premises.input_state(round_, dates, CLOSES + datetime.timedelta(days=1)) is InputState.LOCKED
        round_.input_override = InputOverride.REOPENED
        assert premises.input_state(round_, dates, datetime.date(2026, 12, 1)) is InputState.OPEN


class TestTrend:
    def test_the_goals_pages_rule_in_words(self):
        up, down = [Decimal(1), Decimal(2)], [Decimal(2), Decimal(1)]
        assert value_trend(up, higher_is_better=True) == "better"
        assert value_trend(up, higher_is_better=False) == "worse"
        assert value_trend(down, higher_is_better=False) == "better"
        assert value_trend([Decimal(3), Decimal(3)], higher_is_better=True) == "same"
        assert value_trend([Decimal(3)], higher_is_better=True) is None

    def test_rows_show_the_last_four_years_and_the_countrys_latest_value(self, ks, municipality):
        indicator = IndicatorFactory(title="Meritvärde åk 9", higher_is_better=True)
        for year, value in ((2019, 200), (2021, 205), (2022, 204), (2023, 210), (2024, 212)):
            IndicatorValueFactory(indicator=indicator, year=year, value=Decimal(value))
        IndicatorValueFactory(indicator=indicator, municipality=IndicatorValue.COUNTRY, year=2023, value=230)
        indicator.refresh_from_db()
        years, rows = premises.indicator_rows(
            list(type(indicator).objects.prefetch_related("values").filter(pk=indicator.pk)), "2260"
        )
        assert years == [2021, 2022, 2023, 2024]
        (row,) = rows
        assert row.values == [205, 204, 210, 212]
        assert (row.trend, row.latest_year, row.country, row.country_year) == ("better", 2024, 230, 2023)
        with translation.override("sv"):
            assert row.trend_label == gettext("Improving")


class TestSave:
    def test_r22_a_head_writes_the_own_departments_part(self, head, education, wheel):
        indicator = IndicatorFactory()
        entry = save(education, head, indicators=[indicator])
        assert (entry.entered_by, entry.version, entry.premises.year) == (head, 1, YEAR)
        assert list(entry.indicators.all()) == [indicator]
        assert entry.premises.history.first().history_user == head
        entry = save(education, head, version=1, challenges="Ny text.", indicators=[])
        assert (entry.version, entry.challenges, entry.indicators.count()) == (2, "Ny text.", 0)

    def test_r22_a_head_is_refused_another_department(self, head, care, wheel):
        with pytest.raises(
            ValidationError, match=gettext("You write only the parts of your own departments.")
        ):
            save(care, head)
        assert not DepartmentPremises.objects.exists()

    def test_r22_politicians_and_finance_write_nothing(self, politician, finance, education, wheel):
        for user in (politician, finance):
            with pytest.raises(ValidationError):
                save(education, user)

    def test_r22_planners_write_every_department(self, planner, education, care, wheel):
        save(education, planner)
        save(care, planner)
        assert DepartmentPremises.objects.count() == 2

    def test_r22_input_is_closed_after_the_deadline(self, head, education, wheel):
        with pytest.raises(ValidationError, match=re.escape(CLOSED_MESSAGE)):
            save(education, head, today=CLOSES + datetime.timedelta(days=1))
        assert not DepartmentPremises.objects.exists()
        save(education, head, today=CLOSES)

    def test_a_planner_reopens_the_round_with_a_reason(self, planner, head, education, wheel):
        later = datetime.date(2026, 11, 3)
        with pytest.raises(ValidationError):
            premises.premises_reopen(year=YEAR, expected_version=1, reason="", actor=planner)
        with pytest.raises(ValidationError):
            premises.premises_reopen(year=YEAR, expected_version=1, reason="Sent inlämnat", actor=head)
        premises.premises_reopen(year=YEAR, expected_version=1, reason="Sent inlämnat", actor=planner)
        save(education, head, today=later)
        premises.premises_close(year=YEAR, expected_version=2, reason="", actor=planner)
        with pytest.raises(ValidationError):
            save(education, head, version=1, today=later)

    def test_a_stale_save_is_a_conflict_that_names_the_indicators(self, head, planner, education, wheel):
        indicator = IndicatorFactory(title="Behöriga till gymnasiet")
        save(education, head)
        save(education, planner, version=1, indicators=[indicator])
        with pytest.raises(EditConflict) as conflict:
            save(education, head, version=1, challenges="Min text.")
        changed = {change.label for change in conflict.value.changed}
        assert changed == {
            str(DepartmentPremises._meta.get_field("challenges").verbose_name),
            str(DepartmentPremises._meta.get_field("indicators").verbose_name),
        }
        assert DepartmentPremises.objects.get().challenges == "Färre elever i byskolorna."

    def test_two_first_saves_do_not_both_pass(self, head, planner, education, wheel):
        save(education, planner)
        with pytest.raises(EditConflict):
            save(education, head)


@pytest.mark.django_db
class TestPage:
    def test_r22_everyone_with_a_role_reads_every_part(
        self, client, politician, head, education, care, wheel
    ):
        save(education, head, challenges="Skolskjutsarna blir längre.")
        client.force_login(politician)
        response = client.get(reverse("followup:premises", args=[YEAR]))
        assertContains(response, "Skolskjutsarna blir längre.")
        assertContains(response, "Vård- och omsorgsavdelningen")
        assertNotContains(response, reverse("followup:premises_part", args=[YEAR, education.pk]))

    def test_company_reporters_read_nothing(self, client, company_reporter, education, wheel):
        client.force_login(company_reporter)
        assert client.get(reverse("followup:premises", args=[YEAR])).status_code == 403
        assert client.get(reverse("followup:premises_part", args=[YEAR, education.pk])).status_code == 403

    def test_politicians_do_not_reach_the_form(self, client, politician, education, wheel):
        client.force_login(politician)
        url = reverse("followup:premises_part", args=[YEAR, education.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
        assert not DepartmentPremises.objects.exists()

    def test_r22_a_head_edits_only_the_own_department(self, client, head, education, care, wheel):
        client.force_login(head)
        page = client.get(reverse("followup:premises", args=[YEAR]))
        assertContains(page, reverse("followup:premises_part", args=[YEAR, education.pk]))
        assertNotContains(page, reverse("followup:premises_part", args=[YEAR, care.pk]))
        other = reverse("followup:premises_part", args=[YEAR, care.pk])
        assert client.get(other).status_code == 404
        assert client.post(other, form_data()).status_code == 404
        own = reverse("followup:premises_part", args=[YEAR, education.pk])
        response = client.post(own, form_data())
        assertRedirects(response, reverse("followup:premises", args=[YEAR]) + f"#avdelning-{education.pk}")
        assert DepartmentPremises.objects.get().department == education

    def test_errors_are_swedish_and_next_to_the_field(self, client, head, education, wheel):
        client.force_login(head)
        response = client.post(
            reverse("followup:premises_part", args=[YEAR, education.pk]), form_data(challenges="")
        )
        assert response.status_code == 200
        assertContains(response, 'id="forutsattningar-challenges_error"')
        assertContains(response, "Detta fält måste fyllas i.")
        assert not DepartmentPremises.objects.exists()

    def test_r22_the_form_is_closed_after_the_deadline(self, client, head, education, wheel):
        url = reverse("followup:premises_part", args=[YEAR, education.pk])
        with time_machine.travel(datetime.datetime(2026, 10, 27, 10, tzinfo=datetime.UTC), tick=False):
            client.force_login(head)
            response = client.get(url)
            assertNotContains(response, 'id="premises-part-form"')
            assertContains(response, CLOSED_MESSAGE)
            response = client.post(url, form_data())
            assertContains(response, CLOSED_MESSAGE)
        assert not DepartmentPremises.objects.exists()

    def test_a_stale_save_shows_both_values_and_the_history(self, client, head, planner, education, wheel):
        save(education, head)
        save(education, planner, version=1, challenges="Planerarens text.")
        client.force_login(head)
        url = reverse("followup:premises_part", args=[YEAR, education.pk])
        response = client.post(url, form_data(version=1, challenges="Min egen text."))
        assertContains(response, "edit-conflict")
        assertContains(response, "Planerarens text.")
        assertContains(response, "Min egen text.")
        assertContains(response, 'name="version" value="2"')
        assert DepartmentPremises.objects.get().challenges == "Planerarens text."
        assertContains(client.get(url), 'class="history"')

    def test_htmx_gets_the_form_only(self, client, head, education, wheel):
        client.force_login(head)
        response = client.get(
            reverse("followup:premises_part", args=[YEAR, education.pk]), headers={"HX-Request": "true"}
        )
        assertContains(response, 'id="premises-part-form"')
        assertNotContains(response, "<h1>")

    def test_planners_reopen_from_the_page(self, client, planner, wheel, education):
        with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False):
            client.force_login(planner)
            page = client.get(reverse("followup:premises", args=[YEAR]))
            assertContains(page, 'id="reopen-form"')
            response = client.post(
                reverse("followup:premises_reopen", args=[YEAR]),
                {"override_reason": "Avdelningen fick förlängd tid.", "version": "1"},
            )
            assertRedirects(response, reverse("followup:premises", args=[YEAR]))
            assertContains(client.get(reverse("followup:premises", args=[YEAR])), 'id="close-form"')

    def test_the_page_reads_in_constant_queries(
        self, client, planner, municipality, wheel, django_assert_num_queries
    ):
        def departments(count: int) -> None:
            for _number in range(count):
                unit = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
                kolada, own = IndicatorFactory(), InternalIndicatorFactory()
                for year in (2022, 2023, 2024):
                    IndicatorValueFactory(indicator=kolada, year=year)
                    IndicatorValueFactory(indicator=kolada, year=year, municipality=IndicatorValue.COUNTRY)
                    IndicatorValueFactory(indicator=own, year=year)
                save(unit, planner, indicators=[kolada, own])

        client.force_login(planner)
        url = reverse("followup:premises", args=[YEAR])
        departments(2)
        # session, user, roles; KS, the round, the wheel's step, the municipality's Kolada code, the
        # departments, the parts with who wrote them, their indicators, the values; the municipality's
        # name (the page's header); the round's history with who made each change (the planners' part).
        with django_assert_num_queries(13):
            assert client.get(url).status_code == 200
        departments(4)
        with django_assert_num_queries(13):
            response = client.get(url)
        assert response.content.decode().count('class="card premises-part"') == 6
