"""The annual wheel (årshjul): the municipality's recurring steps, their dated deadlines, reminders.

- `WheelEvent` is a step of the wheel as the municipality describes it (a template): what happens,
  who acts, when in the year (a month, a fixed day, a window, or a cut-off date), in which years
  (every year, the election year, the year after), who is reminded, and what it concerns.
- `Deadline` is a template dated for one year; generated, never typed (services.generate_wheel).
- `ReminderLog` is the one row that decides that a reminder for a deadline, recipient and offset is
  sent exactly once.
- `CalendarFeed` is a user's private, revocable token for the iCalendar feed.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.concurrency import latest_record as latest_record  # a step's version, for its callers
from styrmodell.fields import LineField


class Audience(models.TextChoices):
    """Who takes part in or acts on a step ("which body or group")."""

    BODY = "organ", _("The body")
    PRESIDIUM = "presidium", _("The body's presidium")
    GROUP_LEADERS = "gruppledare", _("The party group leaders")
    COMMITTEE_CHAIRS = "utskottsordforande", _("The committee chairs")
    MANAGEMENT_TEAM = "ledningsgrupp", _("The management team")
    ADMINISTRATION = "forvaltning", _("The administration")
    ALL_MEMBERS = "alla_ledamoter", _("All members and substitutes of the assembly")


class Timing(models.TextChoices):
    """How a step is placed in its year."""

    MEETING = "sammantrade", _("At the body's meeting in the month")
    MONTH = "manad", _("During the month")
    FIXED_DAY = "dag", _("On a fixed day")
    WINDOW = "period", _("Over a period")
    CUT_OFF = "brytdatum", _("Cut-off date (not a deadline)")


class Years(models.TextChoices):
    EVERY = "varje", _("Every year")
    ELECTION = "valar", _("Election years only")
    AFTER_ELECTION = "efter_valar", _("The year after an election only")


class Concerns(models.TextChoices):
    """What a step is about, so that its deadline can tell its state from the thing itself."""

    NOTHING = "", _("Nothing the system tracks")
    OPERATIONAL_PLAN = "verksamhetsplan", _("The operational plan")
    ANNUAL_GOALS = "ks_mal", _("KS's goals for the year")
    MANDATE_GOALS = "kf_mal", _("KF's goals for the mandate period")
    BUDGET = "budget", _("The budget")
    BUDGET_RECALCULATION = "teknisk_omrakning", _("The budget's technical recalculation")
    INTERNAL_CONTROL_PLAN = "internkontrollplan", _("The internal control plan")
    TERTIAL_REPORT = "tertialrapport", _("The tertial report")
    INTERIM_REPORT = "delarsrapport", _("The interim report")
    ANNUAL_REPORT = "arsredovisning", _("The annual report")


class WheelEventQuerySet(models.QuerySet):
    def active(self) -> WheelEventQuerySet:
        return self.filter(retired=False)


class WheelEvent(models.Model):
    """A step of the annual wheel, as a template for every year it applies to."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("A stable name for the step; the shipped steps keep theirs when edited."),
    )
    # Single-line texts refuse line breaks and control characters: they end up in e-mail subjects.
    title = LineField(_("what happens"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wheel_events",
        help_text=_("The body that decides or calls the meeting (KF, KS, ...)."),
    )
    audience = models.CharField(_("who"), max_length=30, choices=Audience.choices, default=Audience.BODY)
    timing = models.CharField(_("when"), max_length=20, choices=Timing.choices)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("until month"), null=True, blank=True)
    end_day = models.PositiveSmallIntegerField(_("until day"), null=True, blank=True)
    years = models.CharField(_("in which years"), max_length=20, choices=Years.choices, default=Years.EVERY)
    concerns = models.CharField(_("concerns"), max_length=30, choices=Concerns.choices, blank=True)
    concerns_year_offset = models.SmallIntegerField(
        _("concerns the year"),
        default=0,
        help_text=_("0: the same year; 1: the next year (e.g. KS adopts next year's plan in November)."),
    )
    remind_presidium = models.BooleanField(_("remind the body's presidium"), default=True)
    remind_group_leaders = models.BooleanField(_("remind the party group leaders"), default=False)
    remind_committee_chairs = models.BooleanField(_("remind the committee chairs"), default=False)
    remind_role = LineField(
        _("remind the officials with the role"),
        max_length=40,
        blank=True,
        help_text=_("E.g. planners for the plan's steps, finance staff for the budget's."),
    )
    information = models.TextField(
        _("good to know"), blank=True, help_text=_("E.g. the cap of five paid meetings per group leader.")
    )
    is_assumption = models.BooleanField(
        _("assumption"),
        default=False,
        help_text=_(
            "The governance document gives no date for this step: the date is a configurable default."
        ),
    )
    rule = LineField(
        _("section of the governance model"),
        max_length=20,
        blank=True,
        help_text=_("The section of the governance document the step comes from, e.g. 4.7.3."),
    )
    retired = models.BooleanField(_("retired"), default=False)

    objects = WheelEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step of the annual wheel")
        verbose_name_plural = _("steps of the annual wheel")
        ordering = ["month", "day", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="%(app_label)s_%(class)s_month_in_year",
                violation_error_message=_("The month is a number from 1 to 12."),
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31),
                name="%(app_label)s_%(class)s_day_in_month",
                violation_error_message=_("The day is a number from 1 to 31."),
            ),
            models.CheckConstraint(
                condition=~Q(timing__in=[Timing.FIXED_DAY, Timing.CUT_OFF]) | Q(day__isnull=False),
                name="%(app_label)s_%(class)s_fixed_day_has_day",
                violation_error_message=_("A step on a fixed day, or a cut-off date, needs its day."),
            ),
            models.CheckConstraint(
                condition=~Q(timing=Timing.WINDOW) | Q(end_month__isnull=False),
                name="%(app_label)s_%(class)s_window_has_end",
                violation_error_message=_("A step over a period needs the month it ends."),
            ),
            models.CheckConstraint(
                condition=~Q(timing=Timing.MEETING) | Q(body__isnull=False),
                name="%(app_label)s_%(class)s_meeting_has_body",
                violation_error_message=_("A step at a body's meeting needs the body."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cut_off(self) -> bool:
        return self.timing == Timing.CUT_OFF


class DeadlineQuerySet(models.QuerySet):
    def in_year(self, year: int) -> DeadlineQuerySet:
        return self.filter(year=year)

    def between(self, start, end) -> DeadlineQuerySet:
        """Deadlines on or overlapping the days from start to end, cut-off dates included."""
        return self.filter(date__lte=end).filter(
            Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start)
        )

    def real(self) -> DeadlineQuerySet:
        """Deadlines proper: cut-off dates are shown but are not deadlines."""
        return self.exclude(event__timing=Timing.CUT_OFF)


class Deadline(models.Model):
    """A step of the wheel dated for one year; generated from its template, never typed."""

    event = models.ForeignKey(
        WheelEvent, verbose_name=_("step"), on_delete=models.PROTECT, related_name="deadlines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), help_text=_("The day, or the first day of a period."))
    end_date = models.DateField(_("until"), null=True, blank=True)
    meeting = models.ForeignKey(
        "organisation.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    generated_at = models.DateTimeField(_("generated"), auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["date", "event__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "year"],
                name="%(app_label)s_%(class)s_once_per_year",
                violation_error_message=_("The step already has its date for this year."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.event.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("calendar_wheel:wheel", args=[self.year]) + f"#deadline-{self.pk}"

    @property
    def concerns_year(self) -> int:
        return self.year + self.event.concerns_year_offset


class ReminderLog(models.Model):
    """One reminder for a deadline, a recipient and an offset: the unique row decides it is sent once."""

    class Status(models.TextChoices):
        PENDING = "vantar", _("Waiting to be sent")
        SENT = "skickad", _("Sent")
        FAILED = "misslyckad", _("Failed")

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.PROTECT, related_name="reminders"
    )
    email = models.EmailField(_("e-mail"))
    recipient_name = LineField(_("recipient"), max_length=200, blank=True)
    days_before = models.PositiveSmallIntegerField(_("days before"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "email", "days_before"],
                name="%(app_label)s_%(class)s_once_per_recipient_and_offset",
                violation_error_message=_("This reminder has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.email} ({self.days_before})"


def new_token() -> str:
    """A calendar feed's token: random and URL-safe, so that the address cannot be guessed."""
    return secrets.token_urlsafe(32)


_new_token = new_token  # the name the field's default has in migration 0001


class CalendarFeed(models.Model):
    """A user's private calendar feed address; a new token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.SlugField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
