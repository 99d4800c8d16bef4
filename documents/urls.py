from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("nytt/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/andra/", views.document_edit, name="edit"),
    path("<int:pk>/dokument.pdf", views.document_file, name="file"),
]
