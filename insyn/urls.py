from django.urls import path

from insyn import views

app_name = "insyn"

urlpatterns = [
    path("", views.start, name="start"),
]
