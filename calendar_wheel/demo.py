"""The annual wheel's demo data: the shipped steps, dated for 2026 (an election year) and 2027."""

from __future__ import annotations

from calendar_wheel import services

DEMO_YEARS = (2026, 2027)


def seed(*, stdout=None) -> None:
    """Idempotent: loading skips existing steps and generating changes only what moved."""
    services.load_shipped_steps()
    for year in DEMO_YEARS:
        services.generate_wheel(year)
