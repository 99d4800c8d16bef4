"""The reporting rounds (R24–R29): a `Report` per year and kind, and what a round keeps.

- `Report` (tertialrapport, delårsrapport, årsredovisning, the economy at a KS meeting): a round of
  reporting for a year, dated by the annual wheel (`followup.rounds`) and adopted by KS.
- What a round keeps: `ActivityReport` (an activity's status and comment as of the cut-off date, R24),
  `GoalAssessment` (a goal's proposed and set assessment, R13/R28) and `ControlResult` (a control's
  result, R28/R31). Each is a snapshot: the live activity goes on changing, the round does not.
- `RoundReminder`: the one row that decides a unit's reminder for a round goes once to a person.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from followup.models.internal_control import Control
from followup.querysets import ReportQuerySet, RoundEntryQuerySet
from organisation.lifecycle import Adoptable
from organisation.roles import Role
from planning.models import ActivityStatus, is_late
from styrmodell.fields import LineField


class ReportKind(models.TextChoices):
    """The rounds of a year: the three reports (R26, R27, R29) and the economy at KS's meetings (R25)."""

    TERTIAL = "tertial", _("Tertial report")
    INTERIM = "delar", _("Interim report")
    ANNUAL = "ar", _("Annual report")
    ECONOMY = "ekonomi", _("Economic follow-up")


# The reports in the year's order; the economy rounds come between them, one per ordinary KS meeting.
REPORT_KINDS = (ReportKind.TERTIAL, ReportKind.INTERIM, ReportKind.ANNUAL)


class InputOverride(models.TextChoices):
    """A planner's or finance's hand on a round's input, which otherwise follows the wheel's dates."""

    NONE = "", _("As the annual wheel dates it")
    REOPENED = "oppnad", _("Reopened")
    CLOSED = "stangd", _("Closed")


