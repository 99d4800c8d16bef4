"""Stub: being built."""

from django.http import Http404


def round_economy(request, *args, **kwargs):
    raise Http404


def forecast_row(request, *args, **kwargs):
    raise Http404


def summary_edit(request, *args, **kwargs):
    raise Http404


def export(request, *args, **kwargs):
    raise Http404
