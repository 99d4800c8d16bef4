from django.urls import path

from goals import views, views_kolada

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_tree, name="year"),
    path("<int:year>/ks/nytt/", views.annual_goal_create, name="annual_goal_create"),
    path("<int:year>/ks/anta/", views.annual_goals_adopt, name="annual_goals_adopt"),
    path("kf/<int:pk>/", views.mandate_goal_detail, name="mandate_goal"),
    path("kf/<int:pk>/redigera/", views.mandate_goal_edit, name="mandate_goal_edit"),
    path("kf/<int:pk>/revidera/", views.mandate_goal_revise, name="mandate_goal_revise"),
    path("ks/<int:pk>/", views.annual_goal_detail, name="annual_goal"),
    path("ks/<int:pk>/redigera/", views.annual_goal_edit, name="annual_goal_edit"),
    path("<str:kind>/<int:pk>/nyckeltal/", views.goal_indicator_add, name="goal_indicator_add"),
    path("nyckeltalskoppling/<int:pk>/ta-bort/", views.goal_indicator_remove, name="goal_indicator_remove"),
    path("mandatperiod/<int:election_year>/", views.period_page, name="period"),
    path("mandatperiod/<int:election_year>/forslag/", views.period_propose, name="period_propose"),
    path("mandatperiod/<int:election_year>/anta/", views.period_adopt, name="period_adopt"),
    path("vision/", views.vision_page, name="vision"),
    path("vision/<int:pk>/", views.vision_edit, name="vision_edit"),
    path("nyckeltal/", views.indicator_list, name="indicators"),
    path("nyckeltal/kolada/", views_kolada.kolada_import_start, name="kolada_start"),
    path("nyckeltal/kolada/status/", views_kolada.kolada_import_status, name="kolada_status"),
    path("nyckeltal/<int:pk>/", views.indicator_detail, name="indicator"),
]
