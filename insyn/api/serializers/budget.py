"""The budget's adopted versions with their lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budget.models import ECONOMIC_PLAN_ORDER, BudgetFrame, BudgetVersion, FinancialGoal, GehGoal
from insyn.api.serializers.common import BodySerializer, DecisionSerializer, id_list, label_of


class FinancialGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinancialGoal
        fields = ["position", "text", "target"]


class GehGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = GehGoal
        fields = ["code", "title", "description"]


class FrameSerializer(serializers.ModelSerializer):
    body = BodySerializer()

    class Meta:
        model = BudgetFrame
        fields = ["body", "amount"]


class PlanLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=15, decimal_places=2)


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)


class InvestmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    amounts = YearAmountSerializer(many=True)
    total = serializers.DecimalField(max_digits=None, decimal_places=2)


class BudgetVersionSerializer(serializers.ModelSerializer):
    """An adopted version of KF's budget with all its lines (kronor)."""

    year = serializers.IntegerField(source="budget.year")
    title = serializers.CharField(source="budget.title")
    name = serializers.CharField()
    kind_label = label_of("kind")
    based_on = serializers.IntegerField(source="based_on_id", allow_null=True)
    decision = DecisionSerializer()
    kf_goals = serializers.SerializerMethodField(help_text=_("The KF goals the budget names (see kf-goals)."))
    financial_goals = FinancialGoalSerializer(source="content.financial_goals", many=True)
    geh_goals = GehGoalSerializer(
        source="content.geh_goals", many=True, help_text=_("The goals for good financial management (GEH).")
    )
    frames = FrameSerializer(source="content.frames", many=True, help_text=_("The frame budget per body."))
    economic_plan = serializers.SerializerMethodField(
        help_text=_("The economic plan for three years: revenue positive, costs negative.")
    )
    net_results = serializers.SerializerMethodField(help_text=_("The net result per year, from the lines."))
    investment_plan = serializers.SerializerMethodField(help_text=_("The investment plan for five years."))

    class Meta:
        model = BudgetVersion
        fields = [
            "id",
            "year",
            "title",
            "number",
            "name",
            "kind",
            "kind_label",
            "label",
            "based_on",
            "decision",
            "kf_goals",
            "financial_goals",
            "geh_goals",
            "frames",
            "economic_plan",
            "net_results",
            "investment_plan",
        ]

    @extend_schema_field(id_list())
    def get_kf_goals(self, version: BudgetVersion) -> list[int]:
        return [goal.pk for goal in version.content.mandate_goals]

    @extend_schema_field(PlanLineSerializer(many=True))
    def get_economic_plan(self, version: BudgetVersion) -> list[dict]:
        content = version.content
        rows = [
            {
                "kind": kind.value,
                "kind_label": str(kind.label),
                "year": year,
                "amount": content.lines[(kind, year)],
            }
            for kind in ECONOMIC_PLAN_ORDER
            for year in content.plan_years
            if (kind.value, year) in content.lines
        ]
        return PlanLineSerializer(rows, many=True).data

    @extend_schema_field(YearAmountSerializer(many=True))
    def get_net_results(self, version: BudgetVersion) -> list[dict]:
        content = version.content
        rows = [{"year": year, "amount": content.net_result(year)} for year in content.plan_years]
        return YearAmountSerializer(rows, many=True).data

    @extend_schema_field(InvestmentSerializer(many=True))
    def get_investment_plan(self, version: BudgetVersion) -> list[dict]:
        content = version.content
        rows = [
            {
                "name": name,
                "amounts": [
                    {"year": year, "amount": amount}
                    for year, amount in zip(content.investment_years, amounts, strict=True)
                ],
                "total": total,
            }
            for name, amounts, total in content.investment_rows()
        ]
        return InvestmentSerializer(rows, many=True).data
