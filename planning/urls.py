from django.urls import path

from planning import views_activities, views_plan
from planning.budget_urls import urlpatterns as budget_urlpatterns

app_name = "planning"

urlpatterns = [
    path("verksamhetsplan/", views_plan.plan_index, name="plan_index"),
    path("verksamhetsplan/<int:year>/", views_plan.plan_detail, name="plan"),
    path("aktiviteter/", views_activities.activity_list, name="activities"),
    path("aktiviteter/export.xlsx", views_activities.activity_export, name="activity_export"),
    path("aktiviteter/<int:pk>/", views_plan.activity_detail, name="activity"),
    path("aktiviteter/<int:pk>/uppfoljning/", views_activities.activity_follow_up, name="activity_follow_up"),
    *budget_urlpatterns,
]
