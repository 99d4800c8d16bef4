from django.urls import path

from signin import views

app_name = "signin"

urlpatterns = [
    path("logga-in/kommunkonto/", views.start, name="start"),
    path("logga-in/kommunkonto/klart/", views.callback, name="callback"),
    path("utloggad/", views.logged_out, name="logged_out"),
]
