"""The small things many resources name: a body, a unit, a decision; and helpers for the rest."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from organisation.models import Body, OrgUnit


def id_list() -> serializers.ListField:
    """How the schema describes a list of ids."""
    return serializers.ListField(child=serializers.IntegerField())


def label_of(field_name: str, **kwargs) -> serializers.CharField:
    """The Swedish label of a choice field (`get_<field>_display`)."""
    return serializers.CharField(source=f"get_{field_name}_display", read_only=True, **kwargs)


def absolute(request, name: str, pk: int) -> str:
    """The address of a public page (Insyn's) of the thing, absolute: built from the request."""
    path = reverse(name, args=[pk])
    return request.build_absolute_uri(path) if request is not None else path


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "short_name"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name"]


class DecisionSerializer(serializers.Serializer):
    """The decision that adopted something: the body, its meeting's date, the paragraph, the case number."""

    date = serializers.DateField(source="meeting.date", help_text=_("The date of the meeting that decided."))
    body = serializers.CharField(
        source="meeting.body.short_name", help_text=_("The deciding body's short name.")
    )
    paragraph = serializers.IntegerField(help_text=_("The paragraph (§) of the minutes."))
    case_number = serializers.CharField(help_text=_("The registry's case number, e.g. KS 22/327."))
