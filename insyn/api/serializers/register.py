"""The annual wheel, the bodies' meetings, the register of governing documents, the reports' PDFs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calendar_wheel.models import Deadline
from documents.models import GoverningDocument
from insyn import selectors
from insyn.api.serializers.common import (
    BodySerializer,
    DecisionSerializer,
    UnitSerializer,
    absolute,
    label_of,
)
from organisation.models import Meeting
from reports.models import ReportVersion


class StepSerializer(serializers.ModelSerializer):
    """A step of the annual wheel dated for a year."""

    title = serializers.CharField(source="event.title")
    description = serializers.CharField(source="event.description")
    body = BodySerializer(source="event.body", allow_null=True)
    audience = serializers.CharField(source="event.audience")
    audience_label = serializers.CharField(source="event.get_audience_display")
    timing = serializers.CharField(source="event.timing")
    timing_label = serializers.CharField(source="event.get_timing_display")
    is_cut_off = serializers.BooleanField(
        source="event.is_cut_off", help_text=_("A cut-off date the reports are drawn up to, not a deadline.")
    )
    is_assumption = serializers.BooleanField(
        source="event.is_assumption",
        help_text=_(
            "The governance document gives no date for this step: the date is a configurable default."
        ),
    )
    meeting = serializers.IntegerField(
        source="meeting_id", allow_null=True, help_text=_("The meeting (see meetings).")
    )

    class Meta:
        model = Deadline
        fields = [
            "id",
            "year",
            "date",
            "end_date",
            "title",
            "description",
            "body",
            "audience",
            "audience_label",
            "timing",
            "timing_label",
            "is_cut_off",
            "is_assumption",
            "meeting",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    body = BodySerializer()

    class Meta:
        model = Meeting
        fields = ["id", "date", "body", "extraordinary"]


class DocumentKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DocumentSerializer(serializers.ModelSerializer):
    """A governing document in force; `pdf` only where its PDF is marked public."""

    kind = DocumentKindSerializer()
    adopting_body = BodySerializer()
    decision = DecisionSerializer(allow_null=True)
    responsible_unit = UnitSerializer(allow_null=True)
    pdf = serializers.SerializerMethodField(help_text=_("The document as a PDF, where it is published."))

    class Meta:
        model = GoverningDocument
        fields = [
            "id",
            "title",
            "kind",
            "case_number",
            "adopting_body",
            "decided_on",
            "decision",
            "next_revision",
            "responsible_unit",
            "pdf",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf(self, document: GoverningDocument) -> str | None:
        if not selectors.public_document_file(document):
            return None
        return absolute(self.context.get("request"), "insyn:document_pdf", document.pk)


class ReportPdfSerializer(serializers.ModelSerializer):
    """A final PDF of an adopted report."""

    kind_label = label_of("kind")
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = ReportVersion
        fields = [
            "id",
            "kind",
            "kind_label",
            "year",
            "title",
            "subtitle",
            "number",
            "page_count",
            "file_size",
            "pdf",
        ]

    @extend_schema_field(serializers.URLField())
    def get_pdf(self, version: ReportVersion) -> str:
        return absolute(self.context.get("request"), "insyn:report_pdf", version.pk)
