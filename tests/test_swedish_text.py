"""Swedish text behaves alike on SQLite and PostgreSQL: å, ä and ö sort last and search ignores case."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from organisation.models import Decision, OrgUnit
from styrmodell.db import SwedishCollate, swedish_sort_key
from tests.factories import DecisionFactory, OrgUnitFactory

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Östra enheten", "Ånge skola", "Ärla förskola", "Zeta", "alfa", "Bergsjö", "ödmjuk", "Älvdalen"]
SWEDISH_ORDER = [
    "alfa",
    "Bergsjö",
    "Zeta",
    "Ånge skola",
    "Älvdalen",
    "Ärla förskola",
    "ödmjuk",
    "Östra enheten",
]


@pytest.mark.django_db
class TestSwedishText:
    def test_sorting_puts_a_ring_a_umlaut_o_umlaut_last(self):
        for name in NAMES:
            OrgUnitFactory(name=name)
        names = list(OrgUnit.objects.order_by(SwedishCollate("name")).values_list("name", flat=True))
        assert names == SWEDISH_ORDER, connection.vendor

    def test_search_for_lower_case_finds_capitals(self):
        DecisionFactory(title="Ånge kommuns vision", case_number="KS 19/211")
        DecisionFactory(title="Östersundsvägen", case_number="KS 20/1")
        DecisionFactory(title="Budget", case_number="KS 26/102")

        assert [d.title for d in Decision.objects.search("ånge")] == ["Ånge kommuns vision"]
        assert [d.title for d in Decision.objects.search("ÖSTERSUND")] == ["Östersundsvägen"]
        assert [d.title for d in Decision.objects.search("ks 26")] == ["Budget"]

    def test_search_treats_percent_and_underscore_as_text(self):
        DecisionFactory(title="Ränta 100 % av basen")
        DecisionFactory(title="Något annat")

        assert Decision.objects.search("%").count() == 1
        assert Decision.objects.search("_").count() == 0

    def test_python_sort_key_matches(self):
        assert sorted(NAMES, key=swedish_sort_key) == SWEDISH_ORDER


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite") or not os.environ.get("DATABASE_URL"),
    reason="the suite already runs on SQLite",
)
def test_swedish_text_also_on_sqlite_when_the_suite_runs_on_postgresql():
    """CI runs on PostgreSQL; this runs the same tests once more on SQLite, so both are proven."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(  # noqa: S603 - our own test module
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::TestSwedishText"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
