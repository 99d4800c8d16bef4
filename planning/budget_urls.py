"""The budget's URLs, included in planning.urls (namespace "planning")."""

from django.urls import path

from planning import budget_views

urlpatterns = [
    path("budget/", budget_views.budget_index, name="budget_index"),
    path("budget/<int:year>/", budget_views.budget_detail, name="budget"),
    path("budget/<int:year>/jamfor/", budget_views.version_compare, name="budget_compare"),
    path("budget/<int:year>/fordelning/", budget_views.distribution_edit, name="budget_distribution"),
    path("budget/<int:year>/mall/<slug:kind>.xlsx", budget_views.import_template, name="budget_template"),
    path("budget/<int:year>/version/<int:number>/", budget_views.version_detail, name="budget_version"),
    path(
        "budget/<int:year>/version/<int:number>/<slug:section>/",
        budget_views.version_edit,
        name="budget_version_edit",
    ),
]
