from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("skapa/", views.build, name="build"),
    path("version/<int:pk>/", views.version, name="version"),
    path("version/<int:pk>/pdf/", views.download, name="download"),
    path("version/<int:pk>/forsok-igen/", views.retry, name="retry"),
    path("version/<int:pk>/slutlig/", views.mark_final, name="mark_final"),
    path("version/<int:pk>/ta-bort/", views.delete, name="delete"),
]