class Report(Adoptable):
    """A reporting round (tertialrapport, delårsrapport, årsredovisning, or the economy at a KS meeting).

    Its dates come from the annual wheel (`followup.rounds.round_dates`), never typed here: input opens
    on the cut-off date and closes some working days before the KS meeting that handles the report.
    After that the round is locked unless a planner or finance reopens it, with a reason kept in the
    history; KS's adoption freezes it for good.
    """

    DRAFTED_BY = (Role.PLANNER, Role.FINANCE)
    # The units' administrators and the companies' reporters report in a round before it is proposed;
    # politicians read it from then.
    DRAFTS_ALSO_READ_BY = (Role.ADMINISTRATOR, Role.COMPANY_REPORTER)

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    meeting = models.ForeignKey(
        "organisation.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="economy_reports",
        help_text=_(
            "For the economy: the ordinary KS meeting it is reported to "
            "(the governance model, section 4.7.3)."
        ),
    )
    input_override = models.CharField(
        _("input"), max_length=10, choices=InputOverride.choices, blank=True, default=InputOverride.NONE
    )
    override_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "kind"],
                condition=~Q(kind=ReportKind.ECONOMY),
                name="%(app_label)s_%(class)s_one_per_body_year_and_kind",
                violation_error_message=_("The body already has this report for the year."),
            ),
            models.UniqueConstraint(
                fields=["body", "meeting"],
                condition=Q(kind=ReportKind.ECONOMY),
                name="%(app_label)s_%(class)s_one_economy_report_per_meeting",
                violation_error_message=_("The meeting already has its economic follow-up."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.ECONOMY, meeting__isnull=False)
                | (~Q(kind=ReportKind.ECONOMY) & Q(meeting__isnull=True)),
                name="%(app_label)s_%(class)s_economy_has_its_meeting",
                violation_error_message=_(
                    "The economic follow-up belongs to a KS meeting; the reports do not."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(input_override=InputOverride.REOPENED) | ~Q(override_reason=""),
                name="%(app_label)s_%(class)s_reopened_with_reason",
                violation_error_message=_("Give the reason for reopening the round."),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        if self.kind == ReportKind.ECONOMY and self.meeting_id:
            return _("Economic follow-up to %(body)s %(date)s") % {
                "body": self.body.short_name,
                "date": self.meeting.date.isoformat(),
            }
        return f"{self.get_kind_display()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("followup:round", args=[self.year, self.slug])

    @property
    def slug(self) -> str:
        """The round's name in addresses: its kind, or for the economy the meeting's date."""
        if self.kind == ReportKind.ECONOMY:
            return f"ekonomi-{self.meeting.date.isoformat()}"
        return self.kind


class RoundEntry(models.Model):
    """What every entry of a round keeps: the round, who entered it and when, and its edit version."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        "organisation.User",
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RoundEntryQuerySet.as_manager()

    class Meta:
        abstract = True


class ActivityReport(RoundEntry):
    """An activity's status and comment as of the round's cut-off date (R24): a snapshot the round keeps."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="activity_reports"
    )
    activity = models.ForeignKey(
        "planning.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="round_reports",
    )
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The activity is already reported in this round."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.DONE) | Q(completed_on__isnull=False),
                name="%(app_label)s_%(class)s_done_has_completion_date",
                violation_error_message=_("A finished activity needs the date it was completed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.report})"

    def is_late(self, cut_off) -> bool:
        """Late as of the round's cut-off date, as reported (see `planning.models.is_late`)."""
        return is_late(self.status, self.completed_on, self.activity.planned_end, cut_off)


class Verdict(models.TextChoices):
    """A goal's assessment in a round (R28); told by symbol and word, never by colour alone."""

    ACHIEVED = "uppfyllt", pgettext_lazy("assessment", "Achieved")
    PARTLY = "delvis", pgettext_lazy("assessment", "Partly achieved")
    NOT_ACHIEVED = "ej_uppfyllt", pgettext_lazy("assessment", "Not achieved")
    NOT_ASSESSABLE = "ej_bedombart", pgettext_lazy("assessment", "Cannot be assessed")

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOLS[self]

    @property
    def css(self) -> str:
        return f"verdict-{self.value.replace('_', '-')}"


VERDICT_SYMBOLS = {
    Verdict.ACHIEVED: "✓",
    Verdict.PARTLY: "◐",
    Verdict.NOT_ACHIEVED: "✗",
    Verdict.NOT_ASSESSABLE: "?",
}


class GoalAssessment(RoundEntry):
    """A goal's assessment in a round: the product's proposal, the assessment set, and why (R13, R28).

    The proposal is kept as it stood when the assessment was set, with its basis in words; an
    assessment that deviates from it needs a reason. In the annual report the analysis is the
    årsredovisning's "resultat och analys" (R29).
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="goal_assessments"
    )
    annual_goal = models.ForeignKey(
        "goals.AnnualGoal",
        verbose_name=_("KS goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    mandate_goal = models.ForeignKey(
        "goals.MandateGoal",
        verbose_name=_("KF goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    proposal = models.CharField(_("proposed assessment"), max_length=12, choices=Verdict.choices)
    proposal_basis = models.TextField(_("basis of the proposal"), blank=True)
    verdict = models.CharField(_("assessment"), max_length=12, choices=Verdict.choices)
    analysis = models.TextField(_("analysis"))
    deviation_reason = models.TextField(
        _("reason for deviating from the proposal"),
        blank=True,
        help_text=_("Needed when the assessment is not the one the model's rule proposes."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_goal__isnull=False, mandate_goal__isnull=True)
                | Q(annual_goal__isnull=True, mandate_goal__isnull=False),
                name="%(app_label)s_%(class)s_one_goal",
                violation_error_message=_("An assessment is of one KS goal or one KF goal."),
            ),
            models.UniqueConstraint(
                fields=["report", "annual_goal"],
                condition=Q(annual_goal__isnull=False),
                name="%(app_label)s_%(class)s_ks_goal_once_per_round",
                violation_error_message=_("The goal is already assessed in this round."),
            ),
            models.UniqueConstraint(
                fields=["report", "mandate_goal"],
                condition=Q(mandate_goal__isnull=False),
                name="%(app_label)s_%(class)s_kf_goal_once_per_round",
                violation_error_message=_("The goal is already assessed in this round."),
            ),
            models.CheckConstraint(
                condition=Q(verdict=F("proposal")) | ~Q(deviation_reason=""),
                name="%(app_label)s_%(class)s_deviation_has_reason",
                violation_error_message=_("An assessment that deviates from the proposal needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.annual_goal or self.mandate_goal}: {self.get_verdict_display()} ({self.report})"

    @property
    def deviates(self) -> bool:
        return self.verdict != self.proposal


class ControlResult(RoundEntry):
    """A control's follow-up in a round (R28, R31): performed or not, result, deviations and actions."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="control_results"
    )
    control = models.ForeignKey(
        Control, verbose_name=_("control"), on_delete=models.PROTECT, related_name="results"
    )
    performed = models.BooleanField(_("performed"))
    result = models.TextField(
        _("result"), help_text=_("What the control found, or why it was not performed.")
    )
    deviation_found = models.BooleanField(_("deviations found"), default=False)
    deviations = models.TextField(_("deviations"), blank=True)
    actions = models.TextField(_("actions decided"), blank=True)
    action_responsible = LineField(_("responsible for the actions"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "control"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The control is already reported in this round."),
            ),
            models.CheckConstraint(
                condition=Q(deviation_found=False)
                | (~Q(deviations="") & ~Q(actions="") & ~Q(action_responsible="")),
                name="%(app_label)s_%(class)s_deviation_has_actions",
                violation_error_message=_(
                    "A deviation needs its description, the actions decided and who is responsible."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control} ({self.report})"


class RoundReminder(models.Model):
    """One reminder of a round to a person of a unit that has not reported: the unique row decides it
    is sent once per round, unit, person and occasion (the planners' button, or N days before input
    closes)."""

    class Status(models.TextChoices):
        PENDING = "vantar", _("Waiting to be sent")
        SENT = "skickad", _("Sent")
        FAILED = "misslyckad", _("Failed")

    MANUAL = "manuell"

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="reminders"
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="round_reminders",
    )
    email = models.EmailField(_("e-mail"))
    recipient_name = LineField(_("recipient"), max_length=200, blank=True)
    occasion = LineField(
        _("occasion"), max_length=20, help_text=_("'manuell', or the days before input closes.")
    )
    sent_by = models.ForeignKey(
        "organisation.User",
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("round reminder")
        verbose_name_plural = _("round reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "unit", "email", "occasion"],
                name="%(app_label)s_%(class)s_once_per_round_unit_person_and_occasion",
                violation_error_message=_("This reminder has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.unit} → {self.email}"
