"""Who may reach each URL, by role and method: the permission matrix's table (issue 18).

Each view name maps to (GET, POST), each a rule naming the outcome for every role of
tests/permissions/world.ROLES:

- "ok": allowed (2xx, or a redirect that is not to sign-in; for a form an empty POST may re-render
  with errors or succeed);
- "denied": 403 or 404;
- "signin": a redirect to the sign-in page (the site's or the admin's);
- "405": the method is not allowed;
- "staff": the admin's own answer for its staff (ok, 403/404 or 405), anything but a sign-in.

The shorthands below keep the table to a line a view: `allow(...)` lets the roles named in and refuses
the other signed-in roles, and sends the anonymous visitor to sign in.
"""

from __future__ import annotations

from types import MappingProxyType

OUTCOMES = frozenset({"ok", "denied", "signin", "405", "staff"})

ANONYMOUS = "anonymous"
POLITICIAN, PRESIDIUM = "politician", "presidium"
ADMINISTRATOR, PLANNER, FINANCE = "administrator", "planner", "finance"
COMPANY, SYSADMIN = "company", "sysadmin"
SIGNED_IN = (POLITICIAN, PRESIDIUM, ADMINISTRATOR, PLANNER, FINANCE, COMPANY, SYSADMIN)
# The officials who take part in a follow-up round that is not yet adopted.
OFFICIALS = (ADMINISTRATOR, PLANNER, FINANCE, COMPANY)


def allow(*roles: str) -> MappingProxyType:
    """The roles named may; the other signed-in roles are refused; the anonymous visitor signs in."""
    rule = {role: ("ok" if role in roles else "denied") for role in SIGNED_IN}
    return MappingProxyType({ANONYMOUS: "ok" if ANONYMOUS in roles else "signin", **rule})


def every(outcome: str, **others: str) -> MappingProxyType:
    """The same outcome for every role, but for the roles given as keywords."""
    return MappingProxyType({role: others.get(role, outcome) for role in (ANONYMOUS, *SIGNED_IN)})


PUBLIC = every("ok")  # Insyn, the open data API, the account pages before sign-in
READ = allow(*SIGNED_IN)  # every signed-in role reads it
READ_BUT_COMPANY = allow(*(role for role in SIGNED_IN if role != COMPANY))
NOBODY = allow()  # no role may (the object is not one the role reaches, or no role writes it here)
NO_METHOD = every("405")  # the view refuses the method before it asks who is asking
SIGNIN_FIRST = every("405", anonymous="signin")  # sign-in is asked for before the method is refused
GONE = every("denied")  # refused to everyone in tests (sign-in by the identity provider is off)
# The admin: only the system administrator (staff) gets in; what he may do there is the admin's own
# model permissions (ok, or 403/404), so "staff" accepts any answer but a sign-in.
ADMIN = every("signin", sysadmin="staff")

