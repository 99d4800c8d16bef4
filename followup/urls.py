from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("internkontroll/", views.plan_index, name="plan_index"),
    path("internkontroll/<int:year>/", views.plan_detail, name="plan"),
    path("internkontroll/kontroll/<int:pk>/", views.control_detail, name="control"),
]
