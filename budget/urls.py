"""The budget's URLs: KF's budget per year, its versions, and KS's frame distributed (R5, R16, R17)."""

from django.urls import path

from budget import views
from budget.views import redistribution

app_name = "budget"

urlpatterns = [
    path("budget/", views.budget_index, name="index"),
    path("budget/<int:year>/", views.budget_detail, name="detail"),
    path("budget/<int:year>/jamfor/", views.version_compare, name="compare"),
    path("budget/<int:year>/fordelning/", views.distribution_edit, name="distribution"),
    path("budget/<int:year>/omfordelning/", redistribution.redistribution, name="redistribution"),
    path("budget/<int:year>/mall/<slug:kind>.xlsx", views.import_template, name="template"),
    path("budget/<int:year>/version/<int:number>/", views.version_detail, name="version"),
    path("budget/<int:year>/version/<int:number>/<slug:section>/", views.version_edit, name="version_edit"),
]