DECLARATIONS: dict[str, tuple[MappingProxyType, MappingProxyType]] = {
    # The site's own pages and the accounts (django.contrib.auth, signin).
    "accessibility": (PUBLIC, NO_METHOD),
    "favicon": (PUBLIC, PUBLIC),
    "healthz": (PUBLIC, NO_METHOD),
    "home": (READ, NO_METHOD),
    "login": (PUBLIC, PUBLIC),
    "logout": (NO_METHOD, PUBLIC),
    "password_change": (READ, READ),
    "password_change_done": (READ, SIGNIN_FIRST),
    "password_reset": (PUBLIC, PUBLIC),
    "password_reset_complete": (PUBLIC, NO_METHOD),
    "password_reset_confirm": (PUBLIC, PUBLIC),
    "password_reset_done": (PUBLIC, NO_METHOD),
    # Sign-in with the municipality's identity provider: switched off in tests, so not found.
    "signin:callback": (GONE, NO_METHOD),
    "signin:logged_out": (PUBLIC, NO_METHOD),
    "signin:start": (GONE, NO_METHOD),
    # The organisation and its records.
    "organisation:bodies": (READ, NO_METHOD),
    "organisation:body": (READ, NO_METHOD),
    "organisation:decisions": (READ, allow(PLANNER)),
    "organisation:meetings": (READ, allow(PLANNER)),
    "organisation:unit": (READ, NO_METHOD),
    "organisation:units": (READ, NO_METHOD),
    # Goals: the world's KF goal and period are drafts, which only planners read.
    "goals:annual_goal": (READ, NO_METHOD),
    "goals:annual_goal_create": (allow(PLANNER), allow(PLANNER)),
    "goals:annual_goal_edit": (allow(PLANNER), allow(PLANNER)),
    "goals:annual_goals_adopt": (allow(PLANNER), allow(PLANNER)),
    "goals:goal_indicator_add": (allow(PLANNER), allow(PLANNER)),
    "goals:goal_indicator_remove": (NO_METHOD, allow(PLANNER)),
    "goals:index": (READ, NO_METHOD),
    "goals:indicator": (READ, allow(PLANNER)),
    "goals:indicators": (READ, allow(PLANNER)),
    "goals:kolada_start": (NO_METHOD, allow(PLANNER, FINANCE)),
    "goals:kolada_status": (READ, NO_METHOD),
    "goals:mandate_goal": (allow(PLANNER), NO_METHOD),
    "goals:mandate_goal_edit": (allow(PLANNER), allow(PLANNER)),
    "goals:mandate_goal_revise": (allow(PLANNER), allow(PLANNER)),
    "goals:period": (allow(PLANNER), allow(PLANNER)),
    "goals:period_adopt": (NO_METHOD, allow(PLANNER)),
    "goals:period_propose": (NO_METHOD, allow(PLANNER)),
    "goals:vision": (READ, allow(PLANNER)),
    "goals:vision_edit": (allow(PLANNER), allow(PLANNER)),
    "goals:year": (READ, NO_METHOD),
    # The plan (adopted: its activities take no edits, only the responsible unit's follow-up).
    "planning:activities": (READ, NO_METHOD),
    "planning:activity": (READ, NOBODY),
    "planning:activity_export": (READ, NO_METHOD),
    "planning:activity_follow_up": (allow(ADMINISTRATOR), allow(ADMINISTRATOR)),
    "planning:plan": (READ, allow(PLANNER)),
    "planning:plan_index": (READ, NO_METHOD),
    # The budget: everyone reads, finance enters.
    "budget:compare": (READ, NO_METHOD),
    "budget:detail": (READ, allow(FINANCE)),
    "budget:distribution": (allow(FINANCE), allow(FINANCE)),
    "budget:index": (READ, NO_METHOD),
    "budget:redistribution": (allow(FINANCE), allow(FINANCE)),
    "budget:template": (allow(FINANCE), NO_METHOD),
    "budget:version": (READ, allow(FINANCE)),
    "budget:version_edit": (allow(FINANCE), allow(FINANCE)),
    # The economy's follow-up of a round not yet adopted; the investment row names no project.
    "economy:account_classes": (READ, allow(FINANCE)),
    "economy:companies": (allow(*OFFICIALS), NO_METHOD),
    "economy:companies_export": (allow(*OFFICIALS), NO_METHOD),
    "economy:company": (allow(*OFFICIALS), allow(COMPANY)),
    "economy:directive_goals": (READ, allow(PLANNER)),
    "economy:export": (allow(*OFFICIALS), NO_METHOD),
    "economy:flag": (allow(*OFFICIALS), allow(PLANNER, FINANCE)),
    "economy:flags": (READ, NO_METHOD),
    "economy:flags_export": (READ, NO_METHOD),
    "economy:forecast": (allow(FINANCE), allow(FINANCE)),
    "economy:import": (allow(PLANNER, FINANCE), allow(FINANCE)),
    "economy:import_preview": (allow(PLANNER, FINANCE), allow(FINANCE)),
    "economy:import_template": (allow(PLANNER, FINANCE), NO_METHOD),
    "economy:investment": (NOBODY, NOBODY),
    "economy:investments": (allow(*OFFICIALS), NO_METHOD),
    "economy:investments_export": (allow(*OFFICIALS), NO_METHOD),
    "economy:objects": (READ, allow(FINANCE)),
    "economy:round": (allow(*OFFICIALS), NO_METHOD),
    "economy:summary": (allow(FINANCE), allow(FINANCE)),
    # The follow-up rounds (a draft round: politicians and the system administrator read none).
    "followup:activity": (allow(*OFFICIALS), NO_METHOD),
    "followup:activity_report": (allow(ADMINISTRATOR), allow(ADMINISTRATOR)),
    "followup:activity_reports": (allow(*OFFICIALS), NO_METHOD),
    "followup:activity_reports_export": (allow(*OFFICIALS), NO_METHOD),
    "followup:assess_annual_goal": (allow(*OFFICIALS), allow(PLANNER)),
    "followup:assess_mandate_goal": (allow(PLANNER), allow(PLANNER)),
    "followup:assessments": (allow(*OFFICIALS), NO_METHOD),
    "followup:assessments_export": (allow(*OFFICIALS), NO_METHOD),
    "followup:control": (READ, allow(PLANNER)),
    "followup:control_result": (allow(ADMINISTRATOR, PLANNER), allow(ADMINISTRATOR, PLANNER)),
    "followup:control_results": (allow(*OFFICIALS), NO_METHOD),
    "followup:control_results_export": (allow(*OFFICIALS), NO_METHOD),
    "followup:goal": (allow(*OFFICIALS), NO_METHOD),
    "followup:index": (READ, NO_METHOD),
    "followup:overview_export": (allow(*OFFICIALS), NO_METHOD),
    "followup:plan": (READ, allow(PLANNER)),
    "followup:plan_index": (READ, NO_METHOD),
    "followup:premises": (READ_BUT_COMPANY, NO_METHOD),
    "followup:premises_close": (NO_METHOD, allow(PLANNER)),
    "followup:premises_latest": (READ_BUT_COMPANY, NO_METHOD),
    "followup:premises_part": (allow(ADMINISTRATOR, PLANNER), allow(ADMINISTRATOR, PLANNER)),
    "followup:premises_reopen": (NO_METHOD, allow(PLANNER)),
    "followup:progress_export": (allow(PLANNER, FINANCE), NO_METHOD),
    "followup:round": (allow(*OFFICIALS), NO_METHOD),
    "followup:round_close": (NO_METHOD, allow(PLANNER, FINANCE)),
    "followup:round_decide": (NO_METHOD, allow(PLANNER, FINANCE)),
    "followup:round_propose": (NO_METHOD, allow(PLANNER, FINANCE)),
    "followup:round_remind": (NO_METHOD, allow(PLANNER, FINANCE)),
    "followup:round_reopen": (NO_METHOD, allow(PLANNER, FINANCE)),
    "followup:unit": (allow(*OFFICIALS), NO_METHOD),
    "followup:year": (READ, NO_METHOD),
    # Governing documents: everyone reads, planners register.
    "documents:create": (allow(PLANNER), allow(PLANNER)),
    "documents:detail": (READ, NO_METHOD),
    "documents:edit": (allow(PLANNER), allow(PLANNER)),
    "documents:file": (READ, NO_METHOD),
    "documents:list": (READ, NO_METHOD),
    # The annual wheel.
    "calendar_wheel:event_add": (allow(PLANNER), allow(PLANNER)),
    "calendar_wheel:event_edit": (allow(PLANNER), allow(PLANNER)),
    "calendar_wheel:event_retire": (allow(PLANNER), allow(PLANNER)),
    "calendar_wheel:events": (READ, NO_METHOD),
    "calendar_wheel:feed": (PUBLIC, NO_METHOD),
    "calendar_wheel:feed_settings": (READ, READ),
    "calendar_wheel:wheel": (READ, NO_METHOD),
    "calendar_wheel:wheel_index": (READ, NO_METHOD),
    # Report PDFs: the world's version is queued, not built, so there is no file to download; an empty
    # request to build names no report.
    "reports:build": (NO_METHOD, NOBODY),
    "reports:delete": (NO_METHOD, allow(PLANNER, FINANCE)),
    "reports:download": (NOBODY, NO_METHOD),
    "reports:index": (READ, NO_METHOD),
    "reports:mark_final": (NO_METHOD, allow(PLANNER, FINANCE)),
    "reports:retry": (NO_METHOD, allow(PLANNER, FINANCE)),
    "reports:version": (READ, NO_METHOD),
    # Insyn, the public side: everyone reads; files of drafts are not found.
    "insyn:accessibility": (PUBLIC, NO_METHOD),
    "insyn:budget": (PUBLIC, NO_METHOD),
    "insyn:document_pdf": (GONE, NO_METHOD),
    "insyn:documents": (PUBLIC, NO_METHOD),
    "insyn:embed_goal": (PUBLIC, NO_METHOD),
    "insyn:plan": (PUBLIC, NO_METHOD),
    "insyn:report_pdf": (GONE, NO_METHOD),
    "insyn:reports": (PUBLIC, NO_METHOD),
    "insyn:start": (PUBLIC, NO_METHOD),
    "insyn:wheel": (PUBLIC, NO_METHOD),
    "insyn:year": (PUBLIC, NO_METHOD),
    # The open data API: everyone reads; a detail of what is not adopted (a draft plan, a step not
    # public) is not found for anyone.
    "api:activities-detail": (PUBLIC, NO_METHOD),
    "api:activities-list": (PUBLIC, NO_METHOD),
    "api:budget-versions-detail": (PUBLIC, NO_METHOD),
    "api:budget-versions-list": (PUBLIC, NO_METHOD),
    "api:dcat": (PUBLIC, NO_METHOD),
    "api:documents-detail": (PUBLIC, NO_METHOD),
    "api:documents-list": (PUBLIC, NO_METHOD),
    "api:goals-detail": (PUBLIC, NO_METHOD),
    "api:goals-list": (PUBLIC, NO_METHOD),
    "api:indicators-detail": (GONE, NO_METHOD),
    "api:indicators-list": (PUBLIC, NO_METHOD),
    "api:kf-goals-detail": (GONE, NO_METHOD),
    "api:kf-goals-list": (PUBLIC, NO_METHOD),
    "api:meetings-detail": (PUBLIC, NO_METHOD),
    "api:meetings-list": (PUBLIC, NO_METHOD),
    "api:plans-detail": (GONE, NO_METHOD),
    "api:plans-list": (PUBLIC, NO_METHOD),
    "api:reports-detail": (GONE, NO_METHOD),
    "api:reports-list": (PUBLIC, NO_METHOD),
    "api:root": (PUBLIC, NO_METHOD),
    "api:rounds-detail": (GONE, NO_METHOD),
    "api:rounds-list": (PUBLIC, NO_METHOD),
    "api:schema": (PUBLIC, NO_METHOD),
    "api:wheel-detail": (GONE, NO_METHOD),
    "api:wheel-list": (PUBLIC, NO_METHOD),
    # The admin's own sign-in and sign-out; its other pages are the ADMIN group (declared()).
    "admin:login": (allow(SYSADMIN), allow(SYSADMIN)),
    "admin:logout": (every("ok", sysadmin="405"), PUBLIC),
}


def declared(name: str, role: str | None = None, method: str | None = None):
    """Whether the view has a declaration (role None), else the declared outcome for role and method."""
    if role is None:
        return name in DECLARATIONS or name.startswith("admin:")
    rules = DECLARATIONS.get(name) or (ADMIN, ADMIN)
    return rules[0 if method == "GET" else 1][role]
