"""seed_demo --scale N: the whole demo municipality N times over, valid, and seeded only once."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import Client, override_settings

from budget.models import BudgetFrame, FrameDistribution
from economy.models import CompanyReport, DeviationFlag
from followup.models import ActivityReport
from goals.models import AnnualGoal
from organisation.models import Body, OrgUnit, User
from planning.models import Activity
from styrmodell import scale

pytestmark = pytest.mark.django_db

N = 3
# Everything below KF is copied whole; these kinds have shared rows as well (KF and KS, their members,
# the demo's named users, KF goals' assessments, the municipality's own outcome) and grow less.
PARTLY_COPIED = {"organ", "personer", "uppdrag", "användare", "målbedömningar", "utfallsrader"}
PAGES = [
    "/mal/2026/",
    "/verksamhetsplan/2026/",
    "/aktiviteter/",
    "/budget/2026/",
    "/uppfoljning/2026/",
    "/internkontroll/2026/",
    "/organisation/",
    "/insyn/",
]
USERS = ["politiker", "handlaggare", "planerare", "ekonom"]


def _area(name: str) -> str:
    """The part of the municipality a copied row belongs to; "" for the demo's own."""
    for k in range(2, N + 1):
        if name.endswith(f" {scale.area(k)}") or name.endswith(f" {scale.area(k)} AB"):
            return scale.area(k)
    return ""


def _copy_area(email: str) -> str:
    """A copied person's e-mail address names its copy: anna.berg.3@…"""
    found = re.search(r"\.(\d+)@", email)
    return scale.area(int(found.group(1))) if found else ""


def _department(unit: OrgUnit) -> OrgUnit:
    return unit.parent if unit.kind == OrgUnit.Kind.UNIT else unit


def _facts() -> dict:
    administration = OrgUnit.objects.get(kind=OrgUnit.Kind.ADMINISTRATION)
    activities = Activity.objects.select_related(
        "plan__body", "annual_goal", "responsible_unit__parent", "responsible__user"
    )
    frames = {}  # the latest version's frame for KS, by year
    for frame in (
        BudgetFrame.objects.filter(body__kind=Body.Kind.EXECUTIVE_BOARD)
        .select_related("version__budget")
        .order_by("version__number")
    ):
        frames[frame.version.budget.year] = frame.amount
    distributed = dict(
        FrameDistribution.objects.values("year").annotate(total=Sum("amount")).values_list("year", "total")
    )
    return {
        "stray_units": [
            a.pk for a in activities if _department(a.responsible_unit).parent_id != administration.pk
        ],
        "goal_of_another_plan": [
            a.pk
            for a in activities
            if a.annual_goal and (a.annual_goal.body_id, a.annual_goal.year) != (a.plan.body_id, a.plan.year)
        ],
        "goal_of_another_area": [
            a.pk
            for a in activities
            if a.annual_goal and _area(a.annual_goal.title) != _area(a.responsible_unit.name)
        ],
        "responsible_elsewhere": [
            a.pk
            for a in activities
            if a.responsible and _copy_area(a.responsible.email) != _area(a.responsible_unit.name)
        ],
        "goal_departments_elsewhere": [
            (goal.pk, department.pk)
            for goal in AnnualGoal.objects.prefetch_related("departments")
            for department in goal.departments.all()
            if _area(department.name) != _area(goal.title)
        ],
        "reports_by_year": sorted(
            {
                (r.report.year, r.activity.plan.year)
                for r in ActivityReport.objects.select_related("report", "activity__plan")
            }
        ),
        "frames": frames,
        "distributed": distributed,
        "committee_units": sorted(
            (_area(body.name), _area(unit.name))
            for body in Body.objects.filter(kind=Body.Kind.COMMITTEE).prefetch_related("units")
            for unit in body.units.all()
        ),
        "company_reports": sorted(
            (_area(r.company.name), r.report_id) for r in CompanyReport.objects.select_related("company")
        ),
        "copied_flags": DeviationFlag.objects.filter(title__contains=scale.area(2)).count(),
    }


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo seeded at --scale 3 once (slow), read, its pages fetched, and the database emptied."""
    out = io.StringIO()
    private = tmp_path_factory.mktemp("private")
    with override_settings(PRIVATE_MEDIA_ROOT=private), django_db_blocker.unblock():
        try:
            was_scaled = scale.is_scaled()
            call_command("seed_demo", "--quiet-logins", "--scale", str(N), stdout=out)
            facts = _facts()
            facts["was_scaled"], facts["is_scaled"] = was_scaled, scale.is_scaled()
            for again in [[], ["--scale", "2"]]:
                with pytest.raises(CommandError, match="redan uppskalad"):
                    call_command("seed_demo", "--quiet-logins", *again, stdout=io.StringIO())
            facts["pages"] = {}
            for username in USERS:
                client = Client()
                client.force_login(User.objects.get(username=username))
                for url in PAGES:
                    facts["pages"][username, url] = client.get(url, follow=True).status_code
            copy = User.objects.get(units__name=f"Kansliet {scale.area(2)}")
            facts["copy_user"] = (sorted(copy.roles), [u.name for u in copy.units.all()])
        finally:
            call_command("flush", "--no-input", verbosity=0)
    facts["counts"] = {
        name: (int(before), int(after))
        for name, before, after in re.findall(r"(\S+): (\d+) → (\d+)", out.getvalue())
    }
    return facts


def test_every_kind_of_thing_is_about_n_times_as_many(scaled):
    counts = scaled["counts"]
    assert len(counts) == 16
    for kind in ["avdelningar", "enheter", "bolag", "KS-mål", "aktiviteter", "ramfördelningar"]:
        assert counts[kind][1] == N * counts[kind][0], kind
    for kind in ["investeringsprojekt", "aktivitetsrapporter", "kontroller", "bolagsrapporter"]:
        assert counts[kind][1] == N * counts[kind][0], kind
    for kind in PARTLY_COPIED:
        before, after = counts[kind]
        assert before < after < N * before, kind
    assert counts["aktiviteter"][0] > 100


def test_the_database_is_scaled_once(scaled):
    assert (scaled["was_scaled"], scaled["is_scaled"]) == (False, True)


def test_activities_stay_in_their_plan_organisation_and_area(scaled):
    assert scaled["stray_units"] == []
    assert scaled["goal_of_another_plan"] == []
    assert scaled["goal_of_another_area"] == []
    assert scaled["goal_departments_elsewhere"] == []
    assert scaled["responsible_elsewhere"] == []
    assert all(report_year == plan_year for report_year, plan_year in scaled["reports_by_year"])


def test_r5_the_distribution_stays_within_ks_frame(scaled):
    for year, total in scaled["distributed"].items():
        assert total <= scaled["frames"][year], year


def test_copied_committees_companies_and_flags_belong_to_their_area(scaled):
    assert all(body_area == unit_area for body_area, unit_area in scaled["committee_units"])
    areas = {area for area, _report in scaled["company_reports"]}
    assert areas == {"", *(scale.area(k) for k in range(2, N + 1))}
    assert scaled["copied_flags"] > 0
    assert scaled["copy_user"] == (["handlaggare"], [f"Kansliet {scale.area(2)}"])


def test_the_main_pages_answer_for_every_role(scaled):
    failed = {key: status for key, status in scaled["pages"].items() if status != 200}
    assert failed == {}
    assert len(scaled["pages"]) == len(USERS) * len(PAGES)
