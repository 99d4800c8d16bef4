"""Adopted follow-up rounds: their goals' assessments and, for one round, its economy per area."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from followup.models import GoalAssessment, Report
from insyn.api.serializers.common import BodySerializer, DecisionSerializer, UnitSerializer, label_of


class AssessmentSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(
        source="annual_goal_id", allow_null=True, help_text=_("The KS goal assessed (see goals), if one.")
    )
    kf_goal = serializers.IntegerField(
        source="mandate_goal_id", allow_null=True, help_text=_("The KF goal assessed (see kf-goals), if one.")
    )
    verdict_label = label_of("verdict")

    class Meta:
        model = GoalAssessment
        fields = ["goal", "kf_goal", "verdict", "verdict_label", "analysis"]


class RoundSerializer(serializers.ModelSerializer):
    """An adopted follow-up round: the tertial or interim report, the annual report, or the economy at
    a KS meeting, with its goals' assessments."""

    name = serializers.CharField(source="__str__")
    kind_label = label_of("kind")
    body = BodySerializer()
    meeting_date = serializers.DateField(
        source="meeting.date", allow_null=True, help_text=_("For the economy: the date of its KS meeting.")
    )
    decision = DecisionSerializer()
    assessments = AssessmentSerializer(source="goal_assessments", many=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "year",
            "kind",
            "kind_label",
            "name",
            "body",
            "meeting_date",
            "decision",
            "assessments",
        ]


class FiguresSerializer(serializers.Serializer):
    revenue = serializers.DecimalField(max_digits=None, decimal_places=2)
    costs = serializers.DecimalField(max_digits=None, decimal_places=2)
    net = serializers.DecimalField(max_digits=None, decimal_places=2, help_text=_("Costs less revenue."))


class EconomyRowSerializer(serializers.Serializer):
    budget = FiguresSerializer()
    outcome = FiguresSerializer(allow_null=True, help_text=_("The outcome to date; null before an import."))
    forecast = FiguresSerializer(help_text=_("The full-year forecast."))
    deviation = serializers.DecimalField(
        max_digits=None,
        decimal_places=2,
        help_text=_("Budgeted minus forecast net cost: negative is a deficit."),
    )
    deviation_percent = serializers.DecimalField(max_digits=None, decimal_places=1, allow_null=True)


class AreaSerializer(EconomyRowSerializer):
    unit = UnitSerializer(help_text=_("The activity area."))
    department = UnitSerializer()
    forecast_is_proposed = serializers.BooleanField(
        help_text=_("True while finance has entered no forecast and the figure is the product's proposal.")
    )


class DepartmentTotalSerializer(EconomyRowSerializer):
    department = UnitSerializer(source="unit")


class EconomySerializer(serializers.Serializer):
    through = serializers.DateField(help_text=_("The last day the outcome covers."))
    areas = AreaSerializer(many=True)
    departments = DepartmentTotalSerializer(many=True)
    total = EconomyRowSerializer()


class RoundDetailSerializer(RoundSerializer):
    economy = EconomySerializer(
        source="public_economy",
        help_text=_("Revenue and costs per activity area: budget, outcome, forecast."),
    )

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "economy"]
