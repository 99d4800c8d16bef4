"""The open data API's addresses, all in the namespace "api" (the public side's middleware decides by it)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from insyn.api import dcat, schema, views

app_name = "api"

router = SimpleRouter()
for prefix, viewset in views.RESOURCES:
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", schema.openapi, name="schema"),
    path("dcat.rdf", dcat.catalog, name="dcat"),
    *router.urls,
]
