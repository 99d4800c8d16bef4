from django.urls import path

from goals.views import annual_goals, chain, indicators, kolada, periods, vision

app_name = "goals"

urlpatterns = [
    path("", chain.index, name="index"),
    path("<int:year>/", chain.year_tree, name="year"),
    path("<int:year>/ks/nytt/", annual_goals.annual_goal_create, name="annual_goal_create"),
    path("<int:year>/ks/anta/", annual_goals.annual_goals_adopt, name="annual_goals_adopt"),
    path("kf/<int:pk>/", periods.mandate_goal_detail, name="mandate_goal"),
    path("kf/<int:pk>/redigera/", periods.mandate_goal_edit, name="mandate_goal_edit"),
    path("kf/<int:pk>/revidera/", periods.mandate_goal_revise, name="mandate_goal_revise"),
    path("ks/<int:pk>/", annual_goals.annual_goal_detail, name="annual_goal"),
    path("ks/<int:pk>/redigera/", annual_goals.annual_goal_edit, name="annual_goal_edit"),
    path("<str:kind>/<int:pk>/nyckeltal/", indicators.goal_indicator_add, name="goal_indicator_add"),
    path(
        "nyckeltalskoppling/<int:pk>/ta-bort/", indicators.goal_indicator_remove, name="goal_indicator_remove"
    ),
    path("mandatperiod/<int:election_year>/", periods.period_page, name="period"),
    path("mandatperiod/<int:election_year>/forslag/", periods.period_propose, name="period_propose"),
    path("mandatperiod/<int:election_year>/anta/", periods.period_adopt, name="period_adopt"),
    path("vision/", vision.vision_page, name="vision"),
    path("vision/<int:pk>/", vision.vision_edit, name="vision_edit"),
    path("nyckeltal/", indicators.indicator_list, name="indicators"),
    path("nyckeltal/kolada/", kolada.kolada_import_start, name="kolada_start"),
    path("nyckeltal/kolada/status/", kolada.kolada_import_status, name="kolada_status"),
    path("nyckeltal/<int:pk>/", indicators.indicator_detail, name="indicator"),
]
