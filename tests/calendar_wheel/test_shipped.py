"""The shipped steps: every dated step of the seed as data, loaded idempotently, never overwriting."""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib.auth.models import Group
from django.db.migrations.loader import MigrationLoader

from calendar_wheel import services
from calendar_wheel.models import Audience, Concerns, Timing, WheelEvent, Years
from calendar_wheel.shipped import SHIPPED_STEPS, SPECIAL_MEETING_CODES
from organisation.models import Body, Role
from organisation.roles import ROLE_PERMISSIONS
from tests.factories import WheelEventFactory, body_named


@pytest.fixture
def bodies(db):
    return body_named("KF"), body_named("KS")


def test_codes_are_unique_and_every_step_names_its_rule():
    codes = [step["code"] for step in SHIPPED_STEPS]
    assert len(codes) == len(set(codes))
    assert all(step["rule"] for step in SHIPPED_STEPS)


def test_every_step_names_a_section_of_the_governance_document_not_a_rule_code():
    """Users know the document by its sections (4.7.3); the rule codes (R26) are ours."""
    seed_sections = {"3.3", "4.2.1", "4.3", "4.3.1", "4.3.2", "4.3.3", "4.5", "4.6", "4.6.1", "4.6.2"}
    seed_sections |= {"4.7", "4.7.1", "4.7.2", "4.7.3"}
    assert {step["rule"] for step in SHIPPED_STEPS} <= seed_sections
    texts = [step[field] for step in SHIPPED_STEPS for field in ("title", "description", "information")]
    assert [text for text in texts if re.search(r"\bR\d{1,2}\b", text)] == []


def test_loading_creates_every_step_once(bodies):
    created = services.load_shipped_steps()
    assert sorted(created) == sorted(step["code"] for step in SHIPPED_STEPS)
    assert services.load_shipped_steps() == []
    assert WheelEvent.objects.count() == len(SHIPPED_STEPS)


def test_loading_never_overwrites_a_planners_edit(bodies):
    services.load_shipped_steps()
    WheelEvent.objects.filter(code="politikerdag-may").update(
        title="Politikerdag i Ånge", month=4, retired=True
    )
    services.load_shipped_steps()
    step = WheelEvent.objects.get(code="politikerdag-may")
    assert (step.title, step.month, step.retired) == ("Politikerdag i Ånge", 4, True)


def test_a_step_whose_body_is_missing_is_skipped_and_reported(db):
    body_named("KF")
    skipped: list[str] = []
    services.load_shipped_steps(skipped=skipped)
    ks_codes = {step["code"] for step in SHIPPED_STEPS if step["body"] == "KS"}
    assert set(skipped) == ks_codes
    assert not WheelEvent.objects.filter(code__in=ks_codes).exists()
    body_named("KS")
    assert set(services.load_shipped_steps()) == ks_codes


def test_bodies_are_found_by_kind_not_by_name(db):
    Body.objects.create(name="Fullmäktige", short_name="FM", kind=Body.Kind.ASSEMBLY)
    Body.objects.create(name="Styrelsen", short_name="ST", kind=Body.Kind.EXECUTIVE_BOARD)
    services.load_shipped_steps()
    assert WheelEvent.objects.get(code="ks-adopts-operational-plan").body.short_name == "ST"


def test_r19_ks_adopts_the_plan_for_next_year_at_its_november_meeting(bodies):
    services.load_shipped_steps()
    step = WheelEvent.objects.get(code="ks-adopts-operational-plan")
    assert (step.body.short_name, step.timing, step.month) == ("KS", Timing.MEETING, 11)
    assert (step.concerns, step.concerns_year_offset, step.remind_role) == (
        Concerns.OPERATIONAL_PLAN,
        1,
        "planerare",
    )
    assert step.title == "KS antar verksamhetsplan med budget för nästa år"


def test_r19_budget_and_recalculation_concern_next_years_budget(bodies):
    services.load_shipped_steps()
    budget = WheelEvent.objects.get(code="kf-adopts-budget")
    assert (budget.month, budget.concerns, budget.concerns_year_offset) == (6, Concerns.BUDGET, 1)
    recalculation = WheelEvent.objects.get(code="kf-technical-recalculation")
    assert (recalculation.month, recalculation.concerns) == (11, Concerns.BUDGET_RECALCULATION)
    assert recalculation.remind_role == "ekonom"


def test_r20_mandate_goals_adopted_at_a_special_meeting_the_year_after_the_election(bodies):
    services.load_shipped_steps()
    step = WheelEvent.objects.get(code="kf-adopts-mandate-goals")
    assert (step.month, step.years, step.concerns) == (1, Years.AFTER_ELECTION, Concerns.MANDATE_GOALS)
    assert step.code in SPECIAL_MEETING_CODES
    assert step.remind_group_leaders


