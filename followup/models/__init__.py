"""Follow-up's models (R24–R31): the internal control plan and its controls, and the reporting rounds."""

from followup.models.internal_control import (
    SCALE,
    Consequence,
    Control,
    Frequency,
    InternalControlPlan,
    Probability,
    RiskLevel,
)
from followup.models.premises import DepartmentPremises, PlanningPremises
from followup.models.reporting import (
    REPORT_KINDS,
    VERDICT_SYMBOLS,
    ActivityReport,
    ControlResult,
    GoalAssessment,
    InputOverride,
    Report,
    ReportKind,
    RoundEntry,
    RoundReminder,
    Verdict,
)

__all__ = [
    "REPORT_KINDS",
    "SCALE",
    "VERDICT_SYMBOLS",
    "ActivityReport",
    "Consequence",
    "Control",
    "ControlResult",
    "DepartmentPremises",
    "Frequency",
    "GoalAssessment",
    "InputOverride",
    "InternalControlPlan",
    "PlanningPremises",
    "Probability",
    "Report",
    "ReportKind",
    "RiskLevel",
    "RoundEntry",
    "RoundReminder",
    "Verdict",
]
