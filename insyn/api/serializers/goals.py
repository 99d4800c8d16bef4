"""Goals, indicators, operational plans and their activities."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goals.models import (
    AnnualGoal,
    GoalIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandateGoal,
    MandatePeriod,
)
from insyn.api.serializers.common import BodySerializer, DecisionSerializer, UnitSerializer, id_list, label_of
from planning.models import Activity, OperationalPlan


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]


class ValueSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        help_text=_("The Kolada code of the municipality, or 0000 for the whole country.")
    )
    gender_label = label_of("gender")

    class Meta:
        model = IndicatorValue
        fields = ["municipality", "year", "gender", "gender_label", "value"]


class IndicatorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "kolada_id", "source", "title", "unit", "higher_is_better"]


class GoalIndicatorSerializer(serializers.ModelSerializer):
    """An indicator chosen for a goal, with its baseline and its target per year."""

    indicator = IndicatorBriefSerializer()
    targets = TargetSerializer(many=True)

    class Meta:
        model = GoalIndicator
        fields = ["indicator", "baseline_year", "baseline_value", "targets"]


class GoalIndicatorWithValuesSerializer(GoalIndicatorSerializer):
    values = ValueSerializer(source="indicator.values", many=True)

    class Meta(GoalIndicatorSerializer.Meta):
        fields = [*GoalIndicatorSerializer.Meta.fields, "values"]


class PeriodSerializer(serializers.ModelSerializer):
    first_year = serializers.IntegerField(
        source="period.first_goal_year", help_text=_("The first year the period's KF goals apply.")
    )
    last_year = serializers.IntegerField(
        source="period.last_goal_year", help_text=_("The last year the period's KF goals apply.")
    )

    class Meta:
        model = MandatePeriod
        fields = ["id", "election_year", "first_year", "last_year"]


class FocusAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class KfGoalSerializer(serializers.ModelSerializer):
    """A KF goal in the wording in force: in the year asked for (`year`), else its latest adopted one."""

    period = PeriodSerializer()
    title = serializers.CharField(source="shown.title")
    description = serializers.CharField(source="shown.description")
    criterion = serializers.CharField(
        source="shown.criterion", help_text=_("How the goal counts as achieved.")
    )
    criterion_label = serializers.CharField(source="shown.get_criterion_display")
    criterion_count = serializers.IntegerField(source="shown.criterion_count", allow_null=True)
    criterion_text = serializers.CharField(source="shown.criterion_text")
    valid_from = serializers.IntegerField(
        source="shown.valid_from", help_text=_("The first year this wording applies.")
    )
    valid_until = serializers.IntegerField(
        source="shown.valid_until",
        allow_null=True,
        help_text=_("The last year this wording applies, if revised."),
    )
    focus_areas = FocusAreaSerializer(source="shown.focus_areas.all", many=True)
    indicators = GoalIndicatorSerializer(source="goal_indicators", many=True)
    decision = DecisionSerializer(source="period.decision", allow_null=True)

    class Meta:
        model = MandateGoal
        fields = [
            "id",
            "position",
            "period",
            "title",
            "description",
            "criterion",
            "criterion_label",
            "criterion_count",
            "criterion_text",
            "valid_from",
            "valid_until",
            "focus_areas",
            "indicators",
            "decision",
        ]

    def to_representation(self, goal: MandateGoal) -> dict:
        year = self.context.get("year")
        adopted = list(goal.versions.all())  # only adopted versions are prefetched (selectors.mandate_goals)
        if year is not None:
            goal.shown = goal.version_for(year)
        else:
            goal.shown = max(adopted, key=lambda v: (v.valid_from, v.pk)) if adopted else None
        return super().to_representation(goal)


class StatusSerializer(serializers.Serializer):
    """A KS goal's verdict in the latest adopted round that assessed it."""

    verdict = serializers.CharField()
    verdict_label = label_of("verdict")
    round = serializers.IntegerField(source="report_id", help_text=_("The round's id (see rounds)."))
    round_name = serializers.CharField(source="report", help_text=_("The round's name."))