def test_r22_politikerdagar_are_for_all_members_in_may_and_november(bodies):
    services.load_shipped_steps()
    days = WheelEvent.objects.filter(rule="4.6.1", audience=Audience.ALL_MEMBERS)
    assert sorted(days.values_list("month", flat=True)) == [5, 11]


def test_r23_committee_chairs_are_reminded_of_the_drafting(bodies):
    services.load_shipped_steps()
    step = WheelEvent.objects.get(code="committee-chairs-draft-plans")
    assert (step.timing, step.month, step.end_month) == (Timing.WINDOW, 6, 9)
    assert step.remind_committee_chairs


def test_steps_without_a_month_in_the_seed_are_assumptions_with_configurable_months(bodies, settings):
    settings.WHEEL_ASSUMED_MONTHS = {"annual-report-to-kf": 3, "internal-control-plan": 1}
    services.load_shipped_steps()
    assumed = dict(WheelEvent.objects.filter(is_assumption=True).values_list("code", "month"))
    assert assumed == {
        "annual-report-to-kf": 3,
        "internal-control-plan": 1,
        "planning-prerequisites-report": 11,
        "ks-handles-tertial-report": 6,
        "ks-handles-interim-report": 10,
        "ks-handles-annual-report": 3,
    }
    # Adopted in January, the control plan is the same year's plan.
    assert WheelEvent.objects.get(code="internal-control-plan").concerns_year_offset == 0


def test_default_assumed_months_are_april_and_december(bodies):
    services.load_shipped_steps()
    report = WheelEvent.objects.get(code="annual-report-to-kf")
    control = WheelEvent.objects.get(code="internal-control-plan")
    assert (report.month, report.day, report.body.short_name, report.timing) == (
        4,
        15,
        "KF",
        Timing.FIXED_DAY,
    )
    assert (control.month, control.concerns_year_offset, control.concerns) == (
        12,
        1,
        Concerns.INTERNAL_CONTROL_PLAN,
    )


def test_cut_off_dates_remind_nobody(bodies):
    services.load_shipped_steps()
    for step in WheelEvent.objects.filter(timing=Timing.CUT_OFF):
        assert (step.remind_presidium, step.remind_group_leaders, step.remind_committee_chairs) == (
            False,
        ) * 3
        assert not step.remind_role


def test_remind_roles_are_organisation_roles():
    assert {step["remind_role"] for step in SHIPPED_STEPS} <= {"", *Role.values}


def test_only_planners_add_and_change_steps_and_nobody_deletes():
    for role, perms in ROLE_PERMISSIONS.items():
        assert "calendar_wheel.view_wheelevent" in perms
        assert not {p for p in perms if p.startswith("calendar_wheel.delete_")}
        assert ("calendar_wheel.change_wheelevent" in perms) == (role == Role.PLANNER)
        assert ("calendar_wheel.add_wheelevent" in perms) == (role == Role.PLANNER)


def test_planner_group_holds_the_wheel_permissions(db):
    perms = set(Group.objects.get(name=Role.PLANNER).permissions.values_list("codename", flat=True))
    assert {"add_wheelevent", "change_wheelevent", "view_wheelevent"} <= perms


SECTIONS_MIGRATION = ("calendar_wheel", "0005_rule_codes_to_sections")


def test_the_migration_turns_shipped_rule_codes_into_sections_and_keeps_a_planners_text(db):
    module = importlib.import_module(f"{SECTIONS_MIGRATION[0]}.migrations.{SECTIONS_MIGRATION[1]}")
    apps = MigrationLoader(None, ignore_no_migrations=True).project_state(SECTIONS_MIGRATION).apps
    kf = body_named("KF")
    shipped = WheelEventFactory(
        code="kf-technical-recalculation",
        body=kf,
        rule="R19",
        description="Budgeten räknas om utifrån yttre faktorer som påverkar kommunen (R17).",
    )
    edited = WheelEventFactory(code="internal-control-plan", body=kf, rule="Egen hänvisning")
    versions = shipped.history.count()
    module.forwards(apps, None)
    shipped.refresh_from_db()
    edited.refresh_from_db()
    assert (shipped.rule, shipped.description) == (
        "4.6",
        "Budgeten räknas om utifrån yttre faktorer som påverkar kommunen.",
    )
    assert shipped.history.count() == versions + 1
    assert edited.rule == "Egen hänvisning"
    module.backwards(apps, None)
    shipped.refresh_from_db()
    assert shipped.rule == "R19"
