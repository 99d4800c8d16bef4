"""The annual wheel's demo data: the shipped steps, dated for 2026 (an election year) and 2027.

The planner set the wheel up in late summer 2025, before the autumn's budget and plan work began.
"""

from __future__ import annotations

import datetime

from calendar_wheel import services
from organisation.demo import DEMO_USERS, at, dated
from organisation.models import User
from organisation.roles import Role

DEMO_YEARS = (2026, 2027)


def seed(*, stdout=None) -> None:
    """Idempotent: loading skips existing steps and generating changes only what moved."""
    username = next(user.username for user in DEMO_USERS if user.role == Role.PLANNER)
    planner = User.objects.filter(username=username).first()
    with dated(at(datetime.date(2025, 8, 25), 10), planner):
        services.load_shipped_steps()
        for year in DEMO_YEARS:
            services.generate_wheel(year)
