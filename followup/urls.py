from django.urls import path

from followup.views import activity_reports, assessments, control_results, controls, overview, rounds
from followup.views import premises as premises_views

app_name = "followup"

ROUND = "uppfoljning/<int:year>/<slug:round>/"

urlpatterns = [
    path("internkontroll/", controls.plan_index, name="plan_index"),
    path("internkontroll/<int:year>/", controls.plan_detail, name="plan"),
    path("internkontroll/kontroll/<int:pk>/", controls.control_detail, name="control"),
    # The overview of a year's follow-up and its drill-downs (overview)
    path("uppfoljning/", overview.index, name="index"),
    path("uppfoljning/<int:year>/", overview.year_overview, name="year"),
    path(ROUND + "mal/<int:pk>/", overview.goal_detail, name="goal"),
    path(ROUND + "enhet/<int:pk>/", overview.unit_detail, name="unit"),
    path(ROUND + "aktivitet/<int:pk>/", overview.activity_detail, name="activity"),
    path(ROUND + "oversikt.xlsx", overview.export, name="overview_export"),
    # A round: dates, state, progress, reminders, reopening, the report's decision (rounds)
    path(ROUND, rounds.round_detail, name="round"),
    path(ROUND + "oppna/", rounds.round_reopen, name="round_reopen"),
    path(ROUND + "stang/", rounds.round_close, name="round_close"),
    path(ROUND + "paminn/", rounds.round_remind, name="round_remind"),
    path(ROUND + "foresla/", rounds.round_propose, name="round_propose"),
    path(ROUND + "besluta/", rounds.round_decide, name="round_decide"),
    path(ROUND + "framsteg.xlsx", rounds.progress_export, name="progress_export"),
    # The units' activity reports (activity_reports)
    path(ROUND + "aktiviteter/", activity_reports.entry, name="activity_reports"),
    path(ROUND + "aktiviteter/<int:pk>/", activity_reports.row, name="activity_report"),
    path(ROUND + "aktiviteter.xlsx", activity_reports.export, name="activity_reports_export"),
    # The goals' assessments (assessments)
    path(ROUND + "bedomningar/", assessments.index, name="assessments"),
    path(ROUND + "bedomningar/ks/<int:pk>/", assessments.annual_goal, name="assess_annual_goal"),
    path(ROUND + "bedomningar/kf/<int:pk>/", assessments.mandate_goal, name="assess_mandate_goal"),
    path(ROUND + "bedomningar.xlsx", assessments.export, name="assessments_export"),
    # The internal control's results (control_results)
    path(ROUND + "internkontroll/", control_results.index, name="control_results"),
    path(ROUND + "internkontroll/<int:pk>/", control_results.edit, name="control_result"),
    path(ROUND + "internkontroll.xlsx", control_results.export, name="control_results_export"),
    # The planning premises, per department, for the year after next (premises)
    path("planeringsforutsattningar/", premises_views.latest, name="premises_latest"),
    path("planeringsforutsattningar/<int:year>/", premises_views.page, name="premises"),
    path("planeringsforutsattningar/<int:year>/<int:pk>/", premises_views.part, name="premises_part"),
    path("planeringsforutsattningar/<int:year>/oppna/", premises_views.reopen, name="premises_reopen"),
    path("planeringsforutsattningar/<int:year>/stang/", premises_views.close, name="premises_close"),
]
