"""The demo's reports: the adopted operational plan for 2026 as a final PDF, so that a politician can
download it from the register of governing documents and from /rapporter/ from the first sign-in."""

from __future__ import annotations

from organisation.models import User
from organisation.roles import Role
from reports import services
from reports.kinds import report_type
from reports.models import BuildStatus, Kind, ReportVersion

YEAR = 2026


def seed(*, stdout=None) -> None:
    """Build and mark final the adopted plan's PDF once (without the background worker)."""
    report = report_type(Kind.OPERATIONAL_PLAN)
    subject = next(iter(report.subjects(YEAR)), None)
    if subject is None or not subject.adopted:
        return
    if ReportVersion.objects.of_subject(Kind.OPERATIONAL_PLAN, YEAR, subject.key).filter(final=True).exists():
        return
    planner = User.objects.get(username=Role.PLANNER)
    version = services.request_build(
        kind=Kind.OPERATIONAL_PLAN, year=YEAR, subject_key=subject.key, actor=planner, queue=False
    )
    version = services.build(version.pk)
    if version is not None and version.status == BuildStatus.DONE:
        services.mark_final(version, actor=planner)