class GoalSerializer(serializers.ModelSerializer):
    """An adopted KS goal of a year, with its indicators' values and its latest adopted status."""

    body = BodySerializer()
    criterion_label = label_of("criterion")
    kf_goals = serializers.PrimaryKeyRelatedField(
        source="mandate_goals",
        many=True,
        read_only=True,
        help_text=_("The KF goals it serves (see kf-goals)."),
    )
    departments = UnitSerializer(many=True)
    indicators = GoalIndicatorWithValuesSerializer(source="goal_indicators", many=True)
    status = serializers.SerializerMethodField(
        help_text=_(
            "The verdict of the latest adopted follow-up round that assessed the goal; null before one."
        )
    )
    decision = DecisionSerializer()

    class Meta:
        model = AnnualGoal
        fields = [
            "id",
            "year",
            "body",
            "position",
            "title",
            "description",
            "criterion",
            "criterion_label",
            "criterion_count",
            "criterion_text",
            "kf_goals",
            "departments",
            "indicators",
            "status",
            "decision",
        ]

    @extend_schema_field(StatusSerializer(allow_null=True))
    def get_status(self, goal: AnnualGoal) -> dict | None:
        assessment = self.context.get("statuses", {}).get(goal.pk)
        return StatusSerializer(assessment).data if assessment is not None else None


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator of public goals, with its values per year and gender."""

    source_label = label_of("source")
    values = ValueSerializer(many=True)
    kf_goals = serializers.SerializerMethodField(help_text=_("The KF goals that have chosen it."))
    goals = serializers.SerializerMethodField(help_text=_("The KS goals that have chosen it."))

    class Meta:
        model = Indicator
        fields = [
            "id",
            "kolada_id",
            "source",
            "source_label",
            "title",
            "description",
            "unit",
            "higher_is_better",
            "is_divided_by_gender",
            "values",
            "kf_goals",
            "goals",
        ]

    @extend_schema_field(id_list())
    def get_kf_goals(self, indicator: Indicator) -> list[int]:
        return sorted({link.mandate_goal_id for link in indicator.public_links if link.mandate_goal_id})

    @extend_schema_field(id_list())
    def get_goals(self, indicator: Indicator) -> list[int]:
        return sorted({link.annual_goal_id for link in indicator.public_links if link.annual_goal_id})


# The operational plan


class PlanSerializer(serializers.ModelSerializer):
    body = BodySerializer()
    decision = DecisionSerializer()

    class Meta:
        model = OperationalPlan
        fields = ["id", "year", "body", "mission", "model_summary", "budget_text", "revision", "decision"]


class ActivityReportSerializer(serializers.Serializer):
    """An activity's status as an adopted follow-up round reported it (the round's comment is left out)."""

    round = serializers.IntegerField(source="report_id")
    round_name = serializers.CharField(source="report")
    status = serializers.CharField()
    status_label = label_of("status")
    completed_on = serializers.DateField(allow_null=True)


class ActivitySerializer(serializers.ModelSerializer):
    """One of an adopted plan's activities: what, toward which KS goal, which unit, when."""

    plan = serializers.IntegerField(source="plan_id", help_text=_("The operational plan's id (see plans)."))
    year = serializers.IntegerField(source="plan.year")
    kind_label = label_of("kind")
    goal = serializers.IntegerField(source="annual_goal_id", help_text=_("The KS goal's id (see goals)."))
    responsible_unit = UnitSerializer()
    reported = ActivityReportSerializer(
        source="public_reports",
        many=True,
        help_text=_("Its status as each adopted follow-up round reported it, oldest first."),
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "year",
            "title",
            "description",
            "kind",
            "kind_label",
            "goal",
            "responsible_unit",
            "start",
            "planned_end",
            "reported",
        ]
