"""The municipality's organisation: units, bodies, people, their assignments, meetings and decisions."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.querysets import (
    AssignmentQuerySet,
    BodyQuerySet,
    DecisionQuerySet,
    MeetingQuerySet,
    OrgUnitQuerySet,
    UserManager,
)
from organisation.roles import Role
from styrmodell.fields import LineField


class OrgUnit(models.Model):
    """A unit of the organisation: the municipality, its administration, departments, units, companies."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Municipality")
        ADMINISTRATION = "forvaltning", _("Administration")
        DEPARTMENT = "avdelning", _("Department")
        UNIT = "enhet", _("Unit")
        COMPANY = "bolag", _("Wholly-owned company")

    name = LineField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    cost_centre = LineField(
        _("cost centre (ansvar)"),
        max_length=20,
        blank=True,
        help_text=_("The code the accounting system uses for this unit."),
    )
    kolada_code = LineField(
        _("Kolada municipality code"),
        max_length=4,
        blank=True,
        help_text=_("Four digits, only for the municipality itself, e.g. 2260."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_to_after_valid_from",
                violation_error_message=_("A unit cannot close before it opens."),
            ),
            models.UniqueConstraint(
                fields=["cost_centre"],
                condition=~Q(cost_centre=""),
                name="%(app_label)s_%(class)s_unique_cost_centre",
                violation_error_message=_("Another unit already has this cost centre."),
            ),
            models.CheckConstraint(
                condition=Q(kolada_code="") | Q(kind="kommun", kolada_code__regex=r"^[0-9]{4}$"),
                name="%(app_label)s_%(class)s_kolada_code_for_municipality",
                violation_error_message=_("Only the municipality has a Kolada code, and it is four digits."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:unit", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Body(models.Model):
    """A political body: KF, KS, KS's committees (utskott), other boards, companies' boards."""

    class Kind(models.TextChoices):
        ASSEMBLY = "fullmaktige", _("Municipal assembly")
        EXECUTIVE_BOARD = "kommunstyrelse", _("Executive board")
        COMMITTEE = "utskott", _("Committee of the executive board")
        BOARD = "namnd", _("Board")
        COMPANY_BOARD = "bolagsstyrelse", _("Company board")

    name = LineField(_("name"), max_length=200, unique=True)
    short_name = LineField(_("short name"), max_length=20, unique=True, help_text=_("E.g. KF or KS."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        help_text=_("The body a committee belongs to."),
    )
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("responsible for"),
        blank=True,
        related_name="bodies",
        help_text=_("The organisational units this body is responsible for."),
    )

    objects = BodyQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:body", args=[self.pk])

    @property
    def name_genitive(self) -> str:
        """The name in the Swedish genitive, as a heading says it: "Kommunstyrelsens uppdrag"."""
        return swedish_genitive(self.name)

    @property
    def short_name_genitive(self) -> str:
        """The short name in the genitive: "KS:s mål"."""
        return swedish_genitive(self.short_name)


def swedish_genitive(name: str) -> str:
    """Kommunstyrelsen → Kommunstyrelsens, KS → KS:s, Bygg- och miljönämndens stays as it is."""
    if name.isupper():
        return f"{name}:s"
    if not name or name[-1] in "sxz":
        return name
    return f"{name}s"


class Party(models.Model):
    """A political party represented in the municipality."""

    name = LineField(_("name"), max_length=100, unique=True)
    abbreviation = LineField(_("abbreviation"), max_length=10, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Somebody who holds assignments; an elected representative need not have a user account."""

    name = LineField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        "organisation.User",
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A person's role in a body for a period (förtroendeuppdrag)."""

    class Role(models.TextChoices):
        CHAIR = "ordforande", _("Chair")
        FIRST_VICE_CHAIR = "forste_vice", _("First vice chair")
        SECOND_VICE_CHAIR = "andre_vice", _("Second vice chair")
        MEMBER = "ledamot", _("Member")
        SUBSTITUTE = "ersattare", _("Substitute")
        GROUP_LEADER = "gruppledare", _("Group leader")

    PRESIDIUM_ROLES = (Role.CHAIR, Role.FIRST_VICE_CHAIR, Role.SECOND_VICE_CHAIR)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="assignments"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["body", "role", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(role="gruppledare") | Q(party__isnull=False),
                name="%(app_label)s_%(class)s_group_leader_has_party",
                violation_error_message=_("A group leader leads a party's group: choose the party."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body.short_name}"

    def is_active_on(self, day: datetime.date) -> bool:
        """Held on the day: the end is the last day of the assignment (organisation.mandate)."""
        return self.start <= day and (self.end is None or self.end >= day)


class Placement(models.Model):
    """Where a person works in the organisation for a period (placering): a handläggare's units follow it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="placements"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="placements"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit}"

    def is_active_on(self, day: datetime.date) -> bool:
        """In force on the day: the end is the last day of the placement (organisation.mandate)."""
        return self.start <= day and (self.end is None or self.end >= day)


class Meeting(models.Model):
    """A meeting (sammanträde) of a body."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("date"))
    extraordinary = models.BooleanField(
        _("extraordinary meeting"), default=False, help_text=_("A meeting outside the ordinary schedule.")
    )
    note = LineField(_("note"), max_length=200, blank=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                name="%(app_label)s_%(class)s_one_per_body_and_day",
                violation_error_message=_("This body already has a meeting that day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.date:%Y-%m-%d}"


class Decision(models.Model):
    """A decision record: which body decided what, at which meeting, under which § and case number."""

    class Outcome(models.TextChoices):
        DECIDED = "beslutat", _("Decided")
        SENT_BACK = "aterremitterat", _("Sent back")
        REJECTED = "avslaget", _("Rejected")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    paragraph = models.PositiveIntegerField(_("paragraph (§)"))
    case_number = LineField(
        _("case number"), max_length=40, help_text=_("The registry's case number, e.g. KS 22/327.")
    )
    title = LineField(_("subject"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.DECIDED)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__date", "paragraph"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "paragraph"],
                name="%(app_label)s_%(class)s_unique_paragraph_per_meeting",
                violation_error_message=_("This meeting already has a decision with that paragraph."),
            ),
        ]

    def __str__(self) -> str:
        meeting = self.meeting
        return f"{meeting.body.short_name} {meeting.date:%Y-%m-%d} § {self.paragraph} ({self.case_number})"

    @property
    def body(self) -> Body:
        return self.meeting.body


class User(AbstractUser):
    """A person who signs in. Roles are groups; units say where an administrator may write."""

    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("units"),
        blank=True,
        related_name="members",
        help_text=_("Administrators write activities and follow-up for these units and their sub-units."),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> frozenset[str]:
        """The user's role names, cached on the instance for the request."""
        if not hasattr(self, "_roles"):
            self._roles = frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))
        return self._roles

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.roles.intersection(roles))


class AccessChange(models.Model):
    """One grant or lapse of a user's role or unit, and what caused it: the audit trail of access."""

    class Kind(models.TextChoices):
        GRANTED = "beviljad", _("Granted")
        LAPSED = "upphord", _("Lapsed")

    class Source(models.TextChoices):
        ASSIGNMENT = "uppdrag", _("Assignment")
        PLACEMENT = "placering", _("Placement")
        PROVIDER = "inloggningstjanst", _("Identity provider")
        ADMINISTRATOR = "administrator", _("System administrator")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="access_changes"
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_changes",
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_changes",
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_changes",
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change."),
    )
    on = models.DateField(_("in effect from"))
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of access")
        verbose_name_plural = _("changes of access")
        ordering = ["-at", "-pk"]
        # A user's changes, newest first: the user admin's list of them and the changelist by user.
        indexes = [models.Index(fields=["user", "-at"], name="organisation_access_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="") & Q(unit__isnull=False)) | (~Q(role="") & Q(unit__isnull=True)),
                name="%(app_label)s_%(class)s_role_or_unit",
                violation_error_message=_("A change of access concerns either a role or a unit."),
            ),
        ]

    def __str__(self) -> str:
        what = self.get_role_display() if self.role else str(self.unit)
        return f"{self.user}: {self.get_kind_display()} {what} ({self.on:%Y-%m-%d})"
