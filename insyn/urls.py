from django.urls import path

from insyn.views import files, pages

app_name = "insyn"

urlpatterns = [
    path("", pages.start, name="start"),
    path("styrdokument/", pages.documents, name="documents"),
    path("styrdokument/<int:pk>.pdf", files.document_pdf, name="document_pdf"),
    path("rapporter/<int:pk>.pdf", files.report_pdf, name="report_pdf"),
    path("tillganglighet/", pages.accessibility, name="accessibility"),
    path("inbaddning/mal/<int:pk>/", pages.embed_goal, name="embed_goal"),
    path("<int:year>/", pages.year, name="year"),
    path("<int:year>/verksamhetsplan/", pages.plan, name="plan"),
    path("<int:year>/budget/", pages.budget, name="budget"),
    path("<int:year>/rapporter/", pages.reports, name="reports"),
    path("<int:year>/arshjul/", pages.wheel, name="wheel"),
]
