"""Adopted plans and budgets appear in the register by themselves, once each (R3)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from documents import demo as documents_demo
from documents.models import GoverningDocument
from documents.services import register_adopted
from documents.storage import private_storage
from organisation import demo as organisation_demo
from organisation.lifecycle import AdoptionStatus
from planning import services as planning_services
from tests.factories import ActivityFactory, AnnualGoalFactory, PlanFactory, body_named, ks_decision


@pytest.fixture
def ready_plan(db):
    plan = PlanFactory(year=2026)
    ActivityFactory(plan=plan, annual_goal=AnnualGoalFactory(year=2026, adopted=True))  # goals first (R10)
    return plan


@pytest.mark.django_db
class TestAdoptedPlansAndBudgets:
    def test_r3_adopting_a_plan_creates_exactly_one_register_entry(self, ready_plan, planner):
        decision = ks_decision(datetime.date(2025, 11, 4), case_number="KS 25/301")
        planning_services.plan_adopt(plan=ready_plan, decision=decision, actor=planner)
        entry = GoverningDocument.objects.get()
        assert entry.kind.code == "plan"
        assert entry.title == "Verksamhetsplan 2026 för Kommunstyrelsen"
        assert (entry.case_number, entry.decision, entry.decided_on) == (
            "KS 25/301",
            decision,
            datetime.date(2025, 11, 4),
        )
        assert entry.adopting_body == body_named("KS")
        assert entry.status == GoverningDocument.Status.IN_FORCE
        assert entry.source_key == f"planning.operationalplan:{ready_plan.pk}"
        assert entry.source_url == ready_plan.get_absolute_url()
        assert not entry.file
        assert entry.history.get().history_user == planner

    def test_registering_again_is_idempotent(self, ready_plan, planner):
        decision = ks_decision(datetime.date(2025, 11, 4))
        planning_services.plan_adopt(plan=ready_plan, decision=decision, actor=planner)
        arguments = {
            "kind_code": "plan",
            "title": "Verksamhetsplan 2026 för Kommunstyrelsen",
            "body": ready_plan.body,
            "decision": decision,
            "source_key": f"planning.operationalplan:{ready_plan.pk}",
            "url": ready_plan.get_absolute_url(),
        }
        for _attempt in range(3):
            register_adopted(**arguments, actor=planner)
        assert GoverningDocument.objects.count() == 1
        assert GoverningDocument.history.count() == 1

    def test_a_new_decision_updates_the_same_entry_and_the_history_keeps_the_old(self, planner, db):
        """As the budget's November recalculation does: the same budget, a newer version."""
        june = ks_decision(datetime.date(2026, 6, 15), case_number="KS 26/102")
        november = ks_decision(datetime.date(2026, 11, 23), case_number="KS 26/240")
        common = {
            "kind_code": "budget",
            "title": "Budget 2027 med plan för 2028–2029",
            "url": "/budget/2027/",
        }
        first = register_adopted(
            **common, body=body_named("KS"), decision=june, source_key="planning.budget:1"
        )
        second = register_adopted(
            **common, body=body_named("KS"), decision=november, source_key="planning.budget:1", actor=planner
        )
        assert first.pk == second.pk
        assert (second.kind.code, second.case_number, second.decided_on) == (
            "budget",
            "KS 26/240",
            datetime.date(2026, 11, 23),
        )
        assert list(second.history.order_by("history_date").values_list("case_number", flat=True)) == [
            "KS 26/102",
            "KS 26/240",
        ]

    def test_the_entry_links_to_the_plan_page(self, client, politician, ready_plan, planner):
        planning_services.plan_adopt(plan=ready_plan, decision=ks_decision(), actor=planner)
        entry = GoverningDocument.objects.get()
        client.force_login(politician)
        assertContains(client.get(reverse("documents:list")), entry.title)
        page = client.get(entry.get_absolute_url())
        assertContains(page, f'href="{ready_plan.get_absolute_url()}"')
        assert client.get(entry.get_file_url()).status_code == 404

    def test_backfill_registers_plans_adopted_before_the_register(self, planner, ready_plan):
        ready_plan.status, ready_plan.decision = AdoptionStatus.ADOPTED, ks_decision()
        ready_plan.save()
        documents_demo.backfill_adopted_plans(actor=planner)
        documents_demo.backfill_adopted_plans(actor=planner)
        assert GoverningDocument.objects.get().source_key == f"planning.operationalplan:{ready_plan.pk}"


@pytest.mark.django_db
class TestDemoRegister:
    def test_seeding_twice_gives_one_register_with_pdfs_in_the_private_storage(self, settings):
        organisation_demo.seed()
        documents_demo.seed()
        documents_demo.seed()
        documents = GoverningDocument.objects.select_related("kind")
        assert documents.count() >= 12
        assert {d.kind.code for d in documents} >= {
            "riktlinje",
            "policy",
            "regel",
            "reglemente",
            "agardirektiv",
        }
        styrmodell = documents.get(case_number="KS 22/327")
        assert styrmodell.decision.meeting.body.short_name == "KF"
        for document in documents:
            with private_storage().open(document.file.name) as handle:
                assert handle.read(5) == b"%PDF-"
        assert str(private_storage().location).startswith(str(settings.PRIVATE_MEDIA_ROOT))
        today = datetime.date(2026, 11, 26)
        assert 3 <= GoverningDocument.objects.due_for_revision(today).count() < documents.count()
        assert documents.filter(status=GoverningDocument.Status.REPLACED, replaced_by__isnull=False).exists()
        assert documents.filter(status=GoverningDocument.Status.REPEALED).exists()


@pytest.mark.django_db
class TestOtherAdoptionsEnterTheRegister:
    def test_r3_adopting_a_budget_version_registers_the_budget_once(self, finance):
        from budget import services as budget_services
        from tests.factories import BudgetFrameFactory, BudgetVersionFactory, kf_decision

        june = BudgetVersionFactory(status=AdoptionStatus.PROPOSAL)
        BudgetFrameFactory(version=june)
        budget_services.version_adopt(
            version=june,
            decision=kf_decision(datetime.date(2025, 6, 16), case_number="KS 25/100"),
            actor=finance,
        )
        november = BudgetVersionFactory(budget=june.budget, status=AdoptionStatus.PROPOSAL)
        BudgetFrameFactory(version=november)
        budget_services.version_adopt(
            version=november,
            decision=kf_decision(datetime.date(2025, 11, 24), case_number="KS 25/200"),
            actor=finance,
        )
        entry = GoverningDocument.objects.get()
        assert (entry.kind.code, entry.case_number) == ("budget", "KS 25/200")
        assert entry.title == "Budget 2026 med plan för 2027–2028"
        assert entry.source_url == "/budget/2026/"

    def test_r3_adopting_the_internal_control_plan_registers_it(self, planner):
        from followup import services as followup_services
        from tests.factories import ControlFactory

        control = ControlFactory()
        followup_services.plan_adopt(
            plan=control.plan, decision=ks_decision(datetime.date(2025, 12, 8)), actor=planner
        )
        entry = GoverningDocument.objects.get()
        assert entry.kind.code == "plan"
        assert entry.title == "Internkontrollplan 2026 för Kommunstyrelsen"
        assert entry.source_url == "/internkontroll/2026/"
