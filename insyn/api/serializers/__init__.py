"""What the open data API says of each adopted thing: the same fields in the list and the detail.

Only what a decision adopted, never a person's name: an activity's responsible unit but not its
responsible person or progress comment, a round's verdict and analysis but not the proposal's
reasoning, a report's PDF but not who built it. Codes are the stored values ("antagande", "projekt"),
each with its Swedish label beside it (`*_label`). Amounts are kronor, as JSON numbers.
"""

from insyn.api.serializers.budget import BudgetVersionSerializer
from insyn.api.serializers.followup import RoundDetailSerializer, RoundSerializer
from insyn.api.serializers.goals import (
    ActivitySerializer,
    GoalSerializer,
    IndicatorSerializer,
    KfGoalSerializer,
    PlanSerializer,
)
from insyn.api.serializers.register import (
    DocumentSerializer,
    MeetingSerializer,
    ReportPdfSerializer,
    StepSerializer,
)

__all__ = [
    "ActivitySerializer",
    "BudgetVersionSerializer",
    "DocumentSerializer",
    "GoalSerializer",
    "IndicatorSerializer",
    "KfGoalSerializer",
    "MeetingSerializer",
    "PlanSerializer",
    "ReportPdfSerializer",
    "RoundDetailSerializer",
    "RoundSerializer",
    "StepSerializer",
]
