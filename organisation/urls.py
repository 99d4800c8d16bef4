from django.urls import path

from organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.unit_tree, name="units"),
    path("enhet/<int:pk>/", views.unit_detail, name="unit"),
    path("organ/", views.body_list, name="bodies"),
    path("organ/<int:pk>/", views.body_detail, name="body"),
    path("sammantraden/", views.meeting_list, name="meetings"),
    path("beslut/", views.decision_list, name="decisions"),
]
