from django.urls import path

from planning.views import activities, plan

app_name = "planning"

urlpatterns = [
    path("verksamhetsplan/", plan.plan_index, name="plan_index"),
    path("verksamhetsplan/<int:year>/", plan.plan_detail, name="plan"),
    path("aktiviteter/", activities.activity_list, name="activities"),
    path("aktiviteter/export.xlsx", activities.activity_export, name="activity_export"),
    path("aktiviteter/<int:pk>/", plan.activity_detail, name="activity"),
    path("aktiviteter/<int:pk>/uppfoljning/", activities.activity_follow_up, name="activity_follow_up"),
]
