from django.urls import path

from economy.views import areas, companies, flags, imports, investments, mapping
from followup.urls import ROUND

app_name = "economy"

urlpatterns = [
    # A round's economy per activity area: budget, outcome, forecast, deviation (areas)
    path(ROUND + "ekonomi/", areas.round_economy, name="round"),
    path(ROUND + "ekonomi/prognos/<int:unit>/", areas.forecast_row, name="forecast"),
    path(ROUND + "ekonomi/sammanfattning/", areas.summary_edit, name="summary"),
    path(ROUND + "ekonomi.xlsx", areas.export, name="export"),
    # The outcome from the accounting system: upload, preview, confirm (imports)
    path(ROUND + "ekonomi/import/", imports.upload, name="import"),
    path(ROUND + "ekonomi/import/<int:pk>/", imports.preview, name="import_preview"),
    path(ROUND + "ekonomi/import/mall.xlsx", imports.template, name="import_template"),
    # The mapping from accounts and objects to the follow-up (mapping)
    path("ekonomi/kontoklasser/", mapping.account_classes, name="account_classes"),
    path("ekonomi/objekt/", mapping.objects, name="objects"),
    # The investment projects in a round (investments)
    path(ROUND + "investeringar/", investments.index, name="investments"),
    path(ROUND + "investeringar/<int:pk>/", investments.row, name="investment"),
    path(ROUND + "investeringar.xlsx", investments.export, name="investments_export"),
    # The wholly-owned companies (companies)
    path(ROUND + "bolag/", companies.index, name="companies"),
    path(ROUND + "bolag/<int:pk>/", companies.report, name="company"),
    path(ROUND + "bolag.xlsx", companies.export, name="companies_export"),
    path("ekonomi/agardirektiv/", companies.directive_goals, name="directive_goals"),
    # The deviations KS alerts KF to (flags)
    path("uppfoljning/<int:year>/avvikelser/", flags.index, name="flags"),
    path("uppfoljning/<int:year>/avvikelser/<int:pk>/", flags.handle, name="flag"),
    path("uppfoljning/<int:year>/avvikelser.xlsx", flags.export, name="flags_export"),
]
