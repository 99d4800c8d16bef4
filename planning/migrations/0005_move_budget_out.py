"""The budget's models now belong to the budget app (budget 0001); their tables stay, only the state moves."""

from django.db import migrations

# Those that refer to others first, so that no model in the state refers to one already gone.
MOVED = [
    "HistoricalBudget",
    "HistoricalBudgetVersion",
    "HistoricalFinancialGoal",
    "HistoricalGehGoal",
    "HistoricalBudgetFrame",
    "HistoricalEconomicPlanLine",
    "HistoricalInvestmentPlan",
    "HistoricalInvestmentProject",
    "HistoricalInvestmentAmount",
    "HistoricalFrameDistribution",
    "FrameDistribution",
    "InvestmentAmount",
    "InvestmentProject",
    "InvestmentPlan",
    "EconomicPlanLine",
    "BudgetFrame",
    "GehGoal",
    "FinancialGoal",
    "BudgetVersion",
    "Budget",
]


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_single_line_texts"),
        ("budget", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
